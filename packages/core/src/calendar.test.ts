import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  antomCancellationDeadline,
  antomPaymentExpiresAt,
  antomRefundDeadline,
  auCompletionDeadline,
  cancellationDeadline,
  fixedTermContractExpiresAt,
  formatJapanTime,
  formatSbpsDate,
  japanDateOf,
  japanMidnight,
  parseSbpsDate,
  partialRefundOpen,
  partialRefundOpensAt,
  recurringSimpleFirstMonthRefundOpensAt,
  recurringSimpleRefundDeadline,
  refundDeadline,
  refundWindowClosed,
  SETTLEMENT_WARNING_DAYS,
  sbpsBuyerDeadline,
  sbpsRequestExpired,
  sbpsRequestExpiresAt,
  settlementDeadline,
  settlementWarningAt,
  settlementWindowClosed,
} from './calendar.js';

/** An instant written in Japan time. */
const jst = (local: string): Date => new Date(`${local}+09:00`);
const before = (date: Date): Date => new Date(date.getTime() - 1);

// An independent oracle for the Japan calendar date: the platform's tz database (tests only).
const oracle = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Tokyo',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});
const oracleDate = (instant: Date): string => oracle.format(instant);
const instants = fc.date({
  min: new Date('1990-01-01T00:00:00Z'),
  max: new Date('2099-12-31T00:00:00Z'),
  noInvalidDate: true,
});

describe('japanDateOf and japanMidnight', () => {
  it('reads the Japan date, which is a day ahead of UTC from 15:00 UTC', () => {
    expect(japanDateOf(new Date('2025-01-31T14:59:59.999Z'))).toEqual({
      year: 2025,
      month: 1,
      day: 31,
    });
    expect(japanDateOf(new Date('2025-01-31T15:00:00.000Z'))).toEqual({
      year: 2025,
      month: 2,
      day: 1,
    });
  });

  it('agrees with the tz database for any instant', () => {
    fc.assert(
      fc.property(instants, (instant) => {
        const { year, month, day } = japanDateOf(instant);
        const text = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
        expect(text).toBe(oracleDate(instant));
      }),
    );
  });

  it('rolls day and month overflow into the next month and year', () => {
    expect(japanMidnight(2025, 1, 32)).toEqual(jst('2025-02-01T00:00:00'));
    expect(japanMidnight(2025, 13, 1)).toEqual(jst('2026-01-01T00:00:00'));
  });

  it('keeps two-digit years literal instead of mapping them to the 1900s', () => {
    expect(japanMidnight(50, 1, 1).getUTCFullYear()).toBe(49);
    expect(japanDateOf(japanMidnight(50, 1, 1))).toEqual({ year: 50, month: 1, day: 1 });
  });

  it('refuses an invalid Date', () => {
    expect(() => japanDateOf(new Date(Number.NaN))).toThrow(RangeError);
  });
});

describe('settlementWarningAt: 00:00 JST a week before the settlement deadline', () => {
  it.each([
    // Day 84 of the window begins; the deadline is 00:00 JST of 1 April.
    ['2025-01-01T00:00:00', '2025-03-25T00:00:00'],
    ['2025-01-01T23:59:59.999', '2025-03-25T00:00:00'],
    // Leap year.
    ['2028-01-01T10:00:00', '2028-03-24T00:00:00'],
    // Year end.
    ['2025-12-31T18:00:00', '2026-03-24T00:00:00'],
  ])('purchased %s JST → warned from %s JST', (purchased, warned) => {
    expect(settlementWarningAt(jst(purchased))).toEqual(jst(warned));
  });

  it('counts from the Japan date, not the UTC date', () => {
    // 14:59:59.999 UTC is 23:59:59.999 JST on the 31st; a millisecond later it is 1 February.
    expect(settlementWarningAt(new Date('2025-01-31T14:59:59.999Z'))).toEqual(
      jst('2025-04-24T00:00:00'),
    );
    expect(settlementWarningAt(new Date('2025-01-31T15:00:00Z'))).toEqual(
      jst('2025-04-25T00:00:00'),
    );
  });

  it('is always exactly SETTLEMENT_WARNING_DAYS days of 24 hours before the deadline', () => {
    fc.assert(
      fc.property(instants, (purchasedAt) => {
        expect(
          settlementDeadline(purchasedAt).getTime() - settlementWarningAt(purchasedAt).getTime(),
        ).toBe(SETTLEMENT_WARNING_DAYS * 24 * 3600_000);
      }),
    );
  });
});

describe('settlementDeadline: until the 90th day including the purchase date', () => {
  it.each([
    ['2025-01-01T10:00:00', '2025-04-01T00:00:00'],
    ['2025-01-01T00:00:00', '2025-04-01T00:00:00'],
    ['2025-01-01T23:59:59.999', '2025-04-01T00:00:00'],
    // Leap year: 29 days of February are inside the 90.
    ['2028-01-01T10:00:00', '2028-03-31T00:00:00'],
    ['2028-02-29T12:00:00', '2028-05-29T00:00:00'],
    ['2027-02-28T12:00:00', '2027-05-29T00:00:00'],
    // Year end.
    ['2025-12-31T18:00:00', '2026-03-31T00:00:00'],
  ])('purchased %s JST → closes %s JST', (purchased, closes) => {
    expect(settlementDeadline(jst(purchased))).toEqual(jst(closes));
  });

  it('counts from the Japan date, not the UTC date', () => {
    // Still 31 January in UTC, already 1 February 00:30 in Japan.
    const purchasedAt = new Date('2025-01-31T15:30:00Z');
    expect(settlementDeadline(purchasedAt)).toEqual(jst('2025-05-02T00:00:00'));
    expect(settlementDeadline(new Date('2025-01-31T14:59:59.999Z'))).toEqual(
      jst('2025-05-01T00:00:00'),
    );
  });

  it('is exclusive: one millisecond before is still open, the deadline itself is closed', () => {
    const purchasedAt = jst('2025-01-01T10:00:00');
    const deadline = settlementDeadline(purchasedAt);
    expect(settlementWindowClosed(purchasedAt, before(deadline))).toBe(false);
    expect(settlementWindowClosed(purchasedAt, deadline)).toBe(true);
  });

  it("is cancellation's deadline too", () => {
    fc.assert(
      fc.property(instants, (purchasedAt) => {
        expect(cancellationDeadline(purchasedAt)).toEqual(settlementDeadline(purchasedAt));
      }),
    );
  });

  it('always closes at a Japan midnight exactly 90 Japan days after the purchase date', () => {
    fc.assert(
      fc.property(instants, (purchasedAt) => {
        const deadline = settlementDeadline(purchasedAt);
        const { year, month, day } = japanDateOf(purchasedAt);
        const days = (deadline.getTime() - japanMidnight(year, month, day).getTime()) / 86_400_000;
        expect(days).toBe(90);
        expect(oracleDate(deadline)).not.toBe(oracleDate(before(deadline)));
      }),
    );
  });
});

describe('refundDeadline: until the last day of the month after next including the settlement date', () => {
  it.each([
    ['2025-01-31T12:00:00', '2025-04-01T00:00:00'],
    ['2025-01-01T00:00:00', '2025-04-01T00:00:00'],
    ['2025-10-15T12:00:00', '2026-01-01T00:00:00'],
    // November → through February; December → through March of the next year.
    ['2025-11-30T23:59:59', '2026-02-01T00:00:00'],
    ['2025-12-01T00:00:00', '2026-03-01T00:00:00'],
    ['2025-12-31T23:59:59.999', '2026-03-01T00:00:00'],
    // Through a leap February (29 days) and a common one (28 days).
    ['2027-12-31T09:00:00', '2028-03-01T00:00:00'],
    ['2026-12-15T09:00:00', '2027-03-01T00:00:00'],
    ['2028-02-29T09:00:00', '2028-05-01T00:00:00'],
  ])('settled %s JST → closes %s JST', (settled, closes) => {
    expect(refundDeadline(jst(settled))).toEqual(jst(closes));
  });

  it('follows the Japan month when UTC is still in the previous month', () => {
    expect(refundDeadline(new Date('2025-01-31T15:30:00Z'))).toEqual(jst('2025-05-01T00:00:00'));
    expect(refundDeadline(new Date('2025-01-31T14:59:59.999Z'))).toEqual(
      jst('2025-04-01T00:00:00'),
    );
  });

  it('is exclusive', () => {
    const settledAt = jst('2025-01-31T12:00:00');
    const deadline = refundDeadline(settledAt);
    expect(refundWindowClosed(settledAt, before(deadline))).toBe(false);
    expect(refundWindowClosed(settledAt, deadline)).toBe(true);
  });

  it('always closes on the 1st, three Japan months after the settlement month', () => {
    fc.assert(
      fc.property(instants, (settledAt) => {
        const deadline = refundDeadline(settledAt);
        const settled = japanDateOf(settledAt);
        const closes = japanDateOf(deadline);
        expect(closes.day).toBe(1);
        expect(closes.year * 12 + closes.month - (settled.year * 12 + settled.month)).toBe(3);
        expect(oracleDate(deadline)).toMatch(/-01$/);
        expect(deadline.getTime() % 86_400_000).toBe(15 * 3_600_000);
      }),
    );
  });
});

describe('partialRefundOpensAt: from the 1st of the month after settlement', () => {
  it.each([
    ['2025-01-31T12:00:00', '2025-02-01T00:00:00'],
    ['2025-01-01T00:00:00', '2025-02-01T00:00:00'],
    ['2025-12-31T23:59:59', '2026-01-01T00:00:00'],
    ['2028-01-31T09:00:00', '2028-02-01T00:00:00'],
    ['2028-02-29T09:00:00', '2028-03-01T00:00:00'],
  ])('settled %s JST → opens %s JST', (settled, opens) => {
    expect(partialRefundOpensAt(jst(settled))).toEqual(jst(opens));
  });

  it('follows the Japan month', () => {
    expect(partialRefundOpensAt(new Date('2025-01-31T15:30:00Z'))).toEqual(
      jst('2025-03-01T00:00:00'),
    );
  });

  it('is exclusive: closed one millisecond before, open at the instant', () => {
    const settledAt = jst('2025-01-31T12:00:00');
    const opensAt = partialRefundOpensAt(settledAt);
    expect(partialRefundOpen(settledAt, before(opensAt))).toBe(false);
    expect(partialRefundOpen(settledAt, opensAt)).toBe(true);
  });
});

describe('recurring billing', () => {
  it('refunds a recurring-simple purchase until the end of the month after next from the purchase request', () => {
    expect(recurringSimpleRefundDeadline(jst('2025-11-20T10:00:00'))).toEqual(
      jst('2026-02-01T00:00:00'),
    );
  });

  it('opens the first month of a recurring-simple purchase for refund on the 1st of the next month', () => {
    expect(recurringSimpleFirstMonthRefundOpensAt(jst('2025-12-20T10:00:00'))).toEqual(
      jst('2026-01-01T00:00:00'),
    );
  });

  it('expires a fixed-term contract at the end of the 365th day counted from the last payment', () => {
    expect(fixedTermContractExpiresAt(jst('2025-03-01T10:00:00'))).toEqual(
      jst('2026-03-01T00:00:00'),
    );
    // 29 February 2028 is inside the 365 days.
    expect(fixedTermContractExpiresAt(jst('2027-03-01T10:00:00'))).toEqual(
      jst('2028-02-29T00:00:00'),
    );
  });
});

describe('SBPS request validity and the 4-minute au rule', () => {
  const requestDate = jst('2025-03-01T12:00:00');

  it('keeps a request valid through request_date + limit_second and refuses it after', () => {
    const expiresAt = sbpsRequestExpiresAt(requestDate, 600);
    expect(expiresAt).toEqual(new Date(jst('2025-03-01T12:10:00').getTime() + 1));
    expect(sbpsRequestExpired(requestDate, 600, jst('2025-03-01T12:10:00'))).toBe(false);
    expect(sbpsRequestExpired(requestDate, 600, expiresAt)).toBe(true);
  });

  it('accepts limit_second from 1 to 9999 only', () => {
    expect(sbpsRequestExpiresAt(requestDate, 9999).getTime() - requestDate.getTime()).toBe(
      9_999_001,
    );
    expect(sbpsRequestExpiresAt(requestDate, 1).getTime() - requestDate.getTime()).toBe(1001);
    for (const bad of [0, 10_000, 1.5, -1, Number.NaN]) {
      expect(() => sbpsRequestExpiresAt(requestDate, bad)).toThrow(/limit_second/);
    }
  });

  it('gives the buyer 4 minutes from the start, inclusive', () => {
    const startedAt = jst('2025-03-01T12:05:00');
    expect(auCompletionDeadline(startedAt).getTime() - startedAt.getTime()).toBe(4 * 60_000 + 1);
  });

  it('lets a buyer who starts at the last valid instant finish 4 minutes later', () => {
    expect(sbpsBuyerDeadline(requestDate, 600)).toEqual(
      new Date(jst('2025-03-01T12:14:00').getTime() + 1),
    );
  });
});

describe('Antom windows', () => {
  it('expires an unpaid payment 14 minutes after Antom created it', () => {
    const createdAt = jst('2025-11-17T08:00:00');
    expect(antomPaymentExpiresAt(createdAt)).toEqual(jst('2025-11-17T08:14:00'));
  });

  it('closes refunds 60 × 24 hours after the payment, whatever the calendar', () => {
    const paidAt = jst('2025-11-17T08:03:12');
    expect(antomRefundDeadline(paidAt)).toEqual(jst('2026-01-16T08:03:12'));
  });
});

describe('Antom cancellation of a paid payment: until 00:15 UTC+8 the next day (spec/antom-au.md §7)', () => {
  const utc8 = (local: string): Date => new Date(`${local}+08:00`);

  it('closes at 00:15 UTC+8 on the day after the UTC+8 payment date, exclusive', () => {
    expect(antomCancellationDeadline(utc8('2025-11-16T19:40:10'))).toEqual(
      utc8('2025-11-17T00:15:00'),
    );
    expect(antomCancellationDeadline(utc8('2025-11-16T00:00:00'))).toEqual(
      utc8('2025-11-17T00:15:00'),
    );
    expect(antomCancellationDeadline(utc8('2025-11-16T23:59:59.999'))).toEqual(
      utc8('2025-11-17T00:15:00'),
    );
  });

  it('counts the day in UTC+8, not in Japan: 00:30 JST is still the previous day in UTC+8', () => {
    // 2025-11-17 00:30 JST = 2025-11-16 23:30 UTC+8 → closes 17 November 00:15 UTC+8 (01:15 JST).
    expect(antomCancellationDeadline(new Date('2025-11-17T00:30:00+09:00'))).toEqual(
      new Date('2025-11-17T01:15:00+09:00'),
    );
  });

  it('crosses month and year ends', () => {
    expect(antomCancellationDeadline(utc8('2025-12-31T12:00:00'))).toEqual(
      utc8('2026-01-01T00:15:00'),
    );
    expect(antomCancellationDeadline(utc8('2028-02-28T12:00:00'))).toEqual(
      utc8('2028-02-29T00:15:00'),
    );
  });

  it('refuses an invalid date', () => {
    expect(() => antomCancellationDeadline(new Date(Number.NaN))).toThrow(RangeError);
  });
});

describe('SBPS dates yyyyMMddHHmmss in JST', () => {
  it('formats in Japan time, dropping milliseconds', () => {
    expect(formatSbpsDate(new Date('2025-03-01T03:00:00.999Z'))).toBe('20250301120000');
    expect(formatSbpsDate(new Date('2025-12-31T15:00:00Z'))).toBe('20260101000000');
  });

  it('parses Japan time', () => {
    expect(parseSbpsDate('20250301120000')).toEqual(new Date('2025-03-01T03:00:00Z'));
    expect(parseSbpsDate('20260101000000')).toEqual(new Date('2025-12-31T15:00:00Z'));
    expect(parseSbpsDate('20280229235959')).toEqual(jst('2028-02-29T23:59:59'));
    expect(parseSbpsDate('00500101000000')).toEqual(japanMidnight(50, 1, 1));
  });

  it.each([
    ['20250229000000', 'no 29 February in 2025'],
    ['20250230000000', 'no 30 February'],
    ['20250431000000', 'no 31 April'],
    ['20251301000000', 'no month 13'],
    ['20250001000000', 'no month 0'],
    ['20250100000000', 'no day 0'],
    ['20250101240000', 'no hour 24'],
    ['20250101006000', 'no minute 60'],
    ['20250101000060', 'no second 60'],
  ])('refuses %s (%s)', (text) => {
    expect(() => parseSbpsDate(text)).toThrow(/does not exist|not a date/);
  });

  it.each([
    '2025030112000',
    '202503011200000',
    '',
    ' 20250301120000',
    '2025-03-01T12:00',
    '２０２５０３０１１２００００',
    '2025030112000a',
  ])('refuses the malformed %j', (text) => {
    expect(() => parseSbpsDate(text)).toThrow(/yyyyMMddHHmmss/);
  });

  it('refuses to format what does not fit 4 digits of year, or an invalid Date', () => {
    expect(() => formatSbpsDate(new Date('+010000-01-01T00:00:00Z'))).toThrow(RangeError);
    expect(() => formatSbpsDate(new Date(Number.NaN))).toThrow(RangeError);
  });

  it('round-trips every instant to the second', () => {
    fc.assert(
      fc.property(instants, (instant) => {
        const text = formatSbpsDate(instant);
        expect(text).toMatch(/^\d{14}$/);
        expect(parseSbpsDate(text).getTime()).toBe(Math.floor(instant.getTime() / 1000) * 1000);
      }),
    );
  });
});

describe('formatJapanTime', () => {
  it('writes an instant as Japan time in both languages', () => {
    const instant = new Date('2025-03-31T15:00:00Z');
    expect(formatJapanTime(instant, 'en')).toBe('2025-04-01 00:00 JST');
    expect(formatJapanTime(instant, 'ja')).toBe('2025年4月1日 0:00（日本時間）');
  });
});
