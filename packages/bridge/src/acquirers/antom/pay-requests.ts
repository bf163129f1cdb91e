import { paymentChange } from '../../payments/payment-changes.js';
import type { PaymentRecord, PaymentStore } from '../../store/payment-store.js';
import { AcquirerUnavailableError } from '../acquirer.js';

/**
 * The event that says a pay request was sent to Antom for the payment: from then on Antom may hold
 * a payment under its `paymentRequestId` (spec/antom-au.md §4), whatever the answer was, or if none
 * came. Before it, Antom has nothing, so a cancel is recorded without a call (§7 cancels what
 * Antom holds; an unknown id is `ORDER_NOT_EXIST`).
 */
export const PAY_REQUESTED_EVENT = 'antom.pay_requested';

/**
 * Records the payment's first pay request before it is sent. Written only while the payment is
 * `pending` with no money operation open, in one store transaction: a cancel that already began
 * (its open operation is written before it looks for this event) stops the pay from being sent,
 * so a payment cancelled without a call never reaches Antom.
 */
export async function recordPayRequest(
  store: PaymentStore,
  payment: PaymentRecord,
  now: Date,
): Promise<void> {
  if (await payRequested(store, payment)) return;
  const written = await store.updatePayment(payment.id, (current) =>
    current.status === 'pending' && current.openOperation === null
      ? paymentChange(current, now, [
          {
            type: PAY_REQUESTED_EVENT,
            data: { paymentRequestId: current.id, requestedAt: now.toISOString() },
          },
        ])
      : null,
  );
  if (!written?.changed) {
    throw new AcquirerUnavailableError(
      `payment ${payment.id} is no longer payable: pay not sent to Antom`,
      'not_applied',
    );
  }
}

/**
 * Whether a pay request may have reached Antom. A served checkout means one did (payments from
 * before this event was recorded have only that).
 */
export async function payRequested(store: PaymentStore, payment: PaymentRecord): Promise<boolean> {
  if (payment.checkoutCount > 0) return true;
  const events = await store.listEvents(payment.id);
  return events.some((event) => event.type === PAY_REQUESTED_EVENT);
}
