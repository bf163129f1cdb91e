import { formatSbpsDate } from '@au-pay/core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { paymentChange } from '../src/payments/payment-changes.js';
import type { PaymentView } from '../src/payments/payment-view.js';
import { BridgeHarness, TestClock } from '../src/testing/bridge-harness.js';

// A late success: SBPS reports (A02-1 OK) a purchase the bridge had already given up as expired.
// The buyer was charged at au, so the payment must move on to what a timely success makes of it
// (authorized / captured), tell the merchant once with the usual webhook, and take capture, cancel
// and refunds afterwards: otherwise the money is stuck.

const START = '2025-03-10T10:00:00+09:00';
/** Past the 30-minute checkout window: a pending payment read after this is expired. */
const PAST_EXPIRY_MS = 31 * 60_000;

async function eventTypes(harness: BridgeHarness, id: string): Promise<string[]> {
  return (await harness.store.listEvents(id)).map((event) => event.type);
}

/** The webhooks of a payment, once everything in its outbox has been delivered. */
async function deliveredWebhooks(harness: BridgeHarness, id: string) {
  await harness.until(async () => {
    const outbox = await harness.store.listWebhooks(id);
    return (
      outbox.every((message) => message.deliveredAt !== null) &&
      harness.webhooks.ofPayment(id).length === outbox.length
    );
  });
  return harness.webhooks.ofPayment(id);
}

function operation(harness: BridgeHarness, id: string, path: string, body = {}) {
  return harness.api<PaymentView & { error?: Record<string, unknown> }>(
    'POST',
    `/v1/payments/${id}/${path}`,
    body,
  );
}

describe('a late success reported by A02-1 (test-played SBPS)', () => {
  let harness: BridgeHarness;
  beforeAll(async () => {
    harness = await BridgeHarness.start({ clock: new TestClock(START) });
  });
  afterAll(async () => {
    await harness.close();
  });

  /** A pending payment, then the clock past its limit and a read that expires it. */
  async function expiredPayment(captureMode: 'automatic' | 'manual', trackingId: string) {
    harness.clock.set(START);
    const created = await harness.createPayment({ captureMode });
    const payment = await harness.payment(created.id);
    // SBPS completed the purchase a minute before the limit; its report comes after it.
    const paidAt = new Date(harness.clock.now().getTime() + 29 * 60_000);
    harness.clock.advance(PAST_EXPIRY_MS);
    const read = await harness.api('GET', `/v1/payments/${payment.id}`);
    expect(read.body).toMatchObject({ status: 'expired' });
    const overrides = { res_tracking_id: trackingId, res_payment_date: formatSbpsDate(paidAt) };
    return { payment, paidAt, overrides };
  }

  it('authorizes an expired manual-capture payment, once however often SBPS repeats it; capture works', async () => {
    const { payment, overrides } = await expiredPayment('manual', '20000000000001');
    const body = harness.notificationBody(payment, { overrides });
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => harness.notify(payment, { body })),
    );
    expect(answers.map((answer) => answer.text)).toEqual(Array(10).fill('OK,'));
    expect((await harness.notify(payment, { body })).text).toBe('OK,');

    const stored = await harness.payment(payment.id);
    expect(stored).toMatchObject({
      status: 'authorized',
      capturedAmount: 0,
      acquirerReference: '20000000000001',
      flags: ['late_success'],
      authorizedAt: harness.clock.now(),
    });
    expect(await eventTypes(harness, payment.id)).toEqual([
      'payment.created',
      'payment.expired',
      'sbps.notification',
      'payment.late_success',
      'payment.authorized',
    ]);
    const webhooks = await deliveredWebhooks(harness, payment.id);
    expect(webhooks.map((event) => event.type)).toEqual(['payment.expired', 'payment.authorized']);
    expect(webhooks[1]?.data).toMatchObject({
      lateSuccess: true,
      payment: { status: 'authorized', flags: ['late_success'] },
    });

    const captured = await operation(harness, payment.id, 'capture');
    expect(captured.status).toBe(200);
    expect(captured.body).toMatchObject({ status: 'captured', capturedAmount: payment.amount });
    expect(harness.sbps.calls.at(-1)).toMatchObject({
      id: 'ST02-00201-402',
      fields: { tracking_id: '20000000000001' },
    });
  });

  it('lets the merchant cancel a late authorization', async () => {
    const { payment, overrides } = await expiredPayment('manual', '20000000000002');
    expect((await harness.notify(payment, { overrides })).text).toBe('OK,');
    const cancelled = await operation(harness, payment.id, 'cancel');
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', flags: ['late_success'] });
    expect(harness.sbps.calls.at(-1)).toMatchObject({ id: 'ST02-00303-402' });
  });

  it('captures an expired automatic-capture payment from SBPS date; a refund works', async () => {
    const { payment, paidAt, overrides } = await expiredPayment('automatic', '20000000000003');
    expect((await harness.notify(payment, { overrides })).text).toBe('OK,');
    expect((await harness.notify(payment, { overrides })).text).toBe('OK,');
    expect(await harness.payment(payment.id)).toMatchObject({
      status: 'captured',
      capturedAmount: payment.amount,
      capturedAt: paidAt,
      authorizedAt: harness.clock.now(),
      flags: ['late_success'],
    });
    const webhooks = await deliveredWebhooks(harness, payment.id);
    expect(webhooks.map((event) => event.type)).toEqual(['payment.expired', 'payment.captured']);

    const refunded = await operation(harness, payment.id, 'refunds');
    expect(refunded.status).toBe(200);
    expect(refunded.body).toMatchObject({ status: 'refunded', refundedAmount: payment.amount });
    expect(harness.sbps.calls.at(-1)).toMatchObject({
      id: 'ST02-00303-402',
      fields: { tracking_id: '20000000000003' },
    });
  });

  it('takes a success after a failure the same way: captured once, then refundable', async () => {
    harness.clock.set(START);
    const created = await harness.createPayment({ captureMode: 'automatic' });
    // The bridge no longer fails a payment from SBPS (an NG result is a browser return, refused
    // at /sbps/notify), but a store kept from a bridge that did may hold failed payments.
    await harness.store.updatePayment(created.id, (current) =>
      paymentChange({ ...current, status: 'failed' }, harness.clock.now(), [
        { type: 'payment.failed', data: { errCode: 'AUL4' } },
      ]),
    );
    const payment = await harness.payment(created.id);
    expect(payment).toMatchObject({ status: 'failed' });
    const overrides = { res_tracking_id: '20000000000004' };
    expect((await harness.notify(payment, { overrides })).text).toBe('OK,');
    expect((await harness.notify(payment, { overrides })).text).toBe('OK,');
    expect(await harness.payment(payment.id)).toMatchObject({
      status: 'captured',
      capturedAmount: payment.amount,
      flags: ['late_success'],
    });
    expect(await eventTypes(harness, payment.id)).toEqual([
      'payment.created',
      'payment.failed',
      'sbps.notification',
      'payment.late_success',
      'payment.captured',
    ]);
    const webhooks = await deliveredWebhooks(harness, payment.id);
    expect(webhooks.map((event) => [event.type, event.data.lateSuccess])).toEqual([
      ['payment.captured', true],
    ]);
    const refund = await operation(harness, payment.id, 'refunds');
    expect(refund.status).toBe(200);
    expect(await harness.payment(payment.id)).toMatchObject({ status: 'refunded' });
  });
});

describe('a late success through the emulated SBPS (slow@au.example)', () => {
  let harness: BridgeHarness;
  afterEach(async () => {
    await harness.close();
  });

  it('the payment expired while the A02-1 was on its way: captured, then refunded at SBPS', async () => {
    harness = await BridgeHarness.start({
      clock: new TestClock(START),
      // '' = the emulator's own XML API, which applies its own rules to the refund.
      env: { SBPS_API_URL: '' },
      bridge: { sandbox: { slowNotificationDelayMs: 1500 } },
    });
    const created = await harness.createPayment({ captureMode: 'automatic', amount: 3300 });
    const journey = await harness.buyer().pay(created, { auId: 'slow@au.example' });
    expect(journey.landedAt.searchParams.get('status')).toBe('pending');

    // The bridge gives up on the payment before SBPS's report arrives.
    harness.clock.advance(PAST_EXPIRY_MS);
    const read = await harness.api('GET', `/v1/payments/${created.id}`);
    expect(read.body).toMatchObject({ status: 'expired' });
    await harness.bridge.sandbox?.whenIdle();

    const [purchase] = harness.bridge.sandbox?.sbps?.purchasesForOrder(created.id) ?? [];
    expect(purchase).toMatchObject({ state: 'captured', salesMode: 'automatic' });
    expect(await harness.payment(created.id)).toMatchObject({
      status: 'captured',
      capturedAmount: 3300,
      acquirerReference: purchase?.trackingId,
      capturedAt: purchase?.salesAt,
      flags: ['late_success'],
    });

    const refunded = await operation(harness, created.id, 'refunds');
    expect(refunded.status).toBe(200);
    expect(refunded.body).toMatchObject({ status: 'refunded', refundedAmount: 3300 });
    expect(harness.bridge.sandbox?.sbps?.purchasesForOrder(created.id)[0]).toMatchObject({
      state: 'refunded',
      refundedTotal: 3300,
    });
    const webhooks = await deliveredWebhooks(harness, created.id);
    expect(webhooks.map((event) => [event.type, event.data.lateSuccess])).toEqual([
      ['payment.expired', undefined],
      ['payment.captured', true],
      ['payment.refunded', undefined],
    ]);
  });
});
