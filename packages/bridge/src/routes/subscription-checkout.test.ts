import {
  decodeShiftJis,
  encodeSbpsForm,
  signSbpsResult,
  verifyPurchaseRequest,
  verifyRecurringApplication,
} from '@au-pay/core/sbps';
import { readForm } from '@au-pay/sandbox/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BridgeHarness, TEST_HASH_KEY } from '../testing/bridge-harness.js';
import {
  CONTRACT_TRACKING_ID,
  notifySubscription,
  subscriptionResultFields,
} from '../testing/subscription-results.js';

let harness: BridgeHarness;
beforeAll(async () => {
  harness = await BridgeHarness.start();
});
afterAll(async () => {
  await harness.close();
});

interface Created {
  id: string;
  clientSecret: string;
}

async function create(body: Record<string, unknown> = {}): Promise<Created> {
  const response = await harness.api<Created>('POST', '/v1/subscriptions', {
    kind: 'monthly',
    amount: 980,
    itemName: '月額プラン',
    merchantReference: 'PLAN-1',
    customerId: 'CUST-0001',
    returnUrl: 'https://shop.example/subscriptions/return',
    ...body,
  });
  return response.body;
}

async function page(created: Created, layout = 'web') {
  const response = await harness.checkout(created.id, {
    client_secret: created.clientSecret,
    layout,
  });
  if (response.status !== 200)
    return { status: response.status, action: '', fields: {} as Record<string, string> };
  const html = decodeShiftJis(response.bytes);
  const form = readForm({ url: harness.url, html }, 'au-pay-purchase');
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    action: form.action,
    pairs: form.fields,
    fields: Object.fromEntries(form.fields) as Record<string, string>,
  };
}

async function state(id: string, secret: string) {
  const response = await fetch(`${harness.url}/checkout/${id}/state`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_secret: secret }).toString(),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('POST /checkout/sub_…', () => {
  it('serves a monthly subscription as a signed A01-1 pay_type=1 in Shift_JIS, its item name saying when it is billed', async () => {
    const created = await create();
    const served = await page(created);
    expect(served.status).toBe(200);
    expect(served.contentType).toBe('text/html; charset=Shift_JIS');
    expect(served.action).toBe(`${harness.url}/sandbox/sbps/f01/FepBuyInfoReceive.do?layout=web`);
    expect(served.fields).toMatchObject({
      pay_method: 'auone',
      cust_code: 'CUST-0001',
      order_id: created.id,
      amount: '980',
      pay_type: '1',
      auto_charge_type: '1',
      service_type: '0',
      div_settele: '0',
      item_name: '月額プラン 毎月1日請求',
      pagecon_url: `${harness.url}/sbps/notify`,
    });
    expect(verifyPurchaseRequest(served.pairs ?? [], TEST_HASH_KEY)).toBe(true);
    const events = await harness.store.listSubscriptionEvents(created.id);
    expect(events.map((event) => event.type)).toEqual(['subscription.created', 'checkout.served']);
  });

  it('serves an on-demand subscription with a first charge as A01-1 pay_type=2, one without as D01-1 service_type=0', async () => {
    const charged = await page(await create({ kind: 'on_demand', amount: 500 }));
    expect(charged.fields).toMatchObject({
      pay_type: '2',
      auto_charge_type: '0',
      div_settele: '0',
      amount: '500',
      item_name: '月額プラン ご利用時請求',
    });
    const applied = await create({ kind: 'on_demand', amount: undefined });
    const application = await page(applied, 'wap');
    expect(application.action).toBe(
      `${harness.url}/sandbox/sbps/f01/FepPayInfoReceive.do?layout=wap`,
    );
    expect(application.fields).toMatchObject({
      service_type: '0',
      tracking_id: '',
      order_id: applied.id,
    });
    expect(application.fields).not.toHaveProperty('amount');
    expect(verifyRecurringApplication(application.pairs ?? [], TEST_HASH_KEY)).toBe(true);
  });

  it('refuses a wrong secret like an unknown id (404), and an active subscription (409)', async () => {
    const created = await create();
    expect((await page({ ...created, clientSecret: `${created.clientSecret}x` })).status).toBe(404);
    expect((await page({ ...created, id: 'sub_0000000000000000000000' })).status).toBe(404);
    expect(await state(created.id, created.clientSecret)).toEqual({
      status: 200,
      body: { status: 'incomplete', payable: true },
    });
    const wrong = await state(created.id, 'wrong-secret-0000000000');
    expect(wrong).toMatchObject({
      status: 404,
      body: { error: { code: 'subscription_not_found' } },
    });

    const subscription = await harness.store.getSubscription(created.id);
    if (!subscription) throw new Error('no subscription');
    await notifySubscription(harness, subscription);
    expect((await page(created)).status).toBe(409);
    expect((await state(created.id, created.clientSecret)).body).toEqual({
      status: 'active',
      payable: false,
    });
  });

  it('expires an incomplete subscription after the pending window: 410 and incomplete_expired', async () => {
    const created = await create();
    harness.clock.advance(30 * 60 * 1000);
    expect((await page(created)).status).toBe(410);
    expect((await state(created.id, created.clientSecret)).body).toEqual({
      status: 'incomplete_expired',
      payable: false,
    });
  });

  it('serves a resumed on-demand contract as D01-1 service_type=2 on its tracking id, under a new order id and secret', async () => {
    const created = await create({ kind: 'on_demand', amount: 500 });
    const subscription = await harness.store.getSubscription(created.id);
    if (!subscription) throw new Error('no subscription');
    await notifySubscription(harness, subscription);
    expect((await harness.api('POST', `/v1/subscriptions/${created.id}/cancel`, {})).status).toBe(
      200,
    );
    const resumed = await harness.api<Created & { status: string }>(
      'POST',
      `/v1/subscriptions/${created.id}/resume`,
      {},
    );
    expect(resumed.body.status).toBe('incomplete');
    expect(resumed.body.clientSecret).not.toBe(created.clientSecret);
    expect((await page(created)).status).toBe(404);
    const application = await page(resumed.body);
    expect(application.action).toContain('/f01/FepPayInfoReceive.do');
    expect(application.fields).toMatchObject({
      service_type: '2',
      tracking_id: CONTRACT_TRACKING_ID,
      order_id: `${created.id}-r1`,
    });

    // SBPS's D01-1 result for the re-application: active again, no new charge.
    const again = await harness.store.getSubscription(created.id);
    if (!again) throw new Error('no subscription');
    expect(
      await notifySubscription(harness, again, {
        service_type: '2',
        amount: '',
        pay_type: '',
        auto_charge_type: '',
        div_settele: '',
      }),
    ).toBe('OK,');
    expect(await harness.store.getSubscription(created.id)).toMatchObject({ status: 'active' });
    expect(await harness.store.listSubscriptionPayments(created.id)).toHaveLength(1);
  });
});

describe('POST /sbps/return/:kind for a subscription', () => {
  it('sends the buyer to the subscription returnUrl with its id and stored status', async () => {
    const created = await create();
    const subscription = await harness.store.getSubscription(created.id);
    if (!subscription) throw new Error('no subscription');
    await notifySubscription(harness, subscription);
    const fields = subscriptionResultFields(subscription, harness.clock.now());
    const response = await fetch(`${harness.url}/sbps/return/success`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: encodeSbpsForm(
        Object.entries({
          ...fields,
          sps_hashcode: signSbpsResult('return', fields, TEST_HASH_KEY),
        }),
      ),
      redirect: 'manual',
    });
    expect(response.status).toBe(303);
    const location = new URL(response.headers.get('location') ?? '');
    expect(location.origin + location.pathname).toBe('https://shop.example/subscriptions/return');
    expect(Object.fromEntries(location.searchParams)).toEqual({
      subscription: created.id,
      status: 'active',
      result: 'success',
    });
  });
});
