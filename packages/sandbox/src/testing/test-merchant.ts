// A test merchant around the sandbox: an Express app on 127.0.0.1 (ephemeral port) with the
// sandbox mounted at /sandbox/sbps, a notification receiver that verifies each A02-1 with core's
// verifySbpsResult and answers `OK,`, return endpoints that record each A03-1, an injectable
// clock, and a small "browser" that walks the au screens over real HTTP.

import type { AddressInfo } from 'node:net';
import { formatSbpsDate } from '@au-pay/core';
import {
  buildPurchaseRequest,
  buildSbpsApiRequest,
  decodeSbpsForm,
  decodeShiftJis,
  encodeSbpsForm,
  type PurchaseRequestInput,
  parseSbpsApiResponse,
  SBPS_API_REQUEST_CONTENT_TYPE,
  type SbpsApiFunctionId,
  type SbpsApiRequestValues,
  type SbpsApiResponse,
  verifySbpsResult,
} from '@au-pay/core/sbps';
import express from 'express';
import type { SbpsSandboxOptions } from '../options.js';
import { createSbpsSandbox, type SbpsSandboxRouter } from '../sbps-sandbox.js';

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

/** A page the sandbox served, with what a browser would need to go on. */
export interface Page {
  readonly status: number;
  readonly url: string;
  readonly html: string;
  readonly headers: Headers;
}

/** The hidden form of the auto-posting return page. */
export interface ReturnForm {
  readonly action: string;
  readonly fields: Array<[string, string]>;
}

const DESKTOP_UA =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36';
export const PHONE_UA =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1';

const ENTITIES: Record<string, string> = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#39;': "'",
};
const unescapeHtml = (text: string): string =>
  text.replace(/&(?:amp|lt|gt|quot|#39);/g, (entity) => ENTITIES[entity] ?? entity);

/** The auto-post form of a return page (action and hidden inputs, in page order). */
export function readReturnForm(html: string): ReturnForm {
  const form = /<form id="sbps-return" method="post" action="([^"]*)"/.exec(html);
  if (!form?.[1]) throw new Error(`No return form in the page:\n${html.slice(0, 2000)}`);
  const fields: Array<[string, string]> = [];
  for (const match of html.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g)) {
    fields.push([unescapeHtml(match[1] ?? ''), unescapeHtml(match[2] ?? '')]);
  }
  return { action: unescapeHtml(form[1]), fields };
}

export class MerchantHarness {
  readonly notifications: ReceivedNotification[] = [];
  readonly returns: ReceivedReturn[] = [];
  /** What the notification receiver answers; default `OK,` when verified, else `NG,...`. */
  answer: (notification: ReceivedNotification) => string = (n) =>
    n.verified ? 'OK,' : 'NG,sps_hashcode mismatch';
  now: Date = START;
  #orderSerial = 0;

  private constructor(
    readonly origin: string,
    readonly sandbox: SbpsSandboxRouter,
    private readonly server: import('node:http').Server,
  ) {}

  get sandboxUrl(): string {
    return `${this.origin}/sandbox/sbps`;
  }

  static async start(options: Partial<SbpsSandboxOptions> = {}): Promise<MerchantHarness> {
    const app = express();
    let harness: MerchantHarness | undefined;
    const sandbox = createSbpsSandbox({
      merchantId: MERCHANT_ID,
      serviceId: SERVICE_ID,
      hashKey: HASH_KEY,
      apiUser: API_USER,
      apiPassword: API_PASSWORD,
      now: () => harness?.now ?? START,
      ...options,
    });
    app.use('/sandbox/sbps', sandbox);
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
    const server = await new Promise<import('node:http').Server>((resolve) => {
      const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
    });
    const { port } = server.address() as AddressInfo;
    harness = new MerchantHarness(`http://127.0.0.1:${port}`, sandbox, server);
    return harness;
  }

  async close(): Promise<void> {
    await this.sandbox.sandbox.whenIdle();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  advance(ms: number): void {
    this.now = new Date(this.now.getTime() + ms);
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

  /** Posts an A01-1 as the buyer's browser does (Shift_JIS form); does not follow redirects. */
  async postPurchase(
    pairs: ReadonlyArray<readonly [string, string]>,
    options: { layout?: string; userAgent?: string } = {},
  ): Promise<Response> {
    const query = options.layout ? `?layout=${options.layout}` : '';
    return fetch(`${this.sandboxUrl}/f01/FepBuyInfoReceive.do${query}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'user-agent': options.userAgent ?? DESKTOP_UA,
      },
      body: encodeSbpsForm(pairs),
      redirect: 'manual',
    });
  }

  /** Reads a page as the browser would (the return page is Shift_JIS). */
  async read(response: Response, url: string): Promise<Page> {
    const bytes = new Uint8Array(await response.arrayBuffer());
    const type = response.headers.get('content-type') ?? '';
    const html = /shift_jis/i.test(type)
      ? decodeShiftJis(bytes)
      : Buffer.from(bytes).toString('utf8');
    return { status: response.status, url, html, headers: response.headers };
  }

  /** GET, following 303s like a browser. */
  async get(url: string, userAgent = DESKTOP_UA): Promise<Page> {
    let current = url;
    for (let hops = 0; hops < 5; hops += 1) {
      const response = await fetch(current, {
        headers: { 'user-agent': userAgent },
        redirect: 'manual',
      });
      const location = response.headers.get('location');
      if (response.status >= 300 && response.status < 400 && location) {
        current = new URL(location, current).href;
        continue;
      }
      return this.read(response, current);
    }
    throw new Error(`Too many redirects from ${url}`);
  }

  /** Submits a form of an au screen (UTF-8, relative action), following the 303 if any. */
  async submit(pageUrl: string, action: string, fields: Record<string, string>): Promise<Page> {
    const target = new URL(action, pageUrl).href;
    const response = await fetch(target, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': DESKTOP_UA },
      body: new URLSearchParams(fields).toString(),
      redirect: 'manual',
    });
    const location = response.headers.get('location');
    if (response.status === 303 && location) return this.get(new URL(location, target).href);
    return this.read(response, target);
  }

  /** Starts a purchase and lands on the login screen. */
  async start(
    pairs: ReadonlyArray<readonly [string, string]> = this.purchaseRequest(),
    options: { layout?: string; userAgent?: string } = {},
  ): Promise<Page> {
    const response = await this.postPurchase(pairs, options);
    const location = response.headers.get('location');
    if (response.status !== 303 || !location) {
      const page = await this.read(response, '');
      throw new Error(`A01-1 refused (${response.status}):\n${page.html.slice(0, 3000)}`);
    }
    return this.get(new URL(location, this.sandboxUrl).href, options.userAgent);
  }

  /** The sandbox code shown on the code screen. */
  static sandboxCode(page: Page): string {
    const code = /<strong>(\d{6})<\/strong>/.exec(page.html)?.[1];
    if (!code) throw new Error(`No sandbox code on the page:\n${page.html.slice(0, 2000)}`);
    return code;
  }

  /** Login → code → confirm with PIN; returns the page after the PIN (the return page). */
  async pay(auId = 'success@au.example', pairs = this.purchaseRequest()): Promise<Page> {
    const login = await this.start(pairs);
    const codePage = await this.submit(login.url, 'login', { au_id: auId, password: 'pass' });
    const confirm = await this.submit(codePage.url, 'code', {
      code: MerchantHarness.sandboxCode(codePage),
    });
    return this.submit(confirm.url, 'confirm', { pin: '1234' });
  }

  /** Posts the return page's form to the merchant as the browser's auto-post does (Shift_JIS). */
  async followReturn(page: Page): Promise<ReceivedReturn> {
    const form = readReturnForm(page.html);
    const before = this.returns.length;
    const response = await fetch(form.action, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: encodeSbpsForm(form.fields),
    });
    await response.arrayBuffer();
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
