import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BridgeHarness } from '../testing/bridge-harness.js';

let harness: BridgeHarness;
beforeAll(async () => {
  harness = await BridgeHarness.start({
    bridge: { settings: { expirySweepIntervalMs: 20, checkoutWindowMs: 10 * 60_000 } },
  });
});
afterAll(async () => {
  await harness.close();
});

describe('expiry', () => {
  it('the sweep expires a pending payment past its limit once, with an event and a webhook', async () => {
    const created = await harness.createPayment();
    const untouched = await harness.createPayment({ captureMode: 'automatic' });
    await harness.notify(await harness.payment(untouched.id));
    const payment = await harness.payment(created.id);
    expect(payment.expiresAt.getTime() - payment.createdAt.getTime()).toBe(10 * 60_000);

    harness.clock.advance(10 * 60_000 - 1);
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect((await harness.payment(created.id)).status).toBe('pending');

    harness.clock.advance(1);
    await harness.until(async () => (await harness.payment(created.id)).status === 'expired');
    await harness.until(() => harness.webhooks.ofPayment(created.id).length === 1);
    await new Promise((resolve) => setTimeout(resolve, 80));
    const events = await harness.store.listEvents(created.id);
    expect(events.map((event) => event.type)).toEqual(['payment.created', 'payment.expired']);
    expect(harness.webhooks.ofPayment(created.id).map((event) => event.type)).toEqual([
      'payment.expired',
    ]);
    expect((await harness.payment(untouched.id)).status).toBe('captured');
  });

  it('a served checkout keeps the payment pending while SBPS can still complete it', async () => {
    const created = await harness.createPayment();
    harness.clock.advance(9 * 60_000);
    await harness.checkout(created.id, { client_secret: created.clientSecret, layout: 'web' });
    // The checkout window (10 min) has passed, but the request dated at 9 min can complete until
    // 9 + 10 (limit_second) + 4 (au rule) minutes, plus the notification grace.
    harness.clock.advance(14 * 60_000);
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect((await harness.payment(created.id)).status).toBe('pending');
    harness.clock.advance(3 * 60_000);
    await harness.until(async () => (await harness.payment(created.id)).status === 'expired');
  });
});
