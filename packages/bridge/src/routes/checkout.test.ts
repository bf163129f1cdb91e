import { getAcquirerProfile, parseSbpsDate, pendingExpiresAt } from '@au-pay/core';
import { computeSpsHashcode, decodeShiftJis } from '@au-pay/core/sbps';
import { readForm } from '@au-pay/sandbox/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SBPS_LIMIT_SECOND } from '../acquirers/sbps/connector.js';
import { BridgeHarness, TEST_HASH_KEY } from '../testing/bridge-harness.js';
import { RECORDED_CHECKOUTS } from './checkout.js';

let harness: BridgeHarness;
beforeAll(async () => {
  harness = await BridgeHarness.start();
});
afterAll(async () => {
  await harness.close();
});

interface PurchasePage {
  html: string;
  action: string;
  fields: Array<[string, string]>;
  field(name: string): string | undefined;
}

function readPage(bytes: Buffer): PurchasePage {
  const html = decodeShiftJis(bytes);
  const { action, fields } = readForm({ url: harness.url, html }, 'au-pay-purchase');
  return { html, action, fields, field: (name) => fields.find(([n]) => n === name)?.[1] };
}

describe('POST /checkout/:id', () => {
  it('answers a Shift_JIS page with the signed A01-1 form, auto-submitted under a strict CSP', async () => {
    const created = await harness.createPayment({ captureMode: 'manual', customerId: 'CUST-9' });
    const response = await harness.checkout(created.id, {
      client_secret: created.clientSecret,
      layout: 'wap',
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=Shift_JIS');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    const csp = response.headers.get('content-security-policy') ?? '';
    const nonce = /script-src 'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeDefined();
    expect(csp).toContain(`form-action ${harness.url}`);
    expect(csp).toContain("default-src 'none'");

    const page = readPage(response.bytes);
    // Bytes are Shift_JIS: テスト商品 is 83 65 83 58 83 67 8F A4 95 69.
    expect(response.bytes.includes(Buffer.from([0x83, 0x65, 0x83, 0x58, 0x83, 0x67]))).toBe(true);
    expect(page.html).toContain('accept-charset="Shift_JIS"');
    expect(page.html).toContain('<meta charset="Shift_JIS">');
    expect(page.html.match(/<script/g)).toHaveLength(1);
    expect(page.html).toContain(`<script nonce="${nonce}">`);
    expect(page.html).toMatch(/<noscript><button type="submit">/);
    expect(page.html).not.toMatch(/src=|href=/);
    expect(page.action).toBe(`${harness.url}/sandbox/sbps/f01/FepBuyInfoReceive.do?layout=wap`);

    expect(page.fields.map(([name]) => name).slice(0, 4)).toEqual([
      'pay_method',
      'merchant_id',
      'service_id',
      'cust_code',
    ]);
    expect(Object.fromEntries(page.fields)).toMatchObject({
      pay_method: 'auone',
      merchant_id: '12345',
      service_id: '001',
      cust_code: 'CUST-9',
      order_id: created.id,
      item_name: 'テスト商品',
      amount: '1100',
      pay_type: '0',
      service_type: '0',
      terminal_type: '0',
      success_url: `${harness.url}/sbps/return/success`,
      cancel_url: `${harness.url}/sbps/return/cancel`,
      error_url: `${harness.url}/sbps/return/error`,
      pagecon_url: `${harness.url}/sbps/notify`,
      request_date: '20250310100000',
      limit_second: '600',
    });
    const hashed = page.fields
      .filter(([name]) => name !== 'sps_hashcode')
      .map(([, value]) => value);
    expect(page.field('sps_hashcode')).toBe(computeSpsHashcode(hashed, TEST_HASH_KEY, 'utf-8'));

    const stored = await harness.payment(created.id);
    expect(stored).toMatchObject({ layout: 'wap', checkoutCount: 1, status: 'pending' });
    // Pending while the request can complete: request_date + 600 s + 4 min + grace, or the window.
    expect(stored.expiresAt.getTime()).toBeGreaterThanOrEqual(
      stored.createdAt.getTime() + 30 * 60_000,
    );
    const events = await harness.store.listEvents(created.id);
    expect(events.at(-1)).toMatchObject({
      type: 'checkout.served',
      data: { layout: 'wap', checkout: 1 },
    });
  });

  it('reuses the single order_id on a second checkout, re-signing a fresh request_date', async () => {
    const created = await harness.createPayment();
    const first = readPage(
      (await harness.checkout(created.id, { client_secret: created.clientSecret, layout: 'web' }))
        .bytes,
    );
    harness.clock.advance(25 * 60_000);
    const second = readPage(
      (await harness.checkout(created.id, { client_secret: created.clientSecret, layout: 'web' }))
        .bytes,
    );
    expect(second.field('order_id')).toBe(first.field('order_id'));
    expect(second.field('request_date')).not.toBe(first.field('request_date'));
    expect(second.field('sps_hashcode')).not.toBe(first.field('sps_hashcode'));
    const stored = await harness.payment(created.id);
    expect(stored.checkoutCount).toBe(2);
    // The second request can still complete 10 + 4 minutes (+ grace) after it is dated.
    expect(stored.expiresAt.getTime()).toBeGreaterThanOrEqual(
      harness.clock.now().getTime() + 14 * 60_000,
    );
  });

  it('charges the stored amount, flagging a different displayed amount', async () => {
    const created = await harness.createPayment({ amount: 5000 });
    const response = await harness.checkout(created.id, {
      client_secret: created.clientSecret,
      layout: 'web',
      displayed_amount: '500',
    });
    expect(response.status).toBe(200);
    expect(readPage(response.bytes).field('amount')).toBe('5000');
    const stored = await harness.payment(created.id);
    expect(stored.flags).toEqual(['displayed_amount_mismatch']);
    const events = await harness.store.listEvents(created.id);
    expect(events.at(-1)).toMatchObject({
      type: 'checkout.displayed_amount_mismatch',
      data: { amount: 5000, displayedAmount: 500 },
    });
  });

  it('does not flag a matching displayed amount', async () => {
    const created = await harness.createPayment({ amount: 5000 });
    await harness.checkout(created.id, {
      client_secret: created.clientSecret,
      layout: 'web',
      displayed_amount: '5000',
    });
    expect((await harness.payment(created.id)).flags).toEqual([]);
  });

  it('keeps the history of a payment checked out 200 times small, and its count and expiry', {
    timeout: 60_000,
  }, async () => {
    const created = await harness.createPayment({ amount: 5000 });
    // Late in the checkout window, so that each checkout pushes the expiry further.
    harness.clock.advance(24 * 60_000);
    let last: PurchasePage | undefined;
    for (let checkout = 1; checkout <= 200; checkout += 1) {
      harness.clock.advance(1000);
      const response = await harness.checkout(created.id, {
        client_secret: created.clientSecret,
        layout: checkout % 2 === 0 ? 'wap' : 'web',
        displayed_amount: '500',
      });
      expect(response.status).toBe(200);
      last = readPage(response.bytes);
    }

    const { settings } = harness.bridge.context;
    const latestRequest = parseSbpsDate(last?.field('request_date') ?? '');
    const stored = await harness.payment(created.id);
    expect(stored).toMatchObject({
      checkoutCount: 200,
      layout: 'wap',
      status: 'pending',
      flags: ['displayed_amount_mismatch'],
    });
    expect(stored.expiresAt.getTime()).toBe(
      pendingExpiresAt(getAcquirerProfile('sbps'), latestRequest, SBPS_LIMIT_SECOND).getTime() +
        settings.notificationGraceMs,
    );
    const types = (await harness.store.listEvents(created.id)).map((event) => event.type);
    expect(types.filter((type) => type === 'checkout.served')).toHaveLength(RECORDED_CHECKOUTS);
    expect(types.filter((type) => type === 'checkout.displayed_amount_mismatch')).toHaveLength(
      RECORDED_CHECKOUTS,
    );
    expect(types).toHaveLength(1 + 2 * RECORDED_CHECKOUTS);
    expect(RECORDED_CHECKOUTS).toBeLessThan(10);
  });

  it('refuses a wrong client secret and an unknown payment alike, changing nothing', async () => {
    const created = await harness.createPayment();
    const wrong = await harness.checkout(created.id, {
      client_secret: `${created.clientSecret.slice(0, -1)}x`,
      layout: 'web',
    });
    const unknown = await harness.checkout('pay_0000000000000000000000', {
      client_secret: created.clientSecret,
      layout: 'web',
    });
    for (const response of [wrong, unknown]) {
      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      const html = response.bytes.toString('utf8');
      expect(html).toContain('この決済リンクは無効です');
      expect(html).toContain('This payment link is not valid');
      expect(html).not.toContain('<form');
    }
    expect(await harness.payment(created.id)).toMatchObject({ checkoutCount: 0, layout: null });
  });

  it('refuses a bad layout', async () => {
    const created = await harness.createPayment();
    const response = await harness.checkout(created.id, {
      client_secret: created.clientSecret,
      layout: 'mobile',
    });
    expect(response.status).toBe(400);
    expect(response.bytes.toString('utf8')).not.toContain('<form');
  });

  it('never serves a second form once the payment is paid', async () => {
    const created = await harness.createPayment();
    await harness.notify(await harness.payment(created.id));
    const response = await harness.checkout(created.id, {
      client_secret: created.clientSecret,
      layout: 'web',
    });
    expect(response.status).toBe(409);
    const html = response.bytes.toString('utf8');
    expect(html).toContain('このお支払いは完了しています');
    expect(html).toContain('This payment is already complete');
    expect(html).not.toContain('<form');
    expect(html).not.toContain('<script');
  });

  it('expires a payment past its limit on checkout and refuses it', async () => {
    const created = await harness.createPayment();
    harness.clock.advance(30 * 60_000);
    const response = await harness.checkout(created.id, {
      client_secret: created.clientSecret,
      layout: 'web',
    });
    expect(response.status).toBe(410);
    expect(response.bytes.toString('utf8')).toContain('The time to pay has run out');
    expect((await harness.payment(created.id)).status).toBe('expired');
  });

  it('refuses a new checkout after the checkout window even while an older one can complete', async () => {
    const created = await harness.createPayment();
    harness.clock.advance(29 * 60_000);
    await harness.checkout(created.id, { client_secret: created.clientSecret, layout: 'web' });
    harness.clock.advance(2 * 60_000);
    const response = await harness.checkout(created.id, {
      client_secret: created.clientSecret,
      layout: 'web',
    });
    expect(response.status).toBe(410);
    // Still pending: the first request may still complete at SBPS.
    expect((await harness.payment(created.id)).status).toBe('pending');
  });
});
