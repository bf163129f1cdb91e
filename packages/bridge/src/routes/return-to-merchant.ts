import type { Response } from 'express';
import type { ReturnKind } from '../acquirers/acquirer.js';
import type { PaymentRecord } from '../store/payment-store.js';

/**
 * Sends the buyer coming back from any acquirer to the payment's own `returnUrl` (allowed when it
 * was created), by 303 so that the merchant's session cookie comes back, with the payment id, its
 * stored status and how the buyer left the acquirer. `pending` after a success means the
 * notification is not in yet; the merchant's page polls `GET /v1/payments/:id`.
 */
export function returnBuyerToMerchant(
  res: Response,
  payment: PaymentRecord,
  result: ReturnKind,
): void {
  const target = new URL(payment.returnUrl);
  target.searchParams.set('payment', payment.id);
  target.searchParams.set('status', payment.status);
  target.searchParams.set('result', result);
  res.set({ 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' });
  res.redirect(303, target.toString());
}
