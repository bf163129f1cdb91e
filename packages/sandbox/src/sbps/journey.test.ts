import { formatSbpsDate } from '@au-pay/core';
import { PURCHASE_RESULT_FIELDS, verifySbpsResult } from '@au-pay/core/sbps';
import { describe, expect, it } from 'vitest';
import { HASH_KEY, readForm, sandboxCode, TestMerchant } from '../testing/index.js';
import { merchantForEachTest } from '../testing/merchant-per-test.js';

// The whole journey over HTTP, with the test playing the merchant (spec/sbps-au.md §4–§6, §18).

let shop: TestMerchant;
merchantForEachTest(
  () => TestMerchant.start({ slowNotificationDelayMs: 1000 }),
  (merchant) => {
    shop = merchant;
  },
);

const RESULT_ORDER = PURCHASE_RESULT_FIELDS.map((field) => field.name);

describe('a successful purchase', () => {
  it('walks the au screens, notifies pagecon_url (A02-1) and returns a signed A03-1', async () => {
    const pairs = shop.purchaseRequest({ free1: 'メモ' });
    const orderId = pairs.find(([name]) => name === 'order_id')?.[1];

    const login = await shop.start(pairs);
    expect(login.status).toBe(200);
    expect(login.url).toMatch(/\/sandbox\/sbps\/au\/[\w-]+\/login$/);
    expect(login.html).toContain('au ID でログイン');

    const code = await shop.submit(login.url, 'login', {
      au_id: 'success@au.example',
      password: 'secret',
    });
    expect(code.url).toMatch(/\/code$/);
    expect(code.html).toContain('6 桁の確認コードを SMS で送信しました');
    expect(code.html).toMatch(/サンドボックスの確認コード：<strong>\d{6}<\/strong>/);

    const confirm = await shop.submit(code.url, 'code', {
      code: sandboxCode(code),
    });
    expect(confirm.url).toMatch(/\/confirm$/);
    expect(confirm.html).toContain('テスト商品');
    expect(confirm.html).toContain('1,100円');

    const done = await shop.submit(confirm.url, 'confirm', { pin: '1234' });
    expect(done.status).toBe(200);
    expect(done.headers.get('content-type')).toBe('text/html; charset=Shift_JIS');
    expect(done.html).toContain('お支払いが完了しました');

    // A02-1: received before the browser came back, verified with core, UPPERCASE, UTF-8.
    expect(shop.notifications).toHaveLength(1);
    const notification = shop.notifications[0];
    expect(notification?.verified).toBe(true);
    expect(notification?.contentType).toBe('application/x-www-form-urlencoded');
    const params = notification?.params ?? {};
    expect(params.sps_hashcode).toMatch(/^[0-9A-F]{40}$/);
    expect(params.res_result).toBe('OK');
    expect(params.res_pay_method).toBe('auone');
    expect(params.res_tracking_id).toMatch(/^\d{14}$/);
    expect(params.res_payment_date).toBe(formatSbpsDate(shop.now));
    expect(params.res_date).toBe(formatSbpsDate(shop.now));
    expect(params.res_err_code).toBe('');
    expect(params.order_id).toBe(orderId);
    expect(params.item_name).toBe('テスト商品');
    expect(params.free1).toBe('メモ');
    expect(params.limit_second).toBe('600');
    // Exactly rows 1–44 (spec §5): no URLs, no free_csv.
    expect(Object.keys(params).sort()).toEqual(
      RESULT_ORDER.filter((name) => !name.startsWith('dtl_')).sort(),
    );
    // The item name makes UTF-8 and Shift_JIS differ: the hash is over UTF-8 only.
    expect(verifySbpsResult('return', params, HASH_KEY)).toBe(false);

    // A03-1: auto-post page with a lowercase Shift_JIS hash, same fields, to success_url.
    const form = readForm(done, 'sbps-return');
    expect(form.action).toBe(`${shop.origin}/shop/success`);
    expect(form.fields.map(([name]) => name).sort()).toEqual(Object.keys(params).sort());
    const a03 = Object.fromEntries(form.fields);
    expect(a03.sps_hashcode).toMatch(/^[0-9a-f]{40}$/);
    expect(verifySbpsResult('return', a03, HASH_KEY)).toBe(true);
    expect(a03.res_tracking_id).toBe(params.res_tracking_id);
    expect(done.html).toMatch(/<noscript>.*<button type="submit"/s);
    expect(done.html).toMatch(
      /<script nonce="[^"]+">document\.getElementById\('sbps-return'\)\.submit\(\);<\/script>/,
    );

    const received = await shop.followReturn(done);
    expect(received.kind).toBe('success');
    expect(received.notificationsBefore).toBe(1);
    expect(verifySbpsResult('return', received.params, HASH_KEY)).toBe(true);
    expect(received.params.item_name).toBe('テスト商品');

    const purchase = shop.sbps.purchase(params.res_tracking_id ?? '');
    expect(purchase).toMatchObject({
      orderId,
      amount: 1100,
      state: 'authorized',
      salesMode: 'manual',
      inconsistent: false,
      capturedAmount: 0,
      refundedTotal: 0,
    });
  });

  it('then settles, cancels and refunds through the XML API', async () => {
    const trackingOf = async (amount = 1100) => {
      const done = await shop.pay('success@au.example', shop.purchaseRequest({ amount }));
      return readForm(done, 'sbps-return').fields.find(([n]) => n === 'res_tracking_id')?.[1] ?? '';
    };
    const state = (id: string) => shop.sbps.purchase(id);

    // Full sale.
    const full = await trackingOf();
    let call = await shop.api('ST02-00201-402', { tracking_id: full });
    expect(call.status).toBe(200);
    expect(call.headers.get('content-type')).toBe('text/xml;charset=Shift_JIS');
    expect(call.response).toMatchObject({ result: 'OK', id: 'ST02-00201-402' });
    expect(call.response?.spsTransactionId).toHaveLength(32);
    expect(call.response?.processDate).toBe(formatSbpsDate(shop.now));
    expect(state(full)).toMatchObject({ state: 'captured', capturedAmount: 1100 });
    // Already sold.
    call = await shop.api('ST02-00201-402', { tracking_id: full });
    expect(call.response).toMatchObject({ result: 'NG', errCode: '40223027' });

    // Partial sale, then more than authorized refused.
    const partial = await trackingOf(1000);
    call = await shop.api('ST02-00201-402', { tracking_id: partial, amount: '1001' });
    expect(call.response?.errCode).toBe('40222008');
    call = await shop.api('ST02-00201-402', { tracking_id: partial, amount: '800' });
    expect(call.response?.result).toBe('OK');
    expect(state(partial)).toMatchObject({ state: 'captured', capturedAmount: 800 });

    // Cancel an authorization; cancelling or selling again is refused.
    const toCancel = await trackingOf();
    call = await shop.api('ST02-00303-402', { tracking_id: toCancel });
    expect(call.response?.result).toBe('OK');
    expect(state(toCancel)?.state).toBe('cancelled');
    call = await shop.api('ST02-00303-402', { tracking_id: toCancel });
    expect(call.response?.errCode).toBe('40226027');
    call = await shop.api('ST02-00201-402', { tracking_id: toCancel });
    expect(call.response?.errCode).toBe('40221027');

    // Refund the full sale; a second refund is refused.
    call = await shop.api('ST02-00303-402', { tracking_id: full });
    expect(call.response?.result).toBe('OK');
    expect(state(full)).toMatchObject({ state: 'refunded', refundedTotal: 1100 });
    call = await shop.api('ST02-00303-402', { tracking_id: full });
    expect(call.response?.errCode).toBe('40230027');

    // Partial refunds open on the 1st of the next month (JST): 2025-04-01 00:00 JST.
    call = await shop.api('ST02-00303-402', { tracking_id: partial, amount: '300' });
    expect(call.response?.errCode).toBe('40228027');
    shop.now = new Date('2025-03-31T15:00:00Z');
    call = await shop.api('ST02-00303-402', { tracking_id: partial, amount: '300' });
    expect(call.response?.result).toBe('OK');
    expect(state(partial)).toMatchObject({ state: 'partially_refunded', refundedTotal: 300 });
    call = await shop.api('ST02-00303-402', { tracking_id: partial, amount: '501' });
    expect(call.response?.errCode).toBe('40275008');
    call = await shop.api('ST02-00303-402', { tracking_id: partial, amount: '500' });
    expect(state(partial)).toMatchObject({ state: 'refunded', refundedTotal: 800 });
  });
});

describe('scenarios chosen by the au ID', () => {
  it('cancel@au.example returns to cancel_url with res_result=NG and no notification', async () => {
    const done = await shop.pay('cancel@au.example');
    expect(done.html).toContain('お支払いをキャンセルしました');
    const received = await shop.followReturn(done);
    expect(received.kind).toBe('cancel');
    expect(received.params.res_result).toBe('NG');
    expect(received.params.res_err_code).toBe('');
    expect(verifySbpsResult('return', received.params, HASH_KEY)).toBe(true);
    expect(shop.notifications).toHaveLength(0);
  });

  it('the cancel button on any screen does the same', async () => {
    const login = await shop.start();
    const code = await shop.submit(login.url, 'login', { au_id: 'a@b.example', password: 'x' });
    expect(code.html).toContain('<form method="post" action="cancel"');
    const back = await shop.submit(code.url, 'cancel', {});
    expect((await shop.followReturn(back)).kind).toBe('cancel');
    expect(shop.notifications).toHaveLength(0);
    // The session is over: the screens refuse to go on.
    expect((await shop.get(code.url)).status).toBe(410);
  });

  it.each([
    ['limit@au.example', 'AUL4', 'ご利用可能額を超えているため'],
    ['restricted@au.example', 'AUU1', 'ご利用制限中'],
  ])(
    '%s returns to error_url with NG and its code, without notification',
    async (auId, code, text) => {
      const done = await shop.pay(auId);
      expect(done.html).toContain(text);
      const received = await shop.followReturn(done);
      expect(received.kind).toBe('error');
      expect(received.params).toMatchObject({ res_result: 'NG', res_err_code: code });
      expect(received.params.sps_hashcode).toBeUndefined();
      expect(shop.notifications).toHaveLength(0);
      const purchases = shop.sbps.purchasesForOrder(received.params.order_id ?? '');
      expect(purchases.map((p) => p.state)).toEqual(['failed']);
    },
  );

  it('uses the configured res_err_code per scenario', async () => {
    await shop.close();
    shop = await TestMerchant.start({ errorCodes: { limit: 'X123' } });
    const received = await shop.followReturn(await shop.pay('limit@au.example'));
    expect(received.params.res_err_code).toBe('X123');
  });

  it('ng@au.example: the merchant answers NG, the purchase is inconsistent, the buyer goes to error_url', async () => {
    const done = await shop.pay('ng@au.example');
    expect(shop.notifications).toHaveLength(1);
    expect(shop.notifications[0]?.verified).toBe(false);
    const received = await shop.followReturn(done);
    expect(received.kind).toBe('error');
    expect(received.params).toMatchObject({ res_result: 'NG', res_err_code: 'AU84' });
    const trackingId = received.params.res_tracking_id ?? '';
    expect(shop.sbps.purchase(trackingId)?.inconsistent).toBe(true);
    // SBPS holds an inconsistent payment: no settlement until it is corrected.
    const call = await shop.api('ST02-00201-402', { tracking_id: trackingId });
    expect(call.response?.errCode).toBe('40294027');
  });

  it('any answer other than OK, is a failure (strict by default)', async () => {
    shop.answer = () => 'OK';
    const done = await shop.pay();
    expect((await shop.followReturn(done)).kind).toBe('error');
    shop.answer = () => 'OK,\r\n';
    expect((await shop.followReturn(await shop.pay())).kind).toBe('success');
  });

  it('slow@au.example: the browser returns first, the A02-1 follows', async () => {
    const done = await shop.pay('slow@au.example');
    const received = await shop.followReturn(done);
    expect(received.kind).toBe('success');
    expect(received.notificationsBefore).toBe(0);
    await shop.sandbox.whenIdle();
    expect(shop.notifications).toHaveLength(1);
    expect(shop.notifications[0]?.verified).toBe(true);
    expect(shop.notifications[0]?.params.order_id).toBe(received.params.order_id);
  });

  it('duplicate@au.example: the same A02-1 arrives twice', async () => {
    const done = await shop.pay('duplicate@au.example');
    expect(shop.notifications).toHaveLength(2);
    expect(shop.notifications[0]?.params).toEqual(shop.notifications[1]?.params);
    expect(shop.notifications.every((n) => n.verified)).toBe(true);
    expect((await shop.followReturn(done)).kind).toBe('success');
  });

  it('an unlisted au ID succeeds', async () => {
    const done = await shop.pay('09012345678');
    expect((await shop.followReturn(done)).kind).toBe('success');
  });
});

describe('sales mode', () => {
  it('automatic: captured at the notification; sales requests answer 24', async () => {
    await shop.close();
    shop = await TestMerchant.start({ salesMode: 'automatic' });
    const done = await shop.pay();
    const trackingId =
      readForm(done, 'sbps-return').fields.find(([n]) => n === 'res_tracking_id')?.[1] ?? '';
    expect(shop.sbps.purchase(trackingId)).toMatchObject({
      state: 'captured',
      capturedAmount: 1100,
    });
    const call = await shop.api('ST02-00201-402', { tracking_id: trackingId });
    expect(call.response?.errCode).toBe('40224027');
  });
});
