import { antomPaymentExpiresAt } from '@au-pay/core';
import type { Scenario } from '../au/scenarios.js';
import type { AntomLedger, AntomPayment } from './antom-ledger.js';
import { formatAntomTime } from './antom-time.js';
import type { NotificationOutbox } from './notification-outbox.js';
import type { ResolvedAntomOptions } from './options.js';
import { type AntomResult, refused, SUCCESS } from './result.js';

/** Everything that ends a payment needs. */
export interface PaymentResultContext {
  readonly options: ResolvedAntomOptions;
  readonly ledger: AntomLedger;
  readonly outbox: NotificationOutbox;
}

/** The payment's own result, as notifyPayment and a repeated pay carry it. */
export function paymentResult(payment: AntomPayment): AntomResult {
  if (payment.status === 'SUCCESS') return SUCCESS;
  if (payment.status === 'PROCESSING') {
    return {
      resultCode: 'PAYMENT_IN_PROCESS',
      resultStatus: 'U',
      resultMessage: 'payment in process',
    };
  }
  return refused(payment.resultCode, payment.resultMessage);
}

export const amountOf = (value: number) => ({ currency: 'JPY', value: String(value) });

/** What pay, notifyPayment and inquiryPayment all say of the payment (spec §4.2, §5.1, §6). */
export function paymentFields(payment: AntomPayment): object {
  return {
    paymentRequestId: payment.paymentRequestId,
    paymentId: payment.paymentId,
    paymentAmount: amountOf(payment.amount),
    paymentCreateTime: formatAntomTime(payment.createdAt),
    ...(payment.paidAt ? { paymentTime: formatAntomTime(payment.paidAt) } : {}),
  };
}

/** The notifyPayment body (spec §5.1). */
function paymentNotification(ctx: PaymentResultContext, payment: AntomPayment): object {
  return {
    notifyType: 'PAYMENT_RESULT',
    result: paymentResult(payment),
    ...paymentFields(payment),
    paymentMethodType: ctx.options.paymentMethodType,
  };
}

function notify(
  ctx: PaymentResultContext,
  payment: AntomPayment,
  shape: { dueAt: Date; wrongSignature?: boolean },
): void {
  if (!payment.paymentNotifyUrl) return; // no Dashboard URL in the sandbox: nothing to send
  ctx.outbox.queue({
    notifyType: 'PAYMENT_RESULT',
    url: payment.paymentNotifyUrl,
    body: paymentNotification(ctx, payment),
    paymentId: payment.paymentId,
    dueAt: shape.dueAt,
    ...(shape.wrongSignature ? { wrongSignature: true } : {}),
  });
}

/**
 * The buyer paid: the payment succeeds and notifyPayment is queued, shaped by the scenario: late
 * (`slow@`), twice (`duplicate@`) or signed with a wrong key (`ng@`).
 */
export function succeedPayment(
  ctx: PaymentResultContext,
  payment: AntomPayment,
  scenario: Scenario | undefined,
): void {
  const now = ctx.options.now();
  payment.status = 'SUCCESS';
  payment.resultCode = SUCCESS.resultCode;
  payment.resultMessage = SUCCESS.resultMessage;
  payment.paidAt = now;
  const outcome = scenario?.outcome ?? 'success';
  const dueAt =
    outcome === 'slow' ? new Date(now.getTime() + ctx.options.slowNotificationDelayMs) : now;
  notify(ctx, payment, { dueAt, wrongSignature: outcome === 'notification_ng' });
  if (outcome === 'duplicate') notify(ctx, payment, { dueAt });
}

/** The payment failed (buyer refusal, cancel, expiry): `F` with its code, notified (spec §5, §9). */
export function failPayment(
  ctx: PaymentResultContext,
  payment: AntomPayment,
  resultCode: string,
  resultMessage: string,
): void {
  payment.status = 'FAIL';
  payment.resultCode = resultCode;
  payment.resultMessage = resultMessage;
  notify(ctx, payment, { dueAt: ctx.options.now() });
}

export const EXPIRED_MESSAGE =
  'The payment was not completed within 14 minutes and is closed (spec/antom-au.md §10).';

/** Closes every unpaid payment past its 14 minutes: `F` `ORDER_IS_CLOSED` (spec §10, §13). */
export function expireOverduePayments(ctx: PaymentResultContext): void {
  const now = ctx.options.now();
  for (const payment of ctx.ledger.payments()) {
    if (payment.status === 'PROCESSING' && now >= antomPaymentExpiresAt(payment.createdAt)) {
      failPayment(ctx, payment, 'ORDER_IS_CLOSED', EXPIRED_MESSAGE);
    }
  }
}
