import type { AcquirerId, AcquirerProfile, CaptureMode } from './acquirers/profile.js';
import type { Refusal } from './refusals.js';
import { refuse } from './refusals.js';
import {
  acquirerPaidCancellationDeadline,
  acquirerPartialRefundOpensAt,
  acquirerRefundDeadline,
  acquirerSettlementDeadline,
  settlementWindowStart,
} from './windows.js';

/** Every status of a payment (DESIGN "Status model"; spec/sbps-au.md §15). */
export const paymentStatuses = [
  'pending',
  'authorized',
  'captured',
  'partially_refunded',
  'refunded',
  'cancelled',
  'failed',
  'expired',
] as const;

export type PaymentStatus = (typeof paymentStatuses)[number];

/**
 * Statuses nothing the merchant or the clock does moves a payment out of. One exception, from the
 * acquirer: an `expired` or `failed` payment that was never authorized takes a late success (see
 * `TransitionNotice`), because the buyer was charged after all. `refunded` and `cancelled` are
 * never revived, nor is an authorization that expired.
 */
export const terminalStatuses = [
  'refunded',
  'cancelled',
  'failed',
  'expired',
] as const satisfies readonly PaymentStatus[];

export function isTerminalStatus(status: PaymentStatus): boolean {
  return (terminalStatuses as readonly PaymentStatus[]).includes(status);
}

/**
 * How far a payment has progressed. Every transition goes to a status of higher order, so a
 * payment never moves backwards: pending → authorized → captured → partially_refunded → refunded,
 * with failed, expired and cancelled as dead ends. Two exceptions: captured → cancelled (equal
 * order) where the acquirer's profile has a paid-cancellation window, and a late success, which
 * moves a `failed` or `expired` payment that was never authorized on to `authorized` or `captured` as if it
 * had still been pending (see `TransitionNotice`).
 */
export const statusOrder: Readonly<Record<PaymentStatus, number>> = {
  pending: 0,
  authorized: 1,
  failed: 1,
  captured: 2,
  // Equal to captured, yet captured → cancelled is allowed where the acquirer voids a paid payment
  // in full (profile windows.paidCancellation; spec/antom-au.md §7): the one sideways move.
  cancelled: 2,
  expired: 2,
  partially_refunded: 3,
  refunded: 4,
};

/**
 * What the status model needs to know about a payment. Amounts are whole yen. The bridge's stored
 * payment has these fields and more; `transition` keeps the others as they are.
 */
export interface PaymentSnapshot {
  acquirer: AcquirerId;
  status: PaymentStatus;
  /** The amount the merchant's server created; once authorized, the authorized amount. */
  amount: number;
  capturedAmount: number;
  refundedAmount: number;
  /**
   * The part of the authorization given up by a partial cancel (at most one; spec/nomupay-au.md §6):
   * the payment stays `authorized` for `amount - cancelledAmount`, all that a capture may take.
   * 0 otherwise, a full cancel included (the status says it).
   */
  cancelledAmount: number;
  captureMode: CaptureMode;
  /**
   * When the payment was created: the settlement and cancellation windows count from it until the
   * acquirer's own purchase request date is known (`purchaseRequestedAt`). It is at or before
   * SBPS's `request_date`, so windows counted from it never end later than SBPS's.
   */
  createdAt: Date;
  /**
   * The acquirer's date of the purchase request (SBPS `request_date`), once it reported it; the
   * settlement and cancellation windows count from it (settlementWindowStart).
   */
  purchaseRequestedAt?: Date | null;
  /** When a pending payment may be marked expired (see pendingExpiresAt). */
  expiresAt: Date;
  /**
   * When the acquirer reported the buyer's successful payment (the `now` of that event, so that
   * requests dated before it are stale); null until then.
   */
  authorizedAt: Date | null;
  /**
   * The settlement date: refund windows count from it; null until captured. A sale the acquirer
   * settles itself (automatic capture) is settled when the buyer paid (`paidAt`), which may be
   * before the acquirer's report (`authorizedAt`).
   */
  capturedAt: Date | null;
  /** Captures of less than the authorized amount (at most one: a capture is final). */
  partialCaptureCount: number;
  /** Refunds applied, full or partial. */
  refundCount: number;
}

/**
 * What can happen to a payment.
 *
 * - `acquirer_succeeded`: the acquirer reports the buyer paid (SBPS A02-1 `OK`, Antom `S`, NomuPay
 *   `approved`/`captured`). `amount`, when given, must equal the payment's amount. `paidAt`, when
 *   given, is when the acquirer says the payment completed (SBPS A02-1 `res_payment_date`); it
 *   becomes `capturedAt` of a sale the acquirer settles itself, so that refund windows count from
 *   the acquirer's own date, not from when its report happened to arrive. A `paidAt` later than
 *   `now` (or not a valid date) counts as `now`.
 * - `acquirer_failed`: the acquirer reports the purchase failed (buyer cancelled, au refused).
 * - `expire`: the clock says a pending payment passed `expiresAt`, or an authorization passed its
 *   settlement deadline.
 * - `capture`: settle an authorization; `amount` defaults to the authorized amount, and less is a
 *   partial settlement that releases the rest (spec/sbps-au.md §15).
 * - `cancel`: cancel an authorization before settlement; at an acquirer whose profile has a
 *   `paidCancellation` window (Antom), also an unpaid payment, or a paid one inside that window.
 *   `cancelledTotal`, only where the profile has `partialCancel` (NomuPay), is the total cancelled
 *   once this cancel is done: less than the authorization is a partial cancel, which keeps the
 *   payment `authorized` for the rest (capture takes at most that). Like a refund's total, so that
 *   applying the same event twice cancels once; build it from an amount with `cancelEvent`.
 * - `refund`: give money back. `refundedTotal` is the total refunded once this refund is done
 *   (default: everything captured), not the amount of this refund, so that applying the same
 *   event twice refunds once; build it from an amount with `refundEvent`.
 */
export type PaymentStatusEvent =
  | { type: 'acquirer_succeeded'; amount?: number; paidAt?: Date }
  | { type: 'acquirer_failed' }
  | { type: 'expire' }
  | { type: 'capture'; amount?: number }
  | { type: 'cancel'; cancelledTotal?: number }
  | { type: 'refund'; refundedTotal?: number };

/**
 * `late_success`: the acquirer reports a successful payment for a payment already `failed` or
 * `expired` that was never authorized: the buyer was charged after the payment was given up (the
 * buyer paid after the bridge stopped waiting, or on a new attempt after a refusal). The acquirer
 * is the truth: the payment moves on exactly as a pending one would (`authorized`, or `captured`
 * in automatic capture) with `changed: true`, so the merchant can capture, cancel or refund it,
 * and the bridge flags it. This is the only way out of a terminal status.
 */
export type TransitionNotice = 'late_success';

export type TransitionResult<P extends PaymentSnapshot = PaymentSnapshot> =
  | { ok: true; payment: P; changed: boolean; notice?: TransitionNotice }
  | { ok: false; refusal: Refusal };

/**
 * A refund event that gives back `amount` yen more than `payment` already refunded, or everything
 * captured when `amount` is omitted. Throws a RangeError unless `amount` is a positive whole number
 * of yen: validate the merchant's input first (refundRequestSchema).
 */
export function refundEvent(
  payment: Pick<PaymentSnapshot, 'refundedAmount'>,
  amount?: number,
): Extract<PaymentStatusEvent, { type: 'refund' }> {
  if (amount === undefined) return { type: 'refund' };
  if (!Number.isSafeInteger(amount) || amount < 1) {
    throw new RangeError(`A refund amount must be a positive whole number of yen, got ${amount}.`);
  }
  return { type: 'refund', refundedTotal: payment.refundedAmount + amount };
}

/**
 * A cancel event that cancels `amount` yen more of the authorization than `payment` already gave
 * up, or the whole authorization when `amount` is omitted. Throws a RangeError unless `amount` is a
 * positive whole number of yen: validate the merchant's input first (cancelRequestSchema).
 */
export function cancelEvent(
  payment: Pick<PaymentSnapshot, 'cancelledAmount'>,
  amount?: number,
): Extract<PaymentStatusEvent, { type: 'cancel' }> {
  if (amount === undefined) return { type: 'cancel' };
  if (!Number.isSafeInteger(amount) || amount < 1) {
    throw new RangeError(`A cancel amount must be a positive whole number of yen, got ${amount}.`);
  }
  return { type: 'cancel', cancelledTotal: payment.cancelledAmount + amount };
}

/** What is still authorized: the authorization less a partial cancel. */
export function authorizedRemainder(
  payment: Pick<PaymentSnapshot, 'amount' | 'cancelledAmount'>,
): number {
  return payment.amount - payment.cancelledAmount;
}

function unchanged<P extends PaymentSnapshot>(payment: P): TransitionResult<P> {
  return { ok: true, payment, changed: false };
}

function changedTo<P extends PaymentSnapshot>(
  payment: P,
  changes: Partial<PaymentSnapshot>,
): TransitionResult<P> {
  return { ok: true, payment: { ...payment, ...changes }, changed: true };
}

function refused<P extends PaymentSnapshot>(refusal: Refusal): TransitionResult<P> {
  return { ok: false, refusal };
}

function isWholeYen(value: number): boolean {
  return Number.isSafeInteger(value) && value >= 1;
}

function recorded(date: Date | null, status: PaymentStatus, field: string): Date {
  if (date === null) throw new TypeError(`A ${status} payment must have ${field}.`);
  return date;
}

/** The acquirer's completion time, never later than `now` (clocks differ; reports arrive late). */
function completedAt(paidAt: Date | undefined, now: Date): Date {
  const time = paidAt?.getTime();
  return time === undefined || Number.isNaN(time) || time > now.getTime() ? now : new Date(time);
}

function succeed<P extends PaymentSnapshot>(
  payment: P,
  event: Extract<PaymentStatusEvent, { type: 'acquirer_succeeded' }>,
  now: Date,
  profile: AcquirerProfile,
): TransitionResult<P> {
  // spec/sbps-au.md §3: the notified amount must equal the one the merchant's server created.
  if (event.amount !== undefined && event.amount !== payment.amount) {
    return refused(refuse('amount_mismatch', { limit: payment.amount }));
  }
  // A success after the bridge gave up (expired) or after a refusal (failed; SBPS lets the buyer
  // try the same order again) means the money moved at the acquirer: the acquirer is the truth,
  // so the payment moves on as a success the merchant can capture or refund, flagged.
  const late =
    (payment.status === 'expired' || payment.status === 'failed') && payment.authorizedAt === null;
  if (payment.status === 'pending' || late) {
    // spec/sbps-au.md §15: automatic sales → captured in full; specified sales → authorized.
    // An acquirer without manual capture (Antom, spec/antom-au.md §1) has settled the sale.
    const settles = payment.captureMode === 'automatic' || !profile.captureModes.includes('manual');
    const changes: Partial<PaymentSnapshot> = settles
      ? {
          status: 'captured',
          capturedAmount: payment.amount,
          authorizedAt: now,
          capturedAt: completedAt(event.paidAt, now),
        }
      : { status: 'authorized', authorizedAt: now };
    const next = { ...payment, ...changes };
    return late
      ? { ok: true, payment: next, changed: true, notice: 'late_success' }
      : { ok: true, payment: next, changed: true };
  }
  // A repeated notification (spec/sbps-au.md §5: "a repeat must answer `OK,` again without
  // double-applying").
  return unchanged(payment);
}

function fail<P extends PaymentSnapshot>(payment: P): TransitionResult<P> {
  return payment.status === 'pending'
    ? changedTo(payment, { status: 'failed' })
    : unchanged(payment);
}

function expire<P extends PaymentSnapshot>(
  payment: P,
  now: Date,
  profile: AcquirerProfile,
): TransitionResult<P> {
  if (payment.status === 'pending') {
    if (now.getTime() < payment.expiresAt.getTime()) {
      return refused(refuse('not_yet_expired', { at: payment.expiresAt }));
    }
    return changedTo(payment, { status: 'expired' });
  }
  if (payment.status !== 'authorized') return unchanged(payment);
  // A clock reading from before the authorization (a late success can authorize a payment after
  // an expiry check was dated) says nothing about it.
  const authorizedAt = recorded(payment.authorizedAt, payment.status, 'authorizedAt');
  if (now.getTime() < authorizedAt.getTime()) {
    return refused(
      refuse('stale_request', { status: payment.status, action: 'expire', at: authorizedAt }),
    );
  }
  // spec/sbps-au.md §15: "authorized | deadline passes without settlement | after 90th day | expired".
  const deadline = acquirerSettlementDeadline(profile, settlementWindowStart(payment));
  if (deadline === null) {
    return refused(refuse('invalid_state', { status: payment.status, action: 'expire' }));
  }
  if (now.getTime() < deadline.getTime())
    return refused(refuse('not_yet_expired', { at: deadline }));
  return changedTo(payment, { status: 'expired' });
}

function capture<P extends PaymentSnapshot>(
  payment: P,
  requested: number | undefined,
  now: Date,
  profile: AcquirerProfile,
): TransitionResult<P> {
  const acquirer = profile.name;
  if (!profile.capabilities.capture) {
    return refused(refuse('not_supported_by_acquirer', { acquirer, operation: 'capture' }));
  }
  // spec/sbps-au.md §8 error 24: "automated sales, no sales request needed".
  if (payment.captureMode === 'automatic') {
    return refused(
      refuse('not_supported_by_acquirer', { acquirer, operation: 'capture_in_automatic_mode' }),
    );
  }
  // After a partial cancel only the rest is authorized (spec/nomupay-au.md §11).
  const authorizedAmount = authorizedRemainder(payment);
  const amount = requested ?? authorizedAmount;
  const settled =
    payment.status === 'captured' ||
    payment.status === 'partially_refunded' ||
    payment.status === 'refunded';
  // The same capture again changes nothing; a different one is too late (SBPS error 23).
  if (settled && amount === payment.capturedAmount) return unchanged(payment);
  if (payment.status !== 'authorized') {
    return refused(refuse('invalid_state', { status: payment.status, action: 'capture' }));
  }
  const authorizedAt = recorded(payment.authorizedAt, payment.status, 'authorizedAt');
  if (now.getTime() < authorizedAt.getTime()) {
    return refused(
      refuse('stale_request', { status: payment.status, action: 'capture', at: authorizedAt }),
    );
  }
  if (!isWholeYen(amount)) return refused(refuse('amount_invalid', {}));
  // spec/sbps-au.md §8 error 22: "amount above authorized amount".
  if (amount > authorizedAmount) {
    return refused(refuse('amount_exceeds_authorized', { limit: authorizedAmount }));
  }
  const partial = amount < authorizedAmount;
  if (partial && !profile.capabilities.partialCapture) {
    return refused(refuse('not_supported_by_acquirer', { acquirer, operation: 'partial_capture' }));
  }
  // spec/sbps-au.md §8 error 33: "settlement period passed".
  const deadline = acquirerSettlementDeadline(profile, settlementWindowStart(payment));
  if (deadline !== null && now.getTime() >= deadline.getTime()) {
    return refused(refuse('settlement_window_closed', { at: deadline }));
  }
  return changedTo(payment, {
    status: 'captured',
    capturedAmount: amount,
    capturedAt: now,
    partialCaptureCount: payment.partialCaptureCount + (partial ? 1 : 0),
  });
}

function cancel<P extends PaymentSnapshot>(
  payment: P,
  requestedTotal: number | undefined,
  now: Date,
  profile: AcquirerProfile,
): TransitionResult<P> {
  const acquirer = profile.name;
  if (!profile.capabilities.cancel) {
    return refused(refuse('not_supported_by_acquirer', { acquirer, operation: 'cancel' }));
  }
  // An amount asks for a partial cancel: refused, whatever the payment, where there is none.
  if (requestedTotal !== undefined && !profile.capabilities.partialCancel) {
    return refused(refuse('not_supported_by_acquirer', { acquirer, operation: 'partial_cancel' }));
  }
  if (profile.windows.paidCancellation !== null) return cancelPayment(payment, now, profile);
  // seeds/002 (SBPS): "Auto close authorization settlement: cancellation function not available."
  if (payment.captureMode === 'automatic') {
    return refused(
      refuse('not_supported_by_acquirer', { acquirer, operation: 'cancel_in_automatic_mode' }),
    );
  }
  if (requestedTotal !== undefined && !isWholeYen(requestedTotal)) {
    return refused(refuse('amount_invalid', {}));
  }
  if (payment.status === 'cancelled') return unchanged(payment);
  // This partial cancel, or a larger one, is already done.
  if (requestedTotal !== undefined && requestedTotal <= payment.cancelledAmount) {
    return unchanged(payment);
  }
  if (payment.status !== 'authorized') {
    return refused(refuse('invalid_state', { status: payment.status, action: 'cancel' }));
  }
  const authorizedAt = recorded(payment.authorizedAt, payment.status, 'authorizedAt');
  if (now.getTime() < authorizedAt.getTime()) {
    return refused(
      refuse('stale_request', { status: payment.status, action: 'cancel', at: authorizedAt }),
    );
  }
  // spec/nomupay-au.md §6: "full or **one** partial cancel": after it, no cancel at all (NomuPay
  // answers multiple_partial_cancels_not_supported); the rest is captured or left to expire.
  if (payment.cancelledAmount > 0) {
    return refused(
      refuse('not_supported_by_acquirer', { acquirer, operation: 'multiple_partial_cancels' }),
    );
  }
  const total = requestedTotal ?? payment.amount;
  if (total > payment.amount) {
    return refused(refuse('amount_exceeds_authorized', { limit: payment.amount }));
  }
  const deadline = acquirerSettlementDeadline(profile, settlementWindowStart(payment));
  if (deadline !== null && now.getTime() >= deadline.getTime()) {
    return refused(refuse('cancellation_window_closed', { at: deadline }));
  }
  // A cancel of the whole authorization, amount or not, is the full cancel.
  return total < payment.amount
    ? changedTo(payment, { cancelledAmount: total })
    : changedTo(payment, { status: 'cancelled' });
}

/**
 * Cancel at an acquirer that voids a payment whether or not it is paid (Antom, spec/antom-au.md §7):
 * an unpaid (pending) payment any time, a paid one in full until its cancellation window closes
 * (00:15 UTC+8 on the day after payment). A paid payment moves captured → cancelled, the one move
 * between statuses of equal order (statusOrder); a refunded payment is never cancelled.
 */
function cancelPayment<P extends PaymentSnapshot>(
  payment: P,
  now: Date,
  profile: AcquirerProfile,
): TransitionResult<P> {
  const { status } = payment;
  if (status === 'cancelled') return unchanged(payment);
  if (status === 'pending') return changedTo(payment, { status: 'cancelled' });
  if (status !== 'captured') return refused(refuse('invalid_state', { status, action: 'cancel' }));
  const capturedAt = recorded(payment.capturedAt, status, 'capturedAt');
  // Known to be paid only from the acquirer's report (authorizedAt), as for a refund.
  const paidKnownAt = Math.max(capturedAt.getTime(), payment.authorizedAt?.getTime() ?? 0);
  if (now.getTime() < paidKnownAt) {
    return refused(
      refuse('stale_request', { status, action: 'cancel', at: new Date(paidKnownAt) }),
    );
  }
  const deadline = acquirerPaidCancellationDeadline(profile, capturedAt);
  if (deadline !== null && now.getTime() >= deadline.getTime()) {
    return refused(refuse('paid_cancellation_window_closed', { at: deadline }));
  }
  return changedTo(payment, { status: 'cancelled' });
}

function refund<P extends PaymentSnapshot>(
  payment: P,
  requestedTotal: number | undefined,
  now: Date,
  profile: AcquirerProfile,
): TransitionResult<P> {
  const acquirer = profile.name;
  if (!profile.capabilities.refund) {
    return refused(refuse('not_supported_by_acquirer', { acquirer, operation: 'refund' }));
  }
  const { status } = payment;
  if (status !== 'captured' && status !== 'partially_refunded' && status !== 'refunded') {
    return refused(refuse('invalid_state', { status, action: 'refund' }));
  }
  const total = requestedTotal ?? payment.capturedAmount;
  if (!isWholeYen(total)) return refused(refuse('amount_invalid', {}));
  // This refund, or a larger one, is already done.
  if (total <= payment.refundedAmount) return unchanged(payment);
  if (status === 'refunded') return refused(refuse('invalid_state', { status, action: 'refund' }));
  const capturedAt = recorded(payment.capturedAt, status, 'capturedAt');
  // Stale when dated before the payment was known to be settled: a sale the acquirer settled
  // itself is dated back to when the buyer paid (capturedAt) but known only from its report
  // (authorizedAt).
  const settledKnownAt = Math.max(capturedAt.getTime(), payment.authorizedAt?.getTime() ?? 0);
  if (now.getTime() < settledKnownAt) {
    return refused(
      refuse('stale_request', { status, action: 'refund', at: new Date(settledKnownAt) }),
    );
  }
  // spec/sbps-au.md §8 error 75: "refund amount above sales amount".
  if (total > payment.capturedAmount) {
    return refused(
      refuse('amount_exceeds_captured', { limit: payment.capturedAmount - payment.refundedAmount }),
    );
  }
  // What "partial" means, here and in the bridge's refund events and webhooks: any refund but one
  // that gives back everything captured at once. The refund of all that remains after a partial
  // refund is partial too (a partial refund of the payment as a whole), although SBPS is sent it
  // without an amount (spec/sbps-au.md §10 row 6): it needs the same capability and window.
  const partial = total < payment.capturedAmount || payment.refundedAmount > 0;
  if (partial && !profile.capabilities.partialRefund) {
    return refused(refuse('not_supported_by_acquirer', { acquirer, operation: 'partial_refund' }));
  }
  if (partial && payment.refundCount > 0 && !profile.capabilities.multiplePartialRefunds) {
    return refused(
      refuse('not_supported_by_acquirer', { acquirer, operation: 'multiple_partial_refunds' }),
    );
  }
  // spec/sbps-au.md §8 error 31; seeds/000 (Antom) "Refund period 60 days".
  const deadline = acquirerRefundDeadline(profile, capturedAt);
  if (now.getTime() >= deadline.getTime()) {
    return refused(refuse('refund_window_closed', { at: deadline }));
  }
  // spec/sbps-au.md §8 error 28: partial refunds only from the month after settlement.
  const opensAt = partial ? acquirerPartialRefundOpensAt(profile, capturedAt) : null;
  if (opensAt !== null && now.getTime() < opensAt.getTime()) {
    return refused(refuse('partial_refund_not_yet_open', { at: opensAt }));
  }
  return changedTo(payment, {
    status: total === payment.capturedAmount ? 'refunded' : 'partially_refunded',
    refundedAmount: total,
    refundCount: payment.refundCount + 1,
  });
}

/**
 * The status model: what `event` at `now` does to `payment` at the acquirer `profile` describes.
 * Pure: the same inputs always give the same answer.
 *
 * - `{ ok: true, changed: true }`: the next payment (other fields of `payment` are kept).
 * - `{ ok: true, changed: false }`: the event is a repeat, or arrives after a later status, and
 *   changes nothing (a duplicate notification, a capture already done, a failure after success).
 *   A payment never moves backwards and terminal statuses stay terminal, except that a late
 *   success moves a `failed` or `expired` payment that was never authorized on
 *   (`notice: 'late_success'`).
 * - `{ ok: false, refusal }`: the event is not allowed; `refusal.code` says why.
 *
 * Throws when `profile` is not the payment's acquirer, or when the payment lacks the date its
 * status implies (`authorizedAt` when authorized, `capturedAt` once captured).
 */
export function transition<P extends PaymentSnapshot>(
  payment: P,
  event: PaymentStatusEvent,
  now: Date,
  profile: AcquirerProfile,
): TransitionResult<P> {
  if (profile.id !== payment.acquirer) {
    throw new RangeError(
      `The payment is at ${payment.acquirer} but the profile given is ${profile.id}.`,
    );
  }
  switch (event.type) {
    case 'acquirer_succeeded':
      return succeed(payment, event, now, profile);
    case 'acquirer_failed':
      return fail(payment);
    case 'expire':
      return expire(payment, now, profile);
    case 'capture':
      return capture(payment, event.amount, now, profile);
    case 'cancel':
      return cancel(payment, event.cancelledTotal, now, profile);
    case 'refund':
      return refund(payment, event.refundedTotal, now, profile);
  }
}
