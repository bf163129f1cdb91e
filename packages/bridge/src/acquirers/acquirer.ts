import type { AcquirerId, Layout } from '@au-pay/core';
import type { OpenOperation, PaymentRecord } from '../store/payment-store.js';

/**
 * What the bridge needs from an acquirer: the browser form that starts a purchase, and the
 * server-to-server operations on an existing payment. SBPS is the first connector; Antom and
 * NomuPay join behind the same port.
 */
export interface AcquirerConnector {
  readonly id: AcquirerId;
  /** Origin the checkout form posts to (the page's CSP `form-action`). */
  readonly purchaseOrigin: string;

  purchaseForm(payment: PaymentRecord, request: PurchaseFormRequest): PurchaseForm;

  // Each money call gets the id of the payment's open operation (`op_...`), the same for as long as
  // the operation is open: an acquirer with idempotency keys or request ids (Antom, NomuPay) sends
  // it, so that the acquirer itself refuses a duplicate and an inquiry can find the request.

  /** Settles an authorization; `amount` below the authorized amount is a partial settlement. */
  capture(
    payment: PaymentRecord,
    amount: number | undefined,
    now: Date,
    operationId: string,
  ): Promise<AcquirerOutcome>;
  /** Cancels an authorization before settlement. */
  cancel(payment: PaymentRecord, now: Date, operationId: string): Promise<AcquirerOutcome>;
  /** Gives money back after settlement; `amount` undefined refunds all that remains. */
  refund(
    payment: PaymentRecord,
    amount: number | undefined,
    now: Date,
    operationId: string,
  ): Promise<AcquirerOutcome>;
  /**
   * Asks the acquirer whether an operation whose outcome is unknown was applied. Only acquirers
   * with an inquiry API have it (Antom inquiryRefund / inquiryPayment, NomuPay's tracking); SBPS
   * has none, and the merchant settles its operations with `POST /v1/payments/:id/resolve`.
   */
  inquire?(
    payment: PaymentRecord,
    operation: OpenOperation,
  ): Promise<'applied' | 'not_applied' | 'unknown'>;
}

export interface PurchaseFormRequest {
  now: Date;
  layout: Layout;
  /** Absolute URLs the acquirer sends the buyer and the result notification to. */
  successUrl: string;
  cancelUrl: string;
  errorUrl: string;
  notificationUrl: string;
}

export interface PurchaseForm {
  /** Absolute URL of the form's `action`. */
  action: string;
  /** Fields in the acquirer's order, signature included. */
  fields: ReadonlyArray<readonly [string, string]>;
  /**
   * The instant the request is dated (SBPS `request_date`, whole seconds): the acquirer's time
   * limits count from it (core's `pendingExpiresAt`).
   */
  requestedAt: Date;
}

/** The acquirer answered. `ok: false` is a business refusal (SBPS `res_result=NG`). */
export type AcquirerOutcome =
  | { ok: true; transactionId: string | null; processedAt: string | null }
  | {
      ok: false;
      /** The acquirer's own code, e.g. SBPS `40231999`. */
      code: string;
      message: { en: string; ja: string };
      retryable: boolean;
    };

/**
 * The acquirer could not be used. `not_applied`: the request was certainly not processed (it could
 * not be built, or the credentials were refused). `unknown`: it was sent but no readable answer came
 * back (timeout, network error, HTTP 5xx), so it may or may not have been applied: nothing may be
 * recorded as done and the merchant must check before retrying.
 */
export class AcquirerUnavailableError extends Error {
  constructor(
    message: string,
    readonly outcome: 'not_applied' | 'unknown',
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'AcquirerUnavailableError';
  }
}
