import { describe, expect, it } from 'vitest';
import {
  billingDayOf,
  billingMonthOf,
  billingMonthsBetween,
  isBillingMonth,
  nextBillingDate,
} from './billing-calendar.js';
import type { SubscriptionSnapshot } from './subscription-status.js';

type Billed = Pick<SubscriptionSnapshot, 'kind' | 'status' | 'activatedAt' | 'cancelledAt'>;

function monthly(activatedAt: string, overrides: Partial<Billed> = {}): Billed {
  return {
    kind: 'monthly',
    status: 'active',
    activatedAt: new Date(activatedAt),
    cancelledAt: null,
    ...overrides,
  };
}

describe('billing months (Japan time)', () => {
  it('names the Japan month of an instant', () => {
    expect(billingMonthOf(new Date('2025-03-31T14:59:59Z'))).toBe('2025-03');
    expect(billingMonthOf(new Date('2025-03-31T15:00:00Z'))).toBe('2025-04');
    expect(billingMonthOf(new Date('2025-12-31T15:00:00Z'))).toBe('2026-01');
  });

  it('puts the billing day at 00:00 JST on the 1st', () => {
    expect(billingDayOf('2025-04')).toEqual(new Date('2025-03-31T15:00:00Z'));
    expect(billingDayOf('2026-01')).toEqual(new Date('2025-12-31T15:00:00Z'));
    expect(() => billingDayOf('2025-4')).toThrow(RangeError);
    expect(() => billingDayOf('2025-00')).toThrow(RangeError);
  });

  it('accepts only yyyy-MM keys', () => {
    expect(['2025-04', '2025-12'].every(isBillingMonth)).toBe(true);
    expect(['2025-4', '2025-13', '2025-00', '202504', ' 2025-04'].some(isBillingMonth)).toBe(false);
  });
});

describe('nextBillingDate', () => {
  it('is the 1st of the next month: the sign-up month was charged at sign-up (spec §14)', () => {
    // Sign-up 15 April 2025 10:00 JST.
    const subscription = monthly('2025-04-15T01:00:00Z');
    expect(nextBillingDate(subscription, new Date('2025-04-15T01:00:00Z'))).toEqual(
      new Date('2025-04-30T15:00:00Z'),
    );
  });

  it('does not bill again on the day of a sign-up on the 1st', () => {
    // 1 April 2025 00:00 JST exactly.
    const subscription = monthly('2025-03-31T15:00:00Z');
    expect(nextBillingDate(subscription, new Date('2025-03-31T15:00:00Z'))).toEqual(
      new Date('2025-04-30T15:00:00Z'),
    );
  });

  it('bills one second after a sign-up at 23:59:59 JST on the 31st', () => {
    const subscription = monthly('2025-03-31T14:59:59Z');
    expect(nextBillingDate(subscription, new Date('2025-03-31T14:59:59Z'))).toEqual(
      new Date('2025-03-31T15:00:00Z'),
    );
  });

  it('handles the last day of a short month and the year end', () => {
    // 28 February 2025 (not a leap year) 20:00 JST → 1 March.
    expect(
      nextBillingDate(monthly('2025-02-28T11:00:00Z'), new Date('2025-02-28T11:00:00Z')),
    ).toEqual(new Date('2025-02-28T15:00:00Z'));
    // 31 December 2025 12:00 JST → 1 January 2026.
    expect(
      nextBillingDate(monthly('2025-12-31T03:00:00Z'), new Date('2025-12-31T03:00:00Z')),
    ).toEqual(new Date('2025-12-31T15:00:00Z'));
  });

  it('moves on once a billing day has come, and never reads a clock from before the sign-up', () => {
    const subscription = monthly('2025-04-15T01:00:00Z');
    // 1 May 2025 00:00 JST: May is being billed, June is next.
    expect(nextBillingDate(subscription, new Date('2025-04-30T15:00:00Z'))).toEqual(
      new Date('2025-05-31T15:00:00Z'),
    );
    expect(nextBillingDate(subscription, new Date('2025-03-01T00:00:00Z'))).toEqual(
      new Date('2025-04-30T15:00:00Z'),
    );
  });

  it('is null for on-demand subscriptions and for subscriptions that are not active', () => {
    const now = new Date('2025-05-10T00:00:00Z');
    expect(nextBillingDate(monthly('2025-04-15T01:00:00Z', { kind: 'on_demand' }), now)).toBeNull();
    for (const status of ['incomplete', 'cancelled', 'expired', 'incomplete_expired'] as const) {
      expect(nextBillingDate(monthly('2025-04-15T01:00:00Z', { status }), now)).toBeNull();
    }
    expect(nextBillingDate(monthly('2025-04-15T01:00:00Z', { activatedAt: null }), now)).toBeNull();
  });
});

describe('billingMonthsBetween', () => {
  const subscription = monthly('2025-04-15T01:00:00Z');

  it('names the months whose billing day falls in [from, to), never the sign-up month', () => {
    expect(
      billingMonthsBetween(subscription, new Date('2025-04-01T00:00:00Z'), billingDayOf('2025-08')),
    ).toEqual(['2025-05', '2025-06', '2025-07']);
  });

  it('includes a billing day at from and excludes one at to, so consecutive windows name each month once', () => {
    const may1 = billingDayOf('2025-05');
    const jun1 = billingDayOf('2025-06');
    expect(billingMonthsBetween(subscription, may1, jun1)).toEqual(['2025-05']);
    const windows = [
      [new Date('2025-04-20T00:00:00Z'), may1],
      [may1, new Date('2025-05-20T00:00:00Z')],
      [new Date('2025-05-20T00:00:00Z'), jun1],
      [jun1, new Date('2025-06-25T00:00:00Z')],
    ] as const;
    expect(windows.flatMap(([from, to]) => billingMonthsBetween(subscription, from, to))).toEqual([
      '2025-05',
      '2025-06',
    ]);
  });

  it('starts the month after a sign-up on the 1st or at 23:59:59 JST on the 31st', () => {
    const far = billingDayOf('2025-07');
    const onThe1st = monthly('2025-03-31T15:00:00Z');
    expect(billingMonthsBetween(onThe1st, new Date('2025-03-01T00:00:00Z'), far)).toEqual([
      '2025-05',
      '2025-06',
    ]);
    const lastSecond = monthly('2025-03-31T14:59:59Z');
    expect(billingMonthsBetween(lastSecond, new Date('2025-03-01T00:00:00Z'), far)).toEqual([
      '2025-04',
      '2025-05',
      '2025-06',
    ]);
  });

  it('crosses the year end', () => {
    const december = monthly('2025-12-31T03:00:00Z');
    expect(
      billingMonthsBetween(december, new Date('2025-12-01T00:00:00Z'), billingDayOf('2026-03')),
    ).toEqual(['2026-01', '2026-02']);
  });

  it('stops at the cancellation: a month whose 1st comes after it is not billed', () => {
    const cancelled = monthly('2025-04-15T01:00:00Z', {
      status: 'cancelled',
      cancelledAt: new Date('2025-06-10T00:00:00Z'),
    });
    expect(
      billingMonthsBetween(
        cancelled,
        new Date('2025-04-01T00:00:00Z'),
        new Date('2025-12-01T00:00:00Z'),
      ),
    ).toEqual(['2025-05', '2025-06']);
  });

  it('is empty for on-demand subscriptions, sign-ups never completed and empty intervals', () => {
    const from = new Date('2025-04-01T00:00:00Z');
    const to = new Date('2025-12-01T00:00:00Z');
    expect(billingMonthsBetween({ ...subscription, kind: 'on_demand' }, from, to)).toEqual([]);
    expect(
      billingMonthsBetween({ ...subscription, status: 'incomplete_expired' }, from, to),
    ).toEqual([]);
    expect(billingMonthsBetween({ ...subscription, activatedAt: null }, from, to)).toEqual([]);
    expect(billingMonthsBetween(subscription, to, from)).toEqual([]);
  });
});
