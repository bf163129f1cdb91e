/**
 * The endpoint fuzz's table: one row per HTTP endpoint the bridge serves in sandbox mode, with what
 * the arbitraries aim at (seeded ids, field names, values worth trying, the secret key) and the
 * format its refusals take. A new endpoint is a new row.
 */
import type { FuzzRequest, FuzzTarget } from './fuzz-requests.js';
import type { SeededBridge, SeededPayment } from './fuzzed-bridge.js';

/** How a route answers: its format decides what a refusal looks like. */
export type Format = 'json' | 'page' | 'sbps' | 'antom' | 'nomupay' | 'static';

export interface Endpoint {
  readonly name: string;
  readonly method: 'GET' | 'POST';
  readonly path: (id: string) => string;
  readonly format: Format;
  /** Which seeded payments' ids to mix in: by acquirer, all, or other ids (SBPS return kinds). */
  readonly ids?: (bridge: SeededBridge) => readonly string[];
  readonly fields?: readonly string[];
  readonly values?: (bridge: SeededBridge) => readonly string[];
  /** Values worth trying in one field, by field: nearly right bodies use them most. */
  readonly fieldValues?: (bridge: SeededBridge) => Readonly<Record<string, readonly string[]>>;
  /** Whether the route wants the merchant's secret key (then it is sent often). */
  readonly secretKey?: boolean;
}

/** The seeded payments' ids, of one acquirer or all. */
const idsOf = (bridge: SeededBridge, acquirer?: SeededPayment['acquirer']) =>
  bridge.seeded
    .filter((payment) => acquirer === undefined || payment.acquirer === acquirer)
    .map((payment) => payment.id);
const allIds = (bridge: SeededBridge) => idsOf(bridge);
const secrets = (bridge: SeededBridge) => bridge.seeded.map((payment) => payment.clientSecret);
const subscriptionIds = (bridge: SeededBridge) => bridge.subscriptions.map((s) => s.id);
const subscriptionSecrets = (bridge: SeededBridge) =>
  bridge.subscriptions.map((subscription) => subscription.clientSecret);
const AMOUNTS = () => ['1', '0', '-1', '1500', '1e3', '99999999999999999999', 'NaN'];

/** One row per endpoint: a new endpoint is a new row. */
export const ENDPOINTS: readonly Endpoint[] = [
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
    values: (bridge) => [...idsOf(bridge, 'antom'), 'PAYMENT_RESULT', 'REFUND_RESULT', 'op_1'],
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
    values: (bridge) => [...idsOf(bridge, 'nomupay'), 'payment', 'capture'],
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

/** The merchant API (/v1) and the rest: one fuzz test file each, so both vitest workers fuzz. */
const isMerchantApi = (endpoint: Endpoint) => / \/v1\//.test(endpoint.name);
export const MERCHANT_API_ENDPOINTS = ENDPOINTS.filter(isMerchantApi);
export const BUYER_AND_ACQUIRER_ENDPOINTS = ENDPOINTS.filter(
  (endpoint) => !isMerchantApi(endpoint),
);

export function targetOf(endpoint: Endpoint, bridge: SeededBridge): FuzzTarget {
  const { secretKey } = bridge;
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
export function knownFaults(endpoint: Endpoint, bridge: SeededBridge): FuzzRequest[] {
  if (!endpoint.ids) return [];
  return [
    {
      method: endpoint.method,
      path: endpoint.path('%00'),
      headers: {
        authorization: `Bearer ${bridge.secretKey}`,
        'idempotency-key': 'fuzz-known-fault-0001',
        ...(endpoint.method === 'POST' && { 'content-type': 'application/json' }),
      },
      body: endpoint.method === 'POST' ? Buffer.from('{}') : null,
    },
  ];
}
