import { describe, expect, it } from 'vitest';
import { AntomTestMerchant, antomResendOffset as resendOffset } from '../testing/index.js';
import { merchantForEachTest } from '../testing/merchant-per-test.js';
import { ANTOM_ACK, RESEND_OFFSETS_MS } from './notification-outbox.js';

// pay → the buyer's au screens → notifyPayment → back to paymentRedirectUrl, over real HTTP
// (spec/antom-au.md §4, §5, §10, §12), with the test playing the merchant.

let shop: AntomTestMerchant;
merchantForEachTest(AntomTestMerchant.start, (merchant) => {
  shop = merchant;
});

const MINUTE = 60 * 1000;

async function startPayment(overrides: Record<string, unknown> = {}) {
  const { body, reply, normalUrl } = await shop.startPayment(overrides);
  expect(reply.verified).toBe(true);
  expect(reply.json.result.resultCode).toBe('PAYMENT_IN_PROCESS');
  return { body, reply: reply.json, normalUrl };
}

describe('a successful payment', () => {
  it('walks the au screens, sends a signed notifyPayment that is acked, and redirects', async () => {
    const { body, reply, normalUrl } = await startPayment();
    expect(reply.paymentId).toMatch(/^\d{8}\d+$/);
    expect(reply.paymentAmount).toEqual({ currency: 'JPY', value: '1980' });
    expect(reply.paymentCreateTime).toBe('2025-11-17T09:00:00+09:00');
    expect(normalUrl).toMatch(new RegExp(`^${shop.origin}/sandbox/antom/au/[\\w-]+/login$`));
    expect(reply.redirectActionForm).toEqual({
      method: 'GET',
      redirectUrl: normalUrl,
      actionFormType: 'RedirectActionForm',
    });

    shop.advance(MINUTE);
    const buyer = shop.browser();
    const journey = await buyer.payFrom(normalUrl);
    expect(journey.screens).toEqual(['login', 'code', 'confirm', 'return', 'other']);
    expect(journey.pages[0]?.html).toContain('class="layout-web"');
    expect(journey.pages[2]?.html).toContain('1,980円');
    // Back to paymentRedirectUrl unchanged, by GET.
    expect(journey.landedAt.href).toBe(body.paymentRedirectUrl);
    expect(shop.returns).toEqual([`/shop/return?ref=${body.paymentRequestId}`]);

    // The notification reached the merchant before the browser came back, signed by Antom.
    expect(shop.notifications).toHaveLength(1);
    const [notification] = shop.notifications;
    expect(notification?.verified).toBe(true);
    expect(notification?.path).toBe('/shop/antom/notify');
    expect(notification?.json).toEqual({
      notifyType: 'PAYMENT_RESULT',
      result: { resultCode: 'SUCCESS', resultStatus: 'S', resultMessage: 'success' },
      paymentRequestId: body.paymentRequestId,
      paymentId: reply.paymentId,
      paymentAmount: { currency: 'JPY', value: '1980' },
      paymentCreateTime: '2025-11-17T09:00:00+09:00',
      paymentTime: '2025-11-17T09:01:00+09:00',
      paymentMethodType: 'AU',
    });

    const [sent] = shop.antom.notifications();
    expect(sent?.acknowledged).toBe(true);
    expect(sent?.attempts).toHaveLength(1);
    expect(sent?.attempts[0]?.answer).toBe(ANTOM_ACK);
    expect(shop.antom.payment({ paymentId: reply.paymentId })?.status).toBe('SUCCESS');
  });

  it('shows the smartphone layout for terminalType WAP', async () => {
    const { normalUrl } = await startPayment({
      env: { terminalType: 'WAP', osType: 'IOS' },
    });
    // A desktop browser still gets the WAP screens: terminalType decides, not the User-Agent.
    const page = await shop.browser().browse(normalUrl);
    expect(page.html).toContain('class="layout-wap"');
  });
});

describe('the acknowledgement (spec §5.2)', () => {
  it('resends on the schedule, driven by the sandbox clock, until the exact ack arrives', async () => {
    shop.answer = () => ({ status: 200, body: '{"result":{"resultStatus":"S"}}' });
    const { normalUrl } = await startPayment();
    await shop.browser().payFrom(normalUrl);
    expect(shop.notifications).toHaveLength(1);
    const [sent] = shop.antom.notifications();
    expect(sent?.acknowledged).toBe(false);
    expect(sent?.nextAttemptAt).toEqual(new Date(shop.now.getTime() + resendOffset(1)));

    // Not due yet: nothing is sent.
    shop.advance(resendOffset(1) - 1);
    await shop.antom.processDue();
    expect(shop.notifications).toHaveLength(1);

    shop.advance(1);
    await shop.antom.processDue();
    expect(shop.notifications).toHaveLength(2);
    expect(shop.notifications[1]?.body).toBe(shop.notifications[0]?.body);
    expect(shop.notifications[1]?.verified).toBe(true);

    shop.answer = () => ({ status: 200, body: ANTOM_ACK });
    shop.advance(resendOffset(2) - resendOffset(1));
    await shop.antom.processDue();
    expect(shop.notifications).toHaveLength(3);
    expect(sent?.acknowledged).toBe(true);
    expect(sent?.nextAttemptAt).toBeNull();
    shop.advance(24 * 60 * MINUTE);
    await shop.antom.processDue();
    expect(shop.notifications).toHaveLength(3);
  });

  it('takes the ack with other spacing and key order, but not with an extra field', async () => {
    shop.answer = () => ({
      status: 200,
      body: '{ "result": { "resultMessage": "success", "resultStatus": "S", "resultCode": "SUCCESS" } }',
    });
    const { normalUrl } = await startPayment();
    await shop.browser().payFrom(normalUrl);
    expect(shop.antom.notifications()[0]?.acknowledged).toBe(true);

    shop.answer = () => ({
      status: 200,
      body: JSON.stringify({ ...JSON.parse(ANTOM_ACK), ok: 1 }),
    });
    const second = await startPayment();
    await shop.browser().payFrom(second.normalUrl);
    expect(shop.antom.notifications()[1]?.acknowledged).toBe(false);
  });

  it('stops after 8 attempts', async () => {
    shop.answer = () => ({ status: 500, body: 'down' });
    const { normalUrl } = await startPayment();
    await shop.browser().payFrom(normalUrl);
    const start = shop.now.getTime();
    for (const offset of RESEND_OFFSETS_MS.slice(1)) {
      shop.now = new Date(start + offset);
      await shop.antom.processDue();
    }
    expect(shop.notifications).toHaveLength(8);
    const [sent] = shop.antom.notifications();
    expect(sent?.attempts.map((a) => a.at.getTime() - start)).toEqual([...RESEND_OFFSETS_MS]);
    expect(sent?.nextAttemptAt).toBeNull();
  });
});

describe('scenarios', () => {
  const failures = [
    ['cancel@au.example', 'ORDER_IS_CLOSED'],
    ['limit@au.example', 'USER_AMOUNT_EXCEED_LIMIT'],
    ['restricted@au.example', 'USER_STATUS_ABNORMAL'],
  ] as const;

  for (const [auId, code] of failures) {
    it(`${auId}: the payment fails with ${code}, notified, and the buyer is redirected`, async () => {
      const { body, reply, normalUrl } = await startPayment();
      const journey = await shop.browser().payFrom(normalUrl, { auId });
      expect(journey.landedAt.href).toBe(body.paymentRedirectUrl);
      expect(shop.notifications).toHaveLength(1);
      const [notification] = shop.notifications;
      expect(notification?.verified).toBe(true);
      expect(notification?.json.result).toMatchObject({ resultStatus: 'F', resultCode: code });
      expect(notification?.json).not.toHaveProperty('paymentTime');
      const inquiry = await shop.call('inquiryPayment', { paymentId: reply.paymentId });
      expect(inquiry.json.paymentStatus).toBe('FAIL');
      expect(inquiry.json.paymentResultCode).toBe(code);
    });
  }

  it('the cancel button on the code screen fails the payment the same way', async () => {
    const { reply, normalUrl } = await startPayment();
    await shop.browser().payFrom(normalUrl, { cancelAt: 'code' });
    expect(shop.notifications[0]?.json.result).toMatchObject({ resultCode: 'ORDER_IS_CLOSED' });
    expect(shop.antom.payment({ paymentId: reply.paymentId })?.status).toBe('FAIL');
  });

  it('ng@au.example: the notification is signed with a wrong key; inquiry says SUCCESS', async () => {
    const { reply, normalUrl } = await startPayment();
    await shop.browser().payFrom(normalUrl, { auId: 'ng@au.example' });
    expect(shop.notifications).toHaveLength(1);
    expect(shop.notifications[0]?.verified).toBe(false);
    expect(shop.antom.notifications()[0]?.acknowledged).toBe(false);
    const inquiry = await shop.call('inquiryPayment', { paymentId: reply.paymentId });
    expect(inquiry.json.paymentStatus).toBe('SUCCESS');
  });

  it('slow@au.example: the buyer is back first; the notification comes later', async () => {
    const { normalUrl } = await startPayment();
    await shop.browser().payFrom(normalUrl, { auId: 'slow@au.example' });
    expect(shop.returns).toHaveLength(1);
    expect(shop.notifications).toHaveLength(0);
    shop.advance(30_000);
    await shop.antom.processDue();
    expect(shop.notifications).toHaveLength(1);
    expect(shop.notifications[0]?.verified).toBe(true);
    expect(shop.notifications[0]?.json.result).toMatchObject({ resultCode: 'SUCCESS' });
  });

  it('duplicate@au.example: the same notification twice, each acked', async () => {
    const { normalUrl } = await startPayment();
    await shop.browser().payFrom(normalUrl, { auId: 'duplicate@au.example' });
    expect(shop.notifications).toHaveLength(2);
    expect(shop.notifications[1]?.body).toBe(shop.notifications[0]?.body);
    expect(shop.antom.notifications().every((n) => n.acknowledged)).toBe(true);
  });
});

describe('the 14-minute timeout (spec §10)', () => {
  it('fails an unpaid payment with ORDER_IS_CLOSED at 14 minutes and notifies', async () => {
    const { reply, normalUrl } = await startPayment();
    const buyer = shop.browser();
    await buyer.browse(normalUrl);
    shop.advance(14 * MINUTE - 1);
    const early = await shop.call('inquiryPayment', { paymentRequestId: reply.paymentRequestId });
    expect(early.json.paymentStatus).toBe('PROCESSING');
    expect(shop.notifications).toHaveLength(0);

    shop.advance(1);
    await shop.antom.processDue();
    expect(shop.notifications).toHaveLength(1);
    expect(shop.notifications[0]?.json.result).toMatchObject({
      resultStatus: 'F',
      resultCode: 'ORDER_IS_CLOSED',
    });
    const late = await shop.call('inquiryPayment', { paymentRequestId: reply.paymentRequestId });
    expect(late.json.paymentStatus).toBe('FAIL');

    // The buyer can no longer pay: the au screens send them back.
    const page = await buyer.fill('login', { au_id: 'success@au.example', password: 'pw' });
    expect(page.name).toBe('return');
    expect(page.html).toContain('お支払いの開始から 14 分を過ぎたため');
    expect(shop.antom.payment({ paymentId: reply.paymentId })?.status).toBe('FAIL');
    expect(shop.notifications).toHaveLength(1);
  });
});

describe('pay fields and idempotency (spec §4, §12)', () => {
  const cases: Array<[string, Record<string, unknown>, string]> = [
    ['amount 0', { paymentAmount: { currency: 'JPY', value: '0' } }, 'PARAM_ILLEGAL'],
    [
      'a number, not a string',
      { paymentAmount: { currency: 'JPY', value: 1980 } },
      'PARAM_ILLEGAL',
    ],
    [
      'above 500,000',
      { paymentAmount: { currency: 'JPY', value: '500001' } },
      'PAYMENT_AMOUNT_EXCEED_LIMIT',
    ],
    ['USD', { paymentAmount: { currency: 'USD', value: '10' } }, 'CURRENCY_NOT_SUPPORT'],
    ['another product', { productCode: 'AGREEMENT_PAYMENT' }, 'PARAM_ILLEGAL'],
    ['another method type', { paymentMethod: { paymentMethodType: 'CARD' } }, 'PARAM_ILLEGAL'],
    ['terminalType APP', { env: { terminalType: 'APP', osType: 'IOS' } }, 'PARAM_ILLEGAL'],
    ['WAP without osType', { env: { terminalType: 'WAP' } }, 'PARAM_ILLEGAL'],
    ['no redirect URL', { paymentRedirectUrl: undefined }, 'PARAM_ILLEGAL'],
    [
      'a notify URL elsewhere',
      { paymentNotifyUrl: 'https://attacker.example/notify' },
      'PARAM_ILLEGAL',
    ],
  ];
  for (const [name, overrides, code] of cases) {
    it(`refuses ${name}: ${code}`, async () => {
      const reply = await shop.call('pay', shop.payBody(overrides));
      expect(reply.verified).toBe(true);
      expect(reply.json.result).toMatchObject({ resultStatus: 'F', resultCode: code });
      expect(shop.antom.payments()).toHaveLength(0);
    });
  }

  it('accepts 500,000 yen', async () => {
    const reply = await shop.call(
      'pay',
      shop.payBody({ paymentAmount: { currency: 'JPY', value: '500000' } }),
    );
    expect(reply.json.result.resultCode).toBe('PAYMENT_IN_PROCESS');
  });

  it('answers a repeat with the same payment, and refuses other content', async () => {
    const body = shop.payBody();
    const first = await shop.call('pay', body);
    const again = await shop.call('pay', body);
    expect(again.json).toEqual(first.json);
    const other = await shop.call('pay', {
      ...body,
      paymentAmount: { currency: 'JPY', value: '2000' },
    });
    expect(other.json.result).toMatchObject({
      resultStatus: 'F',
      resultCode: 'REPEAT_REQ_INCONSISTENT',
    });
    expect(shop.antom.payments()).toHaveLength(1);

    await shop.browser().payFrom(first.json.normalUrl);
    const afterPaying = await shop.call('pay', body);
    expect(afterPaying.json.result).toMatchObject({ resultStatus: 'S', resultCode: 'SUCCESS' });
    expect(afterPaying.json.paymentId).toBe(first.json.paymentId);
    expect(afterPaying.json).not.toHaveProperty('normalUrl');
  });
});
