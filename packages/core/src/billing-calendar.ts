import { japanDateOf, japanMidnight } from './calendar.js';
import type { SubscriptionSnapshot } from './subscription-status.js';

/*
 * SBPS's monthly billing of recurring-simple (`monthly`) subscriptions: "SBPS automatically bills
 * on the first day of each month" and "First month: Billing processing is performed by the
 * Merchant. Second month onward: Not necessary" (seeds/002, spec/sbps-au.md §14, §16). Japan time,
 * no daylight saving (calendar.ts).
 */

/** A billing month in Japan time, `yyyy-MM` (`2025-04`): the key of one monthly charge. */
export type BillingMonth = `${number}-${number}`;

const BILLING_MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** True for a well-formed `yyyy-MM` billing month key. */
export function isBillingMonth(value: string): value is BillingMonth {
  return BILLING_MONTH.test(value);
}

function monthKey(year: number, month: number): BillingMonth {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}` as BillingMonth;
}

/** The Japan-time billing month an instant falls in: `2025-03-31T15:00:00Z` is `2025-04`. */
export function billingMonthOf(instant: Date): BillingMonth {
  const { year, month } = japanDateOf(instant);
  return monthKey(year, month);
}

/** SBPS's billing day of a month: 00:00 JST on its 1st. Throws a RangeError for a malformed key. */
export function billingDayOf(month: string): Date {
  const match = BILLING_MONTH.exec(month);
  if (!match) {
    throw new RangeError(`Expected a billing month yyyy-MM, got ${JSON.stringify(month)}.`);
  }
  return japanMidnight(Number(match[1]), Number(match[2]), 1);
}

/** The 1st (00:00 JST) of the month after the Japan month of `instant`. */
function firstOfNextMonth(instant: Date): Date {
  const { year, month } = japanDateOf(instant);
  return japanMidnight(year, month + 1, 1);
}

type BilledSubscription = Pick<
  SubscriptionSnapshot,
  'kind' | 'status' | 'activatedAt' | 'cancelledAt'
>;

/**
 * When SBPS next bills an active `monthly` subscription: 00:00 JST on the 1st of the month after
 * `now`'s Japan month. The sign-up month was charged at sign-up, so a subscription that starts on
 * the 1st is next billed a month later, and one that starts at 23:59:59 JST on the 31st is billed
 * one second later (spec/sbps-au.md §14). Null for anything SBPS does not bill by itself (`on_demand`,
 * or a subscription that is not active).
 */
export function nextBillingDate(subscription: BilledSubscription, now: Date): Date | null {
  if (subscription.kind !== 'monthly' || subscription.status !== 'active') return null;
  const activatedAt = subscription.activatedAt;
  if (activatedAt === null) return null;
  // A clock reading from before the sign-up says nothing earlier than the month after it.
  return firstOfNextMonth(now.getTime() < activatedAt.getTime() ? activatedAt : now);
}

/**
 * The months SBPS bills a `monthly` subscription whose billing day (00:00 JST on the 1st) falls in
 * `[from, to)`: after the sign-up month (charged at sign-up, §14) and before its cancellation. The
 * interval is half-open, so consecutive windows of a recording job (`[t0, t1)`, `[t1, t2)`) name
 * each month once; the month key makes recording a month twice a no-op. Empty for `on_demand` and
 * for subscriptions that never became active.
 */
export function billingMonthsBetween(
  subscription: BilledSubscription,
  from: Date,
  to: Date,
): BillingMonth[] {
  if (subscription.kind !== 'monthly' || subscription.activatedAt === null) return [];
  if (subscription.status !== 'active' && subscription.status !== 'cancelled') return [];
  const ends = subscription.status === 'cancelled' ? subscription.cancelledAt : null;
  const end = Math.min(to.getTime(), ends?.getTime() ?? Number.POSITIVE_INFINITY);
  const months: BillingMonth[] = [];
  let day = firstOfNextMonth(subscription.activatedAt);
  while (day.getTime() < from.getTime()) day = firstOfNextMonth(day);
  for (; day.getTime() < end; day = firstOfNextMonth(day)) months.push(billingMonthOf(day));
  return months;
}
