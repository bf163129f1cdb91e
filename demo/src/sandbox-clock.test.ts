import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { japanDateOf, japanMidnight } from '@au-pay/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BridgeApi } from './bridge-api.js';
import { createShopApp, type RunningShop, startShop } from './shop.js';
import type { ShopContext } from './shop-context.js';
import { WebhookInbox } from './webhook-inbox.js';

/**
 * The orders page's sandbox clock panel against a real bridge in sandbox mode (its own shop: the
 * clock only moves forward, so it must not share a bridge with the other suites).
 */
let shop: RunningShop;
let dir: string;
let bridge: BridgeApi;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'au-pay-demo-clock-'));
  shop = await startShop({
    env: {
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_URL: `sqlite:${join(dir, 'demo.db')}`,
      LOG_LEVEL: 'silent',
    },
    dataDir: dir,
  });
  bridge = new BridgeApi(shop.bridgeConfig.publicUrl, shop.bridgeConfig.secretKey);
});

afterAll(async () => {
  await shop?.close();
  rmSync(dir, { recursive: true, force: true });
});

const SAME_ORIGIN = { 'sec-fetch-site': 'same-origin' };

async function page(path: string): Promise<string> {
  const response = await fetch(new URL(path, shop.url));
  expect(response.status).toBe(200);
  return response.text();
}

/** Presses a clock button; answers the redirect and the flash cookie it set. */
async function press(
  fields: Record<string, string>,
  headers: Record<string, string> = SAME_ORIGIN,
): Promise<{ status: number; location: string | null; cookie: string }> {
  const response = await fetch(new URL('/orders/clock', shop.url), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  });
  const flash = response.headers.getSetCookie().find((line) => line.startsWith('flash='));
  return {
    status: response.status,
    location: response.headers.get('location'),
    cookie: flash?.split(';')[0] ?? '',
  };
}

/** The orders page with the flash a press left, as the browser would load it next. */
async function after(pressed: { cookie: string }, lang = 'ja'): Promise<string> {
  const response = await fetch(new URL(`/orders?lang=${lang}`, shop.url), {
    headers: { cookie: pressed.cookie },
  });
  return response.text();
}

const offset = async () => (await bridge.getClock()).offsetSeconds;
const hiddenTo = (html: string) => /name="to" value="([^"]+)"/.exec(html)?.[1];

describe('sandbox clock panel', () => {
  it('shows the sandbox time in Japan time and three buttons, in Japanese and English', async () => {
    const ja = await page('/orders');
    expect(ja).toContain('サンドボックスの時計');
    expect(ja).toContain('実際の時刻と同じです。');
    expect(ja).toContain('1 時間進める');
    expect(ja).toContain('1 日進める');
    expect(ja).toContain('翌月 1 日 0:00（日本時間）へ');
    const clock = await bridge.getClock();
    const shown = /<time datetime="([^"]+)"><strong>([^<]+)<\/strong><\/time>/.exec(ja);
    expect(Math.abs(Date.parse(shown?.[1] ?? '') - Date.parse(clock.now))).toBeLessThan(5_000);
    // Japan time: the hour on the page is the UTC hour + 9.
    const jstHour = (new Date(shown?.[1] ?? '').getUTCHours() + 9) % 24;
    expect(shown?.[2]).toMatch(new RegExp(`\\b${jstHour}:\\d{2}:\\d{2}`));

    const { year, month } = japanDateOf(new Date(clock.now));
    expect(hiddenTo(ja)).toBe(japanMidnight(year, month + 1, 1).toISOString());

    const en = await page('/orders?lang=en');
    expect(en).toContain('Sandbox clock');
    expect(en).toContain('+1 hour');
    expect(en).toContain('+1 day');
    expect(en).toContain('1st of next month, 00:00 JST');
  });

  it('refuses a press from another site, leaving the clock alone', async () => {
    const before = await offset();
    const pressed = await press({ jump: 'day' }, { 'sec-fetch-site': 'cross-site' });
    expect(pressed.status).toBe(403);
    expect(await offset()).toBe(before);
    expect((await press({ jump: 'week' })).status).toBe(404);
  });

  it('+1 hour expires a payment left pending, and says so', async () => {
    const created = await bridge.createPayment(
      {
        amount: 500,
        currency: 'JPY',
        merchantReference: 'CLOCK-1',
        itemName: 'clock test',
        returnUrl: `${shop.url}/result`,
        captureMode: 'manual',
      },
      'clock-test-payment-0001',
    );
    const before = await offset();
    const pressed = await press({ jump: 'hour' });
    expect(pressed.status).toBe(303);
    expect(pressed.location).toBe('/orders#sandbox-clock');
    expect(await offset()).toBeGreaterThanOrEqual(before + 3600);
    // The bridge swept before it answered: the payment is expired already.
    expect((await bridge.getPayment(created.id))?.status).toBe('expired');

    const ja = await after(pressed);
    expect(ja).toContain('サンドボックスの時計を進めました。');
    expect(ja).toMatch(/実際の時刻より 1 時間 0 分進んでいます。/);
    const en = await after(pressed, 'en');
    expect(en).toContain('The sandbox clock moved forward.');
    expect(en).toContain('Ahead of real time by 1 h 0 min.');
  });

  it('+1 day moves the clock on every press (a double click jumps twice)', async () => {
    const before = await offset();
    await press({ jump: 'day' });
    await press({ jump: 'day' });
    expect(await offset()).toBeGreaterThanOrEqual(before + 2 * 86400);
  });

  it('"1st of next month" goes to the instant the page showed, once', async () => {
    const to = hiddenTo(await page('/orders')) ?? '';
    expect(new Date(to).getUTCHours()).toBe(15); // 00:00 JST
    const first = await press({ jump: 'next_month', to });
    expect(first.status).toBe(303);
    const now = Date.parse((await bridge.getClock()).now);
    expect(now).toBeGreaterThanOrEqual(Date.parse(to));
    expect(now - Date.parse(to)).toBeLessThan(5_000);

    // The same page pressed again: already there, no second month.
    const second = await press({ jump: 'next_month', to });
    expect(second.status).toBe(303);
    expect(await after(second)).toContain('サンドボックスの時計はすでにその時刻を過ぎています。');
    expect(Date.parse((await bridge.getClock()).now) - Date.parse(to)).toBeLessThan(5_000);

    // The page now offers the month after.
    const { year, month } = japanDateOf(new Date(to));
    expect(hiddenTo(await page('/orders'))).toBe(japanMidnight(year, month + 1, 1).toISOString());
  });
});

describe('without a sandbox', () => {
  let server: Server;
  let base: string;

  beforeAll(async () => {
    const silent = { info() {}, warn() {}, error() {} };
    const live: ShopContext = {
      origin: 'http://127.0.0.1',
      api: { listPayments: async () => [] } as unknown as BridgeApi,
      inbox: new WebhookInbox(null),
      webhookSecret: null,
      widgetAvailable: async () => false,
      acquirers: ['sbps'],
      defaultAcquirer: 'sbps',
      testAuIds: () => [],
      logger: silent,
      now: () => new Date(),
      sandbox: false,
    };
    server = createShopApp(live, (_req, _res, next) => next()).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('has no clock panel and no clock route', async () => {
    const orders = await fetch(`${base}/orders`);
    expect(orders.status).toBe(200);
    const text = await orders.text();
    expect(text).toContain('注文管理');
    expect(text).not.toContain('サンドボックスの時計');
    const pressed = await fetch(`${base}/orders/clock`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...SAME_ORIGIN },
      body: 'jump=hour',
      redirect: 'manual',
    });
    expect(pressed.status).toBe(404);
  });
});
