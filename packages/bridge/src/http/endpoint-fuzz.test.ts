import { Agent } from 'node:http';
import { decodeShiftJis } from '@au-pay/core/sbps';
import { createTestDatabase } from '@au-pay/test-postgres';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ANTOM_NOTIFY_ACK } from '../acquirers/antom/notification.js';
import {
  type FuzzAnswer,
  type FuzzRequest,
  type FuzzTarget,
  fuzzRequests,
  send,
} from '../testing/fuzz-requests.js';
import { FuzzedBridge } from '../testing/fuzzed-bridge.js';

// Every HTTP endpoint the bridge serves in sandbox mode, fed random requests (issue #15, item 2):
// never a 5xx, always an error in the route's own format, and no state change when it refuses.
// Cases per endpoint: AU_PAY_FUZZ_RUNS on SQLite and a quarter of it on PostgreSQL (the defaults
// keep this file near a minute on 2 busy cores); more with the variable.

const RUNS = Number(process.env.AU_PAY_FUZZ_RUNS ?? 60);
// A failure prints its seed; AU_PAY_FUZZ_SEED replays it.
const SEED = process.env.AU_PAY_FUZZ_SEED ? Number(process.env.AU_PAY_FUZZ_SEED) : undefined;

/** How a route answers: its format decides what a refusal looks like. */
type Format = 'json' | 'page' | 'sbps' | 'antom' | 'nomupay' | 'static';

interface Endpoint {
  readonly name: string;
  readonly method: 'GET' | 'POST';
  readonly path: (id: string) => string;
  readonly format: Format;
  /** Which seeded payments' ids to mix in: by acquirer, all, or other ids (SBPS return kinds). */
  readonly ids?: (bridge: FuzzedBridge) => readonly string[];
  readonly fields?: readonly string[];
  readonly values?: (bridge: FuzzedBridge) => readonly string[];
  /** Values worth trying in one field, by field: nearly right bodies use them most. */
  readonly fieldValues?: (bridge: FuzzedBridge) => Readonly<Record<string, readonly string[]>>;
  /** Whether the route wants the merchant's secret key (then it is sent often). */
  readonly secretKey?: boolean;
}

const allIds = (bridge: FuzzedBridge) => bridge.idsOf();
const secrets = (bridge: FuzzedBridge) => bridge.seeded.map((payment) => payment.clientSecret);
const subscriptionIds = (bridge: FuzzedBridge) => bridge.subscriptionIds();
const subscriptionSecrets = (bridge: FuzzedBridge) =>
  bridge.subscriptions.map((subscription) => subscription.clientSecret);
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
    fieldValues: () => ({
      amount: AMOUNTS(),
      currency: ['JPY'],
      merchantReference: ['ORDER-1'],
      itemName: ['テスト商品'],
      returnUrl: ['https://shop.example/r', 'https://evil.example/r'],
      acquirer: ['sbps', 'antom', 'nomupay'],
      captureMode: ['manual', 'automatic'],
    }),
  },
  {
    name: 'GET /v1/payments',
    method: 'GET',
    path: () => '/v1/payments',
    format: 'json',
    secretKey: true,
    fields: ['limit', 'starting_after'],
    values: (bridge) => [...allIds(bridge), '0', '1', '100', '101', '1.5'],
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
    fieldValues: () => ({ applied: ['true', 'false'] }),
  },
  {
    name: 'POST /checkout/:id',
    method: 'POST',
    path: (id) => `/checkout/${id}`,
    format: 'page',
    ids: allIds,
    fields: ['client_secret', 'layout'],
    values: (bridge) => [...secrets(bridge), 'web', 'wap'],
    fieldValues: (bridge) => ({ client_secret: secrets(bridge), layout: ['web', 'wap'] }),
  },
  {
    name: 'POST /checkout/:id/state',
    method: 'POST',
    path: (id) => `/checkout/${id}/state`,
    format: 'json',
    ids: allIds,
    fields: ['client_secret'],
    values: secrets,
    fieldValues: (bridge) => ({ client_secret: secrets(bridge) }),
  },
  {
    name: 'POST /v1/subscriptions',
    method: 'POST',
    path: () => '/v1/subscriptions',
    format: 'json',
    secretKey: true,
    fields: [
      'kind',
      'amount',
      'itemName',
      'merchantReference',
      'customerId',
      'returnUrl',
      'acquirer',
      'metadata',
    ],
    values: () => ['monthly', 'on_demand', 'sbps', 'antom', 'https://shop.example/r', ...AMOUNTS()],
    fieldValues: () => ({
      kind: ['monthly', 'on_demand', 'weekly'],
      amount: AMOUNTS(),
      itemName: ['会員プラン'],
      merchantReference: ['PLAN-1'],
      customerId: ['CUST-1'],
      returnUrl: ['https://shop.example/r', 'https://evil.example/r'],
      acquirer: ['sbps', 'antom', 'nomupay'],
    }),
  },
  {
    name: 'GET /v1/subscriptions',
    method: 'GET',
    path: () => '/v1/subscriptions',
    format: 'json',
    secretKey: true,
    fields: ['limit', 'starting_after'],
    values: (bridge) => [...subscriptionIds(bridge), '0', '1', '100', '101', '1.5'],
  },
  {
    name: 'GET /v1/subscriptions/:id',
    method: 'GET',
    path: (id) => `/v1/subscriptions/${id}`,
    format: 'json',
    secretKey: true,
    ids: subscriptionIds,
  },
  ...(['charges', 'cancel', 'resume'] as const).map(
    (operation): Endpoint => ({
      name: `POST /v1/subscriptions/:id/${operation}`,
      method: 'POST',
      path: (id) => `/v1/subscriptions/${id}/${operation}`,
      format: 'json',
      secretKey: true,
      ids: subscriptionIds,
      fields: ['amount', 'merchantReference', 'itemName'],
      values: () => ['USE-1', 'ご利用分', ...AMOUNTS()],
      fieldValues: () => ({
        amount: AMOUNTS(),
        merchantReference: ['USE-1'],
        itemName: ['ご利用分'],
      }),
    }),
  ),
  {
    name: 'POST /checkout/sub_…',
    method: 'POST',
    path: (id) => `/checkout/${id}`,
    format: 'page',
    ids: subscriptionIds,
    fields: ['client_secret', 'layout'],
    values: (bridge) => [...subscriptionSecrets(bridge), 'web', 'wap'],
    fieldValues: (bridge) => ({
      client_secret: subscriptionSecrets(bridge),
      layout: ['web', 'wap'],
    }),
  },
  {
    name: 'POST /checkout/sub_…/state',
    method: 'POST',
    path: (id) => `/checkout/${id}/state`,
    format: 'json',
    ids: subscriptionIds,
    fields: ['client_secret'],
    values: subscriptionSecrets,
    fieldValues: (bridge) => ({ client_secret: subscriptionSecrets(bridge) }),
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
    values: (bridge) => [...bridge.idsOf('antom'), 'PAYMENT_RESULT', 'REFUND_RESULT', 'op_1'],
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
    values: (bridge) => [...bridge.idsOf('nomupay'), 'payment', 'capture'],
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

function targetOf(endpoint: Endpoint, bridge: FuzzedBridge): FuzzTarget {
  const { secretKey } = bridge.config;
  return {
    method: endpoint.method,
    path: endpoint.path,
    ids: endpoint.ids?.(bridge) ?? [],
    fields: endpoint.fields ?? [],
    values: endpoint.values?.(bridge) ?? [],
    fieldValues: endpoint.fieldValues?.(bridge) ?? {},
    headers: endpoint.secretKey
      ? { authorization: [`Bearer ${secretKey}`, `bearer   ${secretKey}`] }
      : {},
  };
}

/**
 * Requests every run sends first, whatever the seed: a NUL as the path id with a valid
 * Idempotency-Key, which reached PostgreSQL (a 500) through the idempotency scope and the NomuPay
 * return before those routes checked the id's shape.
 */
function knownFaults(endpoint: Endpoint, bridge: FuzzedBridge): Array<[FuzzRequest]> {
  if (!endpoint.ids) return [];
  return [
    [
      {
        method: endpoint.method,
        path: endpoint.path('%00'),
        headers: {
          authorization: `Bearer ${bridge.config.secretKey}`,
          'idempotency-key': 'fuzz-known-fault-0001',
          ...(endpoint.method === 'POST' && { 'content-type': 'application/json' }),
        },
        body: endpoint.method === 'POST' ? Buffer.from('{}') : null,
      },
    ],
  ];
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
      // A refusal is the bilingual notice page; a checkout served is the page that auto-posts the
      // acquirer's form, in its charset (SBPS: Shift_JIS).
      expect(contentType(answer)).toMatch(
        refused ? /^text\/html; charset=utf-8$/ : /^text\/html; charset=(utf-8|Shift_JIS)$/,
      );
      expect(answer.body.toString('latin1')).toMatch(/^<!doctype html>/i);
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

const STORES = [
  { name: 'SQLite', runs: RUNS, databaseUrl: async () => undefined },
  {
    name: 'PostgreSQL',
    runs: Math.ceil(RUNS / 4),
    databaseUrl: async () => createTestDatabase(inject('postgresUrl')),
  },
] as const;

describe.each(STORES)('every endpoint on $name, fed random requests', (store) => {
  let bridge: FuzzedBridge;
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  beforeAll(async () => {
    bridge = await FuzzedBridge.start(await store.databaseUrl());
  }, 120_000);
  afterAll(async () => {
    agent.destroy();
    await bridge?.close();
  });

  it('has payments seeded in every status a request can meet', () => {
    expect(new Set(bridge.seeded.map((payment) => payment.status))).toEqual(
      new Set(['pending', 'authorized', 'captured', 'cancelled', 'failed', 'refunded']),
    );
    expect(new Set(bridge.seeded.map((payment) => payment.acquirer))).toEqual(
      new Set(['sbps', 'antom', 'nomupay']),
    );
  });

  it('has subscriptions seeded in every status a request can meet, of both kinds', () => {
    expect(new Set(bridge.subscriptions.map((s) => `${s.kind} ${s.status}`))).toEqual(
      new Set([
        'monthly incomplete',
        'monthly active',
        'on_demand incomplete',
        'on_demand active',
        'on_demand cancelled',
      ]),
    );
  });

  it.each(ENDPOINTS)(
    '$name: never a 5xx, refusals in its own format, no state change when refused',
    async (endpoint) => {
      const statuses: number[] = [];
      await fc.assert(
        fc.asyncProperty(fuzzRequests(targetOf(endpoint, bridge)), async (request: FuzzRequest) => {
          await bridge.settled();
          const logged = bridge.unexpected.length;
          const before = await bridge.snapshot();
          const answer = await send(bridge.url, agent, request);
          statuses.push(answer.status);
          const refused = checkFormat(endpoint.format, answer);
          if (refused) {
            const after = await bridge.snapshot();
            // Parsed only when they differ, for a readable diff.
            if (after !== before) expect(JSON.parse(after)).toEqual(JSON.parse(before));
          }
          expect(bridge.unexpected.slice(logged)).toEqual([]);
        }),
        {
          numRuns: store.runs,
          examples: knownFaults(endpoint, bridge),
          ...(SEED !== undefined && { seed: SEED }),
        },
      );
      expect(statuses.length).toBeGreaterThanOrEqual(store.runs);
      // The key is sent often enough that the fuzz gets past the authentication.
      if (endpoint.secretKey) expect(statuses.filter((status) => status !== 401)).not.toEqual([]);
    },
    600_000,
  );
});
