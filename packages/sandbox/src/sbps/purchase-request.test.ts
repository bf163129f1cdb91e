import type { AddressInfo } from 'node:net';
import { computeSpsHashcode, encodeSbpsForm } from '@au-pay/core/sbps';
import express from 'express';
import { describe, expect, it } from 'vitest';
import { createSandbox } from '../sandbox.js';
import { HASH_KEY, TestMerchant } from '../testing/index.js';
import { merchantForEachTest } from '../testing/merchant-per-test.js';

// A01-1 as SBPS checks it (spec/sbps-au.md §4, §18): every refusal shows SBPS's error page and
// sends nothing to the merchant.

let shop: TestMerchant;
merchantForEachTest(TestMerchant.start, (merchant) => {
  shop = merchant;
});

type Pairs = Array<[string, string]>;

/** Changes values, then signs again over `encoding` (UTF-8 is right for A01-1). */
function resign(
  pairs: Pairs,
  changes: Record<string, string | null>,
  encoding: 'utf-8' | 'shift_jis' = 'utf-8',
): Pairs {
  const unsigned = pairs
    .filter(([name]) => name !== 'sps_hashcode' && changes[name] !== null)
    .map(([name, value]): [string, string] => [name, changes[name] ?? value]);
  const hash = computeSpsHashcode(
    unsigned.map(([, value]) => value),
    HASH_KEY,
    encoding,
  );
  return [...unsigned, ['sps_hashcode', hash]];
}

const withValue = (pairs: Pairs, name: string, value: string): Pairs =>
  pairs.map(([n, v]): [string, string] => [n, n === name ? value : v]);

async function refusal(pairs: Pairs): Promise<{ status: number; html: string; csp: string }> {
  const response = await shop.postPurchase(pairs);
  const html = await response.text();
  return {
    status: response.status,
    html,
    csp: response.headers.get('content-security-policy') ?? '',
  };
}

describe('the purchase request (A01-1)', () => {
  it('is accepted with a UTF-8 hash and redirected (303) to the first au screen', async () => {
    const response = await shop.postPurchase(shop.purchaseRequest());
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toMatch(/^\/sandbox\/sbps\/au\/[\w-]{32}\/login$/);
  });

  it('requires item_name, unless the contract sends none (NomuPay’s, requireItemName: false)', async () => {
    const withoutItemName = resign(shop.purchaseRequest(), { item_name: null });
    const page = await refusal(withoutItemName);
    expect(page.status).toBe(400);
    expect(page.html).toContain('item_name');
    await shop.close();
    shop = await TestMerchant.start({ requireItemName: false });
    const accepted = await shop.postPurchase(resign(shop.purchaseRequest(), { item_name: null }));
    expect(accepted.status).toBe(303);
  });

  it('refuses a wrong hash with an SBPS error page in Japanese and English', async () => {
    const page = await refusal(withValue(shop.purchaseRequest(), 'amount', '1'));
    expect(page.status).toBe(400);
    expect(page.html).toContain('<html lang="ja">');
    expect(page.html).toContain('エラーが発生しました');
    expect(page.html).toContain('<section lang="en">');
    expect(page.html).toContain('ハッシュ値が一致しません');
    expect(page.html).toContain('The sps_hashcode does not match');
    expect(page.html).toContain('<code>40209025</code>');
    expect(page.csp).toMatch(/script-src 'nonce-[^']+'/);
    expect(shop.notifications).toHaveLength(0);
  });

  it('refuses a hash computed over Shift_JIS instead of UTF-8, and says so', async () => {
    const pairs = resign(shop.purchaseRequest(), {}, 'shift_jis');
    const page = await refusal(pairs);
    expect(page.status).toBe(400);
    expect(page.html).toContain('<code>40209025</code>');
    expect(page.html).toContain('it was computed over Shift_JIS bytes');
    expect(page.html).toContain('UTF-8 のバイト列で計算してください');
    // The same request signed over UTF-8 is fine.
    expect((await shop.postPurchase(resign(pairs, {}))).status).toBe(303);
  });

  it('refuses an expired request (request_date + limit_second passed, JST)', async () => {
    const pairs = shop.purchaseRequest({ limitSecond: 600 });
    shop.advance(600_000);
    expect((await shop.postPurchase(pairs)).status).toBe(303);
    shop.advance(1_000);
    const page = await refusal(pairs);
    expect(page.html).toContain('<code>40210023</code>');
    expect(page.html).toContain('not UTC');
  });

  it('refuses a request_date written in UTC instead of JST (nine hours "old")', async () => {
    const utc = shop.now.toISOString().replace(/\D/g, '').slice(0, 14);
    const page = await refusal(shop.purchaseRequest({ requestDate: utc }));
    expect(page.html).toContain('<code>40210023</code>');
  });

  it('refuses an order_id whose purchase completed', async () => {
    const pairs = shop.purchaseRequest();
    await shop.followReturn(await shop.pay('success@au.example', pairs));
    const again = resign(pairs, {});
    const page = await refusal(again);
    expect(page.html).toContain('<code>40296004</code>');
  });

  it('lets an abandoned or cancelled order_id start again, ending the old session', async () => {
    const pairs = shop.purchaseRequest();
    const first = await shop.start(pairs);
    const second = await shop.start(pairs);
    expect(second.status).toBe(200);
    const old = await shop.get(first.url);
    expect(old.status).toBe(410);
    expect(old.html).toContain('新しいお支払いが開始されたため');
    // Cancelled, then started again with the same order_id.
    await shop.followReturn(await shop.submit(second.url, 'cancel', {}));
    expect((await shop.postPurchase(pairs)).status).toBe(303);
  });

  it.each([
    ['another merchant_id', { merchant_id: '99999' }, '40214001'],
    ['another service_id', { service_id: '002' }, '40214002'],
    ['no cust_code', { cust_code: '' }, '40203003'],
    ['an amount of 0', { amount: '0' }, '40207008'],
    ['letters in amount', { amount: '1,100' }, '40204008'],
    ['pay_method without auone', { pay_method: 'credit' }, '40201999'],
    ['a relative pagecon_url', { pagecon_url: '/notify' }, '40206009'],
    ['a feature phone (terminal_type=1)', { terminal_type: '1' }, '40207999'],
  ])('refuses %s', async (_, changes, code) => {
    const page = await refusal(resign(shop.purchaseRequest(), changes));
    expect(page.html).toContain(`<code>${code}</code>`);
    expect(shop.notifications).toHaveLength(0);
  });

  it('refuses a signed pagecon_url on another origin, and never posts there', async () => {
    // Another server on this machine: what a forged form would aim the A02-1 at.
    const received: string[] = [];
    const other = express();
    other.use((req, res) => {
      received.push(`${req.method} ${req.url}`);
      res.type('text/plain').send('OK,');
    });
    const server = other.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const target = `http://127.0.0.1:${port}/`;
      const pairs = shop.purchaseRequest({ pageconUrl: target });
      const page = await refusal(pairs);
      expect(page.status).toBe(400);
      expect(page.html).toContain('<code>40213009</code>');
      expect(page.html).toContain(
        `pagecon_url (http://127.0.0.1:${port}) cannot receive result notifications`,
      );
      expect(page.html).toContain(`マウントしているブリッジ（${shop.origin}）にのみ`);
      // No au screens to complete, so nothing can ever be sent: the other server got nothing.
      expect(shop.sbps.purchases()).toEqual([]);
      expect(received).toEqual([]);
      // The same purchase with the merchant's own pagecon_url goes on to the au screens.
      const own = resign(pairs, { pagecon_url: `${shop.origin}/shop/notify` });
      await shop.followReturn(await shop.pay('success@au.example', own));
      expect(shop.notifications).toHaveLength(1);
      expect(received).toEqual([]);
    } finally {
      server.close();
    }
  });

  it.each([
    ['another port', (origin: string) => origin.replace(/:(\d+)$/, (_, p) => `:${Number(p) + 1}`)],
    ['https instead of http', (origin: string) => origin.replace('http:', 'https:')],
    ['localhost for 127.0.0.1', (origin: string) => origin.replace('127.0.0.1', 'localhost')],
    ['a private address', () => 'http://10.0.0.1'],
  ])('refuses a pagecon_url with %s: another origin', async (_, other) => {
    const pairs = resign(shop.purchaseRequest(), { pagecon_url: `${other(shop.origin)}/notify` });
    expect((await refusal(pairs)).html).toContain('<code>40213009</code>');
  });

  it('accepts an empty pay_method (SBPS would offer its selection screen; au is the only method)', async () => {
    expect(
      (await shop.postPurchase(resign(shop.purchaseRequest(), { pay_method: '' }))).status,
    ).toBe(303);
  });

  it('refuses a body that is not Shift_JIS form data', async () => {
    const response = await fetch(`${shop.sandboxUrl}/f01/FepBuyInfoReceive.do`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'item_name=%ZZ',
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('40200999');
  });

  it('explains itself when a body parser mounted in front of it ate the Shift_JIS bytes', async () => {
    const app = express();
    app.use(express.urlencoded({ extended: false }));
    app.use(
      '/sandbox',
      createSandbox({
        notificationOrigins: [shop.origin],
        sbps: {
          merchantId: '12345',
          serviceId: '001',
          hashKey: HASH_KEY,
          apiUser: 'u',
          apiPassword: 'p',
        },
      }),
    );
    app.use(
      (error: Error, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
        res.status(500).send(error.message);
      },
    );
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const response = await fetch(
        `http://127.0.0.1:${port}/sandbox/sbps/f01/FepBuyInfoReceive.do`,
        {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: encodeSbpsForm(shop.purchaseRequest()),
        },
      );
      expect(response.status).toBe(500);
      expect(await response.text()).toContain(
        'mount the sandbox router before express.urlencoded()',
      );
    } finally {
      server.close();
    }
  });
});
