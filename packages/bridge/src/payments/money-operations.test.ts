import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PaymentRecord } from '../store/payment-store.js';
import { BridgeHarness, TestClock } from '../testing/bridge-harness.js';
import { requestHash } from './idempotency.js';

let harness: BridgeHarness;
const clock = new TestClock();
beforeAll(async () => {
  harness = await BridgeHarness.start({ clock });
});
afterAll(async () => {
  await harness.close();
});
beforeEach(() => {
  // 10 March 2025, 10:00 JST: partial refunds of a March settlement open on 1 April, refunds
  // close at 00:00 JST on 1 June, settlement of a March purchase closes 90 days on.
  clock.set('2025-03-10T10:00:00+09:00');
});

let trackingSeq = 10_000_000_000_000;

/** A payment the buyer paid: manual → authorized, automatic → captured (A02-1 OK). */
async function paidPayment(captureMode: 'manual' | 'automatic', amount = 1000) {
  const created = await harness.createPayment({ amount, captureMode });
  const record = await harness.payment(created.id);
  trackingSeq += 1;
  const answer = await harness.notify(record, {
    overrides: { res_tracking_id: String(trackingSeq) },
  });
  expect(answer.text).toBe('OK,');
  const paid = await harness.payment(created.id);
  expect(paid.status).toBe(captureMode === 'manual' ? 'authorized' : 'captured');
  return paid;
}

async function eventTypes(id: string): Promise<string[]> {
  return (await harness.store.listEvents(id)).map((event) => event.type);
}

async function webhookTypes(id: string, count: number): Promise<string[]> {
  await harness.until(() => harness.webhooks.ofPayment(id).length >= count);
  return harness.webhooks.ofPayment(id).map((event) => event.type);
}

describe('capture', () => {
  it('settles the whole authorization through ST02-00201-402 without an amount', async () => {
    const payment = await paidPayment('manual');
    clock.advance(60_000);
    const response = await harness.api('POST', `/v1/payments/${payment.id}/capture`, {});
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ status: 'captured', capturedAmount: 1000 });
    const call = harness.sbps.calls.at(-1);
    expect(call?.id).toBe('ST02-00201-402');
    expect(call?.fields).toMatchObject({
      merchant_id: '12345',
      service_id: '001',
      tracking_id: payment.acquirerReference,
      limit_second: '600',
    });
    expect(call?.fields).not.toHaveProperty('amount');
    const stored = await harness.payment(payment.id);
    expect(stored).toMatchObject({
      status: 'captured',
      capturedAmount: 1000,
      partialCaptureCount: 0,
    });
    expect(stored.capturedAt).toEqual(clock.now());
    expect(await eventTypes(payment.id)).toEqual([
      'payment.created',
      'sbps.notification',
      'payment.authorized',
      'capture.requested',
      'payment.captured',
    ]);
    // The intent flag, set while SBPS was being asked, is cleared once its answer is recorded.
    expect(stored.flags).toEqual([]);
    expect(await webhookTypes(payment.id, 2)).toEqual(['payment.authorized', 'payment.captured']);
  });

  it('settles part of the authorization with pay_option_manage/amount', async () => {
    const payment = await paidPayment('manual');
    const response = await harness.api('POST', `/v1/payments/${payment.id}/capture`, {
      amount: 800,
    });
    expect(response.status).toBe(200);
    expect(harness.sbps.calls.at(-1)?.fields.amount).toBe('800');
    expect(await harness.payment(payment.id)).toMatchObject({
      status: 'captured',
      amount: 1000,
      capturedAmount: 800,
      partialCaptureCount: 1,
    });
    const webhook =
      (await webhookTypes(payment.id, 2)) && harness.webhooks.ofPayment(payment.id)[1];
    expect(webhook?.data).toMatchObject({ amount: 800, partial: true });
  });

  it('refuses more than authorized before calling SBPS', async () => {
    const payment = await paidPayment('manual');
    const calls = harness.sbps.calls.length;
    const response = await harness.api('POST', `/v1/payments/${payment.id}/capture`, {
      amount: 1001,
    });
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({
      error: { code: 'amount_exceeds_authorized', limit: 1000 },
    });
    expect(harness.sbps.calls.length).toBe(calls);
    expect((await harness.payment(payment.id)).status).toBe('authorized');
  });

  it('refuses an automatic-capture payment (SBPS error 24) before calling SBPS', async () => {
    const payment = await paidPayment('automatic');
    const calls = harness.sbps.calls.length;
    const response = await harness.api('POST', `/v1/payments/${payment.id}/capture`, {});
    expect(response.status).toBe(409);
    expect(response.body).toMatchObject({ error: { code: 'not_supported_by_acquirer' } });
    expect(harness.sbps.calls.length).toBe(calls);
  });

  it('refuses after the settlement window (90th day) before calling SBPS', async () => {
    const payment = await paidPayment('manual');
    const calls = harness.sbps.calls.length;
    clock.set('2025-06-08T00:00:00+09:00'); // 10 March + 90 days
    const response = await harness.api('POST', `/v1/payments/${payment.id}/capture`, {});
    expect(response.status).toBe(409);
    expect(response.body).toMatchObject({ error: { code: 'settlement_window_closed' } });
    expect((response.body as { error: { message_ja: string } }).error.message_ja).toContain('90日');
    expect(harness.sbps.calls.length).toBe(calls);
  });

  it('answers SBPS NG with the decoded res_err_code, records it, and changes nothing else', async () => {
    const payment = await paidPayment('manual');
    harness.sbps.answerNext({ result: 'NG', errCode: '40221999' });
    const response = await harness.api('POST', `/v1/payments/${payment.id}/capture`, {});
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({
      error: {
        code: 'acquirer_refused',
        acquirerCode: '40221999',
        retryable: false,
      },
    });
    const error = (response.body as { error: { message: string; message_ja: string } }).error;
    expect(error.message).toContain('already been cancelled');
    expect(error.message_ja).toContain('取消済み');
    const stored = await harness.payment(payment.id);
    expect(stored).toMatchObject({ status: 'authorized', capturedAmount: 0, flags: [] });
    const events = await harness.store.listEvents(payment.id);
    expect(events.at(-1)).toMatchObject({
      type: 'capture.refused',
      data: { acquirerCode: '40221999' },
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(harness.webhooks.ofPayment(payment.id).map((event) => event.type)).toEqual([
      'payment.authorized',
    ]);
  });

  it('marks a retryable SBPS refusal as such (type 29 / system types)', async () => {
    const payment = await paidPayment('manual');
    harness.sbps.answerNext({ result: 'NG', errCode: '40290999' });
    const response = await harness.api('POST', `/v1/payments/${payment.id}/capture`, {});
    expect(response.status).toBe(503);
    expect(response.body).toMatchObject({ error: { code: 'acquirer_refused', retryable: true } });
  });

  it('replays a capture under the same Idempotency-Key without a second SBPS call', async () => {
    const payment = await paidPayment('manual');
    const headers = { 'idempotency-key': `capture-${payment.id}` };
    const first = await harness.api(
      'POST',
      `/v1/payments/${payment.id}/capture`,
      { amount: 500 },
      headers,
    );
    const calls = harness.sbps.calls.length;
    const second = await harness.api(
      'POST',
      `/v1/payments/${payment.id}/capture`,
      { amount: 500 },
      headers,
    );
    expect(second.body).toEqual(first.body);
    expect(harness.sbps.calls.length).toBe(calls);
    const other = await harness.api(
      'POST',
      `/v1/payments/${payment.id}/capture`,
      { amount: 600 },
      headers,
    );
    expect(other.status).toBe(422);
    expect(other.body).toMatchObject({ error: { code: 'idempotency_key_reused' } });
  });

  it('lets only one of two concurrent operations on a payment reach SBPS', async () => {
    const payment = await paidPayment('manual');
    const calls = harness.sbps.calls.length;
    const [a, b] = await Promise.all([
      harness.api('POST', `/v1/payments/${payment.id}/capture`, {}),
      harness.api('POST', `/v1/payments/${payment.id}/cancel`, {}),
    ]);
    const statuses = [a.status, b.status].sort();
    expect(statuses[0]).toBe(200);
    // The loser is refused as busy, or by the state the winner left.
    expect([409]).toContain(statuses[1]);
    expect(harness.sbps.calls.length).toBe(calls + 1);
  });
});

describe('cancel', () => {
  it('cancels an authorization through ST02-00303-402', async () => {
    const payment = await paidPayment('manual');
    const response = await harness.api('POST', `/v1/payments/${payment.id}/cancel`);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ status: 'cancelled' });
    expect(harness.sbps.calls.at(-1)).toMatchObject({ id: 'ST02-00303-402' });
    expect(harness.sbps.calls.at(-1)?.fields).not.toHaveProperty('amount');
    expect(await eventTypes(payment.id)).toContain('payment.cancelled');
    expect(await webhookTypes(payment.id, 2)).toEqual(['payment.authorized', 'payment.cancelled']);
  });

  it('refuses to cancel a captured payment, pointing to refunds', async () => {
    const payment = await paidPayment('automatic');
    const response = await harness.api('POST', `/v1/payments/${payment.id}/cancel`);
    expect(response.status).toBe(409);
    expect((response.body as { error: { message: string } }).error.message).toMatch(/refund/);
  });

  it('refuses a pending payment (nothing at SBPS to cancel) and unknown parameters', async () => {
    const created = await harness.createPayment({ captureMode: 'manual' });
    const response = await harness.api('POST', `/v1/payments/${created.id}/cancel`);
    expect(response.status).toBe(409);
    expect(response.body).toMatchObject({ error: { code: 'invalid_state' } });
    const unknown = await harness.api('POST', `/v1/payments/${created.id}/cancel`, { all: true });
    expect(unknown.status).toBe(400);
  });

  it('refuses an amount (a partial cancel) before anything is sent: SBPS has none', async () => {
    const payment = await paidPayment('manual');
    const response = await harness.api('POST', `/v1/payments/${payment.id}/cancel`, {
      amount: 100,
    });
    expect(response.status).toBe(409);
    expect(response.body).toMatchObject({ error: { code: 'not_supported_by_acquirer' } });
    const error = (response.body as { error: { message: string; message_ja: string } }).error;
    expect(error.message).toContain('cannot cancel part');
    expect(error.message_ja).toContain('一部取消はできません');
    expect(await harness.payment(payment.id)).toMatchObject({ status: 'authorized' });
    expect(await eventTypes(payment.id)).not.toContain('cancel.requested');
  });
});

describe('refunds', () => {
  it('refunds everything captured without an amount', async () => {
    const payment = await paidPayment('automatic');
    clock.advance(24 * 3600_000);
    const response = await harness.api('POST', `/v1/payments/${payment.id}/refunds`, {});
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ status: 'refunded', refundedAmount: 1000 });
    expect(harness.sbps.calls.at(-1)).toMatchObject({ id: 'ST02-00303-402' });
    expect(harness.sbps.calls.at(-1)?.fields).not.toHaveProperty('amount');
    expect(await webhookTypes(payment.id, 2)).toEqual(['payment.captured', 'payment.refunded']);
  });

  it('refuses a partial refund before the 1st of the next month, before calling SBPS', async () => {
    const payment = await paidPayment('automatic');
    const calls = harness.sbps.calls.length;
    clock.set('2025-03-31T23:59:59+09:00');
    const response = await harness.api('POST', `/v1/payments/${payment.id}/refunds`, {
      amount: 300,
    });
    expect(response.status).toBe(409);
    expect(response.body).toMatchObject({
      error: { code: 'partial_refund_not_yet_open', at: '2025-03-31T15:00:00.000Z' },
    });
    expect(harness.sbps.calls.length).toBe(calls);
    expect(await harness.payment(payment.id)).toMatchObject({
      status: 'captured',
      refundedAmount: 0,
    });
  });

  it('refunds part from the 1st of the next month, then the rest', async () => {
    const payment = await paidPayment('automatic');
    clock.set('2025-04-01T00:00:00+09:00');
    const partial = await harness.api('POST', `/v1/payments/${payment.id}/refunds`, {
      amount: 300,
    });
    expect(partial.status).toBe(200);
    expect(partial.body).toMatchObject({ status: 'partially_refunded', refundedAmount: 300 });
    expect(harness.sbps.calls.at(-1)?.fields.amount).toBe('300');

    const tooMuch = await harness.api('POST', `/v1/payments/${payment.id}/refunds`, {
      amount: 701,
    });
    expect(tooMuch.status).toBe(422);
    expect(tooMuch.body).toMatchObject({ error: { code: 'amount_exceeds_captured', limit: 700 } });

    const rest = await harness.api('POST', `/v1/payments/${payment.id}/refunds`, {});
    expect(rest.body).toMatchObject({ status: 'refunded', refundedAmount: 1000 });
    // "All that remains" is sent without an amount (spec §10 row 6).
    expect(harness.sbps.calls.at(-1)?.fields).not.toHaveProperty('amount');
    const stored = await harness.payment(payment.id);
    expect(stored).toMatchObject({ refundCount: 2, capturedAmount: 1000, refundedAmount: 1000 });
    expect(
      (await eventTypes(payment.id)).filter((type) => type === 'payment.refunded'),
    ).toHaveLength(2);
    await harness.until(() => harness.webhooks.ofPayment(payment.id).length === 3);
    const hooks = harness.webhooks.ofPayment(payment.id);
    expect(hooks.map((event) => event.type)).toEqual([
      'payment.captured',
      'payment.refunded',
      'payment.refunded',
    ]);
    expect(hooks.map((event) => event.data.amount)).toEqual([undefined, 300, 700]);
    // The rest after a partial refund is a partial refund of the payment, as core counts it (its
    // partial-refund window and capability apply), although SBPS gets no amount for it.
    expect(hooks.map((event) => event.data.partial)).toEqual([undefined, true, true]);
    const refundEvents = (await harness.store.listEvents(payment.id)).filter(
      (event) => event.type.startsWith('refund.') || event.type === 'payment.refunded',
    );
    expect(
      refundEvents.map((event) => [event.type, event.data.amount, event.data.partial]),
    ).toEqual([
      ['refund.requested', 300, true],
      ['payment.refunded', 300, true],
      ['refund.requested', 700, true],
      ['payment.refunded', 700, true],
    ]);
  });

  it('says partial: false only for one refund of everything captured, a partial capture included', async () => {
    const payment = await paidPayment('manual');
    const captured = await harness.api('POST', `/v1/payments/${payment.id}/capture`, {
      amount: 800,
    });
    expect(captured.body).toMatchObject({ status: 'captured', capturedAmount: 800 });
    const refunded = await harness.api('POST', `/v1/payments/${payment.id}/refunds`, {
      amount: 800,
    });
    expect(refunded.body).toMatchObject({ status: 'refunded', refundedAmount: 800 });
    // Everything that remains: sent without an amount (spec §10 row 6).
    expect(harness.sbps.calls.at(-1)?.fields).not.toHaveProperty('amount');
    await harness.until(() => harness.webhooks.ofPayment(payment.id).length === 3);
    const hooks = harness.webhooks.ofPayment(payment.id);
    expect(hooks.map((event) => [event.type, event.data.amount, event.data.partial])).toEqual([
      ['payment.authorized', undefined, undefined],
      ['payment.captured', 800, true],
      ['payment.refunded', 800, false],
    ]);
  });

  it('refuses a refund after the refund deadline, before calling SBPS', async () => {
    const payment = await paidPayment('automatic');
    const calls = harness.sbps.calls.length;
    clock.set('2025-06-01T00:00:00+09:00'); // the last day of the month after next has passed
    const response = await harness.api('POST', `/v1/payments/${payment.id}/refunds`, {});
    expect(response.status).toBe(409);
    expect(response.body).toMatchObject({ error: { code: 'refund_window_closed' } });
    expect(harness.sbps.calls.length).toBe(calls);
    expect((await harness.payment(payment.id)).status).toBe('captured');
  });

  it('records a refund whose outcome is unknown (SBPS silent) and flags it', async () => {
    const quick = await BridgeHarness.start({ clock, bridge: {} });
    try {
      // Points the connector at a server that never answers, with a short timeout.
      const { SbpsConnector } = await import('../acquirers/sbps/connector.js');
      quick.useConnector(new SbpsConnector({ config: quick.sbpsConfig, timeoutMs: 200 }));
      const created = await quick.createPayment({ captureMode: 'automatic' });
      await quick.notify(await quick.payment(created.id));
      quick.sbps.answerNext({ hang: true });
      const response = await quick.api('POST', `/v1/payments/${created.id}/refunds`, {});
      expect(response.status).toBe(502);
      expect(response.body).toMatchObject({ error: { code: 'acquirer_outcome_unknown' } });
      const stored = await quick.payment(created.id);
      expect(stored).toMatchObject({ status: 'captured', refundedAmount: 0 });
      expect(stored.flags).toContain('acquirer_outcome_unknown');
      expect((await quick.store.listEvents(created.id)).at(-1)?.type).toBe(
        'refund.outcome_unknown',
      );
    } finally {
      await quick.close();
    }
  });

  it('keeps the intent flag and replays the answer when SBPS said OK but recording failed', async () => {
    const payment = await paidPayment('automatic');
    clock.set('2025-04-02T10:00:00+09:00');
    const store = harness.store;
    const original = store.updatePayment.bind(store);
    let writes = 0;
    store.updatePayment = async (id, decide) => {
      writes += 1;
      // The intent is written; the write after SBPS's OK fails (database gone).
      if (writes === 2) throw new Error('database unavailable');
      return original(id, decide);
    };
    const headers = { 'idempotency-key': `refund-db-down-${payment.id}` };
    try {
      const response = await harness.api(
        'POST',
        `/v1/payments/${payment.id}/refunds`,
        { amount: 400 },
        headers,
      );
      expect(response.status).toBe(500);
      expect(response.body).toMatchObject({ error: { code: 'acquirer_answer_not_recorded' } });
    } finally {
      store.updatePayment = original;
    }
    const calls = harness.sbps.calls.length;
    const stored = await harness.payment(payment.id);
    expect(stored).toMatchObject({ status: 'captured', refundedAmount: 0 });
    expect(stored.flags).toContain('acquirer_outcome_unknown');
    expect((await harness.store.listEvents(payment.id)).at(-1)?.type).toBe('refund.requested');
    // The merchant's retry replays the answer: SBPS is not asked to refund a second time.
    const retry = await harness.api(
      'POST',
      `/v1/payments/${payment.id}/refunds`,
      { amount: 400 },
      headers,
    );
    expect(retry.status).toBe(500);
    expect(harness.sbps.calls.length).toBe(calls);
  });

  it('answers 404 for an unknown payment', async () => {
    const response = await harness.api(
      'POST',
      '/v1/payments/pay_0000000000000000000000/refunds',
      {},
    );
    expect(response.status).toBe(404);
    expect(response.body).toMatchObject({ error: { code: 'payment_not_found' } });
  });
});

describe('an operation whose outcome is unknown', () => {
  /** A captured payment whose refund of `amount` SBPS received and then failed (HTTP 500). */
  async function unknownRefund(amount: number, key: string) {
    const payment = await paidPayment('automatic');
    clock.set('2025-04-02T10:00:00+09:00');
    harness.sbps.answerNext({ httpStatus: 500 });
    const response = await harness.api(
      'POST',
      `/v1/payments/${payment.id}/refunds`,
      { amount },
      { 'idempotency-key': key },
    );
    return { payment, response };
  }

  it('is recorded on the payment before SBPS is called', async () => {
    const payment = await paidPayment('automatic');
    let seen: PaymentRecord | undefined;
    harness.sbps.onCall = async () => {
      seen = await harness.payment(payment.id);
    };
    try {
      await harness.api('POST', `/v1/payments/${payment.id}/refunds`, {});
    } finally {
      harness.sbps.onCall = undefined;
    }
    expect(seen?.openOperation).toEqual({
      id: expect.stringMatching(/^op_/),
      kind: 'refund',
      amount: 1000,
      partial: false,
      idempotencyKey: null,
      requestedAt: clock.now(),
    });
    expect(seen?.flags).toContain('acquirer_outcome_unknown');
    const events = await harness.store.listEvents(payment.id);
    expect(events.find((event) => event.type === 'refund.requested')?.data).toEqual({
      operationId: seen?.openOperation?.id,
      amount: 1000,
      partial: false,
    });
    // SBPS said OK: the operation is closed with its answer.
    expect(await harness.payment(payment.id)).toMatchObject({
      status: 'refunded',
      openOperation: null,
      flags: [],
    });
  });

  it('stays open when SBPS fails after receiving it, shown on the payment and announced once', async () => {
    const key = `unknown-refund-${trackingSeq}`;
    const { payment, response } = await unknownRefund(300, key);
    expect(response.status).toBe(502);
    const error = (response.body as { error: Record<string, unknown> }).error;
    expect(error).toMatchObject({
      code: 'acquirer_outcome_unknown',
      openOperation: {
        kind: 'refund',
        amount: 300,
        partial: true,
        idempotencyKey: key,
        requestedAt: '2025-04-02T01:00:00.000Z',
      },
    });
    expect(error.message).toContain(`/v1/payments/${payment.id}/resolve`);
    expect(error.message_ja).toContain('管理画面');

    const stored = await harness.payment(payment.id);
    expect(stored).toMatchObject({ status: 'captured', refundedAmount: 0 });
    expect(stored.flags).toContain('acquirer_outcome_unknown');
    const operationId = stored.openOperation?.id;
    expect(operationId).toMatch(/^op_/);
    expect((error.openOperation as { id: string }).id).toBe(operationId);

    const view = await harness.api<{ openOperation: unknown }>('GET', `/v1/payments/${payment.id}`);
    expect(view.body.openOperation).toEqual(error.openOperation);
    const events = await harness.store.listEvents(payment.id);
    expect(events.slice(-2).map((event) => [event.type, event.data.operationId])).toEqual([
      ['refund.requested', operationId],
      ['refund.outcome_unknown', operationId],
    ]);
    await harness.until(() => harness.webhooks.ofPayment(payment.id).length === 2);
    const announced = harness.webhooks.ofPayment(payment.id)[1];
    expect(announced?.type).toBe('payment.operation_unknown');
    expect(announced?.data.payment).toMatchObject({ openOperation: { id: operationId } });
  });

  it('refuses any other money operation with 409 without calling SBPS', async () => {
    const key = `unknown-refund-${trackingSeq}`;
    const { payment, response: first } = await unknownRefund(300, key);
    const calls = harness.sbps.calls.length;
    const path = `/v1/payments/${payment.id}`;

    // The same key replays the first answer; a new key, no key or another operation is refused.
    const replay = await harness.api(
      'POST',
      `${path}/refunds`,
      { amount: 300 },
      { 'idempotency-key': key },
    );
    expect(replay.status).toBe(502);
    expect(replay.body).toEqual(first.body);
    const refusals = [
      await harness.api(
        'POST',
        `${path}/refunds`,
        { amount: 300 },
        { 'idempotency-key': `${key}-2` },
      ),
      await harness.api('POST', `${path}/refunds`, {}),
      await harness.api('POST', `${path}/capture`, {}),
      await harness.api('POST', `${path}/cancel`),
    ];
    for (const refusal of refusals) {
      expect(refusal.status).toBe(409);
      expect(refusal.body).toMatchObject({
        error: {
          code: 'acquirer_outcome_unknown',
          message_ja: expect.stringContaining('/resolve'),
          openOperation: { kind: 'refund', amount: 300, idempotencyKey: key },
        },
      });
    }
    expect(harness.sbps.calls.length).toBe(calls);
    const events = await harness.store.listEvents(payment.id);
    expect(events.filter((event) => event.type === 'refund.outcome_unknown')).toHaveLength(1);
    // The refused key was released: it is not bound to a refusal.
    const released = await harness.store.claimIdempotencyKey(
      // The route's idempotency scope names the operation.
      `POST /v1/payments/${payment.id}/refund`,
      `${key}-2`,
      'another-body',
      clock.now(),
      60_000,
    );
    expect(released).toEqual({ kind: 'claimed' });
  });

  it('refuses a retry that takes over the key of a request that died while SBPS held it', async () => {
    const payment = await paidPayment('automatic');
    clock.set('2025-04-02T10:00:00+09:00');
    const key = `died-${payment.id}`;
    const body = { amount: 300 };
    // What the dead request left: its key claimed, never completed, and the open operation.
    await harness.store.claimIdempotencyKey(
      // The route's idempotency scope names the operation.
      `POST /v1/payments/${payment.id}/refund`,
      key,
      requestHash(body),
      clock.now(),
      harness.bridge.context.settings.idempotencyInFlightTtlMs,
    );
    const operation = {
      id: 'op_deadrequest00000000000',
      kind: 'refund' as const,
      amount: 300,
      partial: true,
      idempotencyKey: key,
      requestedAt: clock.now(),
    };
    await harness.store.updatePayment(payment.id, (current) => ({
      payment: { ...current, openOperation: operation },
      events: [{ type: 'refund.requested', data: { operationId: operation.id } }],
      webhooks: [],
    }));
    const calls = harness.sbps.calls.length;
    const path = `/v1/payments/${payment.id}/refunds`;
    const headers = { 'idempotency-key': key };

    const early = await harness.api('POST', path, body, headers);
    expect(early.body).toMatchObject({ error: { code: 'idempotency_key_in_use' } });
    clock.advance(harness.bridge.context.settings.idempotencyInFlightTtlMs + 1);
    for (let attempt = 0; attempt < 2; attempt++) {
      const retry = await harness.api('POST', path, body, headers);
      expect(retry.status).toBe(409);
      expect(retry.body).toMatchObject({
        error: { code: 'acquirer_outcome_unknown', openOperation: { id: operation.id } },
      });
    }
    expect(harness.sbps.calls.length).toBe(calls);
    // Nobody had announced it (the request died): the first refusal did, once.
    const events = await harness.store.listEvents(payment.id);
    expect(events.filter((event) => event.type === 'refund.outcome_unknown')).toHaveLength(1);
  });

  it('is closed by a refusal of SBPS, and by its OK', async () => {
    const payment = await paidPayment('manual');
    harness.sbps.answerNext({ result: 'NG', errCode: '40221999' });
    const refused = await harness.api('POST', `/v1/payments/${payment.id}/capture`, {});
    expect(refused.status).toBe(422);
    const afterRefusal = await harness.payment(payment.id);
    expect(afterRefusal).toMatchObject({ status: 'authorized', openOperation: null, flags: [] });

    const captured = await harness.api('POST', `/v1/payments/${payment.id}/capture`, {});
    expect(captured.status).toBe(200);
    expect(captured.body).toMatchObject({ status: 'captured', openOperation: null, flags: [] });
    const events = await harness.store.listEvents(payment.id);
    const operationIds = events
      .filter((event) => event.type.startsWith('capture.') || event.type === 'payment.captured')
      .map((event) => [event.type, event.data.operationId]);
    const [first, , second] = operationIds.map(([, id]) => id);
    expect(operationIds).toEqual([
      ['capture.requested', first],
      ['capture.refused', first],
      ['capture.requested', second],
      ['payment.captured', second],
    ]);
    expect(first).not.toBe(second);
  });
});
