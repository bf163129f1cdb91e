import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BridgeHarness, TEST_SECRET_KEY } from '../testing/bridge-harness.js';

let harness: BridgeHarness;
beforeAll(async () => {
  harness = await BridgeHarness.start();
});
afterAll(async () => {
  await harness.close();
});

const validBody = {
  amount: 1100,
  currency: 'JPY',
  merchantReference: 'ORDER-42',
  itemName: 'テスト商品',
  returnUrl: 'https://shop.example/return',
};

async function paymentCount(): Promise<number> {
  return (await harness.store.listPayments({ limit: 1000 })).length;
}

describe('POST /v1/payments', () => {
  it('creates a pending payment and answers its client secret once, storing only its hash', async () => {
    const response = await harness.api('POST', '/v1/payments', {
      ...validBody,
      customerId: 'CUST-0001',
      captureMode: 'manual',
    });
    expect(response.status).toBe(201);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = response.body as Record<string, unknown>;
    expect(body).toMatchObject({
      status: 'pending',
      amount: 1100,
      currency: 'JPY',
      captureMode: 'manual',
      customerId: 'CUST-0001',
      nextStep: {
        type: 'checkout',
        url: `${harness.url}/checkout/${body.id}`,
        method: 'POST',
      },
    });
    expect(body.id).toMatch(/^pay_[0-9A-Za-z]{22}$/);
    const secret = body.clientSecret as string;
    expect(secret).toMatch(/^[A-Za-z0-9_-]{16,128}$/);

    const stored = await harness.payment(body.id as string);
    expect(stored.clientSecretHash).toBe(createHash('sha256').update(secret).digest('hex'));
    expect(JSON.stringify(stored)).not.toContain(secret);
    expect(stored.custCode).toBe('CUST-0001');
    expect(stored.orderId).toBe(stored.id);
    expect(stored.expiresAt.getTime() - stored.createdAt.getTime()).toBe(30 * 60 * 1000);
    const events = await harness.store.listEvents(stored.id);
    expect(events.map((event) => event.type)).toEqual(['payment.created']);

    // Never shown again.
    const again = await harness.api('GET', `/v1/payments/${body.id}`);
    expect(again.body).not.toHaveProperty('clientSecret');
  });

  it('refuses a return URL on an origin outside RETURN_URL_ORIGINS', async () => {
    const before = await paymentCount();
    const response = await harness.api('POST', '/v1/payments', {
      ...validBody,
      returnUrl: 'https://evil.example/return',
    });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({
      error: { code: 'return_url_not_allowed', param: 'returnUrl' },
    });
    expect(await paymentCount()).toBe(before);
  });

  it('refuses an item name Shift_JIS cannot carry, naming the character', async () => {
    const response = await harness.api('POST', '/v1/payments', {
      ...validBody,
      itemName: '商品😀',
    });
    expect(response.status).toBe(400);
    const error = (response.body as { error: Record<string, string> }).error;
    expect(error.code).toBe('item_name_not_shift_jis');
    expect(error.message).toContain('U+1F600');
    expect(error.message_ja).toContain('Shift_JIS');
  });

  it.each([
    [{ amount: 0 }, 'amount_below_minimum'],
    [{ amount: 10_000_000 }, 'amount_above_maximum'],
    [{ amount: 10.5 }, 'amount_not_integer'],
    [{ currency: 'USD' }, 'invalid_request'],
    [{ unexpected: true }, 'invalid_request'],
    [{ itemName: '' }, 'invalid_request'],
  ])('refuses %j with %s', async (change, code) => {
    const before = await paymentCount();
    const response = await harness.api('POST', '/v1/payments', { ...validBody, ...change });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ error: { code } });
    expect(await paymentCount()).toBe(before);
  });

  it('refuses invalid JSON and a body over the size limit with JSON errors', async () => {
    const broken = await harness.api('POST', '/v1/payments', '{"amount":');
    expect(broken.status).toBe(400);
    expect(broken.body).toMatchObject({ error: { code: 'invalid_json' } });

    const huge = await harness.api('POST', '/v1/payments', {
      ...validBody,
      itemName: 'x'.repeat(20_000),
    });
    expect(huge.status).toBe(413);
    expect(huge.body).toMatchObject({ error: { code: 'payload_too_large' } });
  });

  it('refuses a missing or wrong secret key without creating anything', async () => {
    const before = await paymentCount();
    const missing = await harness.api('POST', '/v1/payments', validBody, { authorization: '' });
    expect(missing.status).toBe(401);
    expect(missing.body).toMatchObject({ error: { code: 'invalid_secret_key' } });
    const noHeader = await fetch(`${harness.url}/v1/payments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(validBody),
    });
    expect(noHeader.status).toBe(401);
    expect(await noHeader.json()).toMatchObject({ error: { code: 'missing_secret_key' } });
    const wrong = await harness.api('GET', '/v1/payments', undefined, {
      authorization: `Bearer ${TEST_SECRET_KEY}x`,
    });
    expect(wrong.status).toBe(401);
    expect(await paymentCount()).toBe(before);
  });
});

describe('Idempotency-Key', () => {
  it('replays the same answer, client secret included, for the same key and body', async () => {
    const headers = { 'idempotency-key': 'create-order-77' };
    const first = await harness.api('POST', '/v1/payments', validBody, headers);
    const second = await harness.api('POST', '/v1/payments', { ...validBody }, headers);
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body).toEqual(first.body);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    // Key order does not make another body.
    const reordered = Object.fromEntries(Object.entries(validBody).reverse());
    expect((await harness.api('POST', '/v1/payments', reordered, headers)).body).toEqual(
      first.body,
    );
    const all = await harness.store.listPayments({ limit: 1000 });
    expect(all.filter((payment) => payment.id === first.body.id)).toHaveLength(1);
  });

  it('refuses the same key with another body, and keeps the first payment', async () => {
    const headers = { 'idempotency-key': 'create-order-78' };
    const first = await harness.api('POST', '/v1/payments', validBody, headers);
    const before = await paymentCount();
    const other = await harness.api('POST', '/v1/payments', { ...validBody, amount: 1 }, headers);
    expect(other.status).toBe(422);
    expect(other.body).toMatchObject({ error: { code: 'idempotency_key_reused' } });
    expect(await paymentCount()).toBe(before);
    expect((await harness.payment(first.body.id as string)).amount).toBe(1100);
  });

  it('refuses a concurrent duplicate while the first is in flight', async () => {
    const headers = { 'idempotency-key': 'create-order-79' };
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => harness.api('POST', '/v1/payments', validBody, headers)),
    );
    const statuses = answers.map((answer) => answer.status).sort();
    // Each duplicate is either refused while the first runs, or replays its answer.
    expect(statuses.filter((status) => status === 201).length).toBeGreaterThanOrEqual(1);
    expect(statuses.every((status) => status === 201 || status === 409)).toBe(true);
    const ids = new Set(answers.filter((a) => a.status === 201).map((a) => a.body.id));
    expect(ids.size).toBe(1);
    for (const refused of answers.filter((answer) => answer.status === 409)) {
      expect(refused.body).toMatchObject({ error: { code: 'idempotency_key_in_use' } });
    }
  });

  it('forgets a key whose request was refused before acting, so a corrected retry works', async () => {
    const headers = { 'idempotency-key': 'create-order-80' };
    const refused = await harness.api('POST', '/v1/payments', { ...validBody, amount: 0 }, headers);
    expect(refused.status).toBe(400);
    const corrected = await harness.api('POST', '/v1/payments', validBody, headers);
    expect(corrected.status).toBe(201);
  });

  it('refuses a malformed key', async () => {
    const response = await harness.api('POST', '/v1/payments', validBody, {
      'idempotency-key': 'short',
    });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ error: { code: 'invalid_idempotency_key' } });
  });
});

describe('GET /v1/payments', () => {
  it('lists payments newest first, page by page', async () => {
    const created: string[] = [];
    for (let i = 0; i < 5; i += 1) {
      harness.clock.advance(1000);
      created.push((await harness.createPayment({ merchantReference: `LIST-${i}` })).id);
    }
    const first = await harness.api<{
      data: { id: string }[];
      hasMore: boolean;
      nextCursor: string;
    }>('GET', '/v1/payments?limit=3');
    expect(first.status).toBe(200);
    expect(first.body.data.map((payment) => payment.id)).toEqual(created.slice(-3).reverse());
    expect(first.body.hasMore).toBe(true);
    const second = await harness.api<{ data: { id: string }[] }>(
      'GET',
      `/v1/payments?limit=2&starting_after=${first.body.nextCursor}`,
    );
    expect(second.body.data.map((payment) => payment.id)).toEqual(created.slice(0, 2).reverse());
  });

  // 250 inserts and 13 pages: more than vitest's 5 s default on a loaded 2-core machine.
  it('lists 250 payments created in the same millisecond exactly once across pages of 20', async () => {
    // A fresh instant that no other test used: the clock stands still while they are created.
    harness.clock.advance(60_000);
    const ids: string[] = [];
    for (let i = 0; i < 250; i += 1) ids.push((await harness.createPayment()).id);
    const seen: string[] = [];
    let cursor = '';
    for (;;) {
      const page = await harness.api<{ data: { id: string }[]; nextCursor: string | null }>(
        'GET',
        `/v1/payments?limit=20${cursor}`,
      );
      expect(page.status).toBe(200);
      seen.push(...page.body.data.map((payment) => payment.id));
      if (page.body.nextCursor === null) break;
      cursor = `&starting_after=${page.body.nextCursor}`;
    }
    expect(new Set(seen).size).toBe(seen.length);
    // They are the newest: the first 250 listed, each once.
    expect(new Set(seen.slice(0, 250))).toEqual(new Set(ids));
    expect(seen).toHaveLength(await paymentCount());
  }, 60_000);

  it('refuses a bad limit or cursor', async () => {
    expect((await harness.api('GET', '/v1/payments?limit=0')).body).toMatchObject({
      error: { code: 'invalid_limit' },
    });
    expect((await harness.api('GET', '/v1/payments?starting_after=pay_nope')).body).toMatchObject({
      error: { code: 'invalid_cursor' },
    });
  });
});

describe('GET /v1/payments/:id', () => {
  it('answers the payment with its history', async () => {
    const created = await harness.createPayment();
    const response = await harness.api('GET', `/v1/payments/${created.id}`);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      id: created.id,
      status: 'pending',
      capturedAmount: 0,
      refundedAmount: 0,
      flags: [],
      events: [{ type: 'payment.created' }],
    });
  });

  it('answers 404 for an unknown payment', async () => {
    const response = await harness.api('GET', '/v1/payments/pay_0000000000000000000000');
    expect(response.status).toBe(404);
    expect(response.body).toMatchObject({ error: { code: 'payment_not_found' } });
  });
});

describe('public endpoints', () => {
  it('GET /healthz answers ok to any origin, with helmet headers', async () => {
    const response = await fetch(`${harness.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('strict-transport-security')).not.toBeNull();
  });

  it('GET /openapi.json describes the merchant API from the zod schemas', async () => {
    const response = await fetch(`${harness.url}/openapi.json`);
    const document = (await response.json()) as {
      openapi: string;
      paths: Record<
        string,
        Record<
          string,
          {
            requestBody?: {
              content: Record<string, { schema: { properties: Record<string, unknown> } }>;
            };
          }
        >
      >;
    };
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/v1/payments',
        '/v1/payments/{id}',
        '/v1/payments/{id}/capture',
        '/v1/payments/{id}/cancel',
        '/v1/payments/{id}/refunds',
        '/v1/payments/{id}/resolve',
        '/checkout/{id}',
      ]),
    );
    const create = document.paths['/v1/payments']?.post?.requestBody?.content['application/json'];
    expect(Object.keys(create?.schema.properties ?? {})).toEqual(
      expect.arrayContaining([
        'amount',
        'currency',
        'merchantReference',
        'itemName',
        'returnUrl',
        'customerId',
      ]),
    );
    const resolve =
      document.paths['/v1/payments/{id}/resolve']?.post?.requestBody?.content['application/json'];
    expect(resolve?.schema).toMatchObject({
      properties: { applied: { type: 'boolean' } },
      required: ['applied'],
      additionalProperties: false,
    });
    const text = JSON.stringify(document);
    expect(text).toContain('"openOperation"');
    const webhook = (
      document as unknown as {
        webhooks: Record<string, { post: { requestBody: { content: Record<string, unknown> } } }>;
      }
    ).webhooks.paymentEvent?.post.requestBody.content['application/json'] as {
      schema: { $defs: { WebhookEvent: { properties: { type: { enum: string[] } } } } };
    };
    expect(webhook.schema.$defs.WebhookEvent.properties.type.enum).toEqual(
      expect.arrayContaining([
        'payment.refunded',
        'payment.operation_unknown',
        'payment.authorization_expiring',
      ]),
    );
    expect(text).toContain('"settleBy"');
    expect(text).toContain('authorization_expiring (the settlement deadline');
  });
});
