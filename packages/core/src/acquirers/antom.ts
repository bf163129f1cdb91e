import { acquirerLimits } from './amount-limits.js';
import type { AcquirerProfile } from './profile.js';

/** au carrier billing through Antom (API-only one-time payments). */
export const antom: AcquirerProfile = {
  id: 'antom',
  // The name and the amount limits are in amount-limits.ts, the table checkAmount reads.
  name: acquirerLimits.antom.name,
  // seeds/000 (Antom): "Processing currency | JPY".
  currency: 'JPY',
  amount: acquirerLimits.antom.amount,
  // seeds/000 (Antom): "Payment flow | Redirect"; spec/antom-au.md §1.
  flow: 'redirect',
  buyerTimeout: {
    kind: 'payment_expiry',
    // seeds/000 (Antom): "Default timeout | 14 minutes"; spec/antom-au.md §10: counted from the
    // pay request (`paymentCreateTime`), after which an unpaid payment is expired.
    afterCreationMs: 14 * 60 * 1000,
  },
  // spec/antom-au.md §1: "Separate capture | none: a successful payment is final (auto-captured)".
  captureModes: ['automatic'],
  capabilities: {
    // spec/antom-au.md §11: "Antom has no separate authorization for au, so `authorized` is never
    // entered" — nothing to capture or to cancel before settlement.
    capture: false,
    partialCapture: false,
    multiplePartialCaptures: false,
    // spec/antom-au.md §7: Antom's cancel API voids an unpaid payment, or gives a paid one back in
    // full inside the cancellation window (windows.paidCancellation).
    cancel: true,
    // spec/antom-au.md §7: "Only **full** cancellation".
    partialCancel: false,
    // seeds/000 (Antom): "Refund | ✔️".
    refund: true,
    // seeds/000 (Antom): "Partial refund | ❌".
    partialRefund: false,
    // spec/antom-au.md §8.1: "au narrows this to **one full refund within 60 days**".
    multiplePartialRefunds: false,
    // seeds/000 (Antom): "Subscription Payment | ❌", "Tokenized Payment | ❌".
    recurringSimple: false,
    recurringFixedTerm: false,
  },
  windows: {
    // spec/antom-au.md §11: no authorization, so no settlement window.
    settlement: null,
    // seeds/000 (Antom): "Refund period | 60 days"; counted from the successful payment.
    refund: 'sixty_days',
    // seeds/000 (Antom): "Partial refund | ❌".
    partialRefundOpens: null,
    // spec/antom-au.md §7: a paid payment can be cancelled until 00:15 UTC+8 on the next day.
    paidCancellation: 'next_day_0015_utc8',
  },
};
