/**
 * Japan-time rules of au PAY. Japan has used UTC+9 without daylight saving since 1952, so every
 * rule is plain arithmetic on a fixed offset: no `Intl` time-zone data, identical in Node and in
 * browsers (spec/sbps-au.md §1 "time zone of every date field", §16).
 *
 * Every deadline here is an EXCLUSIVE instant: the first millisecond at which the action is no
 * longer allowed (or, for an opening, first allowed).
 */

import type { Lang } from './localized-text.js';

const MINUTE_MS = 60 * 1000;
const DAY_MS = 24 * 60 * MINUTE_MS;
const JST_OFFSET_MS = 9 * 60 * MINUTE_MS;
/** Antom states its cancellation window in UTC+8 (spec/antom-au.md §7). */
const UTC8_OFFSET_MS = 8 * 60 * MINUTE_MS;

/** A calendar date in Japan; `month` is 1–12. */
export interface JapanDate {
  year: number;
  month: number;
  day: number;
}

function assertValidDate(date: Date, name: string): number {
  const time = date.getTime();
  if (Number.isNaN(time)) throw new RangeError(`${name} is an invalid Date.`);
  return time;
}

/** The Japan calendar date of an instant. */
export function japanDateOf(instant: Date): JapanDate {
  const shifted = new Date(assertValidDate(instant, 'instant') + JST_OFFSET_MS);
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
  };
}

/**
 * 00:00 JST of a Japan date. Day and month overflow roll over like `Date.UTC` (day 32 of January
 * is 1 February, month 13 is January of the next year), which is what the deadline rules need.
 */
export function japanMidnight(year: number, month: number, day: number): Date {
  // setUTCFullYear, not Date.UTC: Date.UTC maps years 0–99 to 1900–1999.
  const utc = new Date(0);
  utc.setUTCFullYear(year, month - 1, day);
  return new Date(utc.getTime() - JST_OFFSET_MS);
}

/**
 * Specified-sales settlement: "Until the 90th day including the date of purchase request process"
 * (seeds/002, spec/sbps-au.md §16). Day 1 is the JST purchase date, day 90 is 89 days later, so the
 * window closes at 00:00 JST of the purchase date + 90 days. Also the settlement window of a
 * fixed-term charge, counted from its ST01-00104-402 request.
 */
export function settlementDeadline(purchasedAt: Date): Date {
  const { year, month, day } = japanDateOf(purchasedAt);
  return japanMidnight(year, month, day + 90);
}

/**
 * How many days before the settlement deadline the merchant is warned that an authorization is
 * about to lapse unsettled (au-pay issue #15): a week, time to ship and capture.
 */
export const SETTLEMENT_WARNING_DAYS = 7;

/**
 * When the warning is due: 00:00 JST seven days before `settlementDeadline`, the start of day 84
 * counted like the deadline (day 1 = the JST purchase date).
 */
export function settlementWarningAt(purchasedAt: Date): Date {
  const { year, month, day } = japanDateOf(purchasedAt);
  return japanMidnight(year, month, day + 90 - SETTLEMENT_WARNING_DAYS);
}

/** Specified-sales cancellation: the same wording and window as settlement (seeds/002, §16). */
export function cancellationDeadline(purchasedAt: Date): Date {
  return settlementDeadline(purchasedAt);
}

/**
 * Refund: "Until the last day of the month after next including the date of settlement process"
 * (seeds/002, spec/sbps-au.md §16): closes at 00:00 JST on the 1st of the third month after the
 * JST settlement month (January settlement → 1 April).
 */
export function refundDeadline(settledAt: Date): Date {
  const { year, month } = japanDateOf(settledAt);
  return japanMidnight(year, month + 3, 1);
}

/**
 * Partial refund: "available after the first day of the next month of the settlement process"
 * (seeds/002 ※2; error 28 "only from the month after the sales-confirmation date", spec/sbps-au.md
 * §8): opens at 00:00 JST on the 1st of the month after the JST settlement month.
 */
export function partialRefundOpensAt(settledAt: Date): Date {
  const { year, month } = japanDateOf(settledAt);
  return japanMidnight(year, month + 1, 1);
}

/**
 * Recurring (simple) refund: "Until the last day of the month after next including the date of
 * purchase request process" (seeds/002): counted from the purchase request, not from a settlement.
 */
export function recurringSimpleRefundDeadline(purchaseRequestedAt: Date): Date {
  return refundDeadline(purchaseRequestedAt);
}

/**
 * Recurring (simple) first month: "The money billed in the first month can be refunded from the
 * first day of the next month of the date of the purchase request process" (seeds/002).
 */
export function recurringSimpleFirstMonthRefundOpensAt(purchaseRequestedAt: Date): Date {
  return partialRefundOpensAt(purchaseRequestedAt);
}

/**
 * Recurring (fixed term / pay as you go) contract: "Expiration date of the recurring billing from
 * the date of last payment process | 365th day" (seeds/002). Read like the 90-day rule (the last
 * payment date is day 1): expires at 00:00 JST of the last payment date + 365 days
 * (spec/sbps-au.md §16 [A]).
 */
export function fixedTermContractExpiresAt(lastPaymentAt: Date): Date {
  const { year, month, day } = japanDateOf(lastPaymentAt);
  return japanMidnight(year, month, day + 365);
}

/** spec/sbps-au.md §2: `limit_second` is 4 digits, so at most 9999. */
export const maxLimitSecond = 9999;

/**
 * SBPS request validity: "A request received after `request_date + limit_second` fails with error
 * type 10" (spec/sbps-au.md §2). A request received exactly at that sum is not "after" it, so the
 * first refused instant is one millisecond later. `requestDate` is the `request_date` sent (whole
 * seconds, see parseSbpsDate); `limitSecond` is an integer 1–9999.
 */
export function sbpsRequestExpiresAt(requestDate: Date, limitSecond: number): Date {
  if (!Number.isInteger(limitSecond) || limitSecond < 1 || limitSecond > maxLimitSecond) {
    throw new RangeError(
      `limit_second must be an integer from 1 to ${maxLimitSecond}, got ${limitSecond}.`,
    );
  }
  return new Date(assertValidDate(requestDate, 'requestDate') + limitSecond * 1000 + 1);
}

/** The 4-minute au rule: "the payment shall be complete within 4 minutes after the payment is started" (seeds/002). */
export const auCompletionMs = 4 * MINUTE_MS;

/**
 * The 4-minute au rule, counted from the moment the buyer started the payment (the first au
 * screen, spec/sbps-au.md §17 item 15). Completing at exactly 4 minutes is still "within", so the
 * first late instant is one millisecond after.
 */
export function auCompletionDeadline(startedAt: Date): Date {
  return new Date(assertValidDate(startedAt, 'startedAt') + auCompletionMs + 1);
}

/**
 * The last moment an SBPS link-type purchase can still succeed: a buyer "can make a payment even
 * when the due date of payment has passed provided he/she starts the payment before" it, then has
 * 4 minutes (seeds/002; spec/sbps-au.md §17 item 15 takes the due date as request validity). So
 * the latest start is `request_date + limit_second` and the latest completion 4 minutes later.
 */
export function sbpsBuyerDeadline(requestDate: Date, limitSecond: number): Date {
  return new Date(sbpsRequestExpiresAt(requestDate, limitSecond).getTime() + auCompletionMs);
}

/** seeds/000 (Antom): "Default timeout | 14 minutes". */
export const antomPaymentTimeoutMs = 14 * MINUTE_MS;

/**
 * Antom expiry of an unpaid au payment: 14 minutes after Antom created it (`paymentCreateTime`,
 * i.e. the pay request; spec/antom-au.md §10). At exactly 14 minutes the time has passed.
 */
export function antomPaymentExpiresAt(paymentCreatedAt: Date): Date {
  return new Date(assertValidDate(paymentCreatedAt, 'paymentCreatedAt') + antomPaymentTimeoutMs);
}

/**
 * Antom refund: "Refund period | 60 days" (seeds/000), counted as 60 × 24 hours from the successful
 * payment (`paymentTime`, i.e. the capture instant). Antom states no calendar or time zone for it,
 * so elapsed time is the reading that does not depend on one.
 */
export function antomRefundDeadline(paidAt: Date): Date {
  return new Date(assertValidDate(paidAt, 'paidAt') + 60 * DAY_MS);
}

/**
 * Antom cancellation of a paid payment: "until 00:15 on T+1 (UTC+8)", T being the payment date in
 * UTC+8 (spec/antom-au.md §7, §10; DESIGN "Time rules"), i.e. 01:15 JST the next day. Antom lists
 * no special window for au, so the rule for other payment methods applies (spec/antom-au.md §13).
 */
export function antomCancellationDeadline(paidAt: Date): Date {
  const utc8 = new Date(assertValidDate(paidAt, 'paidAt') + UTC8_OFFSET_MS);
  const nextDay0015 = Date.UTC(
    utc8.getUTCFullYear(),
    utc8.getUTCMonth(),
    utc8.getUTCDate() + 1,
    0,
    15,
  );
  return new Date(nextDay0015 - UTC8_OFFSET_MS);
}

/** True from the first instant a purchase can no longer be settled or cancelled (SBPS error 33). */
export function settlementWindowClosed(purchasedAt: Date, now: Date): boolean {
  return now.getTime() >= settlementDeadline(purchasedAt).getTime();
}

/** True from the first instant a settled payment can no longer be refunded (SBPS error 31). */
export function refundWindowClosed(settledAt: Date, now: Date): boolean {
  return now.getTime() >= refundDeadline(settledAt).getTime();
}

/** True once a partial refund of a settled payment is possible (before it: SBPS error 28). */
export function partialRefundOpen(settledAt: Date, now: Date): boolean {
  return now.getTime() >= partialRefundOpensAt(settledAt).getTime();
}

/** True once an SBPS request has expired (`request_date + limit_second` has passed). */
export function sbpsRequestExpired(requestDate: Date, limitSecond: number, now: Date): boolean {
  return now.getTime() >= sbpsRequestExpiresAt(requestDate, limitSecond).getTime();
}

const SBPS_DATE = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/;

function twoDigits(value: number): string {
  return String(value).padStart(2, '0');
}

/**
 * `yyyyMMddHHmmss` in JST, as SBPS wants `request_date` and sends `res_date`, `res_payment_date`
 * and the like (spec/sbps-au.md §2 "Never format with UTC"). Milliseconds are dropped.
 */
export function formatSbpsDate(date: Date): string {
  const shifted = new Date(assertValidDate(date, 'date') + JST_OFFSET_MS);
  const year = shifted.getUTCFullYear();
  if (year < 0 || year > 9999) throw new RangeError(`Year ${year} does not fit yyyyMMddHHmmss.`);
  return (
    String(year).padStart(4, '0') +
    twoDigits(shifted.getUTCMonth() + 1) +
    twoDigits(shifted.getUTCDate()) +
    twoDigits(shifted.getUTCHours()) +
    twoDigits(shifted.getUTCMinutes()) +
    twoDigits(shifted.getUTCSeconds())
  );
}

/**
 * Reads a 14-digit `yyyyMMddHHmmss` JST date. Throws a RangeError for anything else, including
 * dates that do not exist (30 February, hour 24, second 60).
 */
export function parseSbpsDate(text: string): Date {
  const match = SBPS_DATE.exec(text);
  if (!match) {
    throw new RangeError(
      `Expected an SBPS date yyyyMMddHHmmss (14 half-width digits, JST), got ${JSON.stringify(text)}.`,
    );
  }
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const midnight = japanMidnight(year, month, day);
  const sameDate = japanDateOf(midnight);
  const exists =
    sameDate.month === month && sameDate.day === day && hour <= 23 && minute <= 59 && second <= 59;
  if (!exists) throw new RangeError(`${text} is not a date and time that exists.`);
  return new Date(midnight.getTime() + ((hour * 60 + minute) * 60 + second) * 1000);
}

/** An instant as Japan time for people: `2025-04-01 00:00 JST` / `2025年4月1日 0:00（日本時間）`. */
export function formatJapanTime(instant: Date, lang: Lang): string {
  const shifted = new Date(assertValidDate(instant, 'instant') + JST_OFFSET_MS);
  const year = shifted.getUTCFullYear();
  const month = shifted.getUTCMonth() + 1;
  const day = shifted.getUTCDate();
  const hour = shifted.getUTCHours();
  const minute = twoDigits(shifted.getUTCMinutes());
  if (lang === 'ja') return `${year}年${month}月${day}日 ${hour}:${minute}（日本時間）`;
  return `${year}-${twoDigits(month)}-${twoDigits(day)} ${twoDigits(hour)}:${minute} JST`;
}
