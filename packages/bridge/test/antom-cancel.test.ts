import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PAY_REQUESTED_EVENT } from '../src/acquirers/antom/pay-requests.js';
import { BridgeHarness, TestClock } from '../src/testing/bridge-harness.js';

// Cancelling an Antom payment (spec/antom-au.md §7) against the emulator the bridge mounts in
// sandbox mode. The bridge's fetch is watched: each Antom API path it calls is kept, and the answer
// to a pay can be lost on the way back (the call reached Antom, the bridge never read the answer).

const calls: string[] = [];
let losePayAnswer = false;

const watchedFetch: typeof fetch = async (input, init) => {
  const url = new URL(input instanceof Request ? input.url : String(input));
  const api = url.pathname.match(/\/ams\/(?:sandbox\/)?api\/v1\/payments\/(\w+)$/)?.[1];
  if (api) calls.push(api);
  const response = await fetch(input, init);
  if (api === 'pay' && losePayAnswer) {
    await response.body?.cancel();
    throw new TypeError('fetch failed: the connection was reset');
  }
  return response;
};

let harness: BridgeHarness;
beforeAll(async () => {
  harness = await BridgeHarness.start({
    clock: new TestClock('2025-11-17T10:00:00+09:00'),
    bridge: { fetch: watchedFetch },
  });
});
afterAll(async () => {
  await harness.close();
});

function antom() {
  const state = harness.bridge.sandbox?.antom;
  if (!state) throw new Error('the sandbox has no Antom emulator');
  return state;
}

async function webhookTypes(paymentId: string, type: string): Promise<string[]> {
  await harness.until(() => harness.webhooks.ofPayment(paymentId).some((e) => e.type === type));
  return harness.webhooks.ofPayment(paymentId).map((e) => e.type);
}

describe('antom: cancel before checkout', () => {
  it('cancels a payment whose checkout never started without calling Antom: cancelled, event and webhook', async () => {
    const created = await harness.createPayment({ acquirer: 'antom', amount: 1500 });
    calls.length = 0;
    const cancel = await harness.api('POST', `/v1/payments/${created.id}/cancel`, {});
    expect(cancel.status).toBe(200);
    expect(cancel.body).toMatchObject({ id: created.id, status: 'cancelled' });
    expect(calls).toEqual([]);
    expect(antom().payment({ paymentRequestId: created.id })).toBeUndefined();

    expect(await harness.payment(created.id)).toMatchObject({
      status: 'cancelled',
      openOperation: null,
    });
    const events = (await harness.store.listEvents(created.id)).map((e) => e.type);
    expect(events).toEqual(['payment.created', 'cancel.requested', 'payment.cancelled']);
    expect(await webhookTypes(created.id, 'payment.cancelled')).toContain('payment.cancelled');

    // The buyer can no longer start it, and Antom still never hears of it.
    const checkout = await harness.checkout(created.id, {
      client_secret: created.clientSecret,
      layout: 'web',
    });
    expect(checkout.status).toBe(409);
    expect(calls).toEqual([]);
  });

  it('sends the cancel to Antom once a pay was sent and answered', async () => {
    const created = await harness.createPayment({ acquirer: 'antom', amount: 1600 });
    const checkout = await harness.checkout(created.id, {
      client_secret: created.clientSecret,
      layout: 'web',
    });
    expect(checkout.status).toBe(303);
    calls.length = 0;
    const cancel = await harness.api('POST', `/v1/payments/${created.id}/cancel`, {});
    expect(cancel.status).toBe(200);
    expect(calls).toEqual(['cancel']);
    expect(antom().payment({ paymentRequestId: created.id })).toMatchObject({
      status: 'CANCELLED',
    });
    expect(await harness.payment(created.id)).toMatchObject({ status: 'cancelled' });
  });

  it('sends the cancel to Antom when a pay was sent but its answer never came back', async () => {
    const created = await harness.createPayment({ acquirer: 'antom', amount: 1700 });
    losePayAnswer = true;
    try {
      const checkout = await harness.checkout(created.id, {
        client_secret: created.clientSecret,
        layout: 'web',
      });
      expect(checkout.status).toBe(502);
    } finally {
      losePayAnswer = false;
    }
    // Antom took the pay; the bridge served no checkout, yet it recorded that the pay was sent.
    expect(antom().payment({ paymentRequestId: created.id })).toBeDefined();
    const payment = await harness.payment(created.id);
    expect(payment.checkoutCount).toBe(0);
    expect((await harness.store.listEvents(created.id)).map((e) => e.type)).toContain(
      PAY_REQUESTED_EVENT,
    );

    calls.length = 0;
    const cancel = await harness.api('POST', `/v1/payments/${created.id}/cancel`, {});
    expect(cancel.status).toBe(200);
    expect(calls).toEqual(['cancel']);
    expect(antom().payment({ paymentRequestId: created.id })).toMatchObject({
      status: 'CANCELLED',
    });
    expect(await harness.payment(created.id)).toMatchObject({ status: 'cancelled' });
    expect(await webhookTypes(created.id, 'payment.cancelled')).toContain('payment.cancelled');
  });
});
