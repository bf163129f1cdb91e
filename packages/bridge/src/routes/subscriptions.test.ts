import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BridgeHarness } from '../testing/bridge-harness.js';

let harness: BridgeHarness;
beforeAll(async () => {
  harness = await BridgeHarness.start();
});
afterAll(async () => {
  await harness.close();
});

const monthly = {
  kind: 'monthly',
  amount: 980,
  itemName: '月額プラン',
  merchantReference: 'PLAN-BASIC',
  customerId: 'CUST-0001',
  returnUrl: 'https://shop.example/subscriptions/return',
};

describe('POST /v1/subscriptions', () => {
  it('creates an incomplete monthly subscription and answers its client secret once, storing only its hash', async () => {
    const response = await harness.api('POST', '/v1/subscriptions', monthly);
    expect(response.status).toBe(201);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = response.body;
    expect(body).toMatchObject({
      object: 'subscription',
      acquirer: 'sbps',
      kind: 'monthly',
      status: 'incomplete',
      amount: 980,
      currency: 'JPY',
      customerId: 'CUST-0001',
      contractTrackingId: null,
      nextBillingDate: null,
      nextStep: { type: 'checkout', url: `${harness.url}/checkout/${body.id}`, method: 'POST' },
    });
    expect(body.id).toMatch(/^sub_[0-9A-Za-z]{22}$/);
    const secret = body.clientSecret as string;
    const stored = await harness.store.getSubscription(body.id as string);
    expect(stored?.clientSecretHash).toBe(createHash('sha256').update(secret).digest('hex'));
    expect(JSON.stringify(stored)).not.toContain(secret);
    expect(stored?.expiresAt.getTime()).toBe(harness.clock.now().getTime() + 30 * 60 * 1000);
    const read = await harness.api('GET', `/v1/subscriptions/${body.id}`);
    expect(read.body).not.toHaveProperty('clientSecret');
    expect(read.body).toMatchObject({ charges: [], events: [{ type: 'subscription.created' }] });
  });

  it('creates an on-demand subscription without an amount (a D01-1 application) and one with a first charge', async () => {
    const { amount: _amount, ...withoutAmount } = monthly;
    const bare = await harness.api('POST', '/v1/subscriptions', {
      ...withoutAmount,
      kind: 'on_demand',
    });
    expect(bare.status).toBe(201);
    expect(bare.body).toMatchObject({ kind: 'on_demand', amount: null });
    const charged = await harness.api('POST', '/v1/subscriptions', {
      ...monthly,
      kind: 'on_demand',
      amount: '500',
    });
    expect(charged.body).toMatchObject({ kind: 'on_demand', amount: 500 });
  });

  it('refuses a monthly subscription without an amount, in English and Japanese terms of checkAmount', async () => {
    const { amount: _amount, ...withoutAmount } = monthly;
    const response = await harness.api('POST', '/v1/subscriptions', withoutAmount);
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ error: { code: 'amount_missing', param: 'amount' } });
  });

  it('refuses another acquirer than SBPS, in English and Japanese, creating nothing', async () => {
    const before = (await harness.store.listSubscriptions({ limit: 1000 })).length;
    const response = await harness.api('POST', '/v1/subscriptions', {
      ...monthly,
      acquirer: 'antom',
    });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({
      error: { code: 'subscriptions_sbps_only', param: 'acquirer' },
    });
    expect((response.body.error as { message_ja: string }).message_ja).toContain('SBPS');
    expect((await harness.store.listSubscriptions({ limit: 1000 })).length).toBe(before);
    const sbps = await harness.api('POST', '/v1/subscriptions', { ...monthly, acquirer: 'sbps' });
    expect(sbps.status).toBe(201);
  });

  it('refuses a return URL outside the allow-list and an item name that is not Shift_JIS', async () => {
    const origin = await harness.api('POST', '/v1/subscriptions', {
      ...monthly,
      returnUrl: 'https://evil.example/x',
    });
    expect(origin.body).toMatchObject({ error: { code: 'return_url_not_allowed' } });
    const text = await harness.api('POST', '/v1/subscriptions', { ...monthly, itemName: '🍣' });
    expect(text.status).toBe(400);
  });

  it('replays the first answer (client secret included) to the same Idempotency-Key', async () => {
    const headers = { 'idempotency-key': 'sub-create-0001' };
    const first = await harness.api('POST', '/v1/subscriptions', monthly, headers);
    const second = await harness.api('POST', '/v1/subscriptions', monthly, headers);
    expect(second.status).toBe(201);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(second.body).toEqual(first.body);
    const other = await harness.api(
      'POST',
      '/v1/subscriptions',
      { ...monthly, amount: 990 },
      headers,
    );
    expect(other.status).toBe(422);
  });
});

describe('GET /v1/subscriptions', () => {
  it('lists newest first and pages by cursor, exactly once each', async () => {
    for (let n = 0; n < 3; n += 1) {
      harness.clock.advance(1000);
      await harness.api('POST', '/v1/subscriptions', { ...monthly, merchantReference: `P-${n}` });
    }
    const all = (await harness.store.listSubscriptions({ limit: 1000 })).map((s) => s.id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { data: { id: string }[]; nextCursor: string | null } } =
        await harness.api(
          'GET',
          `/v1/subscriptions?limit=2${cursor ? `&starting_after=${cursor}` : ''}`,
        );
      seen.push(...page.body.data.map((s) => s.id));
      cursor = page.body.nextCursor;
    } while (cursor !== null);
    expect(seen).toEqual(all);
  });

  it('answers 404 subscription_not_found for an unknown id and 400 for a bad cursor', async () => {
    const unknown = await harness.api('GET', '/v1/subscriptions/sub_0000000000000000000000');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ error: { code: 'subscription_not_found' } });
    const cursor = await harness.api('GET', '/v1/subscriptions?starting_after=pay_x');
    expect(cursor.body).toMatchObject({ error: { code: 'invalid_cursor' } });
  });

  it('expires an incomplete subscription past its window when read: incomplete_expired', async () => {
    const created = await harness.api('POST', '/v1/subscriptions', monthly);
    harness.clock.advance(30 * 60 * 1000);
    const read = await harness.api('GET', `/v1/subscriptions/${created.body.id}`);
    expect(read.body).toMatchObject({ status: 'incomplete_expired' });
  });
});

describe('GET /openapi.json', () => {
  it('describes the subscription API from the zod schemas', async () => {
    const response = await fetch(`${harness.url}/openapi.json`);
    const document = (await response.json()) as {
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
      webhooks: {
        paymentEvent: { post: { requestBody: { content: Record<string, { schema: unknown }> } } };
      };
    };
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/v1/subscriptions',
        '/v1/subscriptions/{id}',
        '/v1/subscriptions/{id}/charges',
        '/v1/subscriptions/{id}/cancel',
        '/v1/subscriptions/{id}/resume',
      ]),
    );
    const create =
      document.paths['/v1/subscriptions']?.post?.requestBody?.content['application/json'];
    expect(Object.keys(create?.schema.properties ?? {})).toEqual(
      expect.arrayContaining([
        'kind',
        'amount',
        'itemName',
        'merchantReference',
        'customerId',
        'returnUrl',
      ]),
    );
    const charge =
      document.paths['/v1/subscriptions/{id}/charges']?.post?.requestBody?.content[
        'application/json'
      ];
    expect(Object.keys(charge?.schema.properties ?? {})).toEqual(
      expect.arrayContaining(['amount', 'merchantReference']),
    );
    expect(JSON.stringify(document.webhooks)).toContain('subscription.payment_failed');
  });
});
