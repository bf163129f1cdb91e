import { createTestDatabase } from '@au-pay/test-postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { SubscriptionRecord } from '../store/subscription-store.js';
import { BridgeHarness, TestClock } from '../testing/bridge-harness.js';
import { billingInstant, notifySubscription } from '../testing/subscription-results.js';
import { recordDueMonths } from './monthly-records.js';
import { sweepSubscriptions } from './subscription-sweep.js';

const subscriptionBody = {
  kind: 'monthly',
  amount: 980,
  itemName: '月額プラン',
  merchantReference: 'PLAN-1',
  customerId: 'CUST-0001',
  returnUrl: 'https://shop.example/subscriptions/return',
};

/** A subscription created and consented to through `harness`. */
async function subscribed(
  harness: BridgeHarness,
  body: Record<string, unknown> = {},
): Promise<SubscriptionRecord> {
  const response = await harness.api('POST', '/v1/subscriptions', { ...subscriptionBody, ...body });
  const created = await harness.store.getSubscription(response.body.id as string);
  if (!created) throw new Error(`create failed: ${JSON.stringify(response.body)}`);
  expect(await notifySubscription(harness, created)).toBe('OK,');
  return created;
}

const months = async (harness: BridgeHarness, id: string) =>
  (await harness.store.listSubscriptionPayments(id)).map((p) => [
    p.billingMonth,
    p.status,
    p.capturedAt?.toISOString(),
  ]);

describe('the monthly job', () => {
  let harness: BridgeHarness;
  beforeAll(async () => {
    harness = await BridgeHarness.start({ clock: new TestClock('2025-03-10T10:00:00+09:00') });
  });
  afterAll(async () => {
    await harness.close();
  });

  it('records each month SBPS billed from the 2nd on, captured at 00:00 JST on the 1st, once', async () => {
    const clock = harness.clock;
    const subscription = await subscribed(harness);
    clock.set('2025-03-31T23:59:59+09:00');
    await sweepSubscriptions(harness.bridge.context);
    expect(await months(harness, subscription.id)).toEqual([
      ['2025-03', 'captured', '2025-03-10T01:00:00.000Z'],
    ]);
    clock.set('2025-04-01T00:00:00+09:00');
    await sweepSubscriptions(harness.bridge.context);
    clock.set('2025-06-15T12:00:00+09:00');
    await sweepSubscriptions(harness.bridge.context);
    await sweepSubscriptions(harness.bridge.context);
    expect(await months(harness, subscription.id)).toEqual([
      ['2025-03', 'captured', '2025-03-10T01:00:00.000Z'],
      ['2025-04', 'captured', '2025-03-31T15:00:00.000Z'],
      ['2025-05', 'captured', '2025-04-30T15:00:00.000Z'],
      ['2025-06', 'captured', '2025-05-31T15:00:00.000Z'],
    ]);
    await harness.until(
      () =>
        harness.webhooks.events.filter(
          (e) =>
            e.type === 'payment.captured' &&
            (e.data as { payment: { subscriptionId?: string } }).payment.subscriptionId ===
              subscription.id,
        ).length === 4,
    );
  });

  it('leaves a month SBPS reported failed as failed, and stops at the cancellation', async () => {
    harness.clock.set('2025-03-10T10:00:00+09:00');
    const subscription = await subscribed(harness);
    harness.clock.set('2025-04-01T00:00:05+09:00');
    const failed = {
      res_result: 'NG',
      res_err_code: 'K201',
      res_payment_date: billingInstant('2025-04'),
    };
    const active = await harness.store.getSubscription(subscription.id);
    if (!active) throw new Error('no subscription');
    expect(await notifySubscription(harness, active, failed)).toBe('OK,');
    await recordDueMonths(harness.bridge.context);
    await harness.api('POST', `/v1/subscriptions/${subscription.id}/cancel`, {});
    harness.clock.set('2025-07-01T00:00:00+09:00');
    await recordDueMonths(harness.bridge.context);
    expect((await months(harness, subscription.id)).map(([m, s]) => [m, s])).toEqual([
      ['2025-03', 'captured'],
      ['2025-04', 'failed'],
    ]);
  });

  it('expires an on-demand contract 365 days after its last charge, with subscription.expired', async () => {
    harness.clock.set('2025-03-10T10:00:00+09:00');
    const subscription = await subscribed(harness, { kind: 'on_demand', amount: 500 });
    harness.clock.set('2026-03-09T23:59:59+09:00');
    await sweepSubscriptions(harness.bridge.context);
    expect(await harness.store.getSubscription(subscription.id)).toMatchObject({
      status: 'active',
    });
    harness.clock.set('2026-03-10T00:00:00+09:00');
    await sweepSubscriptions(harness.bridge.context);
    expect(await harness.store.getSubscription(subscription.id)).toMatchObject({
      status: 'expired',
    });
    await harness.until(() =>
      harness.webhooks.events.some(
        (e) =>
          e.type === 'subscription.expired' &&
          (e.data as { subscription: { id: string } }).subscription.id === subscription.id,
      ),
    );
  });
});

describe('the monthly job on two bridges sharing one PostgreSQL', () => {
  it('records each month once when both run it at the same time, again and again', async () => {
    const databaseUrl = await createTestDatabase(inject('postgresUrl'));
    const start = '2025-03-10T10:00:00+09:00';
    const first = await BridgeHarness.start({ databaseUrl, clock: new TestClock(start) });
    const second = await BridgeHarness.start({ databaseUrl, clock: new TestClock(start) });
    try {
      const subscriptions = [await subscribed(first), await subscribed(first)];
      for (const harness of [first, second]) harness.clock.set('2025-08-01T00:00:00+09:00');
      for (let round = 0; round < 5; round += 1) {
        await Promise.all([
          recordDueMonths(first.bridge.context),
          recordDueMonths(second.bridge.context),
          recordDueMonths(second.bridge.context),
        ]);
      }
      for (const subscription of subscriptions) {
        const recorded = await second.store.listSubscriptionPayments(subscription.id);
        expect(recorded.map((p) => p.billingMonth)).toEqual([
          '2025-03',
          '2025-04',
          '2025-05',
          '2025-06',
          '2025-07',
          '2025-08',
        ]);
      }
    } finally {
      await first.close();
      await second.close();
    }
  });
});
