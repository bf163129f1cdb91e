import { createTestDatabase } from '@au-pay/test-postgres';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { BridgeHarness, TestClock } from '../testing/bridge-harness.js';

const jst = (local: string): Date => new Date(`${local}+09:00`);
// Let several sweep passes run (interval 10 ms) before checking that nothing more happened.
const settle = () => new Promise((resolve) => setTimeout(resolve, 100));

/** Every webhook of the payment is marked delivered: a clock jump cannot end a lease and resend it. */
const allDelivered = async (harness: BridgeHarness, id: string) =>
  (await harness.store.listWebhooks(id)).every((message) => message.deliveredAt !== null);

const harnesses: BridgeHarness[] = [];
afterEach(async () => {
  for (const harness of harnesses.splice(0)) await harness.close();
});

async function start(options: { clock: TestClock; databaseUrl?: string }): Promise<BridgeHarness> {
  const harness = await BridgeHarness.start({
    ...options,
    bridge: { settings: { expirySweepIntervalMs: 10 } },
  });
  harnesses.push(harness);
  return harness;
}

/**
 * A specified-sales payment created at 23:50 JST on 10 March whose purchase SBPS dates 00:10 JST
 * on 11 March (the A02-1 echoes the A01-1's request_date): day 90 counts from 11 March, so the
 * authorization can be settled until 00:00 JST on 9 June, and the warning is due 00:00 JST on
 * 2 June. Counted from creation, both would come a day earlier.
 */
async function authorizedAcrossMidnight(harness: BridgeHarness) {
  harness.clock.set(jst('2025-03-10T23:50:00'));
  const created = await harness.createPayment({ captureMode: 'manual' });
  harness.clock.set(jst('2025-03-11T00:10:00'));
  const notified = await harness.notify(await harness.payment(created.id));
  expect(notified.text).toBe('OK,');
  await harness.until(() => allDelivered(harness, created.id));
  return created.id;
}

const settleBy = jst('2025-06-09T00:00:00');
const warnAt = jst('2025-06-02T00:00:00');

describe('authorizations near the settlement deadline', () => {
  it('counts from SBPS request_date, warns once 7 days before, and expires at the deadline', async () => {
    const harness = await start({ clock: new TestClock() });
    const id = await authorizedAcrossMidnight(harness);
    expect(await harness.payment(id)).toMatchObject({
      status: 'authorized',
      purchaseRequestedAt: jst('2025-03-11T00:10:00'),
      settleBy,
    });
    const shown = await harness.api('GET', `/v1/payments/${id}`);
    expect(shown.body).toMatchObject({ settleBy: settleBy.toISOString(), flags: [] });

    harness.clock.set(new Date(warnAt.getTime() - 1));
    await settle();
    expect(harness.webhooks.ofPayment(id).map((event) => event.type)).toEqual([
      'payment.authorized',
    ]);

    harness.clock.set(warnAt);
    await harness.until(() => harness.webhooks.ofPayment(id).length === 2);
    await settle();
    const warning = harness.webhooks.ofPayment(id)[1];
    expect(warning).toMatchObject({
      type: 'payment.authorization_expiring',
      data: {
        settleBy: settleBy.toISOString(),
        payment: { status: 'authorized', flags: ['authorization_expiring'] },
      },
    });
    expect(harness.webhooks.ofPayment(id)).toHaveLength(2);
    await harness.until(() => allDelivered(harness, id));

    // A day past the deadline counted from creation, still before SBPS's: still authorized.
    harness.clock.set(jst('2025-06-08T12:00:00'));
    await settle();
    expect((await harness.payment(id)).status).toBe('authorized');

    harness.clock.set(settleBy);
    await harness.until(async () => (await harness.payment(id)).status === 'expired');
    await harness.until(() => harness.webhooks.ofPayment(id).length === 3);
    await settle();
    const events = await harness.store.listEvents(id);
    expect(events.map((event) => event.type)).toEqual([
      'payment.created',
      'sbps.notification',
      'payment.authorized',
      'payment.authorization_expiring',
      'payment.expired',
    ]);
    expect(harness.webhooks.ofPayment(id).map((event) => event.type)).toEqual([
      'payment.authorized',
      'payment.authorization_expiring',
      'payment.expired',
    ]);
    const expired = await harness.api('GET', `/v1/payments/${id}`);
    expect(expired.body).toMatchObject({ status: 'expired', settleBy: null });
  });

  it('leaves a captured payment alone', async () => {
    const harness = await start({ clock: new TestClock() });
    harness.clock.set(jst('2025-03-11T00:10:00'));
    const created = await harness.createPayment({ captureMode: 'automatic' });
    await harness.notify(await harness.payment(created.id));
    expect(await harness.payment(created.id)).toMatchObject({ status: 'captured', settleBy: null });
    harness.clock.set(jst('2025-06-10T00:00:00'));
    await settle();
    expect((await harness.payment(created.id)).status).toBe('captured');
    expect(harness.webhooks.ofPayment(created.id).map((event) => event.type)).toEqual([
      'payment.captured',
    ]);
  });

  it('warns and expires once with two bridges sweeping one PostgreSQL database', async () => {
    const clock = new TestClock();
    const databaseUrl = await createTestDatabase(inject('postgresUrl'));
    const first = await start({ clock, databaseUrl });
    const second = await start({ clock, databaseUrl });
    const id = await authorizedAcrossMidnight(first);
    // Either bridge may deliver a message; each event has one id.
    const delivered = () =>
      new Map(
        [...first.webhooks.ofPayment(id), ...second.webhooks.ofPayment(id)].map((event) => [
          event.id,
          event.type,
        ]),
      );

    clock.set(warnAt);
    await first.until(() => delivered().size === 2);
    await first.until(() => allDelivered(first, id));
    clock.set(settleBy);
    await first.until(() => delivered().size === 3);
    await settle();
    const events = await first.store.listEvents(id);
    expect(events.map((event) => event.type)).toEqual([
      'payment.created',
      'sbps.notification',
      'payment.authorized',
      'payment.authorization_expiring',
      'payment.expired',
    ]);
    expect([...delivered().values()].sort()).toEqual([
      'payment.authorization_expiring',
      'payment.authorized',
      'payment.expired',
    ]);
  });
});
