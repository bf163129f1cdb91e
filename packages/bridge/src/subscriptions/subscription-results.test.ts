import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BridgeHarness, TestClock } from '../testing/bridge-harness.js';
import {
  billingInstant,
  CONTRACT_TRACKING_ID,
  notifySubscription,
} from '../testing/subscription-results.js';
import { subscriptionIdOfOrder } from './subscription-results.js';

let harness: BridgeHarness;
beforeAll(async () => {
  harness = await BridgeHarness.start({ clock: new TestClock('2025-03-10T10:00:00+09:00') });
});
afterAll(async () => {
  await harness.close();
});

async function created(body: Record<string, unknown> = {}) {
  const response = await harness.api('POST', '/v1/subscriptions', {
    kind: 'monthly',
    amount: 980,
    itemName: '月額プラン',
    merchantReference: 'PLAN-1',
    customerId: 'CUST-0001',
    returnUrl: 'https://shop.example/subscriptions/return',
    ...body,
  });
  const subscription = await harness.store.getSubscription(response.body.id as string);
  if (!subscription) throw new Error(`create failed: ${JSON.stringify(response.body)}`);
  return subscription;
}

async function reread(id: string) {
  const subscription = await harness.store.getSubscription(id);
  if (!subscription) throw new Error(`no subscription ${id}`);
  return subscription;
}

const webhookTypes = (id: string) =>
  harness.webhooks.events
    .filter((event) => {
      const data = event.data as {
        subscription?: { id: string };
        payment?: { subscriptionId?: string };
      };
      return data.subscription?.id === id || data.payment?.subscriptionId === id;
    })
    .map((event) => event.type)
    .sort();

describe('A02-1 results of subscriptions', () => {
  it('activates a monthly subscription with its first month captured, exactly once', async () => {
    const subscription = await created();
    expect(await notifySubscription(harness, subscription)).toBe('OK,');
    const active = await reread(subscription.id);
    expect(active).toMatchObject({
      status: 'active',
      contractTrackingId: CONTRACT_TRACKING_ID,
      activatedAt: harness.clock.now(),
    });
    const [first, ...others] = await harness.store.listSubscriptionPayments(subscription.id);
    expect(others).toEqual([]);
    expect(first).toMatchObject({
      status: 'captured',
      amount: 980,
      capturedAmount: 980,
      billingMonth: '2025-03',
      captureMode: 'automatic',
      acquirerReference: CONTRACT_TRACKING_ID,
    });
    await harness.until(() => webhookTypes(subscription.id).length === 2);
    expect(webhookTypes(subscription.id)).toEqual(['payment.captured', 'subscription.activated']);

    // SBPS (or an operator) sends it again: OK, and nothing more.
    const events = await harness.store.listSubscriptionEvents(subscription.id);
    expect(await notifySubscription(harness, subscription)).toBe('OK,');
    expect(await harness.store.listSubscriptionPayments(subscription.id)).toHaveLength(1);
    expect(await harness.store.listSubscriptionEvents(subscription.id)).toEqual(events);
    const view = await harness.api('GET', `/v1/subscriptions/${subscription.id}`);
    expect(view.body).toMatchObject({
      status: 'active',
      nextBillingDate: '2025-03-31T15:00:00.000Z',
      charges: [{ billingMonth: '2025-03', status: 'captured', subscriptionId: subscription.id }],
    });
  });

  it('activates an on-demand subscription with its first charge authorized, and a D01-1 application without a charge', async () => {
    const charged = await created({ kind: 'on_demand', amount: 500 });
    expect(await notifySubscription(harness, charged)).toBe('OK,');
    expect(await reread(charged.id)).toMatchObject({ status: 'active' });
    expect(await harness.store.listSubscriptionPayments(charged.id)).toMatchObject([
      {
        status: 'authorized',
        amount: 500,
        captureMode: 'manual',
        acquirerReference: CONTRACT_TRACKING_ID,
      },
    ]);

    const applied = await created({ kind: 'on_demand', amount: undefined });
    expect(await notifySubscription(harness, applied)).toBe('OK,');
    expect(await reread(applied.id)).toMatchObject({ status: 'active', lastChargedAt: null });
    expect(await harness.store.listSubscriptionPayments(applied.id)).toEqual([]);
  });

  it('refuses a consent whose amount or pay_type differs from what the merchant created, changing nothing', async () => {
    const subscription = await created();
    expect(await notifySubscription(harness, subscription, { amount: '9800' })).toBe(
      'NG,amount mismatch',
    );
    expect(await notifySubscription(harness, subscription, { pay_type: '0' })).toBe(
      'NG,pay_type mismatch',
    );
    expect(await reread(subscription.id)).toMatchObject({ status: 'incomplete', version: 1 });
  });

  it('fails the month SBPS reports failed, once, with subscription.payment_failed', async () => {
    const subscription = await created();
    await notifySubscription(harness, subscription);
    const failedMonth = {
      res_result: 'NG',
      res_err_code: 'K201',
      res_payment_date: billingInstant('2025-04'),
    };
    // Not yet April in Japan: SBPS cannot have billed it.
    expect(await notifySubscription(harness, subscription, failedMonth)).toBe(
      'NG,billing_month_not_billed',
    );
    harness.clock.advance(22 * 24 * 3600 * 1000); // 2025-04-01 10:00 JST
    expect(await notifySubscription(harness, subscription, failedMonth)).toBe('OK,');
    expect(await notifySubscription(harness, subscription, failedMonth)).toBe('OK,');
    const payments = await harness.store.listSubscriptionPayments(subscription.id);
    expect(payments.map((p) => [p.billingMonth, p.status])).toEqual([
      ['2025-03', 'captured'],
      ['2025-04', 'failed'],
    ]);
    expect(await reread(subscription.id)).toMatchObject({
      status: 'active',
      lastFailedMonth: '2025-04',
    });
    await harness.until(() =>
      webhookTypes(subscription.id).includes('subscription.payment_failed'),
    );
    expect(
      webhookTypes(subscription.id).filter((t) => t === 'subscription.payment_failed'),
    ).toHaveLength(1);
  });

  it('refuses every other NG as a browser return, as for payments', async () => {
    const incomplete = await created();
    const ng = { res_result: 'NG', res_payment_date: billingInstant('2025-03') };
    expect(await notifySubscription(harness, incomplete, ng)).toBe('NG,not a completed purchase');
    const onDemand = await created({ kind: 'on_demand', amount: 500 });
    await notifySubscription(harness, onDemand);
    expect(await notifySubscription(harness, onDemand, ng)).toBe('NG,not a completed purchase');
    expect(await reread(incomplete.id)).toMatchObject({ status: 'incomplete' });
    expect(await reread(onDemand.id)).toMatchObject({ status: 'active' });
  });

  it('cancels on SBPS cancellation notice, once, with subscription.cancelled', async () => {
    const subscription = await created();
    await notifySubscription(harness, subscription);
    const notice = { service_type: '1' };
    expect(await notifySubscription(harness, subscription, notice)).toBe('OK,');
    expect(await notifySubscription(harness, subscription, notice)).toBe('OK,');
    expect(await reread(subscription.id)).toMatchObject({ status: 'cancelled' });
    await harness.until(() => webhookTypes(subscription.id).includes('subscription.cancelled'));
    expect(
      webhookTypes(subscription.id).filter((t) => t === 'subscription.cancelled'),
    ).toHaveLength(1);
    expect(
      await notifySubscription(harness, subscription, {
        ...notice,
        res_tracking_id: '99998888777766',
      }),
    ).toBe('NG,unknown contract');
  });

  it('takes a consent arriving after the subscription expired: OK, flagged late_consent, no payment', async () => {
    const subscription = await created();
    harness.clock.advance(31 * 60 * 1000);
    expect((await harness.api('GET', `/v1/subscriptions/${subscription.id}`)).body).toMatchObject({
      status: 'incomplete_expired',
    });
    expect(await notifySubscription(harness, subscription)).toBe('OK,');
    expect(await reread(subscription.id)).toMatchObject({
      status: 'incomplete_expired',
      flags: ['late_consent'],
    });
    expect(await harness.store.listSubscriptionPayments(subscription.id)).toEqual([]);
  });

  it('answers NG for an unknown subscription order id', async () => {
    const subscription = await created();
    expect(
      await notifySubscription(harness, { ...subscription, orderId: 'sub_0000000000000000000000' }),
    ).toBe('NG,unknown order_id');
  });
});

describe('subscriptionIdOfOrder', () => {
  it("reads the subscription of its application, a resume and a buyer's D01-1 cancellation", () => {
    const id = 'sub_0123456789abcdefABCDEF';
    expect(subscriptionIdOfOrder(id)).toBe(id);
    expect(subscriptionIdOfOrder(`${id}-r2`)).toBe(id);
    expect(subscriptionIdOfOrder(`${id}-c1`)).toBe(id);
    for (const other of ['pay_0123456789abcdefABCDEF', `${id}-c0`, `${id}-x1`, `${id}-c`, '']) {
      expect(subscriptionIdOfOrder(other)).toBeNull();
    }
  });
});
