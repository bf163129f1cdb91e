// A test merchant around the sandbox: an Express app on 127.0.0.1 (ephemeral port) with the
// sandbox mounted at /sandbox (SBPS at /sandbox/sbps), a notification receiver that verifies each
// A02-1 with core's verifySbpsResult and answers `OK,`, return endpoints that record each A03-1,
// an injectable clock, and the test browser (SandboxBuyer) to walk the au screens over real HTTP.

import type { Server } from 'node:http';
import { formatSbpsDate } from '@au-pay/core';
import {
  buildPurchaseRequest,
  buildRecurringApplication,
  buildSbpsApiRequest,
  decodeSbpsForm,
  decodeShiftJis,
  encodeSbpsForm,
  type PurchaseRequestInput,
  parseSbpsApiResponse,
  type RecurringApplicationInput,
  SBPS_API_REQUEST_CONTENT_TYPE,
  type SbpsApiFunctionId,
  type SbpsApiRequestValues,
  type SbpsApiResponse,
  verifySbpsResult,
} from '@au-pay/core/sbps';
import express from 'express';
import type { SandboxOptions, SandboxRouter } from '../sandbox.js';
import type { SbpsEmulatorOptions } from '../sbps/options.js';
import type { SbpsEmulatorState } from '../sbps/sbps-emulator.js';
import { DESKTOP_USER_AGENT, type Page, readForm, sandboxCode } from './sandbox-buyer.js';
import { SandboxMerchant, serveSandbox } from './sandbox-merchant.js';

export const MERCHANT_ID = '12345';
export const SERVICE_ID = '001';
// Made-up key, the one of spec §4's worked example.
export const HASH_KEY = '0123456789abcdef0123456789abcdef01234567';
export const API_USER = '12345001';
export const API_PASSWORD = 'sandbox-api-password';
/** 2025-03-01 12:00:00 JST. */
export const START = new Date('2025-03-01T03:00:00Z');

export interface ReceivedNotification {
  readonly params: Record<string, string>;
  readonly verified: boolean;
  readonly contentType: string | undefined;
  /** The raw body, to check the hex case of sps_hashcode and the encoding. */
  readonly body: Buffer;
}

export interface ReceivedReturn {
  readonly kind: 'success' | 'cancel' | 'error';
  readonly params: Record<string, string>;
  /** Whether it arrived before any A02-1 for its order. */
  readonly notificationsBefore: number;
}

/** Where and how the buyer's browser posts a link-type request. */
export interface StartOptions {
  readonly layout?: string;
  readonly userAgent?: string;
  /** A01-1 (default) or D01-1. */
  readonly endpoint?: 'FepBuyInfoReceive.do' | 'FepPayInfoReceive.do';
}

/** How the emulated SBPS differs from its defaults in a test, and the sandbox's `fetch`. */
export type TestMerchantOptions = Partial<SbpsEmulatorOptions> & Pick<SandboxOptions, 'fetch'>;

export class TestMerchant extends SandboxMerchant {
  readonly notifications: ReceivedNotification[] = [];
  readonly returns: ReceivedReturn[] = [];
  /** What the notification receiver answers; default `OK,` when verified, else `NG,...`. */
  answer: (notification: ReceivedNotification) => string = (n) =>
    n.verified ? 'OK,' : 'NG,sps_hashcode mismatch';
  #orderSerial = 0;

  private constructor(origin: string, sandbox: SandboxRouter, server: Server) {
    super(origin, sandbox, server, START);
  }

  get sandboxUrl(): string {
    return `${this.origin}/sandbox/sbps`;
  }

  /** What the emulated SBPS holds. */
  get sbps(): SbpsEmulatorState {
    if (!this.sandbox.sbps) throw new Error('The test merchant always emulates SBPS');
    return this.sandbox.sbps;
  }

  static async start(options: TestMerchantOptions = {}): Promise<TestMerchant> {
    const { fetch: fetchImplementation, ...sbps } = options;
    let harness: TestMerchant | undefined;
    const { app, server, origin, sandbox } = await serveSandbox(
      () => harness?.now ?? START,
      () => ({
        ...(fetchImplementation && { fetch: fetchImplementation }),
        sbps: {
          merchantId: MERCHANT_ID,
          serviceId: SERVICE_ID,
          hashKey: HASH_KEY,
          apiUser: API_USER,
          apiPassword: API_PASSWORD,
          ...sbps,
        },
      }),
    );
    const raw = express.raw({ type: () => true });
    app.post('/shop/notify', raw, (req, res) => {
      const body = req.body as Buffer;
      const params = decodeSbpsForm(body);
      const notification: ReceivedNotification = {
        params,
        verified: verifySbpsResult('notification', params, HASH_KEY),
        contentType: req.get('content-type'),
        body,
      };
      harness?.notifications.push(notification);
      res
        .type('text/plain; charset=Shift_JIS')
        .send(harness?.answer(notification) ?? 'NG,not ready');
    });
    for (const kind of ['success', 'cancel', 'error'] as const) {
      app.post(`/shop/${kind}`, raw, (req, res) => {
        const params = decodeSbpsForm(req.body as Buffer);
        harness?.returns.push({
          kind,
          params,
          notificationsBefore:
            harness?.notifications.filter((n) => n.params.order_id === params.order_id).length ?? 0,
        });
        res.type('text/plain').send(`merchant ${kind} page`);
      });
    }
    harness = new TestMerchant(origin, sandbox, server);
    return harness;
  }

  newOrderId(): string {
    this.#orderSerial += 1;
    return `ORD-${this.now.getTime()}-${this.#orderSerial}`;
  }

  /** A signed A01-1 (core's builder), for a one-time purchase unless overridden. */
  purchaseRequest(overrides: Partial<PurchaseRequestInput> = {}): Array<[string, string]> {
    const input = {
      billing: 'one_time',
      merchantId: MERCHANT_ID,
      serviceId: SERVICE_ID,
      custCode: 'CUST0001',
      orderId: this.newOrderId(),
      itemId: 'ITEM-A',
      itemName: 'テスト商品',
      amount: 1100,
      successUrl: `${this.origin}/shop/success`,
      cancelUrl: `${this.origin}/shop/cancel`,
      errorUrl: `${this.origin}/shop/error`,
      pageconUrl: `${this.origin}/shop/notify`,
      requestDate: formatSbpsDate(this.now),
      limitSecond: 600,
      ...overrides,
    } as PurchaseRequestInput;
    return buildPurchaseRequest(input, HASH_KEY);
  }

  /**
   * A signed D01-1 recurring application (core's builder): an application (`service_type=0`)
   * unless overridden with `action` `cancel` or `reapply` and the contract's `trackingId`.
   */
  applicationRequest(
    overrides: Partial<RecurringApplicationInput> & {
      action?: RecurringApplicationInput['action'];
      trackingId?: string;
    } = {},
  ): Array<[string, string]> {
    const input = {
      action: 'apply',
      merchantId: MERCHANT_ID,
      serviceId: SERVICE_ID,
      custCode: 'CUST0003',
      orderId: this.newOrderId(),
      itemId: 'SUB-PLAN',
      itemName: '都度課金プラン',
      successUrl: `${this.origin}/shop/success`,
      cancelUrl: `${this.origin}/shop/cancel`,
      errorUrl: `${this.origin}/shop/error`,
      pageconUrl: `${this.origin}/shop/notify`,
      requestDate: formatSbpsDate(this.now),
      limitSecond: 600,
      ...overrides,
    } as RecurringApplicationInput;
    return buildRecurringApplication(input, HASH_KEY);
  }

  /**
   * Posts an A01-1 (or with `endpoint: 'FepPayInfoReceive.do'` a D01-1) as the buyer's browser
   * does (Shift_JIS form); does not follow redirects.
   */
  async postPurchase(
    pairs: ReadonlyArray<readonly [string, string]>,
    options: StartOptions = {},
  ): Promise<Response> {
    const query = options.layout ? `?layout=${options.layout}` : '';
    const endpoint = options.endpoint ?? 'FepBuyInfoReceive.do';
    return fetch(`${this.sandboxUrl}/f01/${endpoint}${query}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'user-agent': options.userAgent ?? DESKTOP_USER_AGENT,
      },
      body: encodeSbpsForm(pairs),
      redirect: 'manual',
    });
  }

  /** Starts a purchase (or a D01-1 with `endpoint`) and lands on the login screen. */
  async start(
    pairs: ReadonlyArray<readonly [string, string]> = this.purchaseRequest(),
    options: StartOptions = {},
  ): Promise<Page> {
    const response = await this.postPurchase(pairs, options);
    const location = response.headers.get('location');
    if (response.status !== 303 || !location) {
      const page = await this.browser().read(response, '');
      throw new Error(`Request refused (${response.status}):\n${page.html.slice(0, 3000)}`);
    }
    return this.get(new URL(location, this.sandboxUrl).href, options.userAgent);
  }

  /** GET, following redirects like a browser. */
  get(url: string, userAgent?: string): Promise<Page> {
    return this.browser(userAgent).browse(url);
  }

  /** Submits a form of an au screen (UTF-8, relative action), following the 303 if any. */
  submit(pageUrl: string, action: string, fields: Record<string, string>): Promise<Page> {
    return this.browser().submit(
      { action: new URL(action, pageUrl).href, charset: 'UTF-8', fields: [] },
      fields,
    );
  }

  /** Login → code → confirm with PIN; returns the page after the PIN (the return page). */
  async pay(
    auId = 'success@au.example',
    pairs = this.purchaseRequest(),
    options: StartOptions = {},
  ): Promise<Page> {
    const confirm = await this.toConfirm(auId, pairs, options);
    return this.submit(confirm.url, 'confirm', { pin: '1234' });
  }

  /** Login → code: the confirmation screen, where the buyer reads what they agree to. */
  async toConfirm(
    auId: string,
    pairs: ReadonlyArray<readonly [string, string]>,
    options: StartOptions = {},
  ): Promise<Page> {
    const login = await this.start(pairs, options);
    const code = await this.submit(login.url, 'login', { au_id: auId, password: 'pass' });
    return this.submit(code.url, 'code', { code: sandboxCode(code) });
  }

  /** A D01-1 through the au screens: the page after the PIN (the return page). */
  apply(auId = 'success@au.example', pairs = this.applicationRequest()): Promise<Page> {
    return this.pay(auId, pairs, { endpoint: 'FepPayInfoReceive.do' });
  }

  /** Posts the return page's form to the merchant as the browser's auto-post does (Shift_JIS). */
  async followReturn(page: Page): Promise<ReceivedReturn> {
    const form = readForm(page, 'sbps-return');
    const before = this.returns.length;
    await this.browser().submit(form);
    const received = this.returns[before];
    if (!received) throw new Error(`The merchant did not receive the return at ${form.action}`);
    return received;
  }

  /** An API request signed with core's builder, with Basic auth unless told otherwise. */
  async api(
    functionId: SbpsApiFunctionId,
    values: SbpsApiRequestValues,
    options: { auth?: string | null; hashKey?: string } = {},
  ): Promise<{ status: number; response?: SbpsApiResponse; text: string; headers: Headers }> {
    const body = buildSbpsApiRequest(
      functionId,
      {
        merchant_id: MERCHANT_ID,
        service_id: SERVICE_ID,
        request_date: formatSbpsDate(this.now),
        limit_second: '600',
        ...values,
      },
      options.hashKey ?? HASH_KEY,
    );
    return this.postApi(body, options.auth);
  }

  async postApi(
    body: Uint8Array,
    auth: string | null = `Basic ${Buffer.from(`${API_USER}:${API_PASSWORD}`).toString('base64')}`,
  ): Promise<{ status: number; response?: SbpsApiResponse; text: string; headers: Headers }> {
    const response = await fetch(`${this.sandboxUrl}/api/xmlapi.do`, {
      method: 'POST',
      headers: {
        'content-type': SBPS_API_REQUEST_CONTENT_TYPE,
        ...(auth === null ? {} : { authorization: auth }),
      },
      body,
    });
    const bytes = new Uint8Array(await response.arrayBuffer());
    if (response.status !== 200) {
      return {
        status: response.status,
        text: Buffer.from(bytes).toString('utf8'),
        headers: response.headers,
      };
    }
    return {
      status: response.status,
      response: parseSbpsApiResponse(bytes),
      text: decodeShiftJis(bytes),
      headers: response.headers,
    };
  }
}
