import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, generateTestWebhook } from '@au-pay/bridge';
import { captureModes, getAcquirerProfile } from '@au-pay/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messagesFor } from './i18n/index.js';
import { type RunningShop, startShop } from './shop.js';

/**
 * The shop as a browser and the bridge see it: a real server on an ephemeral port, the bridge
 * mounted at /bridge with its sandbox acquirer, a temporary SQLite file.
 */
let shop: RunningShop;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'au-pay-demo-'));
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

/** A browser of one: keeps the shop's cookies between requests, follows no redirect itself. */
class Browser {
  private readonly cookies = new Map<string, string>();

  async get(path: string): Promise<Response> {
    return this.request(path, { method: 'GET' });
  }

  async post(path: string, form: Record<string, string>, headers: Record<string, string> = {}) {
    return this.request(path, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams(form).toString(),
    });
  }

  /** GET, then follow redirects the way a browser does. */
  async open(path: string): Promise<{ response: Response; text: string; url: string }> {
    let url = path;
    for (let hops = 0; hops < 5; hops++) {
      const response = await this.get(url);
      const location = response.headers.get('location');
      if (response.status >= 300 && response.status < 400 && location) {
        url = location;
        continue;
      }
      return { response, text: await response.text(), url };
    }
    throw new Error('too many redirects');
  }

  cookie(name: string): string | undefined {
    return this.cookies.get(name);
  }

  private async request(path: string, init: RequestInit): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0) {
      headers.set(
        'cookie',
        [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; '),
      );
    }
    const response = await fetch(new URL(path, shop.url), { ...init, headers, redirect: 'manual' });
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      if (/max-age=0|expires=thu, 01 jan 1970/i.test(line) || value === '')
        this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return response;
  }
}

/** Puts 2 green teas (160 yen) and 1 manga volume (594 yen) in the cart: 914 yen. */
async function fillCart(browser: Browser): Promise<void> {
  for (const product of ['green-tea', 'green-tea', 'manga-vol-1']) {
    const response = await browser.post('/cart/items', { product });
    expect(response.status).toBe(303);
  }
}

async function createPayment(
  browser: Browser,
  captureMode: 'automatic' | 'manual' = 'manual',
  acquirer?: string,
): Promise<{ paymentId: string; payPage: string }> {
  await fillCart(browser);
  const cart = await browser.open('/cart');
  const checkoutKey = /name="checkoutKey" value="([^"]+)"/.exec(cart.text)?.[1];
  expect(checkoutKey).toBeDefined();
  const response = await browser.post('/checkout', {
    checkoutKey: checkoutKey as string,
    captureMode,
    ...(acquirer && { acquirer }),
  });
  expect(response.status).toBe(303);
  const location = response.headers.get('location') ?? '';
  const paymentId = /^\/pay\/(pay_[A-Za-z0-9]+)$/.exec(location)?.[1];
  expect(paymentId, `redirected to ${location}`).toBeDefined();
  const pay = await browser.open(location);
  expect(pay.response.status).toBe(200);
  return { paymentId: paymentId as string, payPage: pay.text };
}

describe('shop and cart pages', () => {
  it('lists the products in yen, in Japanese by default', async () => {
    const { response, text } = await new Browser().open('/');
    expect(response.status).toBe(200);
    expect(text).toContain('<html lang="ja">');
    expect(text).toContain('緑茶 500ml');
    expect(text).toContain('160円');
    expect(text).toContain('594円');
    expect(text).toContain('980円');
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
  });

  it('switches to English with ?lang=en and remembers it in a cookie', async () => {
    const browser = new Browser();
    const first = await browser.open('/?lang=en');
    expect(first.text).toContain('<html lang="en">');
    expect(first.text).toContain('Green tea, 500 ml');
    expect(first.text).toContain('¥160');
    expect(browser.cookie('lang')).toBe('en');

    const later = await browser.open('/cart');
    expect(later.text).toContain('<html lang="en">');
    expect(later.text).toContain('Your cart is empty.');
  });

  it('shows the cart lines and the total in yen (ja: 914円, en: ¥914)', async () => {
    const browser = new Browser();
    await fillCart(browser);
    const ja = await browser.open('/cart');
    expect(ja.text).toContain('星屑ランナー 第1巻');
    expect(ja.text).toContain('320円'); // 2 × 160
    expect(ja.text).toMatch(/class="num total"[^>]*>914円</);
    expect(ja.text).toContain('au PAY で支払う');

    const en = await browser.open('/cart?lang=en');
    expect(en.text).toMatch(/class="num total"[^>]*>¥914</);
    expect(en.text).toContain('Pay with au PAY');
  });

  it('updates quantities and removes lines', async () => {
    const browser = new Browser();
    await fillCart(browser);
    await browser.post('/cart/update', { 'qty.green-tea': '5', 'qty.manga-vol-1': '0' });
    const cart = await browser.open('/cart');
    expect(cart.text).toMatch(/class="num total"[^>]*>800円</); // 5 × 160
    expect(cart.text).not.toContain('星屑ランナー');
  });
});

describe('paying', () => {
  it('creates the payment on the server and renders a pay page without the secret key', async () => {
    const browser = new Browser();
    const { paymentId, payPage } = await createPayment(browser);
    const clientSecret = JSON.parse(decodeURIComponent(browser.cookie('checkout') ?? '{}'))
      .clientSecret as string;

    expect(clientSecret).toBeTruthy();
    expect(payPage).toContain(paymentId);
    expect(payPage).toContain(clientSecret);
    expect(payPage).toContain('914円');
    expect(payPage).not.toContain(shop.bridgeConfig.secretKey);
    // The widget when the bridge serves it, else the plain form to the bridge's checkout.
    expect(
      payPage.includes(`<au-pay amount="914" payment="${paymentId}"`) ||
        payPage.includes(`action="/bridge/checkout/${paymentId}"`),
    ).toBe(true);

    // The amount is the one the server computed from the catalog.
    const stored = await bridgeGet(`/v1/payments/${paymentId}`);
    expect(stored).toMatchObject({ amount: 914, currency: 'JPY', captureMode: 'manual' });
  });

  it('replays one payment when the same cart form is submitted twice', async () => {
    const browser = new Browser();
    await fillCart(browser);
    const cart = await browser.open('/cart');
    const checkoutKey = /name="checkoutKey" value="([^"]+)"/.exec(cart.text)?.[1] as string;
    const first = await browser.post('/checkout', { checkoutKey, captureMode: 'automatic' });
    const second = await browser.post('/checkout', { checkoutKey, captureMode: 'automatic' });
    expect(first.headers.get('location')).toMatch(/^\/pay\/pay_/);
    expect(second.headers.get('location')).toBe(first.headers.get('location'));
  });

  it('refuses the pay page to a browser that did not start the checkout', async () => {
    const { paymentId } = await createPayment(new Browser());
    const stranger = await new Browser().open(`/pay/${paymentId}`);
    expect(stranger.response.status).toBe(404);
    expect(stranger.text).not.toContain('client_secret');
  });

  it('shows the status stored by the bridge, not the one in the query string', async () => {
    const browser = new Browser();
    const { paymentId } = await createPayment(browser);
    const page = await browser.open(`/result?payment=${paymentId}&status=captured`);
    expect(page.response.status).toBe(200);
    expect(page.text).toContain('お支払いを確認しています'); // pending at the bridge
    expect(page.text).not.toContain('お支払いが完了しました');
    expect(page.text).toContain('data-status="pending"');
    expect(page.text).toContain('/assets/result-poll.js');

    const status = await browser.get(`/result/status?payment=${paymentId}`);
    expect(await status.json()).toEqual({ status: 'pending' });
  });

  it('says "not completed" when the buyer came back through the cancel page', async () => {
    const browser = new Browser();
    const { paymentId } = await createPayment(browser);
    const page = await browser.open(`/result?payment=${paymentId}&status=pending&result=cancel`);
    expect(page.text).toContain('お支払いは完了していません');
    expect(page.text).toContain(`href="/pay/${paymentId}"`);
    expect(page.text).not.toContain('/assets/result-poll.js');
  });

  it('answers an unknown payment with a friendly page', async () => {
    const page = await new Browser().open('/result?payment=pay_0000000000000000000000&lang=en');
    expect(page.response.status).toBe(404);
    expect(page.text).toContain('This payment could not be found.');
  });
});

describe('choosing the acquirer', () => {
  it('offers every acquirer the sandbox bridge has, SBPS chosen, in Japanese and English', async () => {
    const browser = new Browser();
    await fillCart(browser);
    const ja = await browser.open('/cart');
    const en = await browser.open('/cart?lang=en');
    const choices = (text: string) =>
      [...text.matchAll(/name="acquirer" value="([a-z]+)"( checked)?/g)].map(
        ([, id, checked]) => `${id}${checked ? '*' : ''}`,
      );

    expect(choices(ja.text)).toEqual(['sbps*', 'antom', 'nomupay']);
    expect(choices(en.text)).toEqual(['sbps*', 'antom', 'nomupay']);
    expect(ja.text).toContain('決済代行会社');
    expect(ja.text).toContain('SBペイメントサービス');
    expect(en.text).toContain('Which acquirer takes the payment?');
    expect(en.text).toContain('SoftBank Payment Service');
    expect(en.text).toContain('Automatic sales only; full refunds only.');
  });

  it.each(['antom', 'nomupay', 'sbps'])(
    'creates the payment with %s when the buyer chose it',
    async (acquirer) => {
      const browser = new Browser();
      const { paymentId } = await createPayment(browser, 'automatic', acquirer);
      expect(await bridgeGet(`/v1/payments/${paymentId}`)).toMatchObject({
        acquirer,
        amount: 914,
        captureMode: 'automatic',
      });

      const orders = await new Browser().open('/orders?lang=en');
      const card = orders.text.slice(orders.text.indexOf(`id="${paymentId}"`));
      const name = { sbps: 'SoftBank Payment Service', antom: 'Antom', nomupay: 'NomuPay' }[
        acquirer
      ];
      expect(card).toMatch(new RegExp(`<dd class="order-acquirer">${name}</dd>`));
    },
  );

  it('sends an acquirer the bridge does not have to the default one', async () => {
    const { paymentId } = await createPayment(new Browser(), 'automatic', 'paypay');
    expect(await bridgeGet(`/v1/payments/${paymentId}`)).toMatchObject({ acquirer: 'sbps' });
  });

  it("shows the bridge's refusal of specified sales with Antom, the buyer's choices kept", async () => {
    const browser = new Browser();
    await fillCart(browser);
    const cart = await browser.open('/cart?lang=en');
    const checkoutKey = /name="checkoutKey" value="([^"]+)"/.exec(cart.text)?.[1] as string;
    const response = await browser.post('/checkout', {
      checkoutKey,
      captureMode: 'manual',
      acquirer: 'antom',
    });
    expect(response.headers.get('location')).toBe('/cart?captureMode=manual&acquirer=antom');
    const again = await browser.open('/cart?captureMode=manual&acquirer=antom');
    expect(again.text).toContain('role="alert"');
    expect(again.text).toMatch(/name="acquirer" value="antom" checked/);
    // Antom's profile has automatic sales only: that is what the cart now offers.
    expect(again.text).toMatch(/name="captureMode" value="automatic" checked/);
    expect(again.text).toMatch(/name="captureMode" value="manual" disabled/);
  });

  it.each(['sbps', 'antom', 'nomupay'] as const)(
    'offers %s only the sales modes of its profile (ja and en), the page script follows the choice',
    async (acquirer) => {
      const browser = new Browser();
      await fillCart(browser);
      const offered = getAcquirerProfile(acquirer).captureModes;
      for (const lang of ['ja', 'en'] as const) {
        const page = await browser.open(
          `/cart?lang=${lang}&acquirer=${acquirer}&captureMode=manual`,
        );
        const modes = [
          ...page.text.matchAll(/name="captureMode" value="([a-z]+)"( checked)?( disabled)?/g),
        ].map(([, mode, checked, disabled]) => ({
          mode,
          checked: checked !== undefined,
          disabled: disabled !== undefined,
        }));
        expect(modes).toEqual(
          captureModes.map((mode) => ({
            mode,
            // The buyer asked for specified sales: kept where the profile offers it.
            checked: mode === (offered.includes('manual') ? 'manual' : offered[0]),
            disabled: !offered.includes(mode),
          })),
        );
        const note = /id="unavailable-manual"( hidden)?>([^<]+)</.exec(page.text);
        expect(note?.[1] === undefined).toBe(!offered.includes('manual'));
        expect(note?.[2]).toBe(messagesFor(lang).cart.captureMode.unavailable);
        // Every acquirer's radio carries its modes, for the script to follow another choice.
        for (const id of ['sbps', 'antom', 'nomupay'] as const) {
          expect(page.text).toContain(
            `value="${id}"${id === acquirer ? ' checked' : ''} data-capture-modes="${getAcquirerProfile(id).captureModes.join(' ')}"`,
          );
        }
        expect(page.text).toContain('<script src="/assets/cart-choices.js" defer></script>');
      }
      const script = await browser.get('/assets/cart-choices.js');
      expect(script.headers.get('content-type')).toContain('javascript');
      expect(await script.text()).toContain('dataset.captureModes');
    },
  );
});

describe('orders page', () => {
  it('lists the payment with its amount, status and event history', async () => {
    const { paymentId } = await createPayment(new Browser());
    const stored = (await bridgeGet(`/v1/payments/${paymentId}`)) as {
      merchantReference: string;
      events: { type: string }[];
    };
    const page = await new Browser().open('/orders');
    expect(page.response.status).toBe(200);
    expect(page.text).toContain(`id="${paymentId}"`);
    expect(page.text).toContain(stored.merchantReference);
    expect(page.text).toContain('未完了'); // pending
    expect(page.text).toContain(stored.events[0]?.type ?? 'no event');
  });

  it("shows the bridge's refusal, in the page's language, instead of failing", async () => {
    const { paymentId } = await createPayment(new Browser());
    const browser = new Browser();
    const response = await browser.post(`/orders/${paymentId}/capture`, { amount: '100' });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(`/orders#${paymentId}`);

    const page = await browser.open('/orders');
    const card = page.text.slice(page.text.indexOf(`id="${paymentId}"`));
    expect(card).toMatch(
      /<div class="notice notice-error" role="alert"><p><strong>ブリッジが操作を受け付けませんでした：<\/strong>[^<a-z]*[ぁ-んァ-ヶ一-龠][^<]* <code>invalid_state<\/code>/,
    );
    expect(page.text).not.toMatch(/at .*\.ts:\d+/); // no stack trace
    // Shown once: the notice does not come back on the next visit.
    expect((await browser.open('/orders')).text).not.toContain('notice-error');

    // In English, the bridge's English message.
    const english = new Browser();
    await english.open('/orders?lang=en');
    await english.post(`/orders/${paymentId}/refund`, { amount: '100' });
    const en = await english.open('/orders');
    expect(en.text).toMatch(
      /<strong>The bridge refused: <\/strong>[A-Za-z][\x20-\x7e]+ <code>invalid_state<\/code>/,
    );
  });

  it("sends the partial cancel's amount to the bridge and shows its refusal, with the reason, in Japanese and English", async () => {
    // SBPS has no partial cancel: the bridge refuses the amount before calling anyone.
    const { paymentId } = await createPayment(new Browser(), 'manual', 'sbps');
    const browser = new Browser();
    expect((await browser.post(`/orders/${paymentId}/cancel`, { amount: '100' })).status).toBe(303);
    const ja = await browser.open('/orders');
    const card = ja.text.slice(ja.text.indexOf(`id="${paymentId}"`));
    expect(card).toMatch(
      /role="alert"><p><strong>ブリッジが操作を受け付けませんでした：<\/strong>[^<]*一部取消はできません[^<]* <code>not_supported_by_acquirer<\/code>/,
    );

    const english = new Browser();
    await english.open('/orders?lang=en');
    await english.post(`/orders/${paymentId}/cancel`, { amount: '100' });
    const en = await english.open('/orders');
    expect(en.text).toMatch(
      /<strong>The bridge refused: <\/strong>[^<]*cannot cancel part[^<]* <code>not_supported_by_acquirer<\/code>/,
    );
    expect(await bridgeGet(`/v1/payments/${paymentId}`)).toMatchObject({ status: 'pending' });
  });

  it('refuses a form post from another site', async () => {
    const { paymentId } = await createPayment(new Browser());
    const response = await new Browser().post(
      `/orders/${paymentId}/cancel`,
      {},
      { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
    );
    expect(response.status).toBe(403);
  });
});

describe('webhook endpoint', () => {
  const secret = () => shop.bridgeConfig.webhook?.secret as string;
  const send = (payload: string, headers: Record<string, string>) =>
    fetch(`${shop.url}/webhooks/au-pay`, { method: 'POST', headers, body: payload });

  it('accepts a signed webhook, once per event id, and lists it under its payment', async () => {
    const { paymentId } = await createPayment(new Browser());
    const hook = generateTestWebhook({
      type: 'payment.captured',
      data: { payment: { id: paymentId, status: 'captured', amount: 914 } },
      secret: secret(),
    });

    const first = await send(hook.payload, hook.headers);
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ received: true, duplicate: false });
    const again = await send(hook.payload, hook.headers);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ received: true, duplicate: true });

    const page = await new Browser().open('/orders');
    const card = page.text.slice(page.text.indexOf(`id="${paymentId}"`));
    const webhooks = card.slice(
      card.indexOf('受信した Webhook'),
      card.indexOf('</details>', card.indexOf('受信した Webhook')),
    );
    expect(webhooks).toContain('(1)');
    expect(webhooks).toContain('payment.captured');
    expect(webhooks).toContain('重複受信 1 回');
  });

  it('refuses a tampered payload and a wrong secret with 400', async () => {
    const hook = generateTestWebhook({
      type: 'payment.refunded',
      data: { payment: { id: 'pay_1234567890123456789012', amount: 100 } },
      secret: secret(),
    });
    const tampered = await send(hook.payload.replace('100', '900'), hook.headers);
    expect(tampered.status).toBe(400);
    expect(await tampered.json()).toMatchObject({ error: { code: 'signature_mismatch' } });

    const forged = generateTestWebhook({
      type: 'payment.refunded',
      data: { payment: { id: 'pay_1234567890123456789012' } },
      secret: 'whsec_not_the_shops_secret_at_all',
    });
    expect((await send(forged.payload, forged.headers)).status).toBe(400);

    const unsigned = await send(hook.payload, { 'content-type': 'application/json' });
    expect(unsigned.status).toBe(400);
  });
});

describe('configuration', () => {
  it('mounts the bridge at /bridge and says so when PUBLIC_URL points elsewhere', async () => {
    const starting = startShop({
      env: { PORT: '0', PUBLIC_URL: 'https://shop.example/pay', DATABASE_URL: 'sqlite::memory:' },
      dataDir: null,
    });
    await expect(starting).rejects.toBeInstanceOf(ConfigError);
    await expect(starting).rejects.toThrow(/PUBLIC_URL: .* must end with it/);
  });

  it('points the bridge at the shop: return URLs, webhooks, public URL', () => {
    const config = shop.bridgeConfig;
    expect(config.mode).toBe('sandbox');
    expect(config.publicUrl).toBe(`${shop.url}/bridge`);
    expect(config.returnUrlOrigins).toEqual([shop.url]);
    expect(config.webhook?.url).toBe(`${shop.url}/webhooks/au-pay`);
    expect(config.webhook?.secret).toMatch(/^whsec_[0-9a-f]{48}$/);
    expect(shop.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });
});

async function bridgeGet(path: string): Promise<unknown> {
  const response = await fetch(`${shop.bridgeConfig.publicUrl}${path}`, {
    headers: { authorization: `Bearer ${shop.bridgeConfig.secretKey}` },
  });
  expect(response.status).toBe(200);
  return response.json();
}
