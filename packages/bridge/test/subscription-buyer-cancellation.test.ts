import { formatSbpsDate } from '@au-pay/core';
import { buildPurchaseRequest, buildRecurringApplication } from '@au-pay/core/sbps';
import { readForm, sandboxCode } from '@au-pay/sandbox/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BridgeHarness, TestClock } from '../src/testing/bridge-harness.js';

// spec/sbps-au.md §15 rows "contract(simple) active | A01-1 service_type=1" and "contract(fixed)
// active | D01-1 service_type=1": the buyer ends the contract on SBPS's screens through a link a
// merchant page signs with the bridge's SBPS credentials, its pagecon_url the bridge's /sbps/notify.
// The bridge applies what SBPS then posts there once; the merchant's own cancel is then answered
// as the README says (32 / L7: recorded cancelled, safe to retry).

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
  customerId: string;
}

async function subscribe(body: Record<string, unknown>): Promise<Created> {
  const created = await harness.api<Created>('POST', '/v1/subscriptions', {
    itemName: 'プレミアム会員',
    merchantReference: 'PLAN-PREMIUM',
    customerId: `CUST-${Math.random().toString(36).slice(2, 10)}`,
    returnUrl: 'https://shop.example/subscriptions/return',
    ...body,
  });
  expect(created.status).toBe(201);
  const journey = await harness.buyer().pay(created.body);
  expect(journey.landedAt.searchParams.get('status')).toBe('active');
  return created.body;
}

const contractOf = async (id: string) => {
  const stored = await harness.store.getSubscription(id);
  expect(stored?.contractTrackingId).toMatch(/^\d{14}$/);
  return stored?.contractTrackingId as string;
};

/** What a merchant's own page signs: its own order id and return pages, the bridge's notify URL. */
function merchantLink(customerId: string, orderId: string) {
  const shop = 'https://shop.example/subscriptions';
  return {
    merchantId: harness.sbpsConfig.merchantId,
    serviceId: harness.sbpsConfig.serviceId,
    custCode: customerId,
    orderId,
    itemId: 'PLAN-PREMIUM',
    itemName: 'プレミアム会員 解約',
    successUrl: `${shop}/cancelled`,
    cancelUrl: `${shop}/kept`,
    errorUrl: `${shop}/error`,
    pageconUrl: `${harness.url}/sbps/notify`,
    requestDate: formatSbpsDate(harness.clock.now()),
  };
}

/**
 * The buyer's browser posts the merchant page's signed link to SBPS in Shift_JIS (as its form's
 * accept-charset does, spec §2), walks the au screens to SBPS's result page (A03-1).
 */
async function walk(
  action: string,
  fields: Array<[string, string]>,
  { auId = 'success@au.example', back = 'cancelled' } = {},
) {
  const buyer = harness.buyer();
  const screens = [(await buyer.submit({ action, charset: 'Shift_JIS', fields })).name];
  screens.push((await buyer.fill('login', { au_id: auId, password: 'pw' })).name);
  screens.push((await buyer.fill('code', { code: sandboxCode(buyer.page) })).name);
  screens.push((await buyer.fill('confirm', { pin: '1234' })).name);
  const returnForm = readForm(buyer.page, 'sbps-return');
  expect(screens).toEqual(['login', 'code', 'confirm', 'return']);
  // Back to the merchant's own page (not running here): the A03-1 goes to its success_url.
  expect(returnForm.action).toBe(`https://shop.example/subscriptions/${back}`);
  return Object.fromEntries(returnForm.fields);
}

const cancelledWebhooks = (id: string) =>
  harness.webhooks.events.filter(
    (e) =>
      e.type === 'subscription.cancelled' &&
      (e.data as { subscription?: { id: string } }).subscription?.id === id,
  );

async function expectCancelledOnce(id: string): Promise<void> {
  await harness.bridge.sandbox?.whenIdle();
  expect(await harness.store.getSubscription(id)).toMatchObject({ status: 'cancelled' });
  const events = (await harness.store.listSubscriptionEvents(id)).map((e) => e.type);
  expect(events.filter((t) => t === 'subscription.cancelled')).toHaveLength(1);
  await harness.until(() => cancelledWebhooks(id).length > 0);
  expect(cancelledWebhooks(id)).toHaveLength(1);
}

describe("the buyer's own cancellation link through the emulated SBPS", () => {
  it('monthly: A01-1 pay_type=1 service_type=1 → cancelled once, subscription.cancelled; the merchant cancel then answers 200 cancelled, changing nothing', async () => {
    harness.clock.set('2025-03-10T10:00:00+09:00');
    const subscription = await subscribe({ kind: 'monthly', amount: 980 });
    const trackingId = await contractOf(subscription.id);

    const result = await walk(
      harness.sbpsConfig.purchaseUrl,
      buildPurchaseRequest(
        {
          // Any order id of the merchant's: SBPS's notice carries the contract's own rows.
          ...merchantLink(subscription.customerId, `CANCEL-${subscription.id}`),
          billing: 'recurring_simple',
          amount: 980,
          cancelTrackingId: trackingId,
        },
        harness.sbpsConfig.hashKey,
      ),
    );
    expect(result).toMatchObject({ res_result: 'OK', service_type: '1' });
    await expectCancelledOnce(subscription.id);

    // Already cancelled at the bridge: nothing is sent to SBPS, nothing changes.
    const again = await harness.api('POST', `/v1/subscriptions/${subscription.id}/cancel`, {});
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ status: 'cancelled' });
    await expectCancelledOnce(subscription.id);
  });

  it('on demand: D01-1 service_type=1 → cancelled once, subscription.cancelled; the merchant cancel then answers 200 cancelled, changing nothing', async () => {
    harness.clock.set('2025-04-10T10:00:00+09:00');
    const subscription = await subscribe({ kind: 'on_demand', amount: 300 });
    const trackingId = await contractOf(subscription.id);
    const applicationUrl = harness.sbpsConfig.applicationUrl;
    expect(applicationUrl).not.toBeNull();

    const result = await walk(
      applicationUrl as string,
      buildRecurringApplication(
        {
          // The D01-1 result echoes this order id: `<sub id>-c<n>` tells the bridge whose it is.
          ...merchantLink(subscription.customerId, `${subscription.id}-c1`),
          action: 'cancel',
          trackingId,
        },
        harness.sbpsConfig.hashKey,
      ),
    );
    expect(result).toMatchObject({ res_result: 'OK', service_type: '1' });
    await expectCancelledOnce(subscription.id);

    const refused = await harness.api('POST', `/v1/subscriptions/${subscription.id}/charges`, {
      amount: 100,
      merchantReference: 'USE-AFTER-CANCEL',
    });
    expect(refused.status).toBe(409);
    const again = await harness.api('POST', `/v1/subscriptions/${subscription.id}/cancel`, {});
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ status: 'cancelled' });
    await expectCancelledOnce(subscription.id);
  });

  // The notice is posted with a wrong hash (ng@au.example): the bridge refuses it and still holds
  // the contract active, which SBPS has ended. The merchant's cancel then meets "already cancelled".
  it('monthly, the notice missed: the merchant cancel meets 32 and records cancelled', async () => {
    harness.clock.set('2025-05-10T10:00:00+09:00');
    const subscription = await subscribe({ kind: 'monthly', amount: 500 });
    const trackingId = await contractOf(subscription.id);
    await walk(
      harness.sbpsConfig.purchaseUrl,
      buildPurchaseRequest(
        {
          ...merchantLink(subscription.customerId, `CANCEL-${subscription.id}`),
          billing: 'recurring_simple',
          amount: 500,
          cancelTrackingId: trackingId,
        },
        harness.sbpsConfig.hashKey,
      ),
      { auId: 'ng@au.example', back: 'error' },
    );
    await harness.bridge.sandbox?.whenIdle();
    expect(await harness.store.getSubscription(subscription.id)).toMatchObject({
      status: 'active',
    });

    await expectAlreadyCancelledAnswer(subscription.id, '32');
  });

  it('on demand, the result missed: the merchant cancel meets L7 and records cancelled', async () => {
    harness.clock.set('2025-06-10T10:00:00+09:00');
    const subscription = await subscribe({ kind: 'on_demand', amount: 300 });
    const trackingId = await contractOf(subscription.id);
    await walk(
      harness.sbpsConfig.applicationUrl as string,
      buildRecurringApplication(
        {
          ...merchantLink(subscription.customerId, `${subscription.id}-c1`),
          action: 'cancel',
          trackingId,
        },
        harness.sbpsConfig.hashKey,
      ),
      { auId: 'ng@au.example', back: 'error' },
    );
    await harness.bridge.sandbox?.whenIdle();
    expect(await harness.store.getSubscription(subscription.id)).toMatchObject({
      status: 'active',
    });

    await expectAlreadyCancelledAnswer(subscription.id, 'L7');
  });
});

async function expectAlreadyCancelledAnswer(id: string, type: string): Promise<void> {
  const cancelled = await harness.api('POST', `/v1/subscriptions/${id}/cancel`, {});
  expect(cancelled.status).toBe(200);
  expect(cancelled.body).toMatchObject({ status: 'cancelled' });
  const events = await harness.store.listSubscriptionEvents(id);
  const recorded = events.filter((e) => e.type === 'subscription.cancelled');
  expect(recorded).toHaveLength(1);
  // The API's res_err_code: 3 chars of the method, the 2-character type, 3 of the item (spec §8).
  const data = recorded[0]?.data as { by: string; errCode: string } | undefined;
  expect(data?.by).toBe('merchant');
  expect(data?.errCode.slice(3, 5)).toBe(type);
  await harness.until(() => cancelledWebhooks(id).length > 0);
}
