import type { OpenOperation, PaymentEvent, PaymentRecord } from '../store/payment-store.js';

/** A payment as the merchant API shows it: no secret, no internal counter. */
export interface PaymentView {
  id: string;
  object: 'payment';
  status: PaymentRecord['status'];
  amount: number;
  currency: 'JPY';
  capturedAmount: number;
  refundedAmount: number;
  captureMode: PaymentRecord['captureMode'];
  acquirer: PaymentRecord['acquirer'];
  merchantReference: string;
  itemName: string;
  returnUrl: string;
  customerId: string | null;
  /** The acquirer's handle (SBPS `res_tracking_id`) once the purchase is done. */
  acquirerReference: string | null;
  layout: PaymentRecord['layout'];
  /** Things to look at: `late_success`, `displayed_amount_mismatch`, ... */
  flags: string[];
  /** The capture, cancel or refund whose outcome is not recorded yet; see `POST .../resolve`. */
  openOperation: OpenOperationView | null;
  createdAt: string;
  expiresAt: string;
  authorizedAt: string | null;
  capturedAt: string | null;
  updatedAt: string;
  /** The subscription this payment charges, if any. */
  subscriptionId?: string;
  /** `yyyy-MM`: the month of a monthly subscription this payment records. */
  billingMonth?: string;
  events?: PaymentEventView[];
}

export interface OpenOperationView {
  id: string;
  kind: OpenOperation['kind'];
  amount: number;
  partial: boolean;
  idempotencyKey: string | null;
  requestedAt: string;
}

export interface PaymentEventView {
  id: string;
  type: string;
  data: Record<string, unknown>;
  createdAt: string;
}

/** What `POST /v1/payments` answers: the new payment, its client secret and the buyer's next step. */
export interface CreatedPaymentView extends PaymentView {
  /** For the buyer's browser (the widget's `client-secret`); no other answer carries it. */
  clientSecret: string;
  nextStep: { type: 'checkout'; url: string; method: 'POST' };
}

export function paymentView(payment: PaymentRecord, events?: PaymentEvent[]): PaymentView {
  return {
    id: payment.id,
    object: 'payment',
    status: payment.status,
    amount: payment.amount,
    currency: payment.currency,
    capturedAmount: payment.capturedAmount,
    refundedAmount: payment.refundedAmount,
    captureMode: payment.captureMode,
    acquirer: payment.acquirer,
    merchantReference: payment.merchantReference,
    itemName: payment.itemName,
    returnUrl: payment.returnUrl,
    // Without a merchant customer id, cust_code is the payment id (PaymentRecord.custCode).
    customerId: payment.custCode === payment.id ? null : payment.custCode,
    acquirerReference: payment.acquirerReference,
    layout: payment.layout,
    flags: payment.flags,
    openOperation: payment.openOperation && openOperationView(payment.openOperation),
    createdAt: payment.createdAt.toISOString(),
    expiresAt: payment.expiresAt.toISOString(),
    authorizedAt: payment.authorizedAt?.toISOString() ?? null,
    capturedAt: payment.capturedAt?.toISOString() ?? null,
    updatedAt: payment.updatedAt.toISOString(),
    ...(payment.subscriptionId !== undefined && { subscriptionId: payment.subscriptionId }),
    ...(payment.billingMonth !== undefined && { billingMonth: payment.billingMonth }),
    ...(events && {
      events: events.map((event) => ({
        id: event.id,
        type: event.type,
        data: event.data,
        createdAt: event.createdAt.toISOString(),
      })),
    }),
  };
}

export function openOperationView(operation: OpenOperation): OpenOperationView {
  return {
    id: operation.id,
    kind: operation.kind,
    amount: operation.amount,
    partial: operation.partial,
    idempotencyKey: operation.idempotencyKey,
    requestedAt: operation.requestedAt.toISOString(),
  };
}
