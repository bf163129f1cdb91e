import { encodeSbpsForm } from '@au-pay/core/sbps';
import { createTestDatabase } from '@au-pay/test-postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { BridgeHarness, resultFields } from '../../testing/bridge-harness.js';

let harness: BridgeHarness;
beforeAll(async () => {
  harness = await BridgeHarness.start();
});
afterAll(async () => {
  await harness.close();
});

async function postReturn(kind: string, body: string) {
  const response = await fetch(`${harness.url}/sbps/return/${kind}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body,
    redirect: 'manual',
  });
  return {
    status: response.status,
    location: response.headers.get('location'),
    text: await response.text(),
  };
}

async function snapshot(id: string) {
  return { payment: await harness.payment(id), events: await harness.store.listEvents(id) };
}

describe('POST /sbps/return/*', () => {
  it('success: verifies the Shift_JIS hash and 303s to the returnUrl with the stored status', async () => {
    const created = await harness.createPayment({
      returnUrl: 'https://shop.example/orders/7?lang=ja',
    });
    const payment = await harness.payment(created.id);
    await harness.notify(payment);
    const before = await snapshot(payment.id);
    const response = await postReturn('success', harness.notificationBody(payment, {}, 'return'));
    expect(response.status).toBe(303);
    const location = new URL(response.location ?? '');
    expect(location.origin + location.pathname).toBe('https://shop.example/orders/7');
    expect(Object.fromEntries(location.searchParams)).toEqual({
      lang: 'ja',
      payment: payment.id,
      status: 'captured',
      result: 'success',
    });
    expect(await snapshot(payment.id)).toEqual(before);
  });

  it('success before the notification shows pending and changes no money state', async () => {
    const created = await harness.createPayment();
    const payment = await harness.payment(created.id);
    const response = await postReturn('success', harness.notificationBody(payment, {}, 'return'));
    expect(response.status).toBe(303);
    expect(new URL(response.location ?? '').searchParams.get('status')).toBe('pending');
    expect((await harness.payment(payment.id)).status).toBe('pending');
  });

  it('success with a bad hash is refused with a page, not a redirect', async () => {
    const created = await harness.createPayment();
    const payment = await harness.payment(created.id);
    // The A02-1 hash (UTF-8) is not the A03-1 one (Shift_JIS) when item_name is Japanese.
    const wrongEncoding = harness.notificationBody(payment, {}, 'notification');
    const response = await postReturn('success', wrongEncoding);
    expect(response.status).toBe(400);
    expect(response.location).toBeNull();
    expect(response.text).toContain('ショップに戻れませんでした');
  });

  it('cancel and error pages without a hash still go back, changing nothing', async () => {
    const created = await harness.createPayment();
    const payment = await harness.payment(created.id);
    const before = await snapshot(payment.id);
    for (const kind of ['cancel', 'error']) {
      const fields = resultFields(payment, harness.clock.now(), {
        res_result: 'NG',
        res_tracking_id: '',
        res_err_code: 'AUU1',
      });
      const response = await postReturn(kind, encodeSbpsForm(Object.entries(fields)));
      expect(response.status).toBe(303);
      const location = new URL(response.location ?? '');
      expect(location.searchParams.get('status')).toBe('pending');
      expect(location.searchParams.get('result')).toBe(kind);
    }
    expect(await snapshot(payment.id)).toEqual(before);
  });

  it('an unknown order gets a clear page, never a redirect', async () => {
    const created = await harness.createPayment();
    const payment = await harness.payment(created.id);
    const fields = resultFields(
      { ...payment, orderId: 'pay_0000000000000000000000' },
      harness.clock.now(),
    );
    const response = await postReturn('error', encodeSbpsForm(Object.entries(fields)));
    expect(response.status).toBe(404);
    expect(response.location).toBeNull();
    expect(response.text).toContain('We could not take you back to the shop');
  });

  it('an unknown return kind is not found', async () => {
    const response = await postReturn('elsewhere', '');
    expect(response.status).toBe(404);
  });
});

describe('POST /sbps/return/* on PostgreSQL', () => {
  let postgres: BridgeHarness;
  beforeAll(async () => {
    postgres = await BridgeHarness.start({
      databaseUrl: await createTestDatabase(inject('postgresUrl')),
    });
  });
  afterAll(async () => {
    await postgres?.close();
  });

  // The fault the endpoint fuzzing (src/testing/endpoint-fuzz-suite.ts) found in
  // /nomupay/return/:id, here too: an unsigned return reached the store with whatever order_id the
  // browser posted, and PostgreSQL refuses a NUL in text with an error (a 500).
  it.each(['%00', 'pay_%00', 'x'.repeat(39)])(
    'an unsigned cancel return with order_id %s that SBPS could not send gets the page, not a 500',
    async (orderId) => {
      const response = await fetch(`${postgres.url}/sbps/return/cancel`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: `merchant_id=12345&service_id=001&res_result=NG&order_id=${orderId}`,
        redirect: 'manual',
      });
      expect(response.status).toBe(404);
      expect(await response.text()).toContain('We could not take you back to the shop');
    },
  );
});
