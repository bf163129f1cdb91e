import { ApiError } from '../http/api-error.js';
import type { PaymentRecord } from '../store/payment-store.js';

/**
 * A month of a monthly (recurring-simple) subscription is refunded through the API only in full,
 * by its month (ST02-00303-402 `cancel_target_month`, spec §10 row 7); SBPS offers its partial
 * refund in the admin tool only (§14 "recurring simple — partial refund T only"). Refused before
 * anything is sent, and before the time windows (a partial refund never opens for it).
 */
export function refuseMonthlyPartialRefund(
  payment: PaymentRecord,
  operation: { type: 'capture' | 'cancel' | 'refund'; amount?: number },
): void {
  if (operation.type !== 'refund' || payment.billingMonth === undefined) return;
  const remaining = payment.capturedAmount - payment.refundedAmount;
  if (operation.amount === undefined || operation.amount >= remaining) return;
  throw new ApiError(
    409,
    'not_supported_by_acquirer',
    `SBPS refunds a month of a monthly subscription (${payment.billingMonth}) only in full through its API; a partial refund is made in SBPS's admin tool. Leave amount out to refund the whole month.`,
    {
      message_ja: `月額課金（${payment.billingMonth}）の一部返金は SBPS の API では行えません。SBPS の管理画面で行うか、amount を省略して全額返金してください。`,
    },
  );
}
