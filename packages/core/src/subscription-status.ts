import type { BillingMonth } from './billing-calendar.js';
import { billingMonthOf, isBillingMonth } from './billing-calendar.js';
import { fixedTermContractExpiresAt } from './calendar.js';
import type { Refusal } from './refusals.js';
import { refuse } from './refusals.js';

/**
 * Every status of a subscription (DESIGN "Status model"). `incomplete` waits for the buyer's
 * consent on the au screens; `active` is a live SBPS contract (spec/sbps-au.md §15 "contract
 * active"); `cancelled` is a contract ended by the merchant or SBPS; `expired` is a fixed-term
 * contract past its 365th day (§16); `incomplete_expired` never became a contract.
 */
export const subscriptionStatuses = [
  'incomplete',
  'active',
  'cancelled',
  'expired',
  'incomplete_expired',
] as const;

export type SubscriptionStatus = (typeof subscriptionStatuses)[number];

/**
 * The two SBPS recurring billing methods (spec/sbps-au.md §4 tabs, §14):
 * - `monthly`: recurring simple (`pay_type=1`), SBPS bills by itself on the 1st of each month.
 * - `on_demand`: recurring fixed-term / pay-as-you-go (`pay_type=2`, or a D01-1 application
 *   without a charge, §7), the merchant requests each charge (ST01-00104-402, §12).
 */
export const subscriptionKinds = ['monthly', 'on_demand'] as const;

export type SubscriptionKind = (typeof subscriptionKinds)[number];

/** Statuses no event moves a subscription out of: neither the merchant nor SBPS revives them. */
export const terminalSubscriptionStatuses = [
  'expired',
  'incomplete_expired',
] as const satisfies readonly SubscriptionStatus[];

export function isTerminalSubscriptionStatus(status: SubscriptionStatus): boolean {
  return (terminalSubscriptionStatuses as readonly SubscriptionStatus[]).includes(status);
}

/**
 * What the status model needs to know about a subscription. The bridge's stored subscription has
 * these fields and more; `transitionSubscription` keeps the others as they are.
 */
export interface SubscriptionSnapshot {
  kind: SubscriptionKind;
  status: SubscriptionStatus;
  /**
   * Whole yen charged when the buyer consents: the monthly price (`monthly`, always set: the first
   * month is charged at sign-up, spec/sbps-au.md §14), the first charge of an `on_demand`
   * subscription (`pay_type=2`), or null for an `on_demand` D01-1 application without a charge (§7).
   */
  amount: number | null;
  /** When an `incomplete` subscription may be marked expired (the buyer's time to consent). */
  expiresAt: Date;
  /** The latest consent (first application or re-application); null until the first. */
  activatedAt: Date | null;
  /** The last payment process: the consent's charge or the last accepted on-demand charge. */
  lastChargedAt: Date | null;
  /** When the contract was last cancelled; null while it never was. */
  cancelledAt: Date | null;
  /** The latest month whose SBPS monthly billing failed (A02-1 NG, §5); null while none did. */
  lastFailedMonth: BillingMonth | null;
}

/**
 * What can happen to a subscription.
 *
 * - `buyer_consented`: SBPS reports the buyer's consent (A02-1 `OK` of the `pay_type=1`/`2`
 *   purchase, or the D01-1 application / re-application result `OK`, spec/sbps-au.md §5, §7).
 *   `paidAt`, when given, is SBPS's `res_payment_date`; a later one (or an invalid one) counts as `now`.
 * - `consent_failed`: the buyer cancelled, au refused, or the result was `NG` (§15 "pending | buyer
 *   cancels / au error / 4-min limit | failed").
 * - `expire`: the clock says an `incomplete` subscription passed `expiresAt`, or an `on_demand`
 *   contract passed its 365th day (§16).
 * - `monthly_charge_failed`: SBPS's A02-1 NG for a month's automatic billing (§5 "monthly billing
 *   failures", seeds/002 "Returned starting from the first day of each month in order").
 * - `charge_requested`: the merchant charges an `on_demand` contract (ST01-00104-402, §12). Apply
 *   it to check, and save the result once SBPS accepted the charge: it is the last payment process.
 * - `cancel_requested`: the merchant cancels (ST02-00302-402 for monthly, §11; ST02-00309-402 for
 *   on-demand, §13).
 * - `cancellation_notified`: SBPS reports a cancellation made elsewhere (the recurring-simple
 *   cancellation notice over A02-1, §5; a D01-1 `service_type=1` unsubscription result, §7; SBPS's
 *   admin tool, §14).
 * - `resume_requested`: the merchant sends the buyer to re-apply to a cancelled `on_demand`
 *   contract (D01-1 `service_type=2`, §7, §15). `expiresAt` is the buyer's new time to consent.
 */
export type SubscriptionEvent =
  | { type: 'buyer_consented'; paidAt?: Date }
  | { type: 'consent_failed' }
  | { type: 'expire' }
  | { type: 'monthly_charge_failed'; month: string }
  | { type: 'charge_requested' }
  | { type: 'cancel_requested' }
  | { type: 'cancellation_notified' }
  | { type: 'resume_requested'; expiresAt: Date };

export type SubscriptionEventType = SubscriptionEvent['type'];

/**
 * `late_consent`: SBPS reports a consent for a subscription that was already given up
 * (`incomplete_expired`). The subscription stays ended, so SBPS holds a contract au-pay does not
 * serve: the bridge should cancel it at SBPS (and refund the first charge, if any).
 */
export type SubscriptionTransitionNotice = 'late_consent';

export type SubscriptionTransitionResult<S extends SubscriptionSnapshot = SubscriptionSnapshot> =
  | { ok: true; subscription: S; changed: boolean; notice?: SubscriptionTransitionNotice }
  | { ok: false; refusal: Refusal };

function unchanged<S extends SubscriptionSnapshot>(
  subscription: S,
): SubscriptionTransitionResult<S> {
  return { ok: true, subscription, changed: false };
}

function changedTo<S extends SubscriptionSnapshot>(
  subscription: S,
  changes: Partial<SubscriptionSnapshot>,
): SubscriptionTransitionResult<S> {
  return { ok: true, subscription: { ...subscription, ...changes }, changed: true };
}

function refused<S extends SubscriptionSnapshot>(
  refusal: Refusal,
): SubscriptionTransitionResult<S> {
  return { ok: false, refusal };
}

function invalidState<S extends SubscriptionSnapshot>(
  subscription: S,
  event: SubscriptionEventType,
): SubscriptionTransitionResult<S> {
  return refused(
    refuse('subscription_invalid_state', {
      subscriptionStatus: subscription.status,
      subscriptionEvent: event,
    }),
  );
}

function wrongKind<S extends SubscriptionSnapshot>(
  subscription: S,
  event: SubscriptionEventType,
): SubscriptionTransitionResult<S> {
  return refused(
    refuse('subscription_kind_mismatch', { kind: subscription.kind, subscriptionEvent: event }),
  );
}

/** SBPS's completion time, never later than `now` (clocks differ; reports arrive late). */
function completedAt(paidAt: Date | undefined, now: Date): Date {
  const time = paidAt?.getTime();
  return time === undefined || Number.isNaN(time) || time > now.getTime() ? now : new Date(time);
}

/**
 * When an `on_demand` contract expires: "Expiration date of the recurring billing from the date of
 * last payment process | 365th day" (seeds/002, spec/sbps-au.md §14, §16), counted like the 90-day
 * rule: the last payment's Japan date is day 1, so the contract ends at 00:00 JST of that date +
 * 365 days (`fixedTermContractExpiresAt`). A contract never charged counts from its consent, and a
 * re-application (D01-1 `service_type=2`) starts the count again [A: SBPS states no rule for either].
 * Null for `monthly` subscriptions (recurring simple has no expiry) and before the first consent.
 */
export function onDemandContractExpiresAt(
  subscription: Pick<SubscriptionSnapshot, 'kind' | 'activatedAt' | 'lastChargedAt'>,
): Date | null {
  if (subscription.kind !== 'on_demand' || subscription.activatedAt === null) return null;
  const charged = subscription.lastChargedAt?.getTime() ?? Number.NEGATIVE_INFINITY;
  const from = Math.max(charged, subscription.activatedAt.getTime());
  return fixedTermContractExpiresAt(new Date(from));
}

/** The refusal of a charge or a re-application once the on-demand contract has expired (§12, §14). */
function expiredContract<S extends SubscriptionSnapshot>(
  subscription: S,
  now: Date,
): SubscriptionTransitionResult<S> | undefined {
  const expiresAt = onDemandContractExpiresAt(subscription);
  if (expiresAt === null || now.getTime() < expiresAt.getTime()) return undefined;
  return refused(refuse('subscription_contract_expired', { at: expiresAt }));
}

function consent<S extends SubscriptionSnapshot>(
  subscription: S,
  paidAt: Date | undefined,
  now: Date,
): SubscriptionTransitionResult<S> {
  if (subscription.status === 'incomplete_expired') {
    return { ok: true, subscription, changed: false, notice: 'late_consent' };
  }
  // A repeated result (spec/sbps-au.md §5: "a repeat must answer `OK,` again without
  // double-applying"), or one arriving after the contract ended, changes nothing.
  if (subscription.status !== 'incomplete') return unchanged(subscription);
  // spec/sbps-au.md §14: the first month of a monthly subscription is billed by the purchase;
  // §15: `pay_type=2` activates with a first charge, a D01-1 application or re-application without.
  const firstConsent = subscription.activatedAt === null;
  const charged = firstConsent && subscription.amount !== null;
  return changedTo(subscription, {
    status: 'active',
    activatedAt: now,
    ...(charged ? { lastChargedAt: completedAt(paidAt, now) } : {}),
  });
}

/**
 * An `incomplete` subscription that never was active ends as `incomplete_expired`; one waiting for
 * a re-application goes back to `cancelled`, as its contract still is at SBPS.
 */
function giveUp<S extends SubscriptionSnapshot>(subscription: S): SubscriptionTransitionResult<S> {
  return changedTo(subscription, {
    status: subscription.activatedAt === null ? 'incomplete_expired' : 'cancelled',
  });
}

function expire<S extends SubscriptionSnapshot>(
  subscription: S,
  now: Date,
): SubscriptionTransitionResult<S> {
  if (subscription.status === 'incomplete') {
    if (now.getTime() < subscription.expiresAt.getTime()) {
      return refused(refuse('subscription_not_yet_expired', { at: subscription.expiresAt }));
    }
    return giveUp(subscription);
  }
  if (subscription.status !== 'active') return unchanged(subscription);
  // spec/sbps-au.md §14: only fixed-term / pay-as-you-go contracts expire; SBPS bills recurring
  // simple contracts every month until they are cancelled.
  const expiresAt = onDemandContractExpiresAt(subscription);
  if (expiresAt === null) return wrongKind(subscription, 'expire');
  if (now.getTime() < expiresAt.getTime()) {
    return refused(refuse('subscription_not_yet_expired', { at: expiresAt }));
  }
  return changedTo(subscription, { status: 'expired' });
}

function monthlyChargeFailed<S extends SubscriptionSnapshot>(
  subscription: S,
  month: string,
  now: Date,
): SubscriptionTransitionResult<S> {
  if (subscription.kind !== 'monthly') return wrongKind(subscription, 'monthly_charge_failed');
  if (subscription.status !== 'active') return unchanged(subscription);
  const activatedAt = subscription.activatedAt;
  // SBPS bills from the month after sign-up (the first month is the merchant's purchase, §14) up to
  // the current Japan month (it reports "from the first day of each month", seeds/002).
  const billed =
    isBillingMonth(month) &&
    activatedAt !== null &&
    month > billingMonthOf(activatedAt) &&
    month <= billingMonthOf(now);
  if (!billed) return refused(refuse('billing_month_not_billed', { month }));
  // Reports come "in order" (seeds/002): one for the same or an earlier month is a repeat.
  if (subscription.lastFailedMonth !== null && month <= subscription.lastFailedMonth) {
    return unchanged(subscription);
  }
  return changedTo(subscription, { lastFailedMonth: month });
}

function charge<S extends SubscriptionSnapshot>(
  subscription: S,
  now: Date,
): SubscriptionTransitionResult<S> {
  // spec/sbps-au.md §14: only fixed-term / pay-as-you-go lets the merchant trigger a charge.
  if (subscription.kind !== 'on_demand') return wrongKind(subscription, 'charge_requested');
  // §15: "contract(fixed) active | ST01-00104-402 | cust_code matches, not expired (365 days)".
  if (subscription.status !== 'active') return invalidState(subscription, 'charge_requested');
  const expired = expiredContract(subscription, now);
  if (expired) return expired;
  const last = subscription.lastChargedAt?.getTime() ?? Number.NEGATIVE_INFINITY;
  // A charge dated before the last one (clocks differ) must not move the expiry count backwards.
  return changedTo(subscription, { lastChargedAt: new Date(Math.max(last, now.getTime())) });
}

function cancel<S extends SubscriptionSnapshot>(
  subscription: S,
  event: 'cancel_requested' | 'cancellation_notified',
  now: Date,
): SubscriptionTransitionResult<S> {
  if (subscription.status === 'active') {
    // §15: "contract active | ST02-00302-402 / ST02-00309-402 / A01-1 or D01-1 service_type=1 | cancelled".
    return changedTo(subscription, { status: 'cancelled', cancelledAt: now });
  }
  if (subscription.status === 'cancelled') return unchanged(subscription);
  // SBPS is the truth: its notice about a contract au-pay no longer serves changes nothing. The
  // merchant can only cancel a contract (§11 error 32, §13 L5: there is none before consent).
  return event === 'cancellation_notified'
    ? unchanged(subscription)
    : invalidState(subscription, event);
}

function resume<S extends SubscriptionSnapshot>(
  subscription: S,
  expiresAt: Date,
  now: Date,
): SubscriptionTransitionResult<S> {
  // §7 / §14: re-application (D01-1 service_type=2) exists for fixed-term contracts only.
  if (subscription.kind !== 'on_demand') return wrongKind(subscription, 'resume_requested');
  // §15 "contract(fixed) cancelled | D01-1 service_type=2 | active".
  if (subscription.status !== 'cancelled') return invalidState(subscription, 'resume_requested');
  const expired = expiredContract(subscription, now);
  if (expired) return expired;
  return changedTo(subscription, { status: 'incomplete', expiresAt });
}

/**
 * The subscription status model: what `event` at `now` does to `subscription`. Pure: the same
 * inputs always give the same answer.
 *
 * - `{ ok: true, changed: true }`: the next subscription (other fields are kept).
 * - `{ ok: true, changed: false }`: a repeat, or a report arriving after a later status; with
 *   `notice: 'late_consent'` a consent for a subscription already `incomplete_expired`.
 *   `expired` and `incomplete_expired` are never left.
 * - `{ ok: false, refusal }`: not allowed; `refusal.code` says why, in English and Japanese.
 */
export function transitionSubscription<S extends SubscriptionSnapshot>(
  subscription: S,
  event: SubscriptionEvent,
  now: Date,
): SubscriptionTransitionResult<S> {
  switch (event.type) {
    case 'buyer_consented':
      return consent(subscription, event.paidAt, now);
    case 'consent_failed':
      return subscription.status === 'incomplete' ? giveUp(subscription) : unchanged(subscription);
    case 'expire':
      return expire(subscription, now);
    case 'monthly_charge_failed':
      return monthlyChargeFailed(subscription, event.month, now);
    case 'charge_requested':
      return charge(subscription, now);
    case 'cancel_requested':
    case 'cancellation_notified':
      return cancel(subscription, event.type, now);
    case 'resume_requested':
      return resume(subscription, event.expiresAt, now);
  }
}
