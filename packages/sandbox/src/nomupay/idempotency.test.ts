import { describe, expect, it } from 'vitest';
import { NOMUPAY_PROCESSING_ACCOUNT_ID, NomupayTestMerchant } from '../testing/index.js';
import { merchantForEachTest } from '../testing/merchant-per-test.js';

// spec/nomupay-au.md §9: `?idempotencyKey=` (8–50 characters, kept a week) replays the first
// answer; another payload under the same key is a 409; `GET /v1/requests/{resource}` finds the
// stored answer by key. §8: the tracking URL shows the current state.

let shop: NomupayTestMerchant;
merchantForEachTest(NomupayTestMerchant.start, (merchant) => {
  shop = merchant;
});

const KEY = '5f0c6f7e-2b1a-4c8e-9d3f-0a1b2c3d4e5f';

describe('idempotent create', () => {
  it('answers the same payment to the same key and payload, and creates it once', async () => {
    const first = await shop.createPayment({ reference: 'ord-1', idempotencyKey: KEY });
    const again = await shop.createPayment({ reference: 'ord-1', idempotencyKey: KEY });
    expect(again.status).toBe(first.status);
    expect(again.verification.ok).toBe(true);
    expect(again.body).toBe(first.body);
    expect(shop.sandbox.nomupay?.payments()).toHaveLength(1);
  });

  it('answers 409 to the same key with another payload', async () => {
    await shop.createPayment({ reference: 'ord-1', idempotencyKey: KEY });
    const other = await shop.createPayment({ reference: 'ord-2', idempotencyKey: KEY });
    expect(other.status).toBe(409);
    expect(other.json).toMatchObject({ error: { code: 'idempotency_key_reused' } });
    expect(shop.sandbox.nomupay?.payments()).toHaveLength(1);
  });

  it('refuses a key shorter than 8 or longer than 50 characters', async () => {
    for (const key of ['1234567', 'x'.repeat(51)]) {
      const answer = await shop.createPayment({ idempotencyKey: key });
      expect(answer.status).toBe(400);
      expect(answer.json).toMatchObject({ error: { code: 'invalid_idempotency_key' } });
    }
    expect(shop.sandbox.nomupay?.payments()).toHaveLength(0);
  });

  it('forgets a key after one week, so it may be reused', async () => {
    await shop.createPayment({ reference: 'ord-1', idempotencyKey: KEY });
    shop.advance(7 * 24 * 60 * 60_000);
    const reused = await shop.createPayment({ reference: 'ord-2', idempotencyKey: KEY });
    expect(reused.status).toBe(201);
    expect(shop.sandbox.nomupay?.payments()).toHaveLength(2);
  });
});

describe('requests by key and tracking URLs', () => {
  it('finds the stored create answer by key; the tracking URL shows the current status', async () => {
    const created = await shop.createPayment({ idempotencyKey: KEY });
    const found = await shop.call('GET', `/v1/requests/payments?idempotencyKey=${KEY}`);
    expect(found.status).toBe(201);
    expect(found.verification.ok).toBe(true);
    expect(found.body).toBe(created.body);

    const missing = await shop.call('GET', '/v1/requests/payments?idempotencyKey=unknown-key-1');
    expect(missing.status).toBe(404);
    expect(missing.verification.ok).toBe(true);

    const tracked = await shop.call('GET', created.json.trackingUrl as string);
    expect(tracked.json).toMatchObject({ id: created.json.id, status: 'pending' });
    expect(tracked.json).not.toHaveProperty('nextStep');
  });

  it('replays a capture by key, finds it at /v1/requests/captures, and tracks it to its outcome', async () => {
    const id = await shop.paidPayment(1980);
    const path = `/v1/payments/${id}/captures?idempotencyKey=${KEY}`;
    const body = { amount: { value: 700, currency: 'jpy' } };
    const first = await shop.call('POST', path, body);
    await shop.sandbox.whenIdle();
    const replay = await shop.call('POST', path, body);
    // The key replays the original answer (pending), not the current status (spec §8).
    expect(replay.body).toBe(first.body);
    expect(replay.json.status).toBe('pending');
    expect(shop.sandbox.nomupay?.operationsOf(id)).toHaveLength(1);

    const found = await shop.call('GET', `/v1/requests/captures?idempotencyKey=${KEY}`);
    expect(found.body).toBe(first.body);
    // Keys are per resource: the same key names no refund.
    const refund = await shop.call('GET', `/v1/requests/refunds?idempotencyKey=${KEY}`);
    expect(refund.status).toBe(404);

    const tracked = await shop.call('GET', first.json.trackingUrl as string);
    expect(tracked.json).toMatchObject({ id: first.json.id, status: 'partially_captured' });
    const wrongCollection = (first.json.trackingUrl as string).replace('/captures/', '/refunds/');
    expect((await shop.call('GET', wrongCollection)).status).toBe(404);
  });

  it('lists payments in a time range', async () => {
    const created = await shop.createPayment();
    shop.advance(60_000);
    await shop.call('POST', '/v1/payments', {
      processingAccountId: NOMUPAY_PROCESSING_ACCOUNT_ID,
      merchantReference: 'later',
      amount: { value: 1, currency: 'jpy' },
      paymentMethod: {
        type: 'au_kantan_kessai',
        auKantanKessai: { returnUrl: shop.returnUrl('l') },
      },
    });
    const listed = await shop.call(
      'GET',
      `/v1/payments?from=2025-03-01T03:00:00Z&to=2025-03-01T03:00:30Z`,
    );
    expect((listed.json.payments as Array<{ id: string }>).map((p) => p.id)).toEqual([
      created.json.id,
    ]);
  });
});
