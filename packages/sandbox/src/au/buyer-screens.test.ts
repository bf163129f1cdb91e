import { describe, expect, it } from 'vitest';
import { PHONE_USER_AGENT, readForm, sandboxCode, TestMerchant } from '../testing/index.js';
import { merchantForEachTest } from '../testing/merchant-per-test.js';
import { chooseLayout } from './device-layout.js';
import { kddiVisibleItemName } from './screens/item-name.js';

// The emulated au screens: languages, layouts, validation, the 4-minute rule, security headers.

let shop: TestMerchant;
merchantForEachTest(TestMerchant.start, (merchant) => {
  shop = merchant;
});

describe('languages', () => {
  it('are Japanese by default, with a link to English that keeps the session', async () => {
    const login = await shop.start();
    expect(login.html).toContain('<html lang="ja">');
    expect(login.html).toContain('<label for="au_id">au ID</label>');
    expect(login.html).toContain('<a href="?lang=en" lang="en" hreflang="en">English</a>');

    const english = await shop.get(`${login.url}?lang=en`);
    expect(english.html).toContain('<html lang="en">');
    expect(english.html).toContain('<h1>Log in with your au ID</h1>');
    expect(english.html).toContain('<a href="?lang=ja" lang="ja" hreflang="ja">日本語</a>');

    // The choice sticks to the session for the next screens and messages.
    const code = await shop.submit(english.url, 'login', { au_id: 'a@b.example', password: 'x' });
    expect(code.html).toContain('Sandbox code: <strong>');
    const wrong = await shop.submit(code.url, 'code', { code: '12' });
    expect(wrong.html).toContain('Enter the verification code as 6 digits.');
  });
});

describe('layouts', () => {
  it('use the desktop layout by default', async () => {
    expect((await shop.start()).html).toContain('<body class="layout-web">');
  });

  it('use the smartphone layout with ?layout=wap on the action URL', async () => {
    const login = await shop.start(shop.purchaseRequest(), { layout: 'wap' });
    expect(login.html).toContain('<body class="layout-wap">');
    expect(login.html).toContain(
      '.layout-wap button,.layout-wap input{width:100%;min-height:48px}',
    );
  });

  it('use the smartphone layout for a mobile User-Agent, like KDDI', async () => {
    const login = await shop.start(shop.purchaseRequest(), { userAgent: PHONE_USER_AGENT });
    expect(login.html).toContain('<body class="layout-wap">');
  });

  it('detect phones, not tablets', () => {
    expect(chooseLayout(undefined, PHONE_USER_AGENT)).toBe('wap');
    expect(
      chooseLayout(undefined, 'Mozilla/5.0 (Linux; Android 14; Pixel 8) Mobile Safari/537.36'),
    ).toBe('wap');
    expect(chooseLayout(undefined, 'Mozilla/5.0 (Linux; Android 14; SM-X710) Safari/537.36')).toBe(
      'web',
    );
    expect(chooseLayout('web', PHONE_USER_AGENT)).toBe('web');
    expect(chooseLayout('bogus', undefined)).toBe('web');
  });
});

describe('the confirmation screen', () => {
  it('shows only the first 16 double-byte characters of the item name, and the amount', async () => {
    const itemName = 'あいうえおかきくけこさしすせそたちつてと';
    const login = await shop.start(shop.purchaseRequest({ itemName, amount: 12345 }));
    const code = await shop.submit(login.url, 'login', { au_id: 'a@b.example', password: 'x' });
    const confirm = await shop.submit(code.url, 'code', {
      code: sandboxCode(code),
    });
    const shown = /<dt>ご購入内容<\/dt><dd>([^<]*)<\/dd>/.exec(confirm.html)?.[1];
    expect(shown).toBe('あいうえおかきくけこさしすせそた');
    expect(confirm.html).toContain('<dd>12,345円</dd>');
    const english = await shop.get(`${confirm.url}?lang=en`);
    expect(english.html).toContain('<dd>¥12,345</dd>');
  });

  it('cuts by width: single-byte characters count as half', () => {
    expect(kddiVisibleItemName('A'.repeat(40))).toBe('A'.repeat(32));
    expect(kddiVisibleItemName(`${'A'.repeat(31)}あ`)).toBe('A'.repeat(31));
    expect(kddiVisibleItemName('テスト商品')).toBe('テスト商品');
  });
});

describe('validation', () => {
  it('keeps the buyer on the screen with accessible messages', async () => {
    const login = await shop.start();
    const empty = await shop.submit(login.url, 'login', { au_id: '', password: '' });
    expect(empty.status).toBe(200);
    expect(empty.url).toMatch(/\/login$/);
    expect(empty.html).toContain('role="alert"');
    expect(empty.html).toContain('au ID を入力してください。');
    expect(empty.html).toContain('パスワードを入力してください。');
    expect(empty.html).toMatch(
      /id="au_id"[^>]*aria-describedby="au_id-hint au_id-error" aria-invalid="true" autofocus/,
    );

    const badId = await shop.submit(login.url, 'login', { au_id: 'not an id', password: 'x' });
    expect(badId.html).toContain('メールアドレスまたは携帯電話番号（11 桁）');
    expect(badId.html).toContain('value="not an id"');

    // Full-width digits are accepted, as typed on Japanese keyboards.
    const code = await shop.submit(login.url, 'login', {
      au_id: '０９０－１２３４－５６７８',
      password: 'x',
    });
    expect(code.url).toMatch(/\/code$/);
    const mismatch = await shop.submit(code.url, 'code', {
      code: '000000' === sandboxCode(code) ? '111111' : '000000',
    });
    expect(mismatch.html).toContain('確認コードが正しくありません');
    const confirm = await shop.submit(code.url, 'code', {
      code: sandboxCode(code),
    });
    const badPin = await shop.submit(confirm.url, 'confirm', { pin: '12a4' });
    expect(badPin.html).toContain('暗証番号は 4 桁の数字で入力してください。');
    expect(shop.notifications).toHaveLength(0);
  });

  it('sends the buyer back to the current step when a screen is skipped', async () => {
    const login = await shop.start();
    const skipped = await shop.get(login.url.replace(/login$/, 'confirm'));
    expect(skipped.url).toMatch(/\/login$/);
  });

  it('answers 404 for an unknown session', async () => {
    const page = await shop.get(`${shop.sandboxUrl}/au/unknown/login`);
    expect(page.status).toBe(404);
    expect(page.html).toContain('お支払いの画面が見つかりません');
  });
});

describe('the 4-minute rule', () => {
  it('lets the buyer finish at exactly 4 minutes after the first au screen', async () => {
    const login = await shop.start();
    const code = await shop.submit(login.url, 'login', { au_id: 'a@b.example', password: 'x' });
    const confirm = await shop.submit(code.url, 'code', {
      code: sandboxCode(code),
    });
    shop.advance(4 * 60_000);
    const done = await shop.submit(confirm.url, 'confirm', { pin: '1234' });
    expect((await shop.followReturn(done)).kind).toBe('success');
  });

  it('fails the payment after that: error_url, no notification', async () => {
    const login = await shop.start();
    const code = await shop.submit(login.url, 'login', { au_id: 'a@b.example', password: 'x' });
    const confirm = await shop.submit(code.url, 'code', {
      code: sandboxCode(code),
    });
    shop.advance(4 * 60_000 + 1);
    const done = await shop.submit(confirm.url, 'confirm', { pin: '1234' });
    expect(done.html).toContain('4 分を過ぎたため');
    const received = await shop.followReturn(done);
    expect(received.kind).toBe('error');
    expect(received.params).toMatchObject({ res_result: 'NG', res_err_code: 'AU94' });
    expect(shop.notifications).toHaveLength(0);
  });
});

describe('security headers', () => {
  it('use a fresh nonce per response and no other script source', async () => {
    const login = await shop.start();
    const csp = login.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toMatch(/script-src 'nonce-[A-Za-z0-9+/=]+'/);
    expect(csp).toContain("form-action 'self'");
    expect(csp).not.toContain('upgrade-insecure-requests');
    expect(login.html).not.toContain('<script');
    expect(login.headers.get('x-content-type-options')).toBe('nosniff');
    expect(login.headers.get('cache-control')).toBe('no-store');
    const again = await shop.get(login.url);
    expect(again.headers.get('content-security-policy')).not.toBe(csp);
  });

  it("let the return page post to the merchant's origin with its one nonce'd script", async () => {
    const done = await shop.pay();
    const csp = done.headers.get('content-security-policy') ?? '';
    expect(csp).toContain(`form-action 'self' ${shop.origin}`);
    const nonce = /script-src 'nonce-([^']+)'/.exec(csp)?.[1];
    expect(done.html).toContain(`<script nonce="${nonce}">`);
    expect(readForm(done, 'sbps-return').action).toBe(`${shop.origin}/shop/success`);
  });
});
