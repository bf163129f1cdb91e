import type { SandboxPurchase } from '@au-pay/sandbox';
import { readForm } from '@au-pay/sandbox/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { PaymentView } from '../src/payments/payment-view.js';
import {
  BridgeHarness,
  type CreatedPaymentBody,
  type HarnessOptions,
  TEST_API_PASSWORD,
  TestClock,
} from '../src/testing/bridge-harness.js';
import { refundAtSbps } from '../src/testing/refund-at-sbps.js';

// Every sandbox scenario in both sales modes, through the whole bridge over HTTP: create, checkout,
// each au screen, the A02-1 notification, the browser's return; then capture, cancel and refunds
// through the emulated XML API. Each step is checked in the merchant API, in the store, in the
// emulated SBPS's own ledger and in the webhooks the merchant received.

type CaptureMode = 'automatic' | 'manual';
const MODES: readonly CaptureMode[] = ['automatic', 'manual'];

/** Monday 2025-03-10 10:00 JST: settlement, refund and partial-refund windows count from here. */
const START = '2025-03-10T10:00:00+09:00';
const RETURN_URL = 'https://shop.example/orders/1001/return';
const AMOUNT = 3300;
/** slow@au.example: the A02-1 follows the browser by this much (real time). */
const SLOW_DELAY_MS = 300;

function startHarness(options: HarnessOptions = {}): Promise<BridgeHarness> {
  return BridgeHarness.start({
    clock: new TestClock(START),
    ...options,
    // '' = the default: the emulator's own XML API under PUBLIC_URL/sandbox/sbps.
    env: { SBPS_API_URL: '', ...options.env },
    bridge: {
      ...options.bridge,
      sandbox: { slowNotificationDelayMs: SLOW_DELAY_MS, ...options.bridge?.sandbox },
    },
  });
}

/** What the emulated SBPS holds for a payment (its order_id is the payment id). */
function sbpsPurchase(harness: BridgeHarness, paymentId: string): Readonly<SandboxPurchase> {
  const purchases = harness.bridge.sandbox?.sbps?.purchasesForOrder(paymentId) ?? [];
  expect(purchases).toHaveLength(1);
  return { ...(purchases[0] as SandboxPurchase) };
}

/** The webhooks of a payment, once everything in its outbox has been delivered. */
async function deliveredWebhooks(harness: BridgeHarness, paymentId: string) {
  await harness.until(async () => {
    const outbox = await harness.store.listWebhooks(paymentId);
    return (
      outbox.every((message) => message.deliveredAt !== null) &&
      harness.webhooks.ofPayment(paymentId).length === outbox.length
    );
  });
  return harness.webhooks.ofPayment(paymentId);
}

async function webhookTypes(harness: BridgeHarness, paymentId: string): Promise<string[]> {
  return (await deliveredWebhooks(harness, paymentId)).map((event) => event.type);
}

async function view(harness: BridgeHarness, paymentId: string): Promise<PaymentView> {
  const response = await harness.api<PaymentView>('GET', `/v1/payments/${paymentId}`);
  expect(response.status).toBe(200);
  return response.body;
}

async function eventTypes(harness: BridgeHarness, paymentId: string): Promise<string[]> {
  return (await harness.store.listEvents(paymentId)).map((event) => event.type);
}

/** Log lines with this message about this payment (`paymentId`, or `orderId` before one is known). */
function logged(harness: BridgeHarness, msg: string, paymentId: string): Record<string, unknown>[] {
  return harness.logs
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter(
      (entry) =>
        entry.msg === msg && (entry.paymentId === paymentId || entry.orderId === paymentId),
    );
}

/** Everything a refused operation must leave as it was. */
async function snapshot(harness: BridgeHarness, paymentId: string) {
  return {
    payment: await harness.payment(paymentId),
    events: await eventTypes(harness, paymentId),
    webhooks: await webhookTypes(harness, paymentId),
    sbps: sbpsPurchase(harness, paymentId),
  };
}

function createPayment(harness: BridgeHarness, captureMode: CaptureMode, amount = AMOUNT) {
  return harness.createPayment({ captureMode, amount, returnUrl: RETURN_URL });
}

/** A payment the buyer has paid (success@au.example), with its webhook delivered. */
async function paidPayment(
  harness: BridgeHarness,
  captureMode: CaptureMode,
  amount = AMOUNT,
): Promise<CreatedPaymentBody> {
  const created = await createPayment(harness, captureMode, amount);
  const journey = await harness.buyer().pay(created);
  const status = captureMode === 'automatic' ? 'captured' : 'authorized';
  expect(journey.landedAt.searchParams.get('status')).toBe(status);
  expect(await webhookTypes(harness, created.id)).toEqual([`payment.${status}`]);
  return created;
}

function operation(harness: BridgeHarness, paymentId: string, path: string, body = {}) {
  return harness.api<PaymentView & { error?: Record<string, unknown> }>(
    'POST',
    `/v1/payments/${paymentId}/${path}`,
    body,
  );
}

interface ScenarioRow {
  readonly auId: string;
  /** Where SBPS's result page posts the browser (A03-1): success_url, cancel_url or error_url. */
  readonly result: 'success' | 'cancel' | 'error';
  /** `res_err_code` the browser carries back (sandbox placeholders, spec §17.6). */
  readonly errCode: string;
  /** Whether the bridge accepts an A02-1: the payment then moves, with one webhook. */
  readonly paid: boolean;
  /** slow@: the browser is back before the A02-1. */
  readonly returnsFirst: boolean;
  /** A02-1s as the bridge answered them (its log): accepted (`OK,`), of which repeats; refused. */
  readonly notifications: { accepted: number; repeats: number; refused: number };
  /** How the emulated SBPS ends up holding the purchase. */
  readonly sbps: 'paid' | 'failed' | 'inconsistent';
}

const SCENARIO_TABLE: readonly ScenarioRow[] = [
  {
    auId: 'success@au.example',
    result: 'success',
    errCode: '',
    paid: true,
    returnsFirst: false,
    notifications: { accepted: 1, repeats: 0, refused: 0 },
    sbps: 'paid',
  },
  {
    auId: 'cancel@au.example',
    result: 'cancel',
    errCode: '',
    paid: false,
    returnsFirst: false,
    notifications: { accepted: 0, repeats: 0, refused: 0 },
    sbps: 'failed',
  },
  {
    auId: 'limit@au.example',
    result: 'error',
    errCode: 'AUL4',
    paid: false,
    returnsFirst: false,
    notifications: { accepted: 0, repeats: 0, refused: 0 },
    sbps: 'failed',
  },
  {
    auId: 'restricted@au.example',
    result: 'error',
    errCode: 'AUU1',
    paid: false,
    returnsFirst: false,
    notifications: { accepted: 0, repeats: 0, refused: 0 },
    sbps: 'failed',
  },
  {
    // The A02-1 carries a wrong sps_hashcode: the bridge answers NG, SBPS holds the purchase.
    auId: 'ng@au.example',
    result: 'error',
    errCode: 'AU84',
    paid: false,
    returnsFirst: false,
    notifications: { accepted: 0, repeats: 0, refused: 1 },
    sbps: 'inconsistent',
  },
  {
    auId: 'slow@au.example',
    result: 'success',
    errCode: '',
    paid: true,
    returnsFirst: true,
    notifications: { accepted: 1, repeats: 0, refused: 0 },
    sbps: 'paid',
  },
  {
    // The same A02-1 twice: both answered OK, applied once.
    auId: 'duplicate@au.example',
    result: 'success',
    errCode: '',
    paid: true,
    returnsFirst: false,
    notifications: { accepted: 2, repeats: 1, refused: 0 },
    sbps: 'paid',
  },
];

describe('every scenario, in both sales modes, through the bridge', () => {
  let harness: BridgeHarness;
  beforeAll(async () => {
    harness = await startHarness();
  });
  afterAll(async () => {
    await harness.close();
  });

  describe.each(MODES)('%s sales', (mode) => {
    const paidStatus = mode === 'automatic' ? 'captured' : 'authorized';

    it.each(SCENARIO_TABLE)('$auId', async (row) => {
      const created = await createPayment(harness, mode);
      const buyer = harness.buyer();
      const journey = await buyer.pay(created, { auId: row.auId });

      // Each au screen, in order, each with its form: au ID and password, code, PIN.
      expect(journey.screens).toEqual(['checkout', 'login', 'code', 'confirm', 'return', 'shop']);
      const [, login, code, confirm] = journey.pages;
      expect(login?.html).toMatch(/name="au_id"[\s\S]*name="password"/);
      expect(code?.html).toMatch(/<strong>\d{6}<\/strong>[\s\S]*name="code"/);
      expect(confirm?.html).toContain('3,300円');
      expect(confirm?.html).toContain('name="pin"');

      // SBPS's result page posts the browser back to the bridge's matching return URL.
      expect(journey.returnForm.action).toBe(`${harness.url}/sbps/return/${row.result}`);
      expect(journey.result).toMatchObject({
        order_id: created.id,
        res_result: row.result === 'success' ? 'OK' : 'NG',
        res_err_code: row.errCode,
      });

      // The bridge sends the buyer to the shop with the status it holds at that moment.
      const landed = journey.landedAt;
      expect(`${landed.origin}${landed.pathname}`).toBe(RETURN_URL);
      expect(Object.fromEntries(landed.searchParams)).toEqual({
        payment: created.id,
        status: row.paid && !row.returnsFirst ? paidStatus : 'pending',
        result: row.result,
      });

      // slow@: the merchant's page polls until the A02-1 is in.
      if (row.returnsFirst) {
        await harness.until(async () => (await view(harness, created.id)).status !== 'pending');
      }
      // No A02-1 is still on its way.
      await harness.bridge.sandbox?.whenIdle();

      const status = row.paid ? paidStatus : 'pending';
      const trackingId = journey.result.res_tracking_id;
      const money = {
        status,
        amount: AMOUNT,
        capturedAmount: row.paid && mode === 'automatic' ? AMOUNT : 0,
        refundedAmount: 0,
        acquirerReference: row.paid ? trackingId : null,
        flags: [],
      };
      const webhookType = `payment.${paidStatus}`;
      const history = row.paid
        ? ['payment.created', 'checkout.served', 'sbps.notification', webhookType]
        : ['payment.created', 'checkout.served'];

      // The merchant API and the store agree.
      const shown = await view(harness, created.id);
      expect(shown).toMatchObject({ ...money, captureMode: mode });
      expect(shown.events?.map((event) => event.type)).toEqual(history);
      const stored = await harness.payment(created.id);
      expect(stored).toMatchObject({ ...money, captureMode: mode, checkoutCount: 1 });
      expect(stored.authorizedAt !== null).toBe(row.paid);
      expect(stored.capturedAt !== null).toBe(row.paid && mode === 'automatic');
      expect(await eventTypes(harness, created.id)).toEqual(history);

      // One webhook per transition, none without one, each showing the payment as it became.
      const webhooks = await deliveredWebhooks(harness, created.id);
      expect(webhooks.map((event) => event.type)).toEqual(row.paid ? [webhookType] : []);
      for (const event of webhooks) {
        expect(event.data.payment).toMatchObject(money);
      }

      // How the bridge answered the A02-1s the emulator sent.
      const accepted = logged(harness, 'sbps notification accepted', created.id);
      expect(accepted).toHaveLength(row.notifications.accepted);
      expect(accepted.filter((entry) => entry.repeat === true)).toHaveLength(
        row.notifications.repeats,
      );
      expect(
        logged(harness, 'sbps notification refused: sps_hashcode does not verify', created.id),
      ).toHaveLength(row.notifications.refused);

      // The emulated SBPS's own record.
      const sbps = sbpsPurchase(harness, created.id);
      expect(sbps.trackingId).toBe(trackingId);
      expect(sbps).toMatchObject({
        // A failed attempt never reaches a sales mode.
        ...(row.sbps !== 'failed' && { salesMode: mode }),
        amount: AMOUNT,
        state: row.sbps === 'failed' ? 'failed' : paidStatus,
        inconsistent: row.sbps === 'inconsistent',
        capturedAmount: row.sbps !== 'failed' && mode === 'automatic' ? AMOUNT : 0,
      });
    });

    it.each([
      { screen: 'login', seen: ['login'] },
      { screen: 'code', seen: ['login', 'code'] },
      { screen: 'confirm', seen: ['login', 'code', 'confirm'] },
    ] as const)('the cancel button on the $screen screen', async ({ screen, seen }) => {
      const created = await createPayment(harness, mode);
      const journey = await harness.buyer().pay(created, { cancelAt: screen });
      expect(journey.screens).toEqual(['checkout', ...seen, 'return', 'shop']);
      expect(journey.returnForm.action).toBe(`${harness.url}/sbps/return/cancel`);
      expect(journey.landedAt.searchParams.get('status')).toBe('pending');
      expect(journey.landedAt.searchParams.get('result')).toBe('cancel');
      await harness.bridge.sandbox?.whenIdle();
      expect(await harness.payment(created.id)).toMatchObject({ status: 'pending' });
      expect(await eventTypes(harness, created.id)).toEqual(['payment.created', 'checkout.served']);
      expect(await webhookTypes(harness, created.id)).toEqual([]);
      expect(sbpsPurchase(harness, created.id).state).toBe('failed');
    });
  });
});

describe('money operations through the emulated XML API', () => {
  let harness: BridgeHarness;
  afterEach(async () => {
    await harness.close();
  });

  it('specified sales: a partial capture is final; partial refunds open on the 1st of the next month', async () => {
    harness = await startHarness();
    const { id } = await paidPayment(harness, 'manual');

    const captured = await operation(harness, id, 'capture', { amount: 3000 });
    expect(captured.status).toBe(200);
    expect(captured.body).toMatchObject({ status: 'captured', capturedAmount: 3000 });
    expect(await harness.payment(id)).toMatchObject({
      status: 'captured',
      capturedAmount: 3000,
      partialCaptureCount: 1,
      capturedAt: new Date(START),
    });
    expect(sbpsPurchase(harness, id)).toMatchObject({ state: 'captured', capturedAmount: 3000 });
    const [, capturedHook] = await deliveredWebhooks(harness, id);
    expect(capturedHook).toMatchObject({
      type: 'payment.captured',
      data: { amount: 3000, partial: true, payment: { status: 'captured', capturedAmount: 3000 } },
    });

    // A capture releases the rest of the authorization (spec §15): no second capture.
    const before = await snapshot(harness, id);
    const rest = await operation(harness, id, 'capture');
    expect(rest.status).toBe(409);
    expect(rest.body.error).toMatchObject({ code: 'invalid_state' });
    expect(await snapshot(harness, id)).toEqual(before);

    // Partial refunds open at 00:00 JST on the 1st of the month after settlement.
    const early = await operation(harness, id, 'refunds', { amount: 500 });
    expect(early.status).toBe(409);
    expect(early.body.error).toMatchObject({
      code: 'partial_refund_not_yet_open',
      at: new Date('2025-04-01T00:00:00+09:00').toISOString(),
    });
    expect(await snapshot(harness, id)).toEqual(before);

    harness.clock.set('2025-04-01T00:00:00+09:00');
    const partial = await operation(harness, id, 'refunds', { amount: 500 });
    expect(partial.status).toBe(200);
    expect(partial.body).toMatchObject({ status: 'partially_refunded', refundedAmount: 500 });
    expect(await harness.payment(id)).toMatchObject({
      status: 'partially_refunded',
      refundedAmount: 500,
    });
    expect(sbpsPurchase(harness, id)).toMatchObject({
      state: 'partially_refunded',
      refundedTotal: 500,
    });

    const remaining = await operation(harness, id, 'refunds');
    expect(remaining.status).toBe(200);
    expect(remaining.body).toMatchObject({ status: 'refunded', refundedAmount: 3000 });
    expect(await harness.payment(id)).toMatchObject({ status: 'refunded', refundedAmount: 3000 });
    expect(sbpsPurchase(harness, id)).toMatchObject({ state: 'refunded', refundedTotal: 3000 });

    const webhooks = await deliveredWebhooks(harness, id);
    expect(webhooks.map((event) => [event.type, event.data.amount, event.data.partial])).toEqual([
      ['payment.authorized', undefined, undefined],
      ['payment.captured', 3000, true],
      ['payment.refunded', 500, true],
      // All that remains goes without an amount (spec §10 row 6), yet after a partial refund it
      // is a partial refund of the payment, as core counts it.
      ['payment.refunded', 2500, true],
    ]);
    expect((await view(harness, id)).events?.map((event) => event.type)).toEqual([
      'payment.created',
      'checkout.served',
      'sbps.notification',
      'payment.authorized',
      'capture.requested',
      'payment.captured',
      'refund.requested',
      'payment.refunded',
      'refund.requested',
      'payment.refunded',
    ]);
  });

  it('specified sales: capture in full, then refund in full the same day', async () => {
    harness = await startHarness();
    const { id } = await paidPayment(harness, 'manual');

    const captured = await operation(harness, id, 'capture');
    expect(captured.body).toMatchObject({ status: 'captured', capturedAmount: AMOUNT });
    expect(sbpsPurchase(harness, id)).toMatchObject({ state: 'captured', capturedAmount: AMOUNT });
    // The same capture again is answered from the store; SBPS would say 23 (sales already done).
    const again = await operation(harness, id, 'capture');
    expect(again.body).toMatchObject({ status: 'captured', capturedAmount: AMOUNT });

    const refunded = await operation(harness, id, 'refunds');
    expect(refunded.body).toMatchObject({ status: 'refunded', refundedAmount: AMOUNT });
    expect(await harness.payment(id)).toMatchObject({
      status: 'refunded',
      capturedAmount: AMOUNT,
      refundedAmount: AMOUNT,
    });
    expect(sbpsPurchase(harness, id)).toMatchObject({ state: 'refunded', refundedTotal: AMOUNT });
    const webhooks = await deliveredWebhooks(harness, id);
    expect(webhooks.map((event) => [event.type, event.data.amount, event.data.partial])).toEqual([
      ['payment.authorized', undefined, undefined],
      ['payment.captured', AMOUNT, false],
      ['payment.refunded', AMOUNT, false],
    ]);
  });

  it('specified sales: cancel an authorization, once', async () => {
    harness = await startHarness();
    const { id } = await paidPayment(harness, 'manual');

    const cancelled = await operation(harness, id, 'cancel');
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', capturedAmount: 0 });
    expect(await harness.payment(id)).toMatchObject({ status: 'cancelled' });
    expect(sbpsPurchase(harness, id)).toMatchObject({ state: 'cancelled' });
    expect(await webhookTypes(harness, id)).toEqual(['payment.authorized', 'payment.cancelled']);

    // A repeat changes nothing and tells nobody; settling or refunding it is refused.
    const before = await snapshot(harness, id);
    expect((await operation(harness, id, 'cancel')).body).toMatchObject({ status: 'cancelled' });
    const capture = await operation(harness, id, 'capture');
    expect([capture.status, capture.body.error?.code]).toEqual([409, 'invalid_state']);
    const refund = await operation(harness, id, 'refunds');
    expect([refund.status, refund.body.error?.code]).toEqual([409, 'invalid_state']);
    expect(await snapshot(harness, id)).toEqual(before);
  });

  it('automated sales: no capture or cancel; refund in full the same day', async () => {
    harness = await startHarness();
    const { id } = await paidPayment(harness, 'automatic');

    const before = await snapshot(harness, id);
    for (const path of ['capture', 'cancel']) {
      const refused = await operation(harness, id, path);
      expect(refused.status).toBe(409);
      expect(refused.body.error).toMatchObject({ code: 'not_supported_by_acquirer' });
    }
    expect(await snapshot(harness, id)).toEqual(before);

    const refunded = await operation(harness, id, 'refunds');
    expect(refunded.body).toMatchObject({ status: 'refunded', refundedAmount: AMOUNT });
    expect(await harness.payment(id)).toMatchObject({ status: 'refunded', refundedAmount: AMOUNT });
    expect(sbpsPurchase(harness, id)).toMatchObject({ state: 'refunded', refundedTotal: AMOUNT });
    expect(await webhookTypes(harness, id)).toEqual(['payment.captured', 'payment.refunded']);
  });

  it('automated sales: no partial refund before the 1st of the next month, then several', async () => {
    harness = await startHarness();
    const { id } = await paidPayment(harness, 'automatic');

    const before = await snapshot(harness, id);
    harness.clock.set('2025-03-31T23:59:59+09:00');
    const early = await operation(harness, id, 'refunds', { amount: 300 });
    expect(early.status).toBe(409);
    expect(early.body.error).toMatchObject({
      code: 'partial_refund_not_yet_open',
      at: new Date('2025-04-01T00:00:00+09:00').toISOString(),
    });
    expect(early.body.error?.message).toMatch(/partial refund/i);
    expect(await snapshot(harness, id)).toEqual(before);

    harness.clock.set('2025-04-01T00:00:00+09:00');
    for (const [amount, total] of [
      [300, 300],
      [200, 500],
    ]) {
      const partial = await operation(harness, id, 'refunds', { amount });
      expect(partial.body).toMatchObject({ status: 'partially_refunded', refundedAmount: total });
      expect(await harness.payment(id)).toMatchObject({
        refundedAmount: total,
        refundCount: total === 300 ? 1 : 2,
      });
      expect(sbpsPurchase(harness, id)).toMatchObject({
        state: 'partially_refunded',
        refundedTotal: total,
      });
    }
    const tooMuch = await operation(harness, id, 'refunds', { amount: AMOUNT });
    expect([tooMuch.status, tooMuch.body.error?.code]).toEqual([422, 'amount_exceeds_captured']);

    const rest = await operation(harness, id, 'refunds');
    expect(rest.body).toMatchObject({ status: 'refunded', refundedAmount: AMOUNT });
    expect(sbpsPurchase(harness, id)).toMatchObject({ state: 'refunded', refundedTotal: AMOUNT });
    const webhooks = await deliveredWebhooks(harness, id);
    expect(webhooks.map((event) => [event.type, event.data.amount])).toEqual([
      ['payment.captured', undefined],
      ['payment.refunded', 300],
      ['payment.refunded', 200],
      ['payment.refunded', AMOUNT - 500],
    ]);
  });

  it.each(MODES)(
    '%s sales: a refund after its window is refused, and nothing changes',
    async (mode) => {
      harness = await startHarness();
      const { id } = await paidPayment(harness, mode);
      if (mode === 'manual') {
        expect((await operation(harness, id, 'capture')).body).toMatchObject({
          status: 'captured',
        });
      }
      const before = await snapshot(harness, id);

      // Settled in March: refundable until the end of May (spec §16).
      harness.clock.set('2025-06-01T00:00:00+09:00');
      for (const body of [{}, { amount: 100 }]) {
        const late = await operation(harness, id, 'refunds', body);
        expect(late.status).toBe(409);
        expect(late.body.error).toMatchObject({
          code: 'refund_window_closed',
          at: new Date('2025-06-01T00:00:00+09:00').toISOString(),
        });
        expect(late.body.error?.message).toMatch(/refund/i);
      }
      expect(await snapshot(harness, id)).toEqual(before);
      expect(await view(harness, id)).toMatchObject({ status: 'captured', refundedAmount: 0 });
    },
  );
});

describe('what SBPS refuses, through the bridge', () => {
  let harness: BridgeHarness;
  afterEach(async () => {
    await harness.close();
  });

  it('wrong Basic auth: a bridge with another SBPS_API_PASSWORD cannot capture, and says why', async () => {
    harness = await startHarness({
      env: { SBPS_API_PASSWORD: 'not-the-contract-password' },
      // The emulated SBPS keeps the contract's password.
      bridge: { sandbox: { apiPassword: TEST_API_PASSWORD } },
    });
    // Checkout and the A02-1 need no API credentials.
    const { id } = await paidPayment(harness, 'manual');
    const before = await snapshot(harness, id);

    const capture = await operation(harness, id, 'capture');
    expect(capture.status).toBe(502);
    expect(capture.body.error).toMatchObject({ code: 'acquirer_unavailable' });
    expect(capture.body.error?.message).toMatch(/HTTP 401.*SBPS_API_PASSWORD/);

    // Certainly not applied: the money state is as it was, the attempt is on record.
    expect(await harness.payment(id)).toMatchObject({
      status: 'authorized',
      capturedAmount: 0,
      flags: [],
    });
    expect(await eventTypes(harness, id)).toEqual([
      ...before.events,
      'capture.requested',
      'capture.not_sent',
    ]);
    expect(await webhookTypes(harness, id)).toEqual(before.webhooks);
    expect(sbpsPurchase(harness, id)).toEqual(before.sbps);
  });

  it('a refund SBPS refuses (already refunded in its admin tool) comes back as acquirer_refused', async () => {
    harness = await startHarness();
    const { id } = await paidPayment(harness, 'automatic');
    const trackingId = (await harness.payment(id)).acquirerReference ?? '';

    // Someone refunds it at SBPS directly (ST02-00303-402, signed, with the contract's password).
    expect((await refundAtSbps(harness, trackingId)).result).toBe('OK');
    const before = await snapshot(harness, id);
    expect(before.sbps.state).toBe('refunded');

    const refund = await operation(harness, id, 'refunds');
    expect(refund.status).toBe(422);
    expect(refund.body.error).toMatchObject({
      code: 'acquirer_refused',
      acquirerCode: '40230027',
      retryable: false,
    });
    expect(refund.body.error?.message).toMatch(/already been refunded/);
    expect(await harness.payment(id)).toMatchObject({
      status: 'captured',
      refundedAmount: 0,
      flags: [],
    });
    expect(await eventTypes(harness, id)).toEqual([
      ...before.events,
      'refund.requested',
      'refund.refused',
    ]);
    expect(await webhookTypes(harness, id)).toEqual(before.webhooks);
  });

  it('a checkout left open past limit_second: SBPS refuses the expired request; a new checkout pays', async () => {
    harness = await startHarness();
    const created = await createPayment(harness, 'manual');
    const buyer = harness.buyer();
    const checkout = await buyer.checkout(created);

    harness.clock.advance(601 * 1000);
    const refused = await buyer.submit(readForm(checkout, 'au-pay-purchase'));
    expect(refused).toMatchObject({ name: 'sbps_error', status: 400 });
    expect(refused.html).toContain('40210023');
    expect(harness.bridge.sandbox?.sbps?.purchasesForOrder(created.id)).toEqual([]);
    expect(await harness.payment(created.id)).toMatchObject({ status: 'pending' });

    // The bridge signs a fresh request_date on every checkout.
    const journey = await buyer.pay(created);
    expect(journey.landedAt.searchParams.get('status')).toBe('authorized');
    expect(await harness.payment(created.id)).toMatchObject({
      status: 'authorized',
      checkoutCount: 2,
    });
  });

  it('an order whose A02-1 was answered NG cannot be paid again: SBPS refuses the reused order_id', async () => {
    harness = await startHarness();
    const created = await createPayment(harness, 'manual');
    const first = await harness.buyer().pay(created, { auId: 'ng@au.example' });
    expect(first.landedAt.searchParams.get('result')).toBe('error');

    // The bridge still holds it pending, so it serves a checkout; SBPS holds the order inconsistent.
    const buyer = harness.buyer();
    await buyer.checkout(created);
    const refused = await buyer.submit(readForm(buyer.page, 'au-pay-purchase'));
    expect(refused).toMatchObject({ name: 'sbps_error', status: 400 });
    expect(refused.html).toContain('40296004');
    expect(await harness.payment(created.id)).toMatchObject({
      status: 'pending',
      checkoutCount: 2,
    });
    expect(sbpsPurchase(harness, created.id)).toMatchObject({ inconsistent: true });
    expect(await webhookTypes(harness, created.id)).toEqual([]);
  });

  it.each(['cancel@au.example', 'limit@au.example'])(
    'an order that ended at %s can be paid again with the same order_id',
    async (auId) => {
      harness = await startHarness();
      const created = await createPayment(harness, 'automatic');
      await harness.buyer().pay(created, { auId });
      const journey = await harness.buyer().pay(created);
      expect(journey.landedAt.searchParams.get('status')).toBe('captured');
      const attempts = harness.bridge.sandbox?.sbps?.purchasesForOrder(created.id) ?? [];
      expect(attempts.map((purchase) => purchase.state)).toEqual(['failed', 'captured']);
      expect(await harness.payment(created.id)).toMatchObject({
        status: 'captured',
        acquirerReference: attempts[1]?.trackingId,
      });
      expect(await webhookTypes(harness, created.id)).toEqual(['payment.captured']);
    },
  );
});
