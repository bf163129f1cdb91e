import { randomBytes } from 'node:crypto';
import {
  type BillingMonth,
  billingMonthOf,
  parseSbpsDate,
  type SubscriptionEvent,
  transitionSubscription,
} from '@au-pay/core';
import type { BridgeContext } from '../bridge-context.js';
import { hashClientSecret } from '../http/secret-compare.js';
import { withSettlementDeadline } from '../payments/authorization-expiry.js';
import { paymentChange } from '../payments/payment-changes.js';
import { paymentView } from '../payments/payment-view.js';
import type { PaymentChange, PaymentRecord } from '../store/payment-store.js';
import { newPublicId } from '../store/public-id.js';
import type { SubscriptionChange, SubscriptionRecord } from '../store/subscription-store.js';
import { buildWebhookMessage } from '../webhooks/webhook-message.js';
import { subscriptionChange, withSubscriptionFlag } from './subscription-changes.js';

/**
 * `order_id` of a subscription's link request: its id, `<id>-r<n>` for the n-th resume, or
 * `<id>-c<n>` for a buyer's D01-1 `service_type=1` a merchant page signs (README): SBPS echoes the
 * D01-1's own `order_id` in its result (spec §17 item 10), the only way to know whose it is.
 */
const SUBSCRIPTION_ORDER = /^(sub_[0-9A-Za-z]{22})(?:-[rc][1-9]\d{0,5})?$/;

/** SBPS's handle of a contract: 14 digits (spec §2, Identifiers). */
const TRACKING_ID = /^\d{14}$/;

/** The subscription an SBPS `order_id` belongs to, or null for a payment's order id. */
export function subscriptionIdOfOrder(orderId: string): string | null {
  return SUBSCRIPTION_ORDER.exec(orderId)?.[1] ?? null;
}

/** How an A02-1 about a subscription was taken: `OK,` or `NG,<reason>` (spec §5). */
export type SubscriptionResultAnswer = { accepted: true } | { accepted: false; reason: string };

/** What a verified A02-1 about a subscription says, by the contract with the emulator. */
type SubscriptionMessage =
  | { kind: 'consent'; paidAt: Date | undefined }
  | { kind: 'month_failed'; month: BillingMonth; errCode: string }
  | { kind: 'cancellation' };

/**
 * Reads a verified A02-1 (hash, merchant and service already checked) about a subscription:
 * - `res_result=OK`, `service_type` 0 or 2: the buyer's consent — A01-1 `pay_type=1`/`2` (with the
 *   created amount) or a D01-1 application / re-application (no amount, no pay_type), spec §4, §7;
 * - `res_result=OK`, `service_type=1`: the recurring-simple cancellation notice (§5, §17 item 17)
 *   or a D01-1 unsubscription result;
 * - `res_result=NG`, `pay_type=1`: SBPS's monthly billing failed (§5), only for an active monthly
 *   subscription, the month read from `res_payment_date` (00:00 JST on the 1st). Any other NG is a
 *   browser return (A03-1) posted here, and refused as for payments.
 */
function readMessage(
  subscription: SubscriptionRecord,
  params: Record<string, string>,
): SubscriptionMessage | string {
  const trackingId = params.res_tracking_id ?? '';
  if (!TRACKING_ID.test(trackingId)) return 'not a completed purchase';
  const ofContract =
    subscription.contractTrackingId === null || subscription.contractTrackingId === trackingId;
  if (params.res_result === 'NG') {
    if (
      subscription.kind !== 'monthly' ||
      subscription.status !== 'active' ||
      params.pay_type !== '1' ||
      params.service_type !== '0' ||
      subscription.contractTrackingId !== trackingId
    ) {
      return 'not a completed purchase';
    }
    if (params.amount !== String(subscription.amount)) return 'amount mismatch';
    const paymentDate = readDate(params.res_payment_date);
    if (!paymentDate) return 'unreadable res_payment_date';
    return {
      kind: 'month_failed',
      month: billingMonthOf(paymentDate),
      errCode: params.res_err_code ?? '',
    };
  }
  if (params.res_result !== 'OK') return 'not a completed purchase';
  if (params.service_type === '1') {
    return ofContract ? { kind: 'cancellation' } : 'unknown contract';
  }
  if (params.service_type !== '0' && params.service_type !== '2') return 'unknown service_type';
  // A consent is for the current application only: an older one resent after a resume is not.
  if (params.order_id !== subscription.orderId) return 'not the current application';
  const linkPurchase = subscription.amount !== null && subscription.resumeCount === 0;
  const payType = linkPurchase ? (subscription.kind === 'monthly' ? '1' : '2') : '';
  if ((params.pay_type ?? '') !== payType) return 'pay_type mismatch';
  const amount = linkPurchase ? String(subscription.amount) : '';
  if ((params.amount ?? '') !== amount) return 'amount mismatch';
  if (!ofContract) return 'unknown contract';
  return { kind: 'consent', paidAt: readDate(params.res_payment_date) };
}

function readDate(value: string | undefined): Date | undefined {
  try {
    return parseSbpsDate(value ?? '');
  } catch {
    return undefined;
  }
}

/**
 * Applies a verified A02-1 about a subscription exactly once (idempotent on the message kind,
 * `order_id`, `res_tracking_id` and, for a failed month, the month), in one transaction with the
 * payment it creates or fails and the webhooks: activation (monthly: `active` + the first month
 * `captured`; on demand with a charge: `active` + an `authorized` payment; D01-1: `active`), the
 * failed month (that month's payment `failed`, `subscription.payment_failed`), the cancellation
 * notice (`cancelled`).
 */
export async function applySubscriptionResult(
  context: BridgeContext,
  params: Record<string, string>,
): Promise<SubscriptionResultAnswer> {
  const { logger } = context;
  const subscriptionId = subscriptionIdOfOrder(params.order_id ?? '');
  const found = subscriptionId ? await context.store.getSubscription(subscriptionId) : null;
  if (!found) return { accepted: false, reason: 'unknown order_id' };
  const message = readMessage(found, params);
  if (typeof message === 'string') {
    logger.warn(
      { subscriptionId, result: params.res_result, reason: message },
      'sbps subscription result refused',
    );
    return { accepted: false, reason: message };
  }
  const trackingId = params.res_tracking_id ?? '';
  const key = [
    message.kind,
    params.order_id,
    trackingId,
    ...(message.kind === 'month_failed' ? [message.month] : []),
  ].join(':');
  const evidence = {
    type: 'sbps.notification',
    data: {
      result: params.res_result,
      message: message.kind,
      orderId: params.order_id,
      trackingId,
      serviceType: params.service_type ?? '',
      errCode: params.res_err_code ?? '',
      paymentDate: params.res_payment_date ?? '',
    },
  };
  let refusal: string | undefined;
  const result = await context.store.updateSubscription(found.id, (current, payments) => {
    if (current.appliedResults.includes(key)) return null;
    const now = context.now();
    const event: SubscriptionEvent =
      message.kind === 'consent'
        ? { type: 'buyer_consented', ...(message.paidAt && { paidAt: message.paidAt }) }
        : message.kind === 'month_failed'
          ? { type: 'monthly_charge_failed', month: message.month }
          : { type: 'cancellation_notified' };
    const decision = transitionSubscription(current, event, now);
    if (!decision.ok) {
      refusal = decision.refusal.code;
      return null;
    }
    const recorded = { ...decision.subscription, appliedResults: [...current.appliedResults, key] };
    if (decision.notice === 'late_consent') {
      // SBPS holds a contract au-pay no longer serves: the merchant must cancel it there.
      return subscriptionChange(context, withSubscriptionFlag(recorded, 'late_consent'), now, [
        evidence,
        { type: 'subscription.late_consent', data: { trackingId } },
      ]);
    }
    if (!decision.changed) return subscriptionChange(context, recorded, now, [evidence]);
    switch (message.kind) {
      case 'consent':
        return consented(
          context,
          current,
          { ...recorded, contractTrackingId: trackingId },
          now,
          evidence,
        );
      case 'month_failed':
        return monthFailed(context, recorded, payments, message.month, now, evidence);
      case 'cancellation':
        return subscriptionChange(
          context,
          recorded,
          now,
          [evidence, { type: 'subscription.cancelled', data: { by: 'sbps' } }],
          { type: 'subscription.cancelled' },
        );
    }
  });
  if (refusal) {
    logger.warn({ subscriptionId, reason: refusal }, 'sbps subscription result refused');
    return { accepted: false, reason: refusal };
  }
  logger.info(
    {
      subscriptionId,
      message: message.kind,
      status: result?.subscription.status,
      repeat: result?.changed !== true,
    },
    'sbps subscription result accepted',
  );
  return { accepted: true };
}

/** `active`, and the consent's first charge when it had one (spec §15 rows 3–5). */
function consented(
  context: BridgeContext,
  before: SubscriptionRecord,
  next: SubscriptionRecord,
  now: Date,
  evidence: { type: string; data: Record<string, unknown> },
): SubscriptionChange {
  const change = subscriptionChange(
    context,
    next,
    now,
    [evidence, { type: 'subscription.activated', data: { trackingId: next.contractTrackingId } }],
    { type: 'subscription.activated' },
  );
  const charged = before.activatedAt === null && before.amount !== null;
  if (!charged || before.amount === null) return change;
  const at = next.lastChargedAt ?? now;
  const monthly = next.kind === 'monthly';
  const payment = subscriptionPayment(next, before.amount, at, {
    // Recurring simple is automated sales: the first month is captured at sign-up (§14); a
    // fixed-term first charge is authorized, settled later (specified sales, §14).
    status: monthly ? 'captured' : 'authorized',
    captureMode: monthly ? 'automatic' : 'manual',
    ...(monthly && { billingMonth: billingMonthOf(at) }),
  });
  return {
    ...change,
    newPayments: [
      {
        payment,
        event: {
          type: monthly ? 'payment.captured' : 'payment.authorized',
          data: { trackingId: next.contractTrackingId, amount: payment.amount },
        },
        webhooks: paymentWebhook(
          context,
          monthly ? 'payment.captured' : 'payment.authorized',
          payment,
          now,
        ),
      },
    ],
  };
}

/** The failed month's payment `failed` (recorded failed when the monthly job has not recorded it yet). */
function monthFailed(
  context: BridgeContext,
  next: SubscriptionRecord,
  payments: PaymentRecord[],
  month: BillingMonth,
  now: Date,
  evidence: { type: string; data: Record<string, unknown> },
): SubscriptionChange {
  const change = subscriptionChange(
    context,
    next,
    now,
    [evidence, { type: 'subscription.payment_failed', data: { month } }],
    { type: 'subscription.payment_failed', extra: { billingMonth: month } },
  );
  const recorded = payments.find((payment) => payment.billingMonth === month);
  if (recorded) {
    if (recorded.status === 'failed') return change;
    const failed: PaymentChange = paymentChange(
      { ...recorded, status: 'failed', capturedAmount: 0, capturedAt: null },
      now,
      [{ type: 'payment.failed', data: { month, reason: 'sbps_monthly_billing_failed' } }],
      { type: 'payment.failed', enabled: context.config.webhook !== null },
    );
    return { ...change, paymentChanges: [failed] };
  }
  const payment = subscriptionPayment(next, next.amount ?? 0, now, {
    status: 'failed',
    captureMode: 'automatic',
    billingMonth: month,
  });
  return {
    ...change,
    newPayments: [
      {
        payment,
        event: { type: 'payment.failed', data: { month, reason: 'sbps_monthly_billing_failed' } },
        webhooks: paymentWebhook(context, 'payment.failed', payment, now),
      },
    ],
  };
}

/**
 * A payment of a subscription that no browser checks out: the first charge of a consent or a
 * month's record. Its `acquirerReference` is the contract's tracking id, on which SBPS settles,
 * cancels and refunds it (a month by `cancel_target_month`, spec §10 row 7).
 */
export function subscriptionPayment(
  subscription: SubscriptionRecord,
  amount: number,
  at: Date,
  options: {
    status: 'captured' | 'authorized' | 'failed';
    captureMode: 'automatic' | 'manual';
    billingMonth?: BillingMonth;
  },
): PaymentRecord {
  const id = newPublicId('pay');
  const captured = options.status === 'captured';
  return withSettlementDeadline({
    id,
    acquirer: 'sbps',
    status: options.status,
    currency: 'JPY',
    amount,
    capturedAmount: captured ? amount : 0,
    refundedAmount: 0,
    captureMode: options.captureMode,
    merchantReference: subscription.merchantReference,
    itemName: subscription.itemName,
    returnUrl: subscription.returnUrl,
    clientSecretHash: hashClientSecret(randomBytes(32).toString('base64url')),
    orderId: id,
    custCode: subscription.customerId,
    acquirerReference: subscription.contractTrackingId,
    paidResultId: null,
    layout: null,
    checkoutCount: 0,
    partialCaptureCount: 0,
    refundCount: 0,
    flags: [],
    openOperation: null,
    createdAt: at,
    expiresAt: at,
    authorizedAt: options.status === 'failed' ? null : at,
    capturedAt: captured ? at : null,
    updatedAt: at,
    version: 1,
    subscriptionId: subscription.id,
    cancelledAmount: 0,
    purchaseRequestedAt: null,
    settleBy: null,
    ...(options.billingMonth && { billingMonth: options.billingMonth }),
  });
}

function paymentWebhook(
  context: BridgeContext,
  type: 'payment.captured' | 'payment.authorized' | 'payment.failed',
  payment: PaymentRecord,
  now: Date,
) {
  return context.config.webhook === null
    ? []
    : [buildWebhookMessage(type, { payment: paymentView(payment) }, now)];
}
