import type { BridgeContext } from '../bridge-context.js';
import type { PaymentRecord } from '../store/payment-store.js';

/** Whether a checkout may be served now, and why not. */
export type CheckoutEligibility =
  | { payable: true }
  | { payable: false; reason: 'not_pending' | 'checkout_window_closed' };

/**
 * The one rule of `POST /checkout/:id` and `POST /checkout/:id/state`: the payment is pending, and
 * still within the checkout window. A buyer may re-open checkout (a new request to the acquirer)
 * only within the window, so a payment cannot be kept pending for ever; a served checkout may keep
 * it pending past the window while the acquirer can still complete it. Expire the payment first
 * (`expireIfDue`).
 */
export function checkoutEligibility(
  context: BridgeContext,
  payment: PaymentRecord,
): CheckoutEligibility {
  if (payment.status !== 'pending') return { payable: false, reason: 'not_pending' };
  const closesAt = payment.createdAt.getTime() + context.settings.checkoutWindowMs;
  if (context.now().getTime() >= closesAt) {
    return { payable: false, reason: 'checkout_window_closed' };
  }
  return { payable: true };
}
