import { describe, expect, it } from 'vitest';
import type { SubscriptionEvent, SubscriptionSnapshot } from './subscription-status.js';
import {
  isTerminalSubscriptionStatus,
  onDemandContractExpiresAt,
  subscriptionStatuses,
  transitionSubscription,
} from './subscription-status.js';

/** 2025-04-15 10:00 JST. */
const created = new Date('2025-04-15T01:00:00Z');
const minutes = (n: number) => n * 60_000;
const after = (base: Date, ms: number) => new Date(base.getTime() + ms);

function incomplete(overrides: Partial<SubscriptionSnapshot> = {}): SubscriptionSnapshot {
  return {
    kind: 'monthly',
    status: 'incomplete',
    amount: 980,
    expiresAt: after(created, minutes(14)),
    activatedAt: null,
    lastChargedAt: null,
    cancelledAt: null,
    lastFailedMonth: null,
    ...overrides,
  };
}

function active(overrides: Partial<SubscriptionSnapshot> = {}): SubscriptionSnapshot {
  const activatedAt = after(created, minutes(2));
  return incomplete({ status: 'active', activatedAt, lastChargedAt: activatedAt, ...overrides });
}

function apply(subscription: SubscriptionSnapshot, event: SubscriptionEvent, now: Date) {
  const result = transitionSubscription(subscription, event, now);
  if (!result.ok) throw new Error(`refused: ${result.refusal.code}`);
  return result;
}

function refusalOf(subscription: SubscriptionSnapshot, event: SubscriptionEvent, now: Date) {
  const result = transitionSubscription(subscription, event, now);
  if (result.ok) throw new Error(`expected a refusal, got ${result.subscription.status}`);
  return result.refusal;
}

describe('buyer consent (A02-1 / D01-1 result OK)', () => {
  it('activates a monthly subscription and counts the sign-up as its first charge (spec §14)', () => {
    const now = after(created, minutes(3));
    const paidAt = after(created, minutes(2));
    const result = apply(incomplete(), { type: 'buyer_consented', paidAt }, now);
    expect(result.changed).toBe(true);
    expect(result.subscription).toMatchObject({
      status: 'active',
      activatedAt: now,
      lastChargedAt: paidAt,
    });
  });

  it('activates an on-demand D01-1 application without a charge (spec §7, §15)', () => {
    const now = after(created, minutes(3));
    const subscription = incomplete({ kind: 'on_demand', amount: null });
    const result = apply(subscription, { type: 'buyer_consented' }, now);
    expect(result.subscription).toMatchObject({
      status: 'active',
      activatedAt: now,
      lastChargedAt: null,
    });
  });

  it('takes a res_payment_date later than the report as the report time', () => {
    const now = after(created, minutes(3));
    const result = apply(
      incomplete({ kind: 'on_demand', amount: 500 }),
      { type: 'buyer_consented', paidAt: after(now, 5_000) },
      now,
    );
    expect(result.subscription.lastChargedAt).toEqual(now);
  });

  it('changes nothing on a repeated notification', () => {
    const subscription = active();
    const result = apply(subscription, { type: 'buyer_consented' }, after(created, minutes(5)));
    expect(result).toEqual({ ok: true, subscription, changed: false });
  });

  it('does not revive an incomplete_expired subscription, and flags the contract SBPS now holds', () => {
    const subscription = incomplete({ status: 'incomplete_expired' });
    const result = apply(subscription, { type: 'buyer_consented' }, after(created, minutes(30)));
    expect(result).toEqual({ ok: true, subscription, changed: false, notice: 'late_consent' });
  });
});

describe('consent failed and timed out', () => {
  it('ends a sign-up that failed as incomplete_expired', () => {
    const result = apply(incomplete(), { type: 'consent_failed' }, after(created, minutes(1)));
    expect(result.subscription.status).toBe('incomplete_expired');
  });

  it('ignores a failure reported after the consent', () => {
    const subscription = active();
    expect(apply(subscription, { type: 'consent_failed' }, after(created, minutes(5)))).toEqual({
      ok: true,
      subscription,
      changed: false,
    });
  });

  it('expires an incomplete subscription at expiresAt, not a millisecond before', () => {
    const subscription = incomplete();
    expect(
      refusalOf(subscription, { type: 'expire' }, after(subscription.expiresAt, -1)),
    ).toMatchObject({ code: 'subscription_not_yet_expired', at: subscription.expiresAt });
    expect(
      apply(subscription, { type: 'expire' }, subscription.expiresAt).subscription.status,
    ).toBe('incomplete_expired');
  });

  it('sends a re-application that failed or timed out back to cancelled', () => {
    const resumed = active({
      kind: 'on_demand',
      status: 'incomplete',
      cancelledAt: after(created, minutes(10)),
    });
    expect(apply(resumed, { type: 'consent_failed' }, resumed.expiresAt).subscription.status).toBe(
      'cancelled',
    );
    expect(apply(resumed, { type: 'expire' }, resumed.expiresAt).subscription.status).toBe(
      'cancelled',
    );
  });
});

describe('monthly charge failed (A02-1 NG for a month, spec §5)', () => {
  // Signed up on 15 April 2025 (JST): SBPS bills from May.
  const may2 = new Date('2025-05-02T00:00:00Z');

  it('records the month once, so the merchant is told once', () => {
    const first = apply(active(), { type: 'monthly_charge_failed', month: '2025-05' }, may2);
    expect(first.changed).toBe(true);
    expect(first.subscription).toMatchObject({ status: 'active', lastFailedMonth: '2025-05' });
    const again = apply(
      first.subscription,
      { type: 'monthly_charge_failed', month: '2025-05' },
      may2,
    );
    expect(again.changed).toBe(false);
  });

  it('refuses the sign-up month, a future month and a malformed key', () => {
    for (const month of ['2025-04', '2025-06', '2025-5', '2025-13', 'May']) {
      expect(refusalOf(active(), { type: 'monthly_charge_failed', month }, may2)).toMatchObject({
        code: 'billing_month_not_billed',
        month,
      });
    }
  });

  it('refuses on-demand subscriptions, which SBPS never bills by itself (spec §14)', () => {
    const refusal = refusalOf(
      active({ kind: 'on_demand' }),
      { type: 'monthly_charge_failed', month: '2025-05' },
      may2,
    );
    expect(refusal).toMatchObject({ code: 'subscription_kind_mismatch', kind: 'on_demand' });
  });
});

describe('charges of on-demand subscriptions (ST01-00104-402, spec §12, §15)', () => {
  const onDemand = active({ kind: 'on_demand', amount: null, lastChargedAt: null });

  it('records an accepted charge as the last payment process', () => {
    const now = new Date('2025-06-01T03:00:00Z');
    const result = apply(onDemand, { type: 'charge_requested' }, now);
    expect(result.changed).toBe(true);
    expect(result.subscription).toMatchObject({ status: 'active', lastChargedAt: now });
  });

  it('never moves the last charge backwards', () => {
    const last = new Date('2025-06-01T03:00:00Z');
    const charged = active({ kind: 'on_demand', lastChargedAt: last });
    const result = apply(charged, { type: 'charge_requested' }, after(last, -1000));
    expect(result.subscription.lastChargedAt).toEqual(last);
  });

  it('refuses monthly subscriptions, and on-demand ones that are not active', () => {
    const now = new Date('2025-06-01T03:00:00Z');
    expect(refusalOf(active(), { type: 'charge_requested' }, now)).toMatchObject({
      code: 'subscription_kind_mismatch',
      kind: 'monthly',
      subscriptionEvent: 'charge_requested',
    });
    for (const status of ['incomplete', 'cancelled', 'expired', 'incomplete_expired'] as const) {
      expect(refusalOf({ ...onDemand, status }, { type: 'charge_requested' }, now)).toMatchObject({
        code: 'subscription_invalid_state',
        subscriptionStatus: status,
      });
    }
  });

  it('refuses a charge from the contract expiry on, even before the clock marked it expired', () => {
    const expiresAt = onDemandContractExpiresAt(onDemand);
    if (expiresAt === null) throw new Error('an active on-demand contract expires');
    expect(apply(onDemand, { type: 'charge_requested' }, after(expiresAt, -1)).changed).toBe(true);
    expect(refusalOf(onDemand, { type: 'charge_requested' }, expiresAt)).toMatchObject({
      code: 'subscription_contract_expired',
      at: expiresAt,
    });
  });
});

describe('on-demand contract expiry (365th day, spec §16)', () => {
  it('counts the last charge as day 1 in Japan time and ends at 00:00 JST of that date + 365 days', () => {
    // Last charge 2025-03-31 23:59:59 JST: day 1 is 31 March 2025, day 365 is 30 March 2026.
    const lastChargedAt = new Date('2025-03-31T14:59:59Z');
    const subscription = active({ kind: 'on_demand', activatedAt: lastChargedAt, lastChargedAt });
    expect(onDemandContractExpiresAt(subscription)).toEqual(new Date('2026-03-30T15:00:00Z'));
    // One second later it is 1 April 2025 in Japan: one more day.
    const nextDay = { ...subscription, lastChargedAt: after(lastChargedAt, 1000) };
    expect(onDemandContractExpiresAt(nextDay)).toEqual(new Date('2026-03-31T15:00:00Z'));
  });

  it('counts from the activation when never charged, and from a re-application when later', () => {
    const activatedAt = new Date('2024-02-29T01:00:00Z');
    const never = active({ kind: 'on_demand', amount: null, activatedAt, lastChargedAt: null });
    // 2024 is a leap year: 29 February 2024 + 365 days is 28 February 2025.
    expect(onDemandContractExpiresAt(never)).toEqual(new Date('2025-02-27T15:00:00Z'));
    const reapplied = active({
      kind: 'on_demand',
      activatedAt: new Date('2025-01-10T01:00:00Z'),
      lastChargedAt: activatedAt,
    });
    expect(onDemandContractExpiresAt(reapplied)).toEqual(new Date('2026-01-09T15:00:00Z'));
  });

  it('has no expiry for monthly subscriptions or before the first consent', () => {
    expect(onDemandContractExpiresAt(active())).toBeNull();
    expect(onDemandContractExpiresAt(incomplete({ kind: 'on_demand' }))).toBeNull();
  });

  it('expires an active on-demand contract at its expiry instant, not before', () => {
    const subscription = active({ kind: 'on_demand' });
    const expiresAt = onDemandContractExpiresAt(subscription);
    if (expiresAt === null) throw new Error('an active on-demand contract expires');
    expect(refusalOf(subscription, { type: 'expire' }, after(expiresAt, -1))).toMatchObject({
      code: 'subscription_not_yet_expired',
      at: expiresAt,
    });
    expect(apply(subscription, { type: 'expire' }, expiresAt).subscription.status).toBe('expired');
  });

  it('refuses to expire a monthly subscription, which runs until cancelled', () => {
    expect(refusalOf(active(), { type: 'expire' }, new Date('2030-01-01T00:00:00Z'))).toMatchObject(
      {
        code: 'subscription_kind_mismatch',
        kind: 'monthly',
        subscriptionEvent: 'expire',
      },
    );
  });
});

describe('cancellation (ST02-00302-402 / ST02-00309-402, A02-1 notice, spec §11, §13, §15)', () => {
  const now = new Date('2025-06-10T00:00:00Z');

  it('cancels an active subscription of either kind, from the merchant or SBPS', () => {
    for (const kind of ['monthly', 'on_demand'] as const) {
      for (const type of ['cancel_requested', 'cancellation_notified'] as const) {
        const result = apply(active({ kind }), { type }, now);
        expect(result.subscription).toMatchObject({ status: 'cancelled', cancelledAt: now });
      }
    }
  });

  it('treats a second cancellation as a repeat', () => {
    const cancelled = active({ status: 'cancelled', cancelledAt: now });
    const result = apply(cancelled, { type: 'cancel_requested' }, after(now, 1000));
    expect(result).toEqual({ ok: true, subscription: cancelled, changed: false });
  });

  it('refuses to cancel what has no contract, and ignores SBPS notices about it', () => {
    for (const status of ['incomplete', 'expired', 'incomplete_expired'] as const) {
      const subscription = active({ status });
      expect(refusalOf(subscription, { type: 'cancel_requested' }, now)).toMatchObject({
        code: 'subscription_invalid_state',
        subscriptionStatus: status,
        subscriptionEvent: 'cancel_requested',
      });
      expect(apply(subscription, { type: 'cancellation_notified' }, now).changed).toBe(false);
    }
  });
});

describe('resume (D01-1 re-application, spec §7, §15)', () => {
  const now = new Date('2025-06-10T00:00:00Z');
  const expiresAt = after(now, minutes(14));
  const cancelled = active({ kind: 'on_demand', status: 'cancelled', cancelledAt: now });

  it('sends a cancelled on-demand subscription back to incomplete, then active without a charge', () => {
    const resumed = apply(cancelled, { type: 'resume_requested', expiresAt }, now);
    expect(resumed.subscription).toMatchObject({ status: 'incomplete', expiresAt });
    const consentAt = after(now, minutes(3));
    const reactivated = apply(resumed.subscription, { type: 'buyer_consented' }, consentAt);
    expect(reactivated.subscription).toMatchObject({
      status: 'active',
      activatedAt: consentAt,
      lastChargedAt: cancelled.lastChargedAt,
    });
  });

  it('refuses monthly subscriptions and statuses other than cancelled', () => {
    expect(
      refusalOf({ ...cancelled, kind: 'monthly' }, { type: 'resume_requested', expiresAt }, now),
    ).toMatchObject({ code: 'subscription_kind_mismatch', subscriptionEvent: 'resume_requested' });
    for (const status of subscriptionStatuses.filter((s) => s !== 'cancelled')) {
      expect(
        refusalOf({ ...cancelled, status }, { type: 'resume_requested', expiresAt }, now),
      ).toMatchObject({ code: 'subscription_invalid_state', subscriptionStatus: status });
    }
  });

  it('refuses a contract already past its 365th day', () => {
    const contractEnd = onDemandContractExpiresAt(cancelled);
    if (contractEnd === null) throw new Error('an on-demand contract expires');
    expect(
      refusalOf(cancelled, { type: 'resume_requested', expiresAt }, contractEnd),
    ).toMatchObject({ code: 'subscription_contract_expired', at: contractEnd });
  });
});

describe('terminal statuses', () => {
  it('are expired and incomplete_expired', () => {
    expect(subscriptionStatuses.filter(isTerminalSubscriptionStatus)).toEqual([
      'expired',
      'incomplete_expired',
    ]);
  });
});
