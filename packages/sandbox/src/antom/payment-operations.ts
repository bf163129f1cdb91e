import type { AntomPayment } from './antom-ledger.js';
import { cancelWindowClosesAt, formatAntomTime } from './antom-time.js';
import { amountOf, type PaymentResultContext, paymentFields } from './payment-results.js';
import { type JsonObject, textField } from './request-fields.js';
import { AntomRefusal, SUCCESS } from './result.js';

/** `paymentId` wins over `paymentRequestId`; one of them is required (spec §6, §7). */
export function paymentOf(ctx: PaymentResultContext, body: JsonObject): AntomPayment {
  const paymentId = textField(body, 'paymentId', 64, false);
  const paymentRequestId = textField(body, 'paymentRequestId', 64, false);
  if (paymentId === undefined && paymentRequestId === undefined) {
    throw new AntomRefusal('PARAM_ILLEGAL', 'paymentId or paymentRequestId is required.');
  }
  const payment = ctx.ledger.findPayment({
    ...(paymentId !== undefined ? { paymentId } : {}),
    ...(paymentRequestId !== undefined ? { paymentRequestId } : {}),
  });
  if (!payment) throw new AntomRefusal('ORDER_NOT_EXIST', 'No payment has this ID.');
  return payment;
}

/** inquiryPayment (spec §6): `result` is the inquiry's; the payment's is in `paymentStatus`. */
export function inquiryPayment(ctx: PaymentResultContext, body: JsonObject): object {
  const payment = paymentOf(ctx, body);
  const refunds = ctx.ledger.refundsOf(payment.paymentId);
  return {
    result: SUCCESS,
    paymentStatus: payment.status,
    paymentResultCode: payment.resultCode,
    paymentResultMessage: payment.resultMessage,
    ...paymentFields(payment),
    paymentMethodType: ctx.options.paymentMethodType,
    transactions: [
      ...refunds.map((refund) => ({
        transactionType: 'REFUND',
        transactionStatus: 'SUCCESS',
        transactionAmount: amountOf(refund.amount),
        transactionRequestId: refund.refundRequestId,
        transactionId: refund.refundId,
        transactionTime: formatAntomTime(refund.refundedAt),
        transactionResult: SUCCESS,
      })),
      ...(payment.cancelledAt
        ? [
            {
              transactionType: 'CANCEL',
              transactionStatus: 'SUCCESS',
              transactionAmount: amountOf(payment.amount),
              transactionTime: formatAntomTime(payment.cancelledAt),
              transactionResult: SUCCESS,
            },
          ]
        : []),
    ],
  };
}

const cancelled = (payment: AntomPayment) => ({
  result: SUCCESS,
  paymentId: payment.paymentId,
  paymentRequestId: payment.paymentRequestId,
  cancelTime: formatAntomTime(payment.cancelledAt as Date),
});

/**
 * cancel (spec §7): an unpaid payment until it expires, a paid one until 00:15 UTC+8 on T+1
 * (`CANCEL_WINDOW_EXCEED` after). `CANCELLED` is final; a repeat answers the same.
 */
export function cancelPayment(ctx: PaymentResultContext, body: JsonObject): object {
  const payment = paymentOf(ctx, body);
  const now = ctx.options.now();
  if (payment.status === 'CANCELLED') return cancelled(payment);
  if (payment.status === 'FAIL') {
    throw new AntomRefusal(
      'ORDER_IS_CLOSED',
      'The payment has failed or expired; there is nothing to cancel.',
    );
  }
  if (payment.status === 'SUCCESS') {
    if (ctx.ledger.refundsOf(payment.paymentId).length > 0) {
      throw new AntomRefusal('PROCESS_FAIL', 'The payment was refunded; it cannot be cancelled.');
    }
    if (now >= cancelWindowClosesAt(payment.paidAt as Date)) {
      throw new AntomRefusal(
        'CANCEL_WINDOW_EXCEED',
        'A paid payment can be cancelled until 00:15 (UTC+8) on the day after; refund it instead.',
      );
    }
  }
  payment.status = 'CANCELLED';
  payment.resultCode = 'ORDER_IS_CLOSED';
  payment.resultMessage = 'The merchant cancelled the payment.';
  payment.cancelledAt = now;
  ctx.options.logger.info({ paymentId: payment.paymentId }, 'Antom payment cancelled');
  return cancelled(payment);
}
