import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BridgeHarness, TestClock } from '../src/testing/bridge-harness.js';

// A partial cancel through the bridge against the emulated NomuPay (spec/nomupay-au.md §6: "full
// or **one** partial cancel"; §11: the payment stays authorized for the rest).

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

/** A NomuPay payment the buyer paid, authorized (manual capture); with NomuPay's payment id. */
async function authorizedPayment(amount: number) {
  const created = await harness.createPayment({
    acquirer: 'nomupay',
    captureMode: 'manual',
    amount,
  });
  await harness.buyer().pay(created);
  await harness.bridge.sandbox?.whenIdle();
  const stored = await harness.payment(created.id);
  expect(stored.status).toBe('authorized');
  return { id: created.id, nomupayId: stored.acquirerReference as string };
}

const cancelsAtNomupay = (nomupayId: string) =>
  nomupay()
    .operationsOf(nomupayId)
    .filter((operation) => operation.kind === 'cancel');

describe('NomuPay partial cancel', () => {
  it('sends NomuPay the amount, keeps the rest authorized, tells the merchant, then captures the rest', async () => {
    const { id, nomupayId } = await authorizedPayment(1000);
    const cancel = await harness.api('POST', `/v1/payments/${id}/cancel`, { amount: 300 });
    expect(cancel.status).toBe(200);
    expect(cancel.body).toMatchObject({
      status: 'authorized',
      amount: 1000,
      cancelledAmount: 300,
      capturedAmount: 0,
    });
    expect(cancelsAtNomupay(nomupayId)).toMatchObject([
      { amount: 300, partial: true, status: 'partially_cancelled' },
    ]);
    expect(nomupay().payment(nomupayId)).toMatchObject({
      status: 'partially_cancelled',
      cancelledAmount: 300,
    });

    const events = await harness.store.listEvents(id);
    expect(events.find((event) => event.type === 'payment.cancelled')?.data).toMatchObject({
      amount: 300,
      partial: true,
    });
    const cancelled = () =>
      harness.webhooks
        .ofPayment(id)
        .filter((event) => event.type === 'payment.cancelled')
        .map((event) => event.data);
    await harness.until(() => cancelled().length > 0);
    expect(cancelled()).toMatchObject([
      { amount: 300, partial: true, payment: { status: 'authorized', cancelledAmount: 300 } },
    ]);

    // More than the rest is refused before NomuPay is called; no amount captures all of the rest.
    const tooMuch = await harness.api('POST', `/v1/payments/${id}/capture`, { amount: 701 });
    expect(tooMuch.status).toBe(422);
    expect(tooMuch.body).toMatchObject({
      error: { code: 'amount_exceeds_authorized', limit: 700 },
    });
    const capture = await harness.api('POST', `/v1/payments/${id}/capture`);
    expect(capture.status).toBe(200);
    expect(capture.body).toMatchObject({ status: 'captured', capturedAmount: 700 });
    expect(
      nomupay()
        .operationsOf(nomupayId)
        .map((operation) => operation.kind),
    ).toEqual(['cancel', 'capture']);
    expect(nomupay().payment(nomupayId)).toMatchObject({ status: 'captured', capturedAmount: 700 });
  });

  it('refuses a second partial cancel, and a full cancel after it, before any call', async () => {
    const { id, nomupayId } = await authorizedPayment(1000);
    expect((await harness.api('POST', `/v1/payments/${id}/cancel`, { amount: 300 })).status).toBe(
      200,
    );
    const requested = async () =>
      (await harness.store.listEvents(id)).filter((event) => event.type === 'cancel.requested');
    expect(await requested()).toHaveLength(1);

    for (const body of [{ amount: 100 }, { amount: 300 }, undefined]) {
      const again = await harness.api('POST', `/v1/payments/${id}/cancel`, body);
      expect(again.status).toBe(409);
      expect(again.body).toMatchObject({ error: { code: 'not_supported_by_acquirer' } });
      const error = again.body.error as { message: string; message_ja: string };
      expect(error.message).toMatch(/one partial cancel/);
      expect(error.message_ja).toContain('一部取消できるのは1回だけ');
    }
    expect(await requested()).toHaveLength(1);
    expect(cancelsAtNomupay(nomupayId)).toHaveLength(1);
    expect(await harness.payment(id)).toMatchObject({ status: 'authorized', cancelledAmount: 300 });
  });

  it('replays a partial cancel under the same Idempotency-Key: one cancel at NomuPay', async () => {
    const { id, nomupayId } = await authorizedPayment(1500);
    const headers = { 'idempotency-key': 'partial-cancel-replay-0001' };
    const first = await harness.api('POST', `/v1/payments/${id}/cancel`, { amount: 500 }, headers);
    const replay = await harness.api('POST', `/v1/payments/${id}/cancel`, { amount: 500 }, headers);
    expect(first.status).toBe(200);
    expect(replay.status).toBe(200);
    expect(replay.body).toEqual(first.body);
    expect(cancelsAtNomupay(nomupayId)).toMatchObject([{ amount: 500, partial: true }]);

    // The same key with another amount is another request.
    const other = await harness.api('POST', `/v1/payments/${id}/cancel`, { amount: 400 }, headers);
    expect(other.status).toBe(422);
    expect(cancelsAtNomupay(nomupayId)).toHaveLength(1);
  });

  it('cancels in full when the amount is the whole authorization', async () => {
    const { id, nomupayId } = await authorizedPayment(900);
    const cancel = await harness.api('POST', `/v1/payments/${id}/cancel`, { amount: 900 });
    expect(cancel.status).toBe(200);
    expect(cancel.body).toMatchObject({ status: 'cancelled', cancelledAmount: 0 });
    expect(cancelsAtNomupay(nomupayId)).toMatchObject([{ amount: 900, partial: false }]);
  });

  it('sends nothing while an earlier operation is open, and a resolved partial cancel keeps the rest authorized', async () => {
    const { id, nomupayId } = await authorizedPayment(1000);
    // As if the bridge died waiting for NomuPay's answer to a partial cancel of ¥250.
    const requestedAt = harness.clock.now();
    await harness.store.updatePayment(id, (current) => ({
      payment: {
        ...current,
        flags: [...current.flags, 'acquirer_outcome_unknown'],
        openOperation: {
          id: 'op_partialcancel0000000001',
          kind: 'cancel',
          amount: 250,
          partial: true,
          idempotencyKey: null,
          requestedAt,
        },
      },
      events: [],
      webhooks: [],
    }));

    const refused = await harness.api('POST', `/v1/payments/${id}/cancel`, { amount: 100 });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ error: { code: 'acquirer_outcome_unknown' } });
    expect(cancelsAtNomupay(nomupayId)).toHaveLength(0);

    const resolved = await harness.api('POST', `/v1/payments/${id}/resolve`, { applied: true });
    expect(resolved.status).toBe(200);
    expect(resolved.body).toMatchObject({
      status: 'authorized',
      cancelledAmount: 250,
      openOperation: null,
    });
  });
});
