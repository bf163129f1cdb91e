import { antomRefundDeadline } from '@au-pay/core';
import type { AntomRefund } from './antom-ledger.js';
import { formatAntomTime } from './antom-time.js';
import { repeatedRequest } from './idempotency.js';
import { amountOf, type PaymentResultContext } from './payment-results.js';
import {
  canonicalJson,
  type JsonObject,
  jpyAmount,
  notifyUrlField,
  requiredText,
  textField,
} from './request-fields.js';
import { AntomRefusal, SUCCESS } from './result.js';

const refundReply = (refund: AntomRefund) => ({
  result: SUCCESS,
  refundRequestId: refund.refundRequestId,
  refundId: refund.refundId,
  paymentId: refund.paymentId,
  refundAmount: amountOf(refund.amount),
  refundTime: formatAntomTime(refund.refundedAt),
});

/**
 * refund (spec §8.1): au takes one full refund within 60 days of the payment. Synchronous here
 * (`S`), then notifyRefund to `refundNotifyUrl` when given. Idempotent on `refundRequestId`.
 */
export function refund(ctx: PaymentResultContext, body: JsonObject): object {
  const { ledger, options } = ctx;
  const refundRequestId = requiredText(body, 'refundRequestId', 64);
  const fingerprint = canonicalJson(body);
  const earlier = repeatedRequest(
    ledger.findRefund({ refundRequestId }),
    fingerprint,
    'refundRequestId',
  );
  if (earlier) return refundReply(earlier);
  const paymentId = requiredText(body, 'paymentId', 64);
  textField(body, 'referenceRefundId', 64, false);
  const amount = jpyAmount(body, 'refundAmount');
  const refundNotifyUrl = notifyUrlField(body, 'refundNotifyUrl', options.notificationOrigins);
  const payment = ledger.findPayment({ paymentId });
  if (!payment) throw new AntomRefusal('ORDER_NOT_EXIST', 'No payment has this paymentId.');
  if (payment.status === 'CANCELLED' || payment.status === 'FAIL') {
    throw new AntomRefusal(
      'ORDER_IS_CLOSED',
      'The payment was cancelled or failed; nothing was paid.',
    );
  }
  if (payment.status !== 'SUCCESS') {
    throw new AntomRefusal('PROCESS_FAIL', 'The payment is not paid yet.');
  }
  if (ledger.refundsOf(paymentId).length > 0 || amount > payment.amount) {
    throw new AntomRefusal('REFUND_AMOUNT_EXCEED', 'The refunds would exceed the payment amount.');
  }
  if (amount < payment.amount) {
    throw new AntomRefusal(
      'BUSINESS_NOT_SUPPORT',
      'au does not support partial refunds: refund the full payment amount (spec §1).',
    );
  }
  const now = options.now();
  if (now >= antomRefundDeadline(payment.paidAt as Date)) {
    throw new AntomRefusal('REFUND_WINDOW_EXCEED', 'au payments can be refunded for 60 days.');
  }
  const accepted = ledger.addRefund({
    refundId: ledger.newRefundId(now),
    refundRequestId,
    paymentId,
    fingerprint,
    amount,
    refundNotifyUrl,
    refundedAt: now,
  });
  if (refundNotifyUrl) {
    ctx.outbox.queue({
      notifyType: 'REFUND_RESULT',
      url: refundNotifyUrl,
      // spec §8.3
      body: {
        notifyType: 'REFUND_RESULT',
        result: SUCCESS,
        refundStatus: 'SUCCESS',
        refundRequestId,
        refundId: accepted.refundId,
        refundAmount: amountOf(amount),
        refundTime: formatAntomTime(now),
      },
      paymentId,
      refundId: accepted.refundId,
      dueAt: now,
    });
  }
  options.logger.info({ paymentId, refundId: accepted.refundId }, 'Antom refund accepted');
  return refundReply(accepted);
}

/** inquiryRefund (spec §8.2): by `refundId` or `refundRequestId`. */
export function inquiryRefund(ctx: PaymentResultContext, body: JsonObject): object {
  const refundId = textField(body, 'refundId', 64, false);
  const refundRequestId = textField(body, 'refundRequestId', 64, false);
  if (refundId === undefined && refundRequestId === undefined) {
    throw new AntomRefusal('PARAM_ILLEGAL', 'refundId or refundRequestId is required.');
  }
  const found = ctx.ledger.findRefund({
    ...(refundId !== undefined ? { refundId } : {}),
    ...(refundRequestId !== undefined ? { refundRequestId } : {}),
  });
  if (!found) throw new AntomRefusal('ORDER_NOT_EXIST', 'No refund has this ID.');
  return { ...refundReply(found), refundStatus: 'SUCCESS' };
}
