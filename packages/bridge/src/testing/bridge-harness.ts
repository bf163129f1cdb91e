/**
 * Test harness: the bridge on a real HTTP server (127.0.0.1, ephemeral port), a test-played SBPS XML
 * API, a webhook receiver that verifies signatures, a settable clock, captured logs, and the
 * buyer's browser (`@au-pay/sandbox/testing`) for journeys through the emulated SBPS.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatSbpsDate } from '@au-pay/core';
import {
  buildSbpsApiResponse,
  encodeSbpsForm,
  parseSbpsApiRequest,
  SBPS_API_RESPONSE_CONTENT_TYPE,
  signSbpsResult,
  verifySbpsApiRequest,
} from '@au-pay/core/sbps';
import { SandboxBuyer } from '@au-pay/sandbox/testing';
import express from 'express';
import type { AcquirerConnector } from '../acquirers/acquirer.js';
import type { SbpsConfig } from '../acquirers/sbps/config.js';
import { type BridgeOptions, type BridgeRouter, createBridge } from '../bridge.js';
import { type BridgeConfig, loadConfig } from '../config.js';
import { createLogger } from '../logger.js';
import type { PaymentRecord } from '../store/payment-store.js';
import { verifyWebhook } from '../webhooks/signature.js';
import type { WebhookEvent } from '../webhooks/webhook-message.js';

export const TEST_HASH_KEY = 'f3a1c9e07b2d4e5f8a6b1c0d9e8f7a6b5c4d3e2f';
export const TEST_SECRET_KEY = 'sk_test_harness_key_0123456789abcdef';
export const TEST_WEBHOOK_SECRET = 'whsec_harness_0123456789abcdef';
export const TEST_API_PASSWORD = 'harness-api-password';

/** A clock the test moves by hand. */
export class TestClock {
  #now: number;
  constructor(start: string | Date = '2025-03-10T10:00:00+09:00') {
    this.#now = new Date(start).getTime();
  }
  now = (): Date => new Date(this.#now);
  set(instant: string | Date): void {
    this.#now = new Date(instant).getTime();
  }
  advance(ms: number): void {
    this.#now += ms;
  }
}

export async function listen(app: express.Express): Promise<{ server: Server; url: string }> {
  const server = await new Promise<Server>((resolve, reject) => {
    const started = app.listen(0, '127.0.0.1', (error?: Error) =>
      error ? reject(error) : resolve(started),
    );
  });
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}` };
}

async function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

/** One XML API call as the test-played SBPS received it. */
export interface SbpsApiCall {
  id: string;
  fields: Record<string, string>;
}

type ScriptedAnswer =
  | { result: 'OK' }
  | { result: 'NG'; errCode: string }
  | { hang: true }
  | { httpStatus: number };

/**
 * SBPS's XML API played by the test: checks Basic auth and the Shift_JIS hash with core, records
 * the call, and answers OK unless told otherwise.
 */
export class FakeSbpsApi {
  readonly calls: SbpsApiCall[] = [];
  readonly refusedForHash: number[] = [];
  readonly #answers: ScriptedAnswer[] = [];
  #server: Server | undefined;
  url = '';
  /** Runs when a call arrives, before it is answered (to look at the bridge meanwhile). */
  onCall: ((call: SbpsApiCall) => Promise<void>) | undefined;

  constructor(
    readonly clock: TestClock,
    readonly hashKey: string,
    readonly authorization: string,
  ) {}

  /** The next call gets this answer (then the default OK). */
  answerNext(answer: ScriptedAnswer): void {
    this.#answers.push(answer);
  }

  async start(): Promise<void> {
    const app = express();
    app.post('/api/xmlapi.do', express.raw({ type: () => true }), async (req, res) => {
      if (req.get('authorization') !== this.authorization) {
        res.status(401).end();
        return;
      }
      const request = parseSbpsApiRequest(req.body as Buffer);
      const date = formatSbpsDate(this.clock.now());
      if (!verifySbpsApiRequest(request, this.hashKey)) {
        this.refusedForHash.push(this.calls.length);
        res
          .type(SBPS_API_RESPONSE_CONTENT_TYPE)
          .send(
            Buffer.from(
              buildSbpsApiResponse({ id: request.id, result: 'NG', errCode: '40209025', date }),
            ),
          );
        return;
      }
      const call = { id: request.id, fields: Object.fromEntries(request.fields) };
      this.calls.push(call);
      await this.onCall?.(call);
      const answer = this.#answers.shift() ?? { result: 'OK' };
      if ('hang' in answer) return; // never answers: the bridge's timeout must fire
      if ('httpStatus' in answer) {
        // Received, then failed: whether SBPS processed it is unknown.
        res.status(answer.httpStatus).end();
        return;
      }
      const body =
        answer.result === 'OK'
          ? buildSbpsApiResponse({
              id: request.id,
              result: 'OK',
              spsTransactionId: `B12345001ST0200201402${String(this.calls.length).padStart(11, '0')}`,
              processDate: date,
              date,
              // A recurring charge creates a charge of its own (spec §12 "Response").
              ...(request.id === 'ST01-00104-402' && {
                trackingId: `9${String(this.calls.length).padStart(13, '0')}`,
              }),
            })
          : buildSbpsApiResponse({ id: request.id, result: 'NG', errCode: answer.errCode, date });
      res.type(SBPS_API_RESPONSE_CONTENT_TYPE).send(Buffer.from(body));
    });
    const { server, url } = await listen(app);
    this.#server = server;
    this.url = url;
  }

  async stop(): Promise<void> {
    if (this.#server) await closeServer(this.#server);
  }
}

/** The merchant's webhook endpoint: verifies every delivery with `verifyWebhook`. */
export class WebhookReceiver {
  readonly events: WebhookEvent[] = [];
  readonly rejected: string[] = [];
  #server: Server | undefined;
  url = '';

  constructor(
    readonly clock: TestClock,
    readonly secret: string,
  ) {}

  async start(): Promise<void> {
    const app = express();
    app.post('/hooks', express.raw({ type: 'application/json' }), (req, res) => {
      try {
        this.events.push(
          // Tests move the clock by months between signing and receipt: the tolerance window is
          // the signature module's own concern (and its own tests').
          verifyWebhook(req.body as Buffer, req.get('AuPay-Signature'), this.secret, {
            now: this.clock.now(),
            toleranceSeconds: 10 * 365 * 24 * 3600,
          }),
        );
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

  ofPayment(paymentId: string): WebhookEvent[] {
    return this.events.filter(
      (event) => (event.data.payment as { id?: string } | undefined)?.id === paymentId,
    );
  }

  async stop(): Promise<void> {
    if (this.#server) await closeServer(this.#server);
  }
}

export interface HarnessOptions {
  env?: Record<string, string>;
  databaseUrl?: string;
  clock?: TestClock;
  bridge?: Omit<BridgeOptions, 'now' | 'logger'>;
  webhooks?: boolean;
}

export interface ApiResponse<T = Record<string, unknown>> {
  status: number;
  body: T;
  headers: Headers;
}

/** A running bridge with its SBPS, webhook receiver, clock and logs. */
export class BridgeHarness {
  readonly clock: TestClock;
  readonly logs: string[] = [];
  readonly sbps: FakeSbpsApi;
  readonly webhooks: WebhookReceiver;
  config!: BridgeConfig;
  bridge!: BridgeRouter;
  url = '';
  #server: Server | undefined;
  #directory: string | undefined;

  private constructor(readonly options: HarnessOptions) {
    this.clock = options.clock ?? new TestClock();
    this.sbps = new FakeSbpsApi(
      this.clock,
      TEST_HASH_KEY,
      `Basic ${Buffer.from(`12345001:${TEST_API_PASSWORD}`).toString('base64')}`,
    );
    this.webhooks = new WebhookReceiver(this.clock, TEST_WEBHOOK_SECRET);
  }

  /** The bridge's SBPS configuration section. */
  get sbpsConfig(): SbpsConfig {
    const sbps = this.config.acquirers.sbps;
    if (!sbps) throw new Error('SBPS is not configured on this bridge');
    return sbps;
  }

  /** Puts `connector` in place of the configured one of its acquirer, for money calls. */
  useConnector(connector: AcquirerConnector): void {
    this.bridge.context.connectors.set(connector.id, connector);
  }

  static async start(options: HarnessOptions = {}): Promise<BridgeHarness> {
    const harness = new BridgeHarness(options);
    await harness.#start();
    return harness;
  }

  async #start(): Promise<void> {
    await this.sbps.start();
    if (this.options.webhooks !== false) await this.webhooks.start();
    const app = express();
    const { server, url } = await listen(app);
    this.#server = server;
    this.url = url;
    let databaseUrl = this.options.databaseUrl;
    if (databaseUrl === undefined) {
      this.#directory = mkdtempSync(join(tmpdir(), 'au-pay-bridge-test-'));
      databaseUrl = `sqlite:${join(this.#directory, 'bridge.db')}`;
    }
    this.config = loadConfig({
      // Tests play SBPS with test keys; explicit, since SBPS_* values are set.
      AU_PAY_MODE: 'sandbox',
      // Tests send many requests from one address; the limits have their own tests.
      AU_PAY_RATE_LIMIT: '0',
      PUBLIC_URL: url,
      AU_PAY_SECRET_KEY: TEST_SECRET_KEY,
      DATABASE_URL: databaseUrl,
      RETURN_URL_ORIGINS: 'https://shop.example',
      SBPS_MERCHANT_ID: '12345',
      SBPS_SERVICE_ID: '001',
      SBPS_HASH_KEY: TEST_HASH_KEY,
      SBPS_API_URL: `${this.sbps.url}/api/xmlapi.do`,
      SBPS_API_PASSWORD: TEST_API_PASSWORD,
      ...(this.options.webhooks !== false && {
        WEBHOOK_URL: this.webhooks.url,
        WEBHOOK_SECRET: TEST_WEBHOOK_SECRET,
      }),
      ...this.options.env,
    });
    this.bridge = createBridge(this.config, {
      now: this.clock.now,
      logger: createLogger({
        level: 'debug',
        destination: { write: (line: string) => void this.logs.push(line) },
      }),
      webhookPollIntervalMs: 25,
      ...this.options.bridge,
    });
    app.use(this.bridge);
    await this.bridge.ready;
  }

  get store() {
    return this.bridge.context.store;
  }

  /**
   * A buyer's browser against this bridge (sandbox mode): checkout, the emulated SBPS's au screens,
   * back to the shop.
   */
  buyer(options: { readonly userAgent?: string } = {}): SandboxBuyer {
    return new SandboxBuyer(this.url, options);
  }

  async api<T = Record<string, unknown>>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<ApiResponse<T>> {
    const response = await fetch(`${this.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${TEST_SECRET_KEY}`,
        ...(body !== undefined && { 'content-type': 'application/json' }),
        ...headers,
      },
      ...(body !== undefined && { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const text = await response.text();
    return {
      status: response.status,
      body: (text === '' ? {} : JSON.parse(text)) as T,
      headers: response.headers,
    };
  }

  /** Creates a payment through the API; returns the 201 body. */
  async createPayment(overrides: Record<string, unknown> = {}): Promise<CreatedPaymentBody> {
    const response = await this.api<CreatedPaymentBody>('POST', '/v1/payments', {
      amount: 1100,
      currency: 'JPY',
      merchantReference: 'ORDER-1001',
      itemName: 'テスト商品',
      returnUrl: 'https://shop.example/orders/1001/return',
      ...overrides,
    });
    if (response.status !== 201) {
      throw new Error(`create failed: ${response.status} ${JSON.stringify(response.body)}`);
    }
    return response.body;
  }

  /** Posts the checkout form like the widget does; answers the raw response. */
  async checkout(
    id: string,
    fields: Record<string, string>,
  ): Promise<{ status: number; headers: Headers; bytes: Buffer }> {
    const response = await fetch(`${this.url}/checkout/${id}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
      redirect: 'manual',
    });
    return {
      status: response.status,
      headers: response.headers,
      bytes: Buffer.from(await response.arrayBuffer()),
    };
  }

  /** Posts a signed A02-1 for a payment; `tamper` edits the fields after signing. */
  async notify(
    payment: Pick<PaymentRecord, 'id' | 'orderId' | 'custCode' | 'amount' | 'itemName'>,
    options: {
      overrides?: Record<string, string>;
      tamper?: Record<string, string>;
      body?: string | Buffer;
    } = {},
  ): Promise<{ status: number; text: string; contentType: string | null }> {
    const body = options.body ?? this.notificationBody(payment, options);
    const response = await fetch(`${this.url}/sbps/notify`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=Shift_JIS' },
      body,
    });
    return {
      status: response.status,
      text: await response.text(),
      contentType: response.headers.get('content-type'),
    };
  }

  notificationBody(
    payment: Pick<PaymentRecord, 'id' | 'orderId' | 'custCode' | 'amount' | 'itemName'>,
    options: { overrides?: Record<string, string>; tamper?: Record<string, string> } = {},
    kind: 'notification' | 'return' = 'notification',
  ): string {
    const fields = resultFields(payment, this.clock.now(), options.overrides);
    const signed = { ...fields, sps_hashcode: signSbpsResult(kind, fields, TEST_HASH_KEY) };
    return encodeSbpsForm(Object.entries({ ...signed, ...options.tamper }));
  }

  async payment(id: string): Promise<PaymentRecord> {
    const payment = await this.store.getPayment(id);
    if (!payment) throw new Error(`no payment ${id}`);
    return payment;
  }

  /** Waits until `condition` holds (webhook delivery, sweeps). */
  async until(condition: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await condition())) {
      if (Date.now() > deadline) throw new Error('condition not met in time');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  async close(): Promise<void> {
    if (this.#server) await closeServer(this.#server);
    await this.bridge?.close();
    await this.sbps.stop();
    await this.webhooks.stop();
    if (this.#directory) rmSync(this.#directory, { recursive: true, force: true });
  }
}

export interface CreatedPaymentBody {
  id: string;
  status: string;
  amount: number;
  currency: string;
  clientSecret: string;
  nextStep: { type: string; url: string; method: string };
  [key: string]: unknown;
}

/** The A02-1 / A03-1 field set SBPS sends for a successful au purchase of `payment` (spec §5). */
export function resultFields(
  payment: Pick<PaymentRecord, 'id' | 'orderId' | 'custCode' | 'amount' | 'itemName'>,
  now: Date,
  overrides: Record<string, string> = {},
): Record<string, string> {
  const date = formatSbpsDate(now);
  return {
    pay_method: 'auone',
    merchant_id: '12345',
    service_id: '001',
    cust_code: payment.custCode,
    sps_cust_no: '',
    sps_payment_no: '',
    order_id: payment.orderId,
    item_id: payment.id,
    pay_item_id: '',
    item_name: payment.itemName,
    tax: '',
    amount: String(payment.amount),
    pay_type: '0',
    auto_charge_type: '',
    service_type: '0',
    div_settele: '',
    last_charge_month: '',
    camp_type: '',
    tracking_id: '',
    terminal_type: '0',
    free1: '',
    free2: '',
    free3: '',
    request_date: date,
    res_pay_method: 'auone',
    res_result: 'OK',
    res_tracking_id: '12345678901234',
    res_sps_cust_no: '',
    res_sps_payment_no: '',
    res_payinfo_key: '',
    res_payment_date: date,
    res_err_code: '',
    res_date: date,
    limit_second: '600',
    ...overrides,
  };
}
