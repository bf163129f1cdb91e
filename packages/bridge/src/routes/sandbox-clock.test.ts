import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { partialRefundOpensAt } from '@au-pay/core';
import { SandboxBuyer } from '@au-pay/sandbox/testing';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BridgeRouter, createBridge } from '../bridge.js';
import { loadConfig } from '../config.js';
import { createLogger } from '../logger.js';
import { openPaymentStore } from '../store/open-store.js';
import { listen } from '../testing/bridge-harness.js';
import { LIVE_ENV } from '../testing/live-environment.js';
import { verifyWebhook } from '../webhooks/signature.js';

// The sandbox's test clock over HTTP, on a bridge that reads it: sandbox mode and no injected
// `now`, so real time plus the offset the test moves. Real SQLite, the emulated SBPS (its own XML
// API), and a webhook endpoint that verifies signatures exactly as a merchant would: against its
// own real clock, with the default tolerance of 5 minutes.

const SECRET_KEY = 'sk_test_clock_route_0123456789abcdef';
const WEBHOOK_SECRET = 'whsec_clock_route_0123456789abcdef';
const MINUTE = 60;

interface Delivery {
  type: string;
  paymentId: string | undefined;
  created: string;
  signedAt: number;
  receivedAt: number;
}

/** The merchant's webhook endpoint; answers 500 to the first `failFirst` deliveries. */
class MerchantEndpoint {
  readonly delivered: Delivery[] = [];
  readonly rejected: string[] = [];
  failFirst = 0;
  attempts = 0;
  url = '';
  #server: Server | undefined;

  async start(): Promise<void> {
    const app = express();
    app.post('/hooks', express.raw({ type: 'application/json' }), (req, res) => {
      this.attempts += 1;
      if (this.attempts <= this.failFirst) {
        res.status(500).end();
        return;
      }
      const header = req.get('AuPay-Signature') ?? '';
      try {
        const event = verifyWebhook(req.body as Buffer, header, WEBHOOK_SECRET);
        this.delivered.push({
          type: event.type,
          paymentId: (event.data.payment as { id?: string } | undefined)?.id,
          created: event.created,
          signedAt: Number(/t=(\d+)/.exec(header)?.[1]),
          receivedAt: Date.now(),
        });
        res.status(204).end();
      } catch (error) {
        this.rejected.push(String(error));
        res.status(400).end();
      }
    });
    const { server, url } = await listen(app);
    this.#server = server;
    this.url = `${url}/hooks`;
  }

  async stop(): Promise<void> {
    this.#server?.closeAllConnections();
    await new Promise((resolve) => this.#server?.close(resolve));
  }
}

interface RunningBridge {
  url: string;
  bridge: BridgeRouter;
  close(): Promise<void>;
}

async function startBridge(
  env: Record<string, string>,
  options: Parameters<typeof createBridge>[1] = {},
): Promise<RunningBridge> {
  const app = express();
  const { server, url } = await listen(app);
  const bridge = createBridge(loadConfig({ PUBLIC_URL: url, ...env }), {
    logger: createLogger({ level: 'silent' }),
    webhookPollIntervalMs: 25,
    ...options,
  });
  app.use(bridge);
  await bridge.ready;
  return {
    url,
    bridge,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await bridge.close();
    },
  };
}

/** Any answer of these routes, loosely: each test reads the fields its answer has. */
interface Answer {
  now: string;
  offsetSeconds: number;
  error: { code: string; message: string; param?: string };
  id: string;
  clientSecret: string;
  status: string;
  capturedAt: string;
  createdAt: string;
  [key: string]: unknown;
}

async function call(
  url: string,
  method: string,
  body?: unknown,
  headers: Record<string, string> = { authorization: `Bearer ${SECRET_KEY}` },
) {
  if (method === 'GET') body = undefined;
  const response = await fetch(url, {
    method,
    headers: { ...(body !== undefined && { 'content-type': 'application/json' }), ...headers },
    ...(body !== undefined && { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await response.text();
  let parsed: unknown = {};
  try {
    parsed = JSON.parse(text);
  } catch {
    // Not JSON (a 404 of the host app): the status says enough.
  }
  return { status: response.status, headers: response.headers, body: parsed as Answer };
}

async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

let directory: string;
let endpoint: MerchantEndpoint;
let sandbox: RunningBridge;
const clockUrl = () => `${sandbox.url}/sandbox/clock`;
const api = (method: string, path: string, body?: unknown) =>
  call(`${sandbox.url}${path}`, method, body);
const moveClock = (body: unknown) => call(clockUrl(), 'POST', body);

async function createPayment(overrides: Record<string, unknown> = {}) {
  const created = await api('POST', '/v1/payments', {
    amount: 2200,
    currency: 'JPY',
    merchantReference: 'ORDER-CLOCK',
    itemName: 'テスト商品',
    returnUrl: 'https://shop.example/orders/return',
    ...overrides,
  });
  expect(created.status).toBe(201);
  return created.body;
}

beforeAll(async () => {
  directory = mkdtempSync(join(tmpdir(), 'au-pay-clock-test-'));
  endpoint = new MerchantEndpoint();
  await endpoint.start();
  sandbox = await startBridge({
    AU_PAY_SECRET_KEY: SECRET_KEY,
    DATABASE_URL: `sqlite:${join(directory, 'bridge.db')}`,
    RETURN_URL_ORIGINS: 'https://shop.example',
    WEBHOOK_URL: endpoint.url,
    WEBHOOK_SECRET,
  });
});
afterAll(async () => {
  await sandbox?.close();
  await endpoint?.stop();
  rmSync(directory, { recursive: true, force: true });
});

describe('GET/POST /sandbox/clock', () => {
  it('starts at real time, with no offset', async () => {
    const response = await call(clockUrl(), 'GET');
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.body.offsetSeconds).toBe(0);
    expect(Math.abs(Date.parse(response.body.now) - Date.now())).toBeLessThan(5_000);
  });

  it('needs the secret key, exactly like /v1', async () => {
    for (const method of ['GET', 'POST']) {
      const missing = await call(clockUrl(), method, { advanceSeconds: 60 }, {});
      expect(missing.status).toBe(401);
      expect(missing.body.error.code).toBe('missing_secret_key');
      const wrong = await call(
        clockUrl(),
        method,
        { advanceSeconds: 60 },
        { authorization: 'Bearer sk_test_not_this_one_0000000000' },
      );
      expect(wrong.status).toBe(401);
      expect(wrong.body.error.code).toBe('invalid_secret_key');
    }
    expect(sandbox.bridge.clock?.offsetMs).toBe(0);
  });

  it('expires a pending payment at once when the clock passes its limit (30 minutes)', async () => {
    const payment = await createPayment();
    const moved = await moveClock({ advanceSeconds: 31 * MINUTE });
    expect(moved.status).toBe(200);
    expect(moved.body.offsetSeconds).toBe(31 * MINUTE);
    expect(Date.parse(moved.body.now) - Date.now()).toBeGreaterThan(30 * MINUTE * 1000);

    // The sweep ran before the answer: no need to wait for the next periodic pass.
    const read = await api('GET', `/v1/payments/${payment.id}`);
    expect(read.body.status).toBe('expired');
    const state = await fetch(`${sandbox.url}/checkout/${payment.id}/state`, {
      method: 'POST',
      body: new URLSearchParams({ client_secret: payment.clientSecret }),
    });
    expect(await state.json()).toEqual({ status: 'expired', payable: false });
  });

  it('signs webhooks with real time, so verifyWebhook accepts them after a jump', async () => {
    // payment.expired of the test above happened at sandbox time, 31 minutes ahead.
    await until(() => endpoint.delivered.some((delivery) => delivery.type === 'payment.expired'));
    expect(endpoint.rejected).toEqual([]);
    const expired = endpoint.delivered.find((delivery) => delivery.type === 'payment.expired');
    expect(Math.abs((expired?.signedAt ?? 0) * 1000 - (expired?.receivedAt ?? 0))).toBeLessThan(
      5_000,
    );
    expect(Date.parse(expired?.created ?? '') - (expired?.receivedAt ?? 0)).toBeGreaterThan(
      30 * MINUTE * 1000,
    );
  });

  it('schedules webhook retries on the sandbox clock: a jump makes a retry due at once', async () => {
    endpoint.failFirst = endpoint.attempts + 1; // the next delivery fails
    const payment = await createPayment();
    await moveClock({ advanceSeconds: 31 * MINUTE });
    await until(() => endpoint.attempts >= endpoint.failFirst);
    // The retry waits up to a minute of sandbox time (full jitter); an hour later it is due.
    await moveClock({ advanceSeconds: 60 * MINUTE });
    await until(() =>
      endpoint.delivered.some(
        (delivery) => delivery.paymentId === payment.id && delivery.type === 'payment.expired',
      ),
    );
    expect(endpoint.rejected).toEqual([]);
  });

  it('opens a partial refund on the 1st of the month after settlement, in the bridge and in the emulated SBPS', async () => {
    const payment = await createPayment({ captureMode: 'manual' });
    const journey = await new SandboxBuyer(sandbox.url).pay(payment);
    expect(journey.landedAt.searchParams.get('status')).toBe('authorized');
    const captured = await api('POST', `/v1/payments/${payment.id}/capture`, {});
    expect(captured.body).toMatchObject({ status: 'captured', capturedAmount: 2200 });

    const early = await api('POST', `/v1/payments/${payment.id}/refunds`, { amount: 500 });
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('partial_refund_not_yet_open');

    const opensAt = partialRefundOpensAt(new Date(captured.body.capturedAt));
    const moved = await moveClock({ to: opensAt.toISOString() });
    expect(moved.status).toBe(200);
    expect(Date.parse(moved.body.now) - opensAt.getTime()).toBeGreaterThanOrEqual(0);
    expect(Date.parse(moved.body.now) - opensAt.getTime()).toBeLessThan(5_000);
    const clock = await call(clockUrl(), 'GET');
    expect(clock.body.offsetSeconds).toBe(moved.body.offsetSeconds);

    // The bridge's rule and the emulator's own check (refusal 28 before the 1st) both read the clock.
    const refund = await api('POST', `/v1/payments/${payment.id}/refunds`, { amount: 500 });
    expect(refund.status).toBe(200);
    expect(refund.body).toMatchObject({ status: 'partially_refunded', refundedAmount: 500 });
  });

  it('refuses to go back, and bad input, without moving', async () => {
    const before = sandbox.bridge.clock?.offsetMs;
    const back = await moveClock({ to: new Date(Date.now() - 60_000).toISOString() });
    expect(back.status).toBe(409);
    expect(back.body.error.code).toBe('clock_cannot_go_back');
    expect(back.body.error.message).toMatch(/only moves forward/);
    const negative = await moveClock({ advanceSeconds: -60 });
    expect(negative.status).toBe(409);
    expect(negative.body.error.code).toBe('clock_cannot_go_back');

    const invalid: Array<[unknown, string | undefined]> = [
      [{}, undefined],
      [{ advanceSeconds: 60, to: '2099-01-01T00:00:00Z' }, undefined],
      [{ advanceSeconds: 1.5 }, 'advanceSeconds'],
      [{ advanceSeconds: '60' }, 'advanceSeconds'],
      [{ advanceSeconds: 20 * 365 * 24 * 3600 }, 'advanceSeconds'],
      [{ to: '2099-01-01T00:00:00' }, 'to'],
      [{ to: 'next month' }, 'to'],
      [{ advance_seconds: 60 }, 'advance_seconds'],
      [[60], undefined],
    ];
    for (const [body, param] of invalid) {
      const response = await moveClock(body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.error).toMatchObject({
        code: 'invalid_request',
        message: expect.any(String),
      });
      expect(response.body.error.param).toBe(param);
    }
    const notJson = await call(clockUrl(), 'POST', 'advanceSeconds=60', {
      authorization: `Bearer ${SECRET_KEY}`,
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(notJson.status).toBe(400);
    expect(notJson.body.error.code).toBe('invalid_request');
    const broken = await call(clockUrl(), 'POST', '{"advanceSeconds":', {
      authorization: `Bearer ${SECRET_KEY}`,
      'content-type': 'application/json',
    });
    expect(broken.status).toBe(400);
    expect(broken.body.error.code).toBe('invalid_json');
    expect(sandbox.bridge.clock?.offsetMs).toBe(before);
  });
});

describe('where the clock exists', () => {
  it('resumes after a restart from the newest record, so it never goes back', async () => {
    const databaseUrl = `sqlite:${join(directory, 'restart.db')}`;
    const env = { AU_PAY_SECRET_KEY: SECRET_KEY, DATABASE_URL: databaseUrl };
    const first = await startBridge(env);
    await call(`${first.url}/sandbox/clock`, 'POST', { advanceSeconds: 2 * 24 * 3600 });
    const created = await call(`${first.url}/v1/payments`, 'POST', {
      amount: 1100,
      currency: 'JPY',
      merchantReference: 'ORDER-RESTART',
      itemName: 'item',
      returnUrl: `${first.url}/done`,
    });
    expect(created.status).toBe(201);
    await first.close();

    const second = await startBridge(env);
    try {
      const clock = await call(`${second.url}/sandbox/clock`, 'GET');
      expect(Date.parse(clock.body.now)).toBeGreaterThanOrEqual(Date.parse(created.body.createdAt));
      expect(clock.body.offsetSeconds).toBeGreaterThan(2 * 24 * 3600 - 60);
    } finally {
      await second.close();
    }
  });

  it('limits wrong keys together with /v1, and never the right key', async () => {
    const limited = await startBridge({
      AU_PAY_SECRET_KEY: SECRET_KEY,
      DATABASE_URL: `sqlite:${join(directory, 'limited.db')}`,
      AU_PAY_RATE_LIMIT: '2',
    });
    const wrong = { authorization: 'Bearer sk_test_not_this_one_0000000000' };
    try {
      expect((await call(`${limited.url}/v1/payments`, 'GET', undefined, wrong)).status).toBe(401);
      expect((await call(`${limited.url}/sandbox/clock`, 'GET', undefined, wrong)).status).toBe(
        401,
      );
      const refused = await call(
        `${limited.url}/sandbox/clock`,
        'POST',
        { advanceSeconds: 60 },
        wrong,
      );
      expect(refused.status).toBe(429);
      expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(refused.body.error.code).toBe('rate_limited');
      const moved = await call(`${limited.url}/sandbox/clock`, 'POST', { advanceSeconds: 60 });
      expect(moved.status).toBe(200);
      expect(moved.body.offsetSeconds).toBeGreaterThanOrEqual(60);
      expect((await call(`${limited.url}/v1/payments`, 'GET', undefined, wrong)).status).toBe(429);
    } finally {
      await limited.close();
    }
  });

  it('does not exist when a clock is injected (tests)', async () => {
    const injected = await startBridge(
      {
        AU_PAY_SECRET_KEY: SECRET_KEY,
        DATABASE_URL: `sqlite:${join(directory, 'injected.db')}`,
      },
      { now: () => new Date('2025-03-10T01:00:00Z') },
    );
    try {
      expect(injected.bridge.clock).toBeNull();
      expect((await fetch(`${injected.url}/sandbox/clock`)).status).toBe(404);
    } finally {
      await injected.close();
    }
  });

  it('does not exist in live mode', async () => {
    const app = express();
    const { server, url } = await listen(app);
    const live = createBridge(
      loadConfig({ ...LIVE_ENV, WEBHOOK_URL: undefined, WEBHOOK_SECRET: undefined }),
      {
        store: openPaymentStore(`sqlite:${join(directory, 'live.db')}`),
        logger: createLogger({ level: 'silent' }),
        workers: false,
      },
    );
    app.use(live);
    try {
      await live.ready;
      expect(live.clock).toBeNull();
      expect(live.sandbox).toBeNull();
      for (const method of ['GET', 'POST']) {
        const response = await call(
          `${url}/sandbox/clock`,
          method,
          { advanceSeconds: 60 },
          {
            authorization: `Bearer ${LIVE_ENV.AU_PAY_SECRET_KEY}`,
          },
        );
        expect(response.status).toBe(404);
      }
      expect(Math.abs(live.context.now().getTime() - Date.now())).toBeLessThan(5_000);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await live.close();
    }
  });
});
