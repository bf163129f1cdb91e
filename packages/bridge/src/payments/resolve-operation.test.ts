import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BridgeHarness, TestClock } from '../testing/bridge-harness.js';

let harness: BridgeHarness;
const clock = new TestClock();
beforeAll(async () => {
  harness = await BridgeHarness.start({ clock });
});
afterAll(async () => {
  await harness.close();
});
beforeEach(() => {
  clock.set('2025-03-10T10:00:00+09:00');
});

let trackingSeq = 20_000_000_000_000;

/** A paid payment whose `kind` operation SBPS received and then failed (HTTP 500): open. */
async function withUnknownOutcome(kind: 'capture' | 'refund', amount: number) {
  const created = await harness.createPayment({
    amount: 1000,
    captureMode: kind === 'capture' ? 'manual' : 'automatic',
  });
  trackingSeq += 1;
  await harness.notify(await harness.payment(created.id), {
    overrides: { res_tracking_id: String(trackingSeq) },
  });
  // Partial refunds open on the 1st of the month after settlement.
  clock.set('2025-04-02T10:00:00+09:00');
  harness.sbps.answerNext({ httpStatus: 500 });
  const path = `/v1/payments/${created.id}/${kind === 'capture' ? 'capture' : 'refunds'}`;
  const response = await harness.api('POST', path, { amount });
  expect(response.status).toBe(502);
  const payment = await harness.payment(created.id);
  if (!payment.openOperation) throw new Error('expected an open operation');
  return { payment, operation: payment.openOperation };
}

function resolve(id: string, body: unknown, headers: Record<string, string> = {}) {
  return harness.api('POST', `/v1/payments/${id}/resolve`, body, headers);
}

async function eventsAfter(id: string, type: string) {
  const events = await harness.store.listEvents(id);
  return events.slice(events.findIndex((event) => event.type === type));
}

describe('POST /v1/payments/:id/resolve', () => {
  it('applied: true moves the payment as if SBPS had said OK, with the usual event and webhook', async () => {
    const { payment, operation } = await withUnknownOutcome('refund', 300);
    const calls = harness.sbps.calls.length;
    clock.advance(3600_000);

    const response = await resolve(payment.id, { applied: true });

    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      id: payment.id,
      status: 'partially_refunded',
      refundedAmount: 300,
      openOperation: null,
      flags: [],
    });
    expect(harness.sbps.calls.length).toBe(calls);
    const events = await eventsAfter(payment.id, 'refund.resolved');
    expect(events.map((event) => [event.type, event.data])).toEqual([
      [
        'refund.resolved',
        {
          operationId: operation.id,
          amount: 300,
          partial: true,
          resolvedBy: 'merchant',
          applied: true,
        },
      ],
      [
        'payment.refunded',
        { operationId: operation.id, amount: 300, partial: true, resolvedBy: 'merchant' },
      ],
    ]);
    await harness.until(() => harness.webhooks.ofPayment(payment.id).length === 3);
    const refunded = harness.webhooks.ofPayment(payment.id)[2];
    expect(refunded).toMatchObject({
      type: 'payment.refunded',
      data: { amount: 300, partial: true, payment: { refundedAmount: 300 } },
    });

    // Money operations go on as usual.
    const next = await harness.api('POST', `/v1/payments/${payment.id}/refunds`, { amount: 100 });
    expect(next.body).toMatchObject({ status: 'partially_refunded', refundedAmount: 400 });
    expect(harness.sbps.calls.length).toBe(calls + 1);
  });

  it('applied: true on a capture settles the amount that was sent', async () => {
    const { payment } = await withUnknownOutcome('capture', 800);

    const response = await resolve(payment.id, { applied: true });

    expect(response.body).toMatchObject({
      status: 'captured',
      capturedAmount: 800,
      openOperation: null,
    });
    expect(await harness.payment(payment.id)).toMatchObject({ partialCaptureCount: 1 });
    await harness.until(() => harness.webhooks.ofPayment(payment.id).length === 3);
    expect(harness.webhooks.ofPayment(payment.id).map((event) => event.type)).toEqual([
      'payment.authorized',
      'payment.operation_unknown',
      'payment.captured',
    ]);
  });

  it('applied: false closes the operation and changes nothing else', async () => {
    const { payment, operation } = await withUnknownOutcome('refund', 300);

    const response = await resolve(payment.id, { applied: false });

    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      status: 'captured',
      refundedAmount: 0,
      openOperation: null,
      flags: [],
    });
    const stored = await harness.payment(payment.id);
    expect(stored).toMatchObject({ refundCount: 0, capturedAmount: 1000 });
    expect((await eventsAfter(payment.id, 'refund.resolved')).map((e) => [e.type, e.data])).toEqual(
      [
        [
          'refund.resolved',
          {
            operationId: operation.id,
            amount: 300,
            partial: true,
            resolvedBy: 'merchant',
            applied: false,
          },
        ],
      ],
    );
    // The refund may now be sent again.
    const again = await harness.api('POST', `/v1/payments/${payment.id}/refunds`, { amount: 300 });
    expect(again.body).toMatchObject({ status: 'partially_refunded', refundedAmount: 300 });
  });

  it('answers 409 no_open_operation when nothing is open, changing nothing', async () => {
    const { payment } = await withUnknownOutcome('refund', 300);
    await resolve(payment.id, { applied: false });
    const before = await harness.payment(payment.id);

    const response = await resolve(payment.id, { applied: true });

    expect(response.status).toBe(409);
    expect(response.body).toMatchObject({
      error: { code: 'no_open_operation', message_ja: expect.stringContaining('ありません') },
    });
    expect(await harness.payment(payment.id)).toEqual(before);
  });

  it('replays its answer under the same Idempotency-Key', async () => {
    const { payment } = await withUnknownOutcome('refund', 300);
    const headers = { 'idempotency-key': `resolve-${payment.id}` };

    const first = await resolve(payment.id, { applied: true }, headers);
    const second = await resolve(payment.id, { applied: true }, headers);

    expect(second.status).toBe(200);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(second.body).toEqual(first.body);
    expect((await harness.payment(payment.id)).refundedAmount).toBe(300);
  });

  it('takes the payment operation lock', async () => {
    const { payment } = await withUnknownOutcome('refund', 300);
    // Another instance is resolving or operating on this payment.
    await harness.store.claimIdempotencyKey(
      'payment-operation-lock',
      payment.id,
      'lock',
      clock.now(),
      60_000,
    );
    try {
      const response = await resolve(payment.id, { applied: true });
      expect(response.status).toBe(409);
      expect(response.body).toMatchObject({ error: { code: 'payment_busy' } });
      expect((await harness.payment(payment.id)).openOperation).not.toBeNull();
    } finally {
      await harness.store.releaseIdempotencyKey('payment-operation-lock', payment.id);
    }
  });

  it('validates its body strictly and needs the secret key', async () => {
    const { payment } = await withUnknownOutcome('refund', 300);
    for (const body of [{}, { applied: 'yes' }, { applied: true, amount: 300 }, []]) {
      const response = await resolve(payment.id, body);
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ error: { code: 'invalid_request' } });
    }
    const unknown = await resolve('pay_0000000000000000000000', { applied: true });
    expect(unknown.status).toBe(404);
    const anonymous = await fetch(`${harness.url}/v1/payments/${payment.id}/resolve`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ applied: true }),
    });
    expect(anonymous.status).toBe(401);
    expect((await harness.payment(payment.id)).openOperation).not.toBeNull();
  });
});
