import type { AcquirerProfile } from './acquirers/profile.js';
import {
  antomCancellationDeadline,
  antomRefundDeadline,
  partialRefundOpensAt,
  refundDeadline,
  sbpsRequestExpiresAt,
  settlementDeadline,
  settlementWarningAt,
} from './calendar.js';
import type { PaymentSnapshot } from './status.js';

/*
 * The time windows of one payment at one acquirer: the calendar rule its profile names, applied to
 * the payment's own dates. Each result is an exclusive instant, or null when the acquirer has no
 * such window.
 */

/** When an authorization can no longer be settled or cancelled; null without authorizations. */
export function acquirerSettlementDeadline(
  profile: AcquirerProfile,
  purchasedAt: Date,
): Date | null {
  return profile.windows.settlement === null ? null : settlementDeadline(purchasedAt);
}

/**
 * The purchase request the settlement window counts from: the acquirer's own date of it when
 * known (SBPS: the A01-1's `request_date`, echoed in the A02-1, spec/sbps-au.md §5 row 33), else
 * the payment's creation. Creation comes first, up to the 30-minute checkout window earlier and
 * possibly on the previous Japan day, so counting from it would end the window a day early.
 */
export function settlementWindowStart(
  payment: Pick<PaymentSnapshot, 'createdAt' | 'purchaseRequestedAt'>,
): Date {
  return payment.purchaseRequestedAt ?? payment.createdAt;
}

/**
 * When the merchant is warned that an authorization will lapse unsettled (7 days before the
 * settlement deadline, `settlementWarningAt`); null without authorizations.
 */
export function acquirerSettlementWarningAt(
  profile: AcquirerProfile,
  purchasedAt: Date,
): Date | null {
  return profile.windows.settlement === null ? null : settlementWarningAt(purchasedAt);
}

/** When a captured payment can no longer be refunded. */
export function acquirerRefundDeadline(profile: AcquirerProfile, capturedAt: Date): Date {
  return profile.windows.refund === 'sixty_days'
    ? antomRefundDeadline(capturedAt)
    : refundDeadline(capturedAt);
}

/** When a captured payment can no longer be cancelled; null when a paid payment never can be. */
export function acquirerPaidCancellationDeadline(
  profile: AcquirerProfile,
  capturedAt: Date,
): Date | null {
  return profile.windows.paidCancellation === null ? null : antomCancellationDeadline(capturedAt);
}

/** When a partial refund of a captured payment becomes possible; null when there are none. */
export function acquirerPartialRefundOpensAt(
  profile: AcquirerProfile,
  capturedAt: Date,
): Date | null {
  return profile.windows.partialRefundOpens === null ? null : partialRefundOpensAt(capturedAt);
}

/**
 * When a pending payment can no longer succeed, so the bridge may mark it `expired`.
 * `requestedAt` is when the purchase was handed to the acquirer: SBPS's `request_date` of the
 * latest checkout, NomuPay's payment creation (its redirect carries `request_date` and
 * `limit_second`, seeds/001), Antom's `paymentCreateTime`. `limitSecond` defaults to the profile's.
 * For SBPS-style timeouts a buyer may start until the request expires and then has the au
 * completion time (seeds/002, spec/sbps-au.md §17 item 15).
 */
export function pendingExpiresAt(
  profile: AcquirerProfile,
  requestedAt: Date,
  limitSecond?: number,
): Date {
  const timeout = profile.buyerTimeout;
  if (timeout.kind === 'payment_expiry') {
    return new Date(requestedAt.getTime() + timeout.afterCreationMs);
  }
  const requestExpiresAt = sbpsRequestExpiresAt(
    requestedAt,
    limitSecond ?? timeout.defaultLimitSecond,
  );
  return new Date(requestExpiresAt.getTime() + timeout.auCompletionMs);
}
