import { createTestDatabase } from '@au-pay/test-postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { BridgeHarness, TestClock } from '../src/testing/bridge-harness.js';

// The whole payment flow over HTTP, once per store: SQLite (the embedded default) and a real
// PostgreSQL (the test run's server, a database of its own).
const stores = [
  ['SQLite', async () => undefined],
  ['PostgreSQL', async () => createTestDatabase(inject('postgresUrl'))],
] as const;

describe.each(stores)('payment flow on %s', (_name, databaseUrl) => {
  let harness: BridgeHarness;
  const clock = new TestClock('2025-03-10T10:00:00+09:00');
  beforeAll(async () => {
    const url = await databaseUrl();
    harness = await BridgeHarness.start({ clock, ...(url && { databaseUrl: url }) });
  });
  afterAll(async () => {
    await harness?.close();
  });

  it('create → checkout → notification ×20 → partial capture → partial refund → refund', async () => {
    const created = await harness.createPayment({ amount: 3000, captureMode: 'manual' });
    const checkout = await harness.checkout(created.id, {
      client_secret: created.clientSecret,
      layout: 'web',
    });
    expect(checkout.status).toBe(200);

    const payment = await harness.payment(created.id);
    const body = harness.notificationBody(payment);
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => harness.notify(payment, { body })),
    );
    expect(new Set(answers.map((answer) => answer.text))).toEqual(new Set(['OK,']));
    expect((await harness.payment(created.id)).status).toBe('authorized');

    clock.advance(3600_000);
    const capture = await harness.api('POST', `/v1/payments/${created.id}/capture`, {
      amount: 2500,
    });
    expect(capture.body).toMatchObject({ status: 'captured', capturedAmount: 2500 });

    clock.set('2025-04-02T09:00:00+09:00');
    const partial = await harness.api(
      'POST',
      `/v1/payments/${created.id}/refunds`,
      { amount: 1000 },
      { 'idempotency-key': `refund-1-${created.id}` },
    );
    expect(partial.body).toMatchObject({ status: 'partially_refunded', refundedAmount: 1000 });
    // A retried refund with the same key is replayed, not sent to SBPS again.
    const calls = harness.sbps.calls.length;
    const retried = await harness.api(
      'POST',
      `/v1/payments/${created.id}/refunds`,
      { amount: 1000 },
      { 'idempotency-key': `refund-1-${created.id}` },
    );
    expect(retried.body).toEqual(partial.body);
    expect(harness.sbps.calls.length).toBe(calls);

    const rest = await harness.api('POST', `/v1/payments/${created.id}/refunds`, {});
    expect(rest.body).toMatchObject({ status: 'refunded', refundedAmount: 2500 });

    const view = await harness.api<{ events: { type: string }[] }>(
      'GET',
      `/v1/payments/${created.id}`,
    );
    expect(view.body.events.map((event) => event.type)).toEqual([
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
    await harness.until(() => harness.webhooks.ofPayment(created.id).length === 4);
    expect(harness.webhooks.ofPayment(created.id).map((event) => event.type)).toEqual([
      'payment.authorized',
      'payment.captured',
      'payment.refunded',
      'payment.refunded',
    ]);
    expect(harness.webhooks.rejected).toEqual([]);
    expect(harness.sbps.calls.map((call) => [call.id, call.fields.amount])).toEqual([
      ['ST02-00201-402', '2500'],
      ['ST02-00303-402', '1000'],
      ['ST02-00303-402', undefined],
    ]);
  });

  it('refuses a duplicate Idempotency-Key body and concurrent duplicates on this store too', async () => {
    const headers = { 'idempotency-key': 'flow-create-0001' };
    const body = {
      amount: 700,
      currency: 'JPY',
      merchantReference: 'FLOW-2',
      itemName: '商品',
      returnUrl: 'https://shop.example/r',
    };
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => harness.api('POST', '/v1/payments', body, headers)),
    );
    const ids = new Set(answers.filter((a) => a.status === 201).map((a) => a.body.id));
    expect(ids.size).toBe(1);
    expect(answers.every((a) => a.status === 201 || a.status === 409)).toBe(true);
    const other = await harness.api('POST', '/v1/payments', { ...body, amount: 701 }, headers);
    expect(other.status).toBe(422);
  });
});
