import { acquirerLimits } from './amount-limits.js';
import type { AcquirerProfile } from './profile.js';

/** au PAY through SoftBank Payment Service (SBPS), link-type purchase + API-type operations. */
export const sbps: AcquirerProfile = {
  id: 'sbps',
  // The name and the amount limits are in amount-limits.ts, the table checkAmount reads.
  name: acquirerLimits.sbps.name,
  // spec/sbps-au.md §2: every amount field is type 9 (half-width digits); au bills JPY only.
  currency: 'JPY',
  amount: acquirerLimits.sbps.amount,
  // spec/sbps-au.md §4: A01-1 is an HTML form POST from the buyer's browser to SBPS.
  flow: 'link_form_post',
  buyerTimeout: {
    kind: 'request_validity',
    // spec/sbps-au.md §2: "Clients commonly send `600`"; seeds/001 (NomuPay) sends limit_second=600.
    defaultLimitSecond: 600,
    // spec/sbps-au.md §2: "limit_second (4 digits, max 9999)".
    maxLimitSecond: 9999,
    // seeds/002 (SBPS): "the payment shall be complete within 4 minutes after the payment is started".
    auCompletionMs: 4 * 60 * 1000,
  },
  // seeds/002 (SBPS) Basic Specifications: one-time charge, "Automated sales ○", "Specified sales ○".
  // spec/sbps-au.md §4: the sales mode is a contract setting, not a field.
  captureModes: ['automatic', 'manual'],
  capabilities: {
    // seeds/002 (SBPS) List of Provided Functions, one-time specified sales: "Settlement ○".
    capture: true,
    // seeds/002 (SBPS): "Partial Settlement ○※3" (not for the credit-card sub-method).
    partialCapture: true,
    // spec/sbps-au.md §15: a settlement moves the payment to captured; a second one is error 23
    // ("sales already done").
    multiplePartialCaptures: false,
    // seeds/002 (SBPS): specified sales "Cancellation ○"; automated sales "cancellation function
    // not available" (enforced per payment by its capture mode).
    cancel: true,
    // seeds/002 (SBPS) List of Provided Functions: no partial cancellation is listed.
    partialCancel: false,
    // seeds/002 (SBPS): "Refund ○" for automated and specified sales.
    refund: true,
    // seeds/002 (SBPS): "Partial Refund ○※2" (from the 1st of the month after settlement).
    partialRefund: true,
    // spec/sbps-au.md §17 item 8: not stated; "Allow while Σ ≤ captured".
    multiplePartialRefunds: true,
    // seeds/002 (SBPS) Billing Methods: "Recurring charge (simple) ○".
    recurringSimple: true,
    // seeds/002 (SBPS) Billing Methods: "Recurring charge (based on term or usage rate) ○".
    recurringFixedTerm: true,
  },
  windows: {
    // seeds/002 (SBPS): settlement and cancellation "Until the 90th day including the date of
    // purchase request process"; spec/sbps-au.md §16.
    settlement: 'ninetieth_day_from_purchase',
    // seeds/002 (SBPS): refund "Until the last day of the month after next including the date of
    // settlement process"; spec/sbps-au.md §16.
    refund: 'end_of_month_after_next',
    // seeds/002 (SBPS) ※2: "The partial refund is available after the first day of the next month
    // of the settlement process"; spec/sbps-au.md §16.
    partialRefundOpens: 'first_of_next_month',
    // seeds/002 (SBPS): "Auto close authorization settlement: cancellation function not available";
    // money paid is given back by a refund.
    paidCancellation: null,
  },
};
