import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeShiftJis } from '@au-pay/core/sbps';
import { SandboxBuyer } from '@au-pay/sandbox/testing';
import Database from 'better-sqlite3';
import express from 'express';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANTOM_NOTIFY_ACK } from '../acquirers/antom/notification.js';
import { type BridgeRouter, createBridge } from '../bridge.js';
import { type BridgeConfig, loadConfig } from '../config.js';
import { createLogger } from '../logger.js';
import { listen } from '../testing/bridge-harness.js';
import {
  type FuzzAnswer,
  type FuzzRequest,
  type FuzzTarget,
  fuzzRequests,
  send,
} from '../testing/fuzz-requests.js';

// Every HTTP endpoint the bridge serves in sandbox mode, fed random requests (issue #15, item 2):
// never a 5xx, always an error in the route's own format, and no state change when it refuses.
// Cases per endpoint: AU_PAY_FUZZ_RUNS (the default keeps this file near a minute on 2 busy cores).

const RUNS = Number(process.env.AU_PAY_FUZZ_RUNS ?? 150);

let server: Server;
let url = '';
let bridge: BridgeRouter;
let config: BridgeConfig;
let directory: string;
let database: Database.Database;
const agent = new Agent({ keepAlive: true, maxSockets: 1 });
const unexpected: string[] = [];

/** Seeded payments by acquirer and status, with their client secrets. */
const seeded: Array<{ id: string; clientSecret: string; acquirer: string; status: string }> = [];

beforeAll(async () => {
  const app = express();
  ({ server, url } = await listen(app));
  directory = mkdtempSync(join(tmpdir(), 'au-pay-fuzz-'));
  const file = join(directory, 'bridge.db');
  // Sandbox mode as a merchant runs it: every acquirer at its emulator, the sandbox clock.
  config = loadConfig({
    AU_PAY_MODE: 'sandbox',
    AU_PAY_RATE_LIMIT: '0',
    PUBLIC_URL: url,
    DATABASE_URL: `sqlite:${file}`,
    RETURN_URL_ORIGINS: 'https://shop.example',
  });
  bridge = createBridge(config, {
    // No background jobs: any change to the store is the request's own.
    workers: false,
    logger: createLogger({
      level: 'warn',
      destination: {
        write: (line: string) => {
          if (line.includes('"unexpected error"') || line.includes('"level":60'))
            unexpected.push(line);
        },
      },
    }),
  });
  app.use(bridge);
  await bridge.ready;
  await seed();
  database = new Database(file, { readonly: true });
}, 120_000);

afterAll(async () => {
  agent.destroy();
  database?.close();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await bridge.close();
  rmSync(directory, { recursive: true, force: true });
});

async function api(method: string, path: string, body?: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: { authorization: `Bearer ${config.secretKey}`, 'content-type': 'application/json' },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const answer = (await response.json()) as Record<string, unknown>;
  if (response.status >= 300) throw new Error(`${method} ${path}: ${JSON.stringify(answer)}`);
  return answer;
}

async function create(acquirer: string, captureMode: 'manual' | 'automatic' = 'automatic') {
  const created = (await api('POST', '/v1/payments', {
    acquirer,
    captureMode,
    amount: 1500,
    currency: 'JPY',
    merchantReference: `FUZZ-${seeded.length}`,
    itemName: 'テスト商品',
    returnUrl: 'https://shop.example/orders/return',
  })) as { id: string; clientSecret: string };
  return created;
}

/** A few payments in each status, through the emulators as a buyer would pay them. */
async function seed(): Promise<void> {
  const buyer = () => new SandboxBuyer(url);
  const record = async (payment: { id: string; clientSecret: string }, acquirer: string) => {
    const stored = await api('GET', `/v1/payments/${payment.id}`);
    seeded.push({ ...payment, acquirer, status: String(stored.status) });
  };
  for (const acquirer of ['sbps', 'nomupay'] as const) {
    await record(await create(acquirer), acquirer);
    const authorized = await create(acquirer, 'manual');
    await buyer().pay(authorized);
    await record(authorized, acquirer);
    const captured = await create(acquirer);
    await buyer().pay(captured);
    await record(captured, acquirer);
    const cancelled = await create(acquirer, 'manual');
    await buyer().pay(cancelled);
    await api('POST', `/v1/payments/${cancelled.id}/cancel`, {});
    await record(cancelled, acquirer);
    const failed = await create(acquirer);
    await buyer().pay(failed, { cancelAt: 'login' });
    await record(failed, acquirer);
  }
  const refunded = await create('sbps');
  await buyer().pay(refunded);
  await api('POST', `/v1/payments/${refunded.id}/refunds`, {});
  await record(refunded, 'sbps');
  for (const pay of [false, true]) {
    const antom = await create('antom');
    const checkout = await fetch(`${url}/checkout/${antom.id}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_secret: antom.clientSecret, layout: 'web' }).toString(),
      redirect: 'manual',
    });
    if (pay) await buyer().payFrom(checkout.headers.get('location') ?? '');
    await record(antom, 'antom');
  }
  await bridge.sandbox?.whenIdle();
}

/** Everything a request could change: the payments, their events and the webhook outbox. */
function snapshot(): unknown {
  return {
    payments: database.prepare('SELECT * FROM payments ORDER BY id').all(),
    events: database
      .prepare('SELECT count(*) AS count, max(seq) AS last FROM payment_events')
      .get(),
    outbox: database.prepare('SELECT count(*) AS count FROM webhook_outbox').get(),
  };
}

/** How a route answers: its format decides what a refusal looks like. */
type Format = 'json' | 'page' | 'sbps' | 'antom' | 'nomupay' | 'static';

interface Endpoint {
  readonly name: string;
  readonly method: 'GET' | 'POST';
  readonly path: (id: string) => string;
  readonly format: Format;
  /** Which seeded payments' ids to mix in: by acquirer, all, or other ids (SBPS return kinds). */
  readonly ids?: () => readonly string[];
  readonly fields?: readonly string[];
  readonly values?: () => readonly string[];
  /** Whether the route wants the merchant's secret key (then it is sent often). */
  readonly secretKey?: boolean;
}

const allIds = () => seeded.map((payment) => payment.id);
const idsOf = (acquirer: string) => () =>
  seeded.filter((payment) => payment.acquirer === acquirer).map((payment) => payment.id);
const secrets = () => seeded.map((payment) => payment.clientSecret);
const AMOUNTS = () => ['1', '0', '-1', '1500', '1e3', '99999999999999999999', 'NaN'];

/** One row per endpoint: a new endpoint is a new row. */
const ENDPOINTS: readonly Endpoint[] = [
  {
    name: 'POST /v1/payments',
    method: 'POST',
    path: () => '/v1/payments',
    format: 'json',
    secretKey: true,
    fields: [
      'amount',
      'currency',
      'merchantReference',
      'itemName',
      'returnUrl',
      'acquirer',
      'captureMode',
      'metadata',
    ],
    values: () => [
      'JPY',
      'sbps',
      'antom',
      'nomupay',
      'manual',
      'automatic',
      'https://shop.example/r',
      ...AMOUNTS(),
    ],
  },
  {
    name: 'GET /v1/payments',
    method: 'GET',
    path: () => '/v1/payments',
    format: 'json',
    secretKey: true,
    fields: ['limit', 'starting_after'],
    values: () => [...allIds(), '0', '1', '100', '101', '1.5'],
  },
  {
    name: 'GET /v1/payments/:id',
    method: 'GET',
    path: (id) => `/v1/payments/${id}`,
    format: 'json',
    secretKey: true,
    ids: allIds,
  },
  ...(['capture', 'cancel', 'refunds'] as const).map(
    (operation): Endpoint => ({
      name: `POST /v1/payments/:id/${operation}`,
      method: 'POST',
      path: (id) => `/v1/payments/${id}/${operation}`,
      format: 'json',
      secretKey: true,
      ids: allIds,
      fields: ['amount', 'reason'],
      values: AMOUNTS,
    }),
  ),
  {
    name: 'POST /v1/payments/:id/resolve',
    method: 'POST',
    path: (id) => `/v1/payments/${id}/resolve`,
    format: 'json',
    secretKey: true,
    ids: allIds,
    fields: ['applied'],
    values: () => ['true', 'false'],
  },
  {
    name: 'POST /checkout/:id',
    method: 'POST',
    path: (id) => `/checkout/${id}`,
    format: 'page',
    ids: allIds,
    fields: ['client_secret', 'layout'],
    values: () => [...secrets(), 'web', 'wap'],
  },
  {
    name: 'POST /checkout/:id/state',
    method: 'POST',
    path: (id) => `/checkout/${id}/state`,
    format: 'json',
    ids: allIds,
    fields: ['client_secret'],
    values: secrets,
  },
  {
    name: 'POST /sbps/notify',
    method: 'POST',
    path: () => '/sbps/notify',
    format: 'sbps',
    fields: [
      'pay_method',
      'merchant_id',
      'service_id',
      'order_id',
      'amount',
      'res_result',
      'res_tracking_id',
      'sps_hashcode',
    ],
    values: () => ['auone', 'OK', 'NG', '12345678901234', ...AMOUNTS()],
  },
  {
    name: 'POST /sbps/return/:kind',
    method: 'POST',
    path: (kind) => `/sbps/return/${kind}`,
    format: 'page',
    ids: () => ['success', 'cancel', 'error'],
    fields: ['merchant_id', 'service_id', 'order_id', 'res_result', 'res_err_code', 'sps_hashcode'],
    values: () => ['OK', 'NG', ''],
  },
  {
    name: 'POST /antom/notify',
    method: 'POST',
    path: () => '/antom/notify',
    format: 'antom',
    fields: [
      'notifyType',
      'result',
      'paymentRequestId',
      'paymentId',
      'paymentAmount',
      'refundRequestId',
    ],
    values: () => [...idsOf('antom')(), 'PAYMENT_RESULT', 'REFUND_RESULT', 'op_1'],
  },
  {
    name: 'GET /antom/return/:id',
    method: 'GET',
    path: (id) => `/antom/return/${id}`,
    format: 'page',
    ids: allIds,
  },
  {
    name: 'POST /nomupay/webhooks',
    method: 'POST',
    path: () => '/nomupay/webhooks',
    format: 'nomupay',
    fields: ['id', 'type', 'payload'],
    values: () => [...idsOf('nomupay')(), 'payment', 'capture'],
  },
  {
    name: 'GET /nomupay/return/:id',
    method: 'GET',
    path: (id) => `/nomupay/return/${id}`,
    format: 'page',
    ids: allIds,
  },
  {
    name: 'POST /nomupay/return/:id',
    method: 'POST',
    path: (id) => `/nomupay/return/${id}`,
    format: 'page',
    ids: allIds,
    fields: ['res_result', 'res_err_code'],
    values: () => ['OK', 'NG', ''],
  },
  { name: 'GET /au-pay.js', method: 'GET', path: () => '/au-pay.js', format: 'static' },
  { name: 'GET /openapi.json', method: 'GET', path: () => '/openapi.json', format: 'static' },
  { name: 'GET /healthz', method: 'GET', path: () => '/healthz', format: 'static' },
  {
    name: 'GET /sandbox/clock',
    method: 'GET',
    path: () => '/sandbox/clock',
    format: 'json',
    secretKey: true,
  },
  {
    name: 'POST /sandbox/clock',
    method: 'POST',
    path: () => '/sandbox/clock',
    format: 'json',
    secretKey: true,
    fields: ['advanceSeconds', 'to'],
    values: () => ['2020-01-01T00:00:00Z', 'tomorrow', '-1', '1e9'],
  },
];

function targetOf(endpoint: Endpoint): FuzzTarget {
  return {
    method: endpoint.method,
    path: endpoint.path,
    ids: endpoint.ids?.() ?? [],
    fields: endpoint.fields ?? [],
    values: endpoint.values?.() ?? [],
    headers: endpoint.secretKey
      ? { authorization: [`Bearer ${config.secretKey}`, `bearer   ${config.secretKey}`] }
      : {},
  };
}

const contentType = (answer: FuzzAnswer): string => String(answer.headers['content-type'] ?? '');

/**
 * A path Express cannot percent-decode fails before any route runs: the bridge's last-resort
 * handler answers it, in JSON, for browser routes too (no acquirer sends such a path).
 */
function isMalformedPath(answer: FuzzAnswer): boolean {
  if (answer.status !== 400 || !contentType(answer).startsWith('application/json')) return false;
  const body = JSON.parse(answer.body.toString('utf8')) as { error?: { code?: unknown } };
  return body.error?.code === 'invalid_path';
}

/** Whether the answer refuses the request, checked against the route's own format. */
function checkFormat(format: Format, answer: FuzzAnswer): boolean {
  expect(answer.status).toBeLessThan(500);
  const refused = answer.status >= 400;
  switch (format) {
    case 'json':
      expect(contentType(answer)).toMatch(/^application\/json/);
      if (refused) {
        // Every refusal names its code and says why in English and Japanese.
        expect(JSON.parse(answer.body.toString('utf8'))).toEqual({
          error: expect.objectContaining({
            code: expect.any(String),
            message: expect.any(String),
            message_ja: expect.any(String),
          }),
        });
      } else {
        JSON.parse(answer.body.toString('utf8'));
      }
      return refused;
    case 'page':
      if (isMalformedPath(answer)) return true;
      if (answer.status >= 300 && answer.status < 400) {
        // Back to the merchant's returnUrl, or the acquirer's page.
        expect(answer.status).toBe(303);
        expect(answer.headers.location).toMatch(/^https?:\/\//);
        return false;
      }
      expect(contentType(answer)).toBe('text/html; charset=utf-8');
      expect(answer.body.toString('utf8')).toMatch(/^<!doctype html>/i);
      return refused;
    case 'sbps': {
      // SBPS reads an HTTP 200 with `OK,` or `NG,<reason>` in Shift_JIS (spec/sbps-au.md §5).
      expect(answer.status).toBe(200);
      expect(contentType(answer)).toBe('text/plain; charset=Shift_JIS');
      const text = decodeShiftJis(answer.body);
      expect(text).toMatch(/^(OK,|NG,.+)$/);
      return text.startsWith('NG,');
    }
    case 'antom':
      // The exact acknowledgement of spec/antom-au.md §5.2, or a 4xx with nothing Antom could take
      // for one.
      if (refused) expect(answer.body.length).toBe(0);
      else expect(answer.body.toString('utf8')).toBe(ANTOM_NOTIFY_ACK);
      return refused;
    case 'nomupay':
      // NomuPay retries anything but a 2xx (spec/nomupay-au.md §10); its answers carry no body.
      expect([204, 400, 413, 415]).toContain(answer.status);
      expect(answer.body.length).toBe(0);
      return refused;
    case 'static':
      expect([200, 304]).toContain(answer.status);
      return false;
  }
}

describe('every endpoint, fed random requests', () => {
  it.each(ENDPOINTS)(
    '$name: never a 5xx, refusals in its own format, no state change when refused',
    async (endpoint) => {
      let cases = 0;
      await fc.assert(
        fc.asyncProperty(fuzzRequests(targetOf(endpoint)), async (request: FuzzRequest) => {
          cases += 1;
          const logged = unexpected.length;
          const before = snapshot();
          const answer = await send(url, agent, request);
          const refused = checkFormat(endpoint.format, answer);
          if (refused) expect(snapshot()).toEqual(before);
          expect(unexpected.slice(logged)).toEqual([]);
        }),
        { numRuns: RUNS },
      );
      expect(cases).toBeGreaterThanOrEqual(RUNS);
    },
    600_000,
  );
});
