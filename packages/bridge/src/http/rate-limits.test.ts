import { afterEach, describe, expect, it } from 'vitest';
import { BridgeHarness } from '../testing/bridge-harness.js';

// The limits over HTTP, on a real bridge; every request comes from 127.0.0.1 unless a trusted
// proxy says otherwise (X-Forwarded-For with TRUST_PROXY).

const harnesses: BridgeHarness[] = [];
afterEach(async () => {
  for (const harness of harnesses.splice(0)) await harness.close();
});

async function start(env: Record<string, string>): Promise<BridgeHarness> {
  const harness = await BridgeHarness.start({ env, webhooks: false });
  harnesses.push(harness);
  return harness;
}

const WRONG_KEY = { authorization: 'Bearer sk_test_guessing_0000000000000000000' };

async function listPayments(harness: BridgeHarness, headers: Record<string, string> = {}) {
  return harness.api<{ error?: { code: string; message: string; message_ja?: string } }>(
    'GET',
    '/v1/payments',
    undefined,
    headers,
  );
}

/** `POST /checkout/:id/state` as the widget asks it. */
async function checkoutState(harness: BridgeHarness, id: string, clientSecret: string) {
  const response = await fetch(`${harness.url}/checkout/${id}/state`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      origin: 'https://shop.example',
    },
    body: new URLSearchParams({ client_secret: clientSecret }).toString(),
  });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as { error?: { code: string; message_ja?: string } },
  };
}

function expectRetryAfter(headers: Headers): void {
  const seconds = Number(headers.get('retry-after'));
  expect(Number.isInteger(seconds)).toBe(true);
  expect(seconds).toBeGreaterThanOrEqual(1);
  expect(seconds).toBeLessThanOrEqual(60);
}

describe('wrong secret keys on /v1', () => {
  it('answer 429 with Retry-After from the N+1th on, while the right key still works', async () => {
    const harness = await start({ AU_PAY_RATE_LIMIT: '3' });
    // Missing and wrong keys count alike: both are answered 401.
    expect((await listPayments(harness, { authorization: '' })).status).toBe(401);
    expect((await listPayments(harness, WRONG_KEY)).status).toBe(401);
    expect((await listPayments(harness, WRONG_KEY)).status).toBe(401);

    const limited = await listPayments(harness, WRONG_KEY);
    expect(limited.status).toBe(429);
    expectRetryAfter(limited.headers);
    expect(limited.body.error?.code).toBe('rate_limited');
    expect(limited.body.error?.message).toMatch(/wrong secret key/);
    expect(limited.body.error?.message_ja).toMatch(/シークレットキー/);
    expect(limited.headers.get('cache-control')).toBe('no-store');

    // The merchant's server, from the same address, is never limited.
    for (let i = 0; i < 5; i += 1) expect((await listPayments(harness)).status).toBe(200);
    const created = await harness.createPayment();
    expect(created.status).toBe('pending');
    expect((await listPayments(harness, WRONG_KEY)).status).toBe(429);

    // Logged once per address and window, not once per refusal.
    const logged = harness.logs
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((entry) => entry.msg === 'rate limit reached');
    expect(logged).toEqual([
      expect.objectContaining({ level: 40, address: '127.0.0.1', limit: 'wrong_keys' }),
    ]);
  });

  it('count only 401s: requests with the right key use none of the limit', async () => {
    const harness = await start({ AU_PAY_RATE_LIMIT: '2' });
    for (let i = 0; i < 10; i += 1) {
      expect((await harness.api('GET', '/v1/payments')).status).toBe(200);
      // A refusal of a request with the right key (here 404) is not a wrong key either.
      expect((await harness.api('GET', '/v1/payments/pay_0000000000000000000000')).status).toBe(
        404,
      );
    }
    // Nor is a wrong key on a path that does not ask for one (answered 404, not 401).
    for (let i = 0; i < 5; i += 1) {
      const response = await fetch(`${harness.url}/v1/nothing-here`, { headers: WRONG_KEY });
      expect(response.status).toBe(404);
    }
    expect((await listPayments(harness, WRONG_KEY)).status).toBe(401);
    expect((await listPayments(harness, WRONG_KEY)).status).toBe(401);
    expect((await listPayments(harness, WRONG_KEY)).status).toBe(429);
  });

  it('are 20 a minute by default', async () => {
    // The harness turns limiting off; an empty value means "not set".
    const harness = await start({ AU_PAY_RATE_LIMIT: '' });
    for (let i = 0; i < 20; i += 1) {
      expect((await listPayments(harness, WRONG_KEY)).status).toBe(401);
    }
    expect((await listPayments(harness, WRONG_KEY)).status).toBe(429);
  });

  it('are counted per client address, as a trusted proxy forwards it', async () => {
    const harness = await start({ AU_PAY_RATE_LIMIT: '2', TRUST_PROXY: 'loopback' });
    const from = (address: string) => ({ ...WRONG_KEY, 'x-forwarded-for': address });
    expect((await listPayments(harness, from('203.0.113.1'))).status).toBe(401);
    expect((await listPayments(harness, from('203.0.113.1'))).status).toBe(401);
    expect((await listPayments(harness, from('203.0.113.1'))).status).toBe(429);
    expect((await listPayments(harness, from('203.0.113.2'))).status).toBe(401);
  });

  it('cannot be escaped by sending X-Forwarded-For when no proxy is trusted', async () => {
    const harness = await start({ AU_PAY_RATE_LIMIT: '2' });
    const from = (address: string) => ({ ...WRONG_KEY, 'x-forwarded-for': address });
    expect((await listPayments(harness, from('203.0.113.1'))).status).toBe(401);
    expect((await listPayments(harness, from('203.0.113.2'))).status).toBe(401);
    expect((await listPayments(harness, from('203.0.113.3'))).status).toBe(429);
  });

  it('are not limited with AU_PAY_RATE_LIMIT=0', async () => {
    const harness = await start({ AU_PAY_RATE_LIMIT: '0' });
    for (let i = 0; i < 30; i += 1) {
      expect((await listPayments(harness, WRONG_KEY)).status).toBe(401);
    }
  });
});

describe('checkout', () => {
  it('limits POST /checkout/:id and its /state together per address: a page, then JSON', async () => {
    const harness = await start({ AU_PAY_RATE_LIMIT: '3' });
    const created = await harness.createPayment();
    expect((await checkoutState(harness, created.id, created.clientSecret)).status).toBe(200);
    expect((await checkoutState(harness, created.id, created.clientSecret)).status).toBe(200);
    const page = await harness.checkout(created.id, {
      client_secret: created.clientSecret,
      layout: 'web',
    });
    expect(page.status).toBe(200);

    const limitedPage = await harness.checkout(created.id, {
      client_secret: created.clientSecret,
      layout: 'web',
    });
    expect(limitedPage.status).toBe(429);
    expectRetryAfter(limitedPage.headers);
    expect(limitedPage.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = limitedPage.bytes.toString('utf8');
    expect(html).toContain('Too many requests');
    expect(html).toContain('アクセスが集中しています');

    const limitedState = await checkoutState(harness, created.id, created.clientSecret);
    expect(limitedState.status).toBe(429);
    expectRetryAfter(limitedState.headers);
    // Readable by the widget on the shop's origin, like every answer of this route.
    expect(limitedState.headers.get('access-control-allow-origin')).toBe('*');
    expect(limitedState.body.error?.code).toBe('rate_limited');
    expect(limitedState.body.error?.message_ja).toBeTruthy();
  });

  it('is 60 requests a minute by default, and off with AU_PAY_RATE_LIMIT=0', async () => {
    const limited = await start({ AU_PAY_RATE_LIMIT: '' });
    const created = await limited.createPayment();
    for (let i = 0; i < 60; i += 1) {
      expect((await checkoutState(limited, created.id, created.clientSecret)).status).toBe(200);
    }
    expect((await checkoutState(limited, created.id, created.clientSecret)).status).toBe(429);

    const unlimited = await start({ AU_PAY_RATE_LIMIT: '0' });
    const other = await unlimited.createPayment();
    for (let i = 0; i < 70; i += 1) {
      expect((await checkoutState(unlimited, other.id, other.clientSecret)).status).toBe(200);
    }
  });
});

describe('SBPS routes', () => {
  it('are exempt: notifications and returns past the limit are all answered', async () => {
    const harness = await start({ AU_PAY_RATE_LIMIT: '1' });
    const created = await harness.createPayment({ captureMode: 'manual' });
    const payment = await harness.payment(created.id);
    for (let i = 0; i < 5; i += 1) {
      const answer = await harness.notify(payment);
      expect(answer.text).toBe('OK,');
    }
    for (let i = 0; i < 5; i += 1) {
      const response = await fetch(`${harness.url}/sbps/return/success`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded; charset=Shift_JIS' },
        body: harness.notificationBody(payment, {}, 'return'),
        redirect: 'manual',
      });
      expect(response.status).toBe(303);
    }
    expect((await harness.payment(created.id)).status).toBe('authorized');
  });
});

describe('/openapi.json', () => {
  it('documents the 429 answers with Retry-After', async () => {
    const harness = await start({});
    const document = (await (await fetch(`${harness.url}/openapi.json`)).json()) as {
      paths: Record<
        string,
        Record<string, { responses: Record<string, { headers?: Record<string, unknown> }> }>
      >;
    };
    for (const [path, method] of [
      ['/v1/payments', 'post'],
      ['/v1/payments/{id}/refunds', 'post'],
      ['/checkout/{id}', 'post'],
      ['/checkout/{id}/state', 'post'],
    ] as const) {
      expect(document.paths[path]?.[method]?.responses['429']?.headers).toHaveProperty(
        'Retry-After',
      );
    }
  });
});
