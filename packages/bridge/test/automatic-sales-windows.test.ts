import type { SandboxPurchase } from '@au-pay/sandbox';
import { afterEach, describe, expect, it } from 'vitest';
import type { PaymentView } from '../src/payments/payment-view.js';
import { BridgeHarness, TestClock } from '../src/testing/bridge-harness.js';
import { refundAtSbps } from '../src/testing/refund-at-sbps.js';

// Automated sales: SBPS settles the sale with the purchase and counts the refund window (until
// the end of the month after next) and the partial-refund opening (the 1st of the next month) from
// that date (spec/sbps-au.md §16). A slow A02-1 that arrives after midnight at a month's end must
// not move those windows by a month: the bridge counts from SBPS's res_payment_date, so it agrees
// with the emulated SBPS on both sides of every boundary.

const jst = (local: string): Date => new Date(`${local}+09:00`);
const AMOUNT = 3300;

async function startEmulated(): Promise<BridgeHarness> {
  return BridgeHarness.start({
    clock: new TestClock(jst('2025-03-31T23:59:58')),
    // '' = the emulator's own XML API: it enforces SBPS's windows itself.
    env: { SBPS_API_URL: '' },
    // slow@au.example: long enough for the test to move the clock past midnight first.
    bridge: { sandbox: { slowNotificationDelayMs: 1500 } },
  });
}

function sbpsPurchase(harness: BridgeHarness, paymentId: string): SandboxPurchase {
  const purchases = harness.bridge.sandbox?.sbps?.purchasesForOrder(paymentId) ?? [];
  expect(purchases).toHaveLength(1);
  return { ...(purchases[0] as SandboxPurchase) };
}

function refund(harness: BridgeHarness, id: string, body: { amount?: number } = {}) {
  return harness.api<PaymentView & { error?: Record<string, unknown> }>(
    'POST',
    `/v1/payments/${id}/refunds`,
    body,
  );
}

/**
 * A payment the buyer completed at 23:59:58 JST on 31 March, whose A02-1 reaches the bridge
 * after midnight, on 1 April.
 */
async function paidJustBeforeMidnight(harness: BridgeHarness) {
  const created = await harness.createPayment({ captureMode: 'automatic', amount: AMOUNT });
  const journey = await harness.buyer().pay(created, { auId: 'slow@au.example' });
  expect(journey.result.res_payment_date).toBe('20250331235958');
  expect(journey.landedAt.searchParams.get('status')).toBe('pending');
  harness.clock.set(jst('2025-04-01T00:00:03'));
  await harness.bridge.sandbox?.whenIdle();
  const payment = await harness.payment(created.id);
  expect(payment.status).toBe('captured');
  const notification = (await harness.store.listEvents(created.id)).find(
    (event) => event.type === 'sbps.notification',
  );
  expect(notification?.createdAt).toEqual(jst('2025-04-01T00:00:03'));
  return payment;
}

describe('automated sales: the windows count from the date SBPS settled the sale', () => {
  let harness: BridgeHarness;
  afterEach(async () => {
    await harness.close();
  });

  it('a slow A02-1 after midnight: the settlement date is SBPS res_payment_date, as at SBPS', async () => {
    harness = await startEmulated();
    const payment = await paidJustBeforeMidnight(harness);
    const purchase = sbpsPurchase(harness, payment.id);
    expect(payment.capturedAt).toEqual(jst('2025-03-31T23:59:58'));
    expect(payment.capturedAt).toEqual(purchase.salesAt);
    // The report arrived after midnight: requests dated before it are stale.
    expect(payment.authorizedAt).toEqual(jst('2025-04-01T00:00:03'));
  });

  it('a partial refund SBPS allows on 1 April is allowed', async () => {
    harness = await startEmulated();
    const payment = await paidJustBeforeMidnight(harness);

    // Counted from the arrival (1 April) it would open only on 1 May.
    const partial = await refund(harness, payment.id, { amount: 300 });
    expect(partial.status).toBe(200);
    expect(partial.body).toMatchObject({ status: 'partially_refunded', refundedAmount: 300 });
    expect(sbpsPurchase(harness, payment.id)).toMatchObject({
      state: 'partially_refunded',
      refundedTotal: 300,
    });
  });

  it('refunds until 31 May 23:59:59, where SBPS does; from 1 June the bridge refuses first', async () => {
    harness = await startEmulated();
    const payment = await paidJustBeforeMidnight(harness);
    const trackingId = payment.acquirerReference ?? '';

    harness.clock.set(jst('2025-05-31T23:59:59'));
    const last = await refund(harness, payment.id, { amount: 100 });
    expect(last.status).toBe(200);
    expect(sbpsPurchase(harness, payment.id)).toMatchObject({ refundedTotal: 100 });

    // Counted from the arrival (1 April) it would stay open until the end of June.
    harness.clock.set(jst('2025-06-01T00:00:00'));
    const eventsBefore = await harness.store.listEvents(payment.id);
    for (const body of [{}, { amount: 100 }]) {
      const late = await refund(harness, payment.id, body);
      expect(late.status).toBe(409);
      expect(late.body.error).toMatchObject({
        code: 'refund_window_closed',
        at: jst('2025-06-01T00:00:00').toISOString(),
      });
    }
    // Refused before SBPS was asked: nothing sent, nothing recorded.
    expect(await harness.store.listEvents(payment.id)).toEqual(eventsBefore);
    // And SBPS itself refuses it: 402 + 31 (refund period passed) + 027 (tracking_id).
    for (const amount of [undefined, 100]) {
      const atSbps = await refundAtSbps(harness, trackingId, amount);
      expect(atSbps).toMatchObject({ result: 'NG', errCode: '40231027' });
    }
    expect(sbpsPurchase(harness, payment.id)).toMatchObject({
      state: 'partially_refunded',
      refundedTotal: 100,
    });
  });
});

describe('automated sales: a res_payment_date the bridge cannot use', () => {
  let harness: BridgeHarness;
  afterEach(async () => {
    await harness.close();
  });

  it.each([
    ['absent', ''],
    ['not a date', '20250231120000'],
    ['later than now (another clock)', '20250401000010'],
  ])('%s: the sale counts from when the A02-1 arrived', async (_name, paymentDate) => {
    harness = await BridgeHarness.start({ clock: new TestClock(jst('2025-04-01T00:00:03')) });
    const created = await harness.createPayment({ captureMode: 'automatic' });
    const payment = await harness.payment(created.id);
    const answer = await harness.notify(payment, {
      overrides: { res_payment_date: paymentDate },
    });
    expect(answer.text).toBe('OK,');
    expect(await harness.payment(created.id)).toMatchObject({
      status: 'captured',
      capturedAt: jst('2025-04-01T00:00:03'),
      authorizedAt: jst('2025-04-01T00:00:03'),
    });
  });
});
