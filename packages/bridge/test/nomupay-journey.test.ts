import { signNomupayMessage } from '@au-pay/core/nomupay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NOMUPAY_SANDBOX_DEFAULTS } from '../src/acquirers/nomupay/config.js';
import { BridgeHarness, TestClock } from '../src/testing/bridge-harness.js';

// NomuPay through the bridge against the emulated NomuPay it mounts in sandbox mode (sandbox keys:
// the bridge's HMAC key and the public half of its private key): the payment created at checkout,
// the carrier step's au screens, the webhook, the return, then captures, cancels and refunds with
// NomuPay's single-partial rules (spec/nomupay-au.md §6).

let harness: BridgeHarness;
beforeAll(async () => {
  harness = await BridgeHarness.start({ clock: new TestClock('2025-03-10T10:00:00+09:00') });
});
afterAll(async () => {
  await harness.close();
});

const nomupay = () => {
  const state = harness.bridge.sandbox?.nomupay;
  if (!state) throw new Error('the emulated NomuPay is not mounted');
  return state;
};

async function paidPayment(amount: number, captureMode: 'manual' | 'automatic' = 'manual') {
  const created = await harness.createPayment({ acquirer: 'nomupay', captureMode, amount });
  const journey = await harness.buyer().pay(created);
  await harness.bridge.sandbox?.whenIdle();
  return { created, journey };
}

describe('NomuPay checkout', () => {
  it('creates the NomuPay payment at checkout and posts its nextStep params in order, unchanged', async () => {
    const created = await harness.createPayment({ acquirer: 'nomupay', amount: 1980 });
    const buyer = harness.buyer();
    await buyer.checkout(created);
    const [payment] = nomupay()
      .payments()
      .filter((p) => p.merchantReference === created.id);
    expect(payment).toMatchObject({ amount: 1980, status: 'pending' });
    const html = buyer.page.html;
    expect(html).toContain(`action="${harness.url}/sandbox/nomupay/sbps/f01/FepBuyInfoReceive.do"`);
    const names = [...html.matchAll(/<input type="hidden" name="([^"]+)"/g)].map((m) => m[1]);
    expect(names).toEqual([
      'pay_method',
      'merchant_id',
      'service_id',
      'cust_code',
      'order_id',
      'item_id',
      'amount',
      'pay_type',
      'service_type',
      'success_url',
      'cancel_url',
      'error_url',
      'pagecon_url',
      'request_date',
      'limit_second',
      'sps_hashcode',
    ]);
    expect(html).toContain(`value="${harness.url}/nomupay/return/${created.id}"`);

    // A second checkout replays NomuPay's answer (same idempotency key): no second payment.
    await buyer.checkout(created);
    expect(
      nomupay()
        .payments()
        .filter((p) => p.merchantReference === created.id),
    ).toHaveLength(1);
  });
});

describe('NomuPay journey', () => {
  it('pays with manual capture, returns the buyer authorized, then captures part once', async () => {
    const { created, journey } = await paidPayment(2200);
    expect(journey.landedAt.searchParams.get('payment')).toBe(created.id);
    expect(journey.landedAt.searchParams.get('status')).toBe('authorized');
    expect(journey.landedAt.searchParams.get('result')).toBe('success');
    const stored = await harness.payment(created.id);
    expect(stored).toMatchObject({ status: 'authorized' });
    const nomupayId = stored.acquirerReference as string;
    expect(nomupay().payment(nomupayId)).toMatchObject({ status: 'approved' });

    const capture = await harness.api('POST', `/v1/payments/${created.id}/capture`, {
      amount: 2000,
    });
    expect(capture.status).toBe(200);
    expect(capture.body).toMatchObject({ status: 'captured', capturedAmount: 2000 });
    expect(nomupay().payment(nomupayId)).toMatchObject({ status: 'partially_captured' });

    const again = await harness.api('POST', `/v1/payments/${created.id}/capture`, { amount: 100 });
    expect(again.status).toBeGreaterThanOrEqual(400);
    expect(nomupay().operationsOf(nomupayId)).toHaveLength(1);
  });
});

describe('NomuPay cancels and refunds', () => {
  it('cancels an authorization at NomuPay', async () => {
    const { created } = await paidPayment(1500);
    const nomupayId = (await harness.payment(created.id)).acquirerReference as string;
    const cancel = await harness.api('POST', `/v1/payments/${created.id}/cancel`);
    expect(cancel.status).toBe(200);
    expect(cancel.body).toMatchObject({ status: 'cancelled' });
    expect(nomupay().payment(nomupayId)).toMatchObject({ status: 'cancelled' });
  });

  it('captures an automatic-capture payment NomuPay reports approved, then refunds part once; a second refund is refused before NomuPay is called', async () => {
    const { created } = await paidPayment(3000, 'automatic');
    const stored = await harness.payment(created.id);
    expect(stored).toMatchObject({ status: 'captured', capturedAmount: 3000 });
    const nomupayId = stored.acquirerReference as string;
    expect(nomupay().payment(nomupayId)).toMatchObject({ status: 'captured' });
    // Partial refunds open on the 1st of the month after settlement (SBPS's au rule, spec §6).
    harness.clock.set('2025-04-02T10:00:00+09:00');

    const first = await harness.api('POST', `/v1/payments/${created.id}/refunds`, { amount: 500 });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ status: 'partially_refunded', refundedAmount: 500 });
    expect(nomupay().payment(nomupayId)).toMatchObject({ status: 'partially_refunded' });
    const operations = nomupay().operationsOf(nomupayId).length;

    const second = await harness.api('POST', `/v1/payments/${created.id}/refunds`, {
      amount: 100,
    });
    expect(second.status).toBe(409);
    expect(second.body).toMatchObject({ error: { code: 'not_supported_by_acquirer' } });
    expect((second.body.error as { message: string }).message).toMatch(/one partial refund/i);
    expect(nomupay().operationsOf(nomupayId)).toHaveLength(operations);
    harness.clock.set('2025-03-10T10:00:00+09:00');
  });
});

describe('NomuPay buyer cancel, webhooks', () => {
  it('the buyer cancels on the au screens: back to the shop, still pending, nothing charged', async () => {
    const created = await harness.createPayment({ acquirer: 'nomupay', amount: 800 });
    const journey = await harness.buyer().pay(created, { cancelAt: 'confirm' });
    expect(journey.landedAt.searchParams.get('status')).toBe('pending');
    expect(journey.landedAt.searchParams.get('result')).toBe('cancel');
    expect(await harness.payment(created.id)).toMatchObject({
      status: 'pending',
      acquirerReference: null,
    });
  });

  it('applies a repeated webhook once, and refuses a badly signed one with 400', async () => {
    const created = await harness.createPayment({
      acquirer: 'nomupay',
      captureMode: 'manual',
      amount: 1200,
    });
    await harness.buyer().checkout(created);
    const [payment] = nomupay()
      .payments()
      .filter((p) => p.merchantReference === created.id);
    const body = JSON.stringify({
      id: '2WebhookDuplicateTest000001',
      type: 'payment',
      live: false,
      payload: {
        id: payment?.id,
        merchantReference: created.id,
        status: 'approved',
        amount: { value: 1200, currency: 'jpy' },
      },
    });
    const post = (signature: string) =>
      fetch(`${harness.url}/nomupay/webhooks`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-signature': signature },
        body,
      });
    const sign = (hmacKey: string) =>
      signNomupayMessage({
        body,
        kid: '2SandboxNomupayHmacKey00001',
        hmacKey,
        now: harness.clock.now(),
        audience: `${harness.url}/nomupay/webhooks`,
      });

    const forged = await post(sign('not-the-bridge-hmac-key-0123456789abcdef'));
    expect(forged.status).toBe(400);
    expect(await harness.payment(created.id)).toMatchObject({ status: 'pending' });

    const signature = sign(NOMUPAY_SANDBOX_DEFAULTS.hmacKey);
    expect((await post(signature)).status).toBe(204);
    expect((await post(signature)).status).toBe(204);
    expect(await harness.payment(created.id)).toMatchObject({ status: 'authorized' });
    const events = await harness.store.listEvents(created.id);
    expect(events.filter((event) => event.type === 'nomupay.webhook')).toHaveLength(1);
    const authorized = () =>
      harness.webhooks.events.filter(
        (event) =>
          event.type === 'payment.authorized' &&
          (event.data.payment as { id: string }).id === created.id,
      );
    await harness.until(() => authorized().length > 0);
    expect(authorized()).toHaveLength(1);

    // Out of order: an older `pending` state arriving late, under another webhook id, changes
    // nothing.
    const late = body.replace('2WebhookDuplicateTest000001', '2WebhookOutOfOrderTest00001');
    const lateBody = late.replace('"status":"approved"', '"status":"pending"');
    const lateAnswer = await fetch(`${harness.url}/nomupay/webhooks`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-signature': signNomupayMessage({
          body: lateBody,
          kid: '2SandboxNomupayHmacKey00001',
          hmacKey: NOMUPAY_SANDBOX_DEFAULTS.hmacKey,
          now: harness.clock.now(),
          audience: `${harness.url}/nomupay/webhooks`,
        }),
      },
      body: lateBody,
    });
    expect(lateAnswer.status).toBe(204);
    expect(await harness.payment(created.id)).toMatchObject({ status: 'authorized' });
    expect(await harness.store.listEvents(created.id)).toHaveLength(events.length);
  });
});
