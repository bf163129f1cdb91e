import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningShop, startShop } from '../shop.js';
import { ShopBrowser } from '../shop-browser-fixtures.js';

// The buyer's and the back office's subscription pages against a real shop: the bridge mounted
// at /bridge with its sandbox SBPS, a temporary SQLite file.
let shop: RunningShop;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'au-pay-demo-subs-'));
  shop = await startShop({
    env: {
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_URL: `sqlite:${join(dir, 'demo.db')}`,
      LOG_LEVEL: 'silent',
    },
    dataDir: dir,
  });
});

afterAll(async () => {
  await shop?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The subscription as the merchant's server reads it. */
async function bridgeSubscription(id: string): Promise<Record<string, unknown>> {
  const response = await fetch(`${shop.url}/bridge/v1/subscriptions/${id}`, {
    headers: { authorization: `Bearer ${shop.bridgeConfig.secretKey}` },
  });
  expect(response.status).toBe(200);
  return (await response.json()) as Record<string, unknown>;
}

/** "Subscribe" on the shop page's plan; answers the subscription id and where it led. */
async function subscribe(
  browser: ShopBrowser,
  plan: string,
  extra: Record<string, string> = {},
): Promise<{ id: string; location: string }> {
  const page = await browser.open('/');
  const form = new RegExp(`id="plan-${plan}"[\\s\\S]*?name="key" value="([0-9a-f-]{36})"`).exec(
    page.text,
  );
  expect(form, `the ${plan} plan's form`).not.toBeNull();
  const response = await browser.post('/subscribe', { plan, key: form?.[1] ?? '', ...extra });
  expect(response.status).toBe(303);
  const location = response.headers.get('location') ?? '';
  const id = /^\/subscribe\/(sub_[A-Za-z0-9]+)$/.exec(location)?.[1];
  expect(id, `redirected to ${location}`).toBeDefined();
  return { id: id as string, location };
}

describe('subscribing in the demo shop', () => {
  it("the server creates the subscription at the catalog's price, whatever the form says", async () => {
    const browser = new ShopBrowser(shop.url);
    const { id, location } = await subscribe(browser, 'video-monthly', { amount: '1' });
    expect(await bridgeSubscription(id)).toMatchObject({
      kind: 'monthly',
      status: 'incomplete',
      amount: 980,
      customerId: browser.cookie('customer'),
    });
    const page = await browser.open(location);
    expect(page.response.status).toBe(200);
    expect(page.text).toMatch(
      new RegExp(`<au-pay subscription="${id}" kind="monthly" amount="980" client-secret="[^"]+"`),
    );
    expect(page.text).not.toContain(shop.bridgeConfig.secretKey);
  });

  it('pay as you go: the first charge is one use at the plan price', async () => {
    const browser = new ShopBrowser(shop.url);
    const { id, location } = await subscribe(browser, 'karaoke-payg');
    expect(await bridgeSubscription(id)).toMatchObject({ kind: 'on_demand', amount: 220 });
    const page = await browser.open(location);
    expect(page.text).toContain(`kind="on_demand" amount="220"`);
  });

  it('a double-submitted form creates one subscription', async () => {
    const browser = new ShopBrowser(shop.url);
    const page = await browser.open('/');
    const key = /id="plan-video-monthly"[\s\S]*?name="key" value="([0-9a-f-]{36})"/.exec(
      page.text,
    )?.[1] as string;
    const first = await browser.post('/subscribe', { plan: 'video-monthly', key });
    const second = await browser.post('/subscribe', { plan: 'video-monthly', key });
    expect(second.headers.get('location')).toBe(first.headers.get('location'));
  });

  it('only the browser that signed up sees the sign-up page and the subscription', async () => {
    const owner = new ShopBrowser(shop.url);
    const { id, location } = await subscribe(owner, 'video-monthly');
    const stranger = new ShopBrowser(shop.url);
    expect((await stranger.get(location)).status).toBe(404);
    await subscribe(stranger, 'karaoke-payg');
    const mine = await owner.open('/subscriptions');
    expect(mine.text).toContain(`id="${id}"`);
    const theirs = await stranger.open('/subscriptions');
    expect(theirs.text).not.toContain(`id="${id}"`);
    // Nor can the stranger cancel it.
    const cancel = await stranger.post(`/subscriptions/${id}/cancel`, {});
    expect(cancel.status).toBe(404);
    expect((await bridgeSubscription(id)).status).toBe('incomplete');
  });

  it('my subscriptions says how to cancel and what each bills; the orders page lists them', async () => {
    const browser = new ShopBrowser(shop.url);
    const { id } = await subscribe(browser, 'video-monthly');
    const mine = await browser.open('/subscriptions?lang=en');
    expect(mine.text).toContain('How to cancel');
    expect(mine.text).toContain(
      '¥980 a month (the first month at sign-up, then on the 1st of each month)',
    );
    const orders = await browser.open('/orders');
    expect(orders.text).toMatch(new RegExp(`id="subscriptions"[\\s\\S]*id="${id}"`));
  });
});
