import { MONTHLY_FAILURE_AU_ID } from '@au-pay/sandbox/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepSubscriptions } from '../src/subscriptions/subscription-sweep.js';
import { BridgeHarness, TestClock } from '../src/testing/bridge-harness.js';

// Every row of spec/sbps-au.md §15 that starts from a contract, through the bridge against the
// emulated SBPS it mounts in sandbox mode: the consent on the au screens (A01-1 pay_type 1 / 2,
// D01-1), SBPS's monthly billing on the 1st and its failure notice, the XML API's recurring calls,
// the cancellation notice.

let harness: BridgeHarness;
beforeAll(async () => {
  harness = await BridgeHarness.start({
    clock: new TestClock('2025-03-10T10:00:00+09:00'),
    // '' = the default: the emulator's own XML API under PUBLIC_URL/sandbox/sbps.
    env: { SBPS_API_URL: '' },
  });
});
afterAll(async () => {
  await harness.close();
});

interface Created {
  id: string;
  clientSecret: string;
  status: string;
}

async function subscribe(body: Record<string, unknown>, auId?: string): Promise<Created> {
  const created = await harness.api<Created>('POST', '/v1/subscriptions', {
    itemName: 'プレミアム会員',
    merchantReference: 'PLAN-PREMIUM',
    customerId: `CUST-${Math.random().toString(36).slice(2, 10)}`,
    returnUrl: 'https://shop.example/subscriptions/return',
    ...body,
  });
  expect(created.status).toBe(201);
  const journey = await harness.buyer().pay(created.body, auId ? { auId } : {});
  const back = journey.landedAt;
  expect(back.searchParams.get('subscription')).toBe(created.body.id);
  expect(back.searchParams.get('status')).toBe('active');
  return created.body;
}

const view = async (id: string) =>
  (await harness.api(`GET`, `/v1/subscriptions/${id}`)).body as {
    status: string;
    charges: { id: string; status: string; billingMonth?: string; amount: number }[];
  };

/** The sandbox clock moves, SBPS bills what is due, the bridge's sweep records it. */
async function moveTo(instant: string): Promise<void> {
  harness.clock.set(instant);
  await harness.bridge.sandbox?.sbps?.processDue();
  await sweepSubscriptions(harness.bridge.context);
}

const webhookOf = (type: string, id: string) =>
  harness.webhooks.events.some(
    (e) => e.type === type && (e.data as { subscription?: { id: string } }).subscription?.id === id,
  );

describe('monthly subscription (recurring simple) through the emulated SBPS', () => {
  it('subscribes, is billed on the 1st, refunds a month, and cancels with the notice', async () => {
    harness.clock.set('2025-03-10T10:00:00+09:00');
    const { id } = await subscribe({ kind: 'monthly', amount: 980 });
    expect(await view(id)).toMatchObject({
      status: 'active',
      charges: [{ billingMonth: '2025-03', status: 'captured', amount: 980 }],
    });

    await moveTo('2025-04-01T00:00:00+09:00');
    const april = (await view(id)).charges.find((c) => c.billingMonth === '2025-04');
    expect(april).toMatchObject({ status: 'captured', amount: 980 });

    // SBPS refunds the month by cancel_target_month (its refund window opened on the 1st).
    await moveTo('2025-05-02T10:00:00+09:00');
    const refund = await harness.api('POST', `/v1/payments/${april?.id}/refunds`, {});
    expect(refund.body).toMatchObject({ status: 'refunded', refundedAmount: 980 });

    const cancelled = await harness.api('POST', `/v1/subscriptions/${id}/cancel`, {});
    expect(cancelled.body).toMatchObject({ status: 'cancelled' });
    await harness.bridge.sandbox?.whenIdle();
    const events = (await harness.store.listSubscriptionEvents(id)).map((e) => e.type);
    // The notice SBPS sends after ST02-00302-402 is taken (OK,) and changes nothing more.
    expect(events.filter((t) => t === 'subscription.cancelled')).toHaveLength(1);
    expect(events.filter((t) => t === 'sbps.notification').length).toBeGreaterThanOrEqual(2);
    await moveTo('2025-06-01T00:00:00+09:00');
    expect((await view(id)).charges.map((c) => c.billingMonth)).toEqual([
      '2025-03',
      '2025-04',
      '2025-05',
    ]);
    await harness.until(() => webhookOf('subscription.cancelled', id));
  });

  it('fails the month SBPS could not bill (monthfail@au.example): payment failed, subscription.payment_failed', async () => {
    harness.clock.set('2025-06-10T10:00:00+09:00');
    const { id } = await subscribe({ kind: 'monthly', amount: 500 }, MONTHLY_FAILURE_AU_ID);
    await moveTo('2025-07-01T00:00:00+09:00');
    const charges = (await view(id)).charges.map((c) => [c.billingMonth, c.status]);
    expect(charges).toEqual([
      ['2025-06', 'captured'],
      ['2025-07', 'failed'],
    ]);
    expect(await harness.store.getSubscription(id)).toMatchObject({
      status: 'active',
      lastFailedMonth: '2025-07',
    });
    await harness.until(() => webhookOf('subscription.payment_failed', id));
  });
});

describe('on-demand subscription (fixed-term / pay-as-you-go) through the emulated SBPS', () => {
  it('subscribes with a first charge, charges twice and captures, cancels, and resumes through D01-1', async () => {
    harness.clock.set('2025-08-10T10:00:00+09:00');
    const subscription = await subscribe({ kind: 'on_demand', amount: 300 });
    const [first] = (await view(subscription.id)).charges;
    expect(first).toMatchObject({ status: 'authorized', amount: 300 });
    const settled = await harness.api('POST', `/v1/payments/${first?.id}/capture`, {});
    expect(settled.body).toMatchObject({ status: 'captured' });

    for (const amount of [120, 250]) {
      const charge = await harness.api('POST', `/v1/subscriptions/${subscription.id}/charges`, {
        amount,
        merchantReference: `USE-${amount}`,
      });
      expect(charge.status).toBe(201);
      expect(charge.body).toMatchObject({ status: 'authorized', amount });
      const capture = await harness.api('POST', `/v1/payments/${charge.body.id}/capture`, {});
      expect(capture.body).toMatchObject({ status: 'captured', capturedAmount: amount });
    }

    const cancelled = await harness.api('POST', `/v1/subscriptions/${subscription.id}/cancel`, {});
    expect(cancelled.body).toMatchObject({ status: 'cancelled' });
    // The bridge refuses a charge of the cancelled contract before sending anything.
    const refused = await harness.api('POST', `/v1/subscriptions/${subscription.id}/charges`, {
      amount: 100,
      merchantReference: 'USE-X',
    });
    expect(refused.status).toBe(409);

    const resumed = await harness.api<Created>(
      'POST',
      `/v1/subscriptions/${subscription.id}/resume`,
      {},
    );
    expect(resumed.body.status).toBe('incomplete');
    const journey = await harness.buyer().pay(resumed.body);
    expect(journey.landedAt.searchParams.get('status')).toBe('active');
    const again = await harness.api('POST', `/v1/subscriptions/${subscription.id}/charges`, {
      amount: 100,
      merchantReference: 'USE-AFTER-RESUME',
    });
    expect(again.body).toMatchObject({ status: 'authorized' });
    expect((await view(subscription.id)).charges).toHaveLength(4);
  });

  it('applies without a charge through D01-1, then is charged', async () => {
    const subscription = await subscribe({ kind: 'on_demand' });
    expect((await view(subscription.id)).charges).toEqual([]);
    const charge = await harness.api('POST', `/v1/subscriptions/${subscription.id}/charges`, {
      amount: 700,
      merchantReference: 'USE-1',
    });
    expect(charge.body).toMatchObject({ status: 'authorized', amount: 700 });
  });

  it('expires the contract 365 days after its last charge: a later charge is refused, nothing sent', async () => {
    const subscription = await subscribe({ kind: 'on_demand', amount: 100 });
    harness.clock.set('2026-08-11T00:00:00+09:00');
    // 365 days after the last charge (2025-08-10 JST): expired, nothing sent.
    const late = await harness.api('POST', `/v1/subscriptions/${subscription.id}/charges`, {
      amount: 100,
      merchantReference: 'USE-LATE',
    });
    expect(late.status).toBe(409);
    expect(await harness.store.getSubscription(subscription.id)).toMatchObject({
      status: 'expired',
    });
    await harness.until(() => webhookOf('subscription.expired', subscription.id));
  });
});
