import { acquirerLimits } from './amount-limits.js';
import type { AcquirerProfile } from './profile.js';
import { sbps } from './sbps.js';

/** au Kantan Kessai through NomuPay's uP API (which hands the buyer to an SBPS link-type purchase). */
export const nomupay: AcquirerProfile = {
  id: 'nomupay',
  // The name and the amount limits are in amount-limits.ts, the table checkAmount reads.
  name: acquirerLimits.nomupay.name,
  // seeds/001 (NomuPay): "Processing currencies | JPY".
  currency: 'JPY',
  amount: acquirerLimits.nomupay.amount,
  // seeds/001 (NomuPay): "Method | Async - POST Redirect" (`nextStep.redirect.method` "post").
  flow: 'post_redirect',
  buyerTimeout: {
    kind: 'request_validity',
    // seeds/001 (NomuPay): the redirect params carry `limit_second` "600" next to `request_date`.
    defaultLimitSecond: 600,
    // spec/nomupay-au.md §5.3: the redirect params are SBPS link-type fields (spec/sbps-au.md §2:
    // 4 digits).
    maxLimitSecond: 9999,
    // The purchase runs on SBPS's au screens, so SBPS's 4-minute completion rule applies
    // (seeds/002: "complete within 4 minutes after the payment is started").
    auCompletionMs: 4 * 60 * 1000,
  },
  // spec/nomupay-au.md §13: whether au stops at `approved` is unknown; "Handle both".
  captureModes: ['automatic', 'manual'],
  capabilities: {
    // seeds/001 (NomuPay): "Captures | ✅".
    capture: true,
    // seeds/001 (NomuPay): "Partial captures | ✅".
    partialCapture: true,
    // seeds/001 (NomuPay): "Multiple partial captures | -".
    multiplePartialCaptures: false,
    // seeds/001 (NomuPay): "Cancels | ✅".
    cancel: true,
    // seeds/001 (NomuPay): "Partial cancels | ✅" ("Multiple partial cancels | -").
    partialCancel: true,
    // seeds/001 (NomuPay): "Refunds | ✅".
    refund: true,
    // seeds/001 (NomuPay): "Partial refunds | ✅".
    partialRefund: true,
    // seeds/001 (NomuPay): "Multiple partial refunds | -"; spec/nomupay-au.md §6: "full or **one**
    // partial refund".
    multiplePartialRefunds: false,
    // seeds/001 (NomuPay): "Recurring | -".
    recurringSimple: false,
    recurringFixedTerm: false,
  },
  // spec/nomupay-au.md §6: windows "not published by NomuPay; inherited from the SBPS au rules".
  windows: sbps.windows,
};
