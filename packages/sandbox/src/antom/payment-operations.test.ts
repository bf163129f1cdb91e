import { describe, expect, it } from 'vitest';
import { AntomTestMerchant, antomResendOffset as resendOffset } from '../testing/index.js';
import { merchantForEachTest } from '../testing/merchant-per-test.js';
import { ANTOM_ACK } from './notification-outbox.js';

// inquiryPayment, cancel, refund, inquiryRefund and notifyRefund (spec/antom-au.md §6–§8), over
// real HTTP with the test playing the merchant.

let shop: AntomTestMerchant;
merchantForEachTest(AntomTestMerchant.start, (merchant) => {
  shop = merchant;
});

const MINUTE = 60 * 1000;
const DAY = 24 * 60 * MINUTE;

async function paidPayment() {
  const started = await shop.startPayment();
  await shop.browser().payFrom(started.normalUrl);
  expect(shop.antom.payment({ paymentId: started.paymentId })?.status).toBe('SUCCESS');
  return started;
}

const refundBody = (paymentId: string, value = '1980', extra: Record<string, unknown> = {}) => ({
  refundRequestId: shop.newRequestId('rf'),
  paymentId,
  refundAmount: { currency: 'JPY', value },
  refundNotifyUrl: `${shop.origin}/shop/antom/refund-notify`,
  ...extra,
});

describe('inquiryPayment (spec §6)', () => {
  it('reports PROCESSING, then SUCCESS with paymentTime, by either ID', async () => {
    const { body, paymentId, normalUrl } = await shop.startPayment();
    const before = await shop.call('inquiryPayment', { paymentRequestId: body.paymentRequestId });
    expect(before.verified).toBe(true);
    expect(before.json).toMatchObject({
      result: { resultStatus: 'S', resultCode: 'SUCCESS' },
      paymentStatus: 'PROCESSING',
      paymentId,
    });
    shop.advance(2 * MINUTE);
    await shop.browser().payFrom(normalUrl);
    const after = await shop.call('inquiryPayment', { paymentId });
    expect(after.json).toMatchObject({
      paymentStatus: 'SUCCESS',
      paymentResultCode: 'SUCCESS',
      paymentRequestId: body.paymentRequestId,
      paymentAmount: { currency: 'JPY', value: '1980' },
      paymentTime: '2025-11-17T09:02:00+09:00',
    });
  });

  it('answers ORDER_NOT_EXIST for an unknown ID and PARAM_ILLEGAL without one', async () => {
    const unknown = await shop.call('inquiryPayment', { paymentId: 'nope' });
    expect(unknown.json.result).toMatchObject({ resultStatus: 'F', resultCode: 'ORDER_NOT_EXIST' });
    const none = await shop.call('inquiryPayment', {});
    expect(none.json.result).toMatchObject({ resultStatus: 'F', resultCode: 'PARAM_ILLEGAL' });
  });
});

describe('cancel (spec §7)', () => {
  it('cancels an unpaid payment; the buyer can no longer pay', async () => {
    const { paymentId, normalUrl } = await shop.startPayment();
    const reply = await shop.call('cancel', { paymentId });
    expect(reply.verified).toBe(true);
    expect(reply.json).toMatchObject({
      result: { resultStatus: 'S', resultCode: 'SUCCESS' },
      paymentId,
      cancelTime: '2025-11-17T09:00:00+09:00',
    });
    await shop.browser().payFrom(normalUrl);
    expect(shop.notifications).toHaveLength(0);
    const inquiry = await shop.call('inquiryPayment', { paymentId });
    expect(inquiry.json.paymentStatus).toBe('CANCELLED');
  });

  it('cancels a paid payment until 00:15 UTC+8 on the next day, and refuses after', async () => {
    // Paid 2025-11-17 08:00 UTC+8: cancellable until 2025-11-18 00:15 UTC+8 = 2025-11-17T16:15Z.
    const first = await paidPayment();
    const second = await paidPayment();
    shop.now = new Date('2025-11-17T16:14:59.999Z');
    const inWindow = await shop.call('cancel', { paymentId: first.paymentId });
    expect(inWindow.json.result.resultCode).toBe('SUCCESS');
    expect(
      (await shop.call('inquiryPayment', { paymentId: first.paymentId })).json.paymentStatus,
    ).toBe('CANCELLED');

    shop.now = new Date('2025-11-17T16:15:00Z');
    const late = await shop.call('cancel', { paymentId: second.paymentId });
    expect(late.json.result).toMatchObject({
      resultStatus: 'F',
      resultCode: 'CANCEL_WINDOW_EXCEED',
    });
    expect(shop.antom.payment({ paymentId: second.paymentId })?.status).toBe('SUCCESS');
  });

  it('refuses an unknown payment', async () => {
    const reply = await shop.call('cancel', { paymentRequestId: 'nope' });
    expect(reply.json.result.resultCode).toBe('ORDER_NOT_EXIST');
  });
});

describe('refund (spec §8.1)', () => {
  it('refunds the full amount once; a retry with the same refundRequestId gets the same refund', async () => {
    const { paymentId } = await paidPayment();
    shop.advance(3 * DAY);
    const body = refundBody(paymentId);
    const reply = await shop.call('refund', body);
    expect(reply.verified).toBe(true);
    expect(reply.json).toMatchObject({
      result: { resultStatus: 'S', resultCode: 'SUCCESS' },
      refundRequestId: body.refundRequestId,
      paymentId,
      refundAmount: { currency: 'JPY', value: '1980' },
      refundTime: '2025-11-20T09:00:00+09:00',
    });
    const retry = await shop.call('refund', body);
    expect(retry.json).toEqual(reply.json);
    const changed = await shop.call('refund', { ...body, refundReason: 'other' });
    expect(changed.json.result.resultCode).toBe('REPEAT_REQ_INCONSISTENT');
    const second = await shop.call('refund', refundBody(paymentId));
    expect(second.json.result).toMatchObject({
      resultStatus: 'F',
      resultCode: 'REFUND_AMOUNT_EXCEED',
    });
    expect(shop.antom.refunds()).toHaveLength(1);
  });

  it('refuses a partial refund (BUSINESS_NOT_SUPPORT) and a larger one (REFUND_AMOUNT_EXCEED)', async () => {
    const { paymentId } = await paidPayment();
    const partial = await shop.call('refund', refundBody(paymentId, '1000'));
    expect(partial.json.result).toMatchObject({
      resultStatus: 'F',
      resultCode: 'BUSINESS_NOT_SUPPORT',
    });
    const larger = await shop.call('refund', refundBody(paymentId, '1981'));
    expect(larger.json.result).toMatchObject({
      resultStatus: 'F',
      resultCode: 'REFUND_AMOUNT_EXCEED',
    });
    expect(shop.antom.refunds()).toHaveLength(0);
  });

  it('refunds until 60 days after the payment, and refuses after (REFUND_WINDOW_EXCEED)', async () => {
    const first = await paidPayment();
    const second = await paidPayment();
    shop.advance(60 * DAY - 1);
    expect((await shop.call('refund', refundBody(first.paymentId))).json.result.resultCode).toBe(
      'SUCCESS',
    );
    shop.advance(1);
    const late = await shop.call('refund', refundBody(second.paymentId));
    expect(late.json.result).toMatchObject({
      resultStatus: 'F',
      resultCode: 'REFUND_WINDOW_EXCEED',
    });
  });

  it('refuses an unpaid or cancelled payment', async () => {
    const { paymentId } = await shop.startPayment();
    expect((await shop.call('refund', refundBody(paymentId))).json.result.resultCode).toBe(
      'PROCESS_FAIL',
    );
    await shop.call('cancel', { paymentId });
    expect((await shop.call('refund', refundBody(paymentId))).json.result.resultCode).toBe(
      'ORDER_IS_CLOSED',
    );
    expect((await shop.call('refund', refundBody('nope'))).json.result.resultCode).toBe(
      'ORDER_NOT_EXIST',
    );
  });

  it('refuses a refundNotifyUrl outside the notification origins', async () => {
    const { paymentId } = await paidPayment();
    const reply = await shop.call(
      'refund',
      refundBody(paymentId, '1980', { refundNotifyUrl: 'https://attacker.example/n' }),
    );
    expect(reply.json.result.resultCode).toBe('PARAM_ILLEGAL');
  });
});

describe('inquiryRefund and notifyRefund (spec §8.2, §8.3)', () => {
  it('reports the refund, notifies it signed, and resends until the exact ack', async () => {
    const { paymentId } = await paidPayment();
    shop.answer = (n) =>
      n.path.endsWith('/refund-notify')
        ? { status: 200, body: 'OK' }
        : { status: 200, body: ANTOM_ACK };
    const body = refundBody(paymentId);
    const reply = await shop.call('refund', body);
    await shop.sandbox.whenIdle();

    const refundNotices = () =>
      shop.notifications.filter((n) => n.path === '/shop/antom/refund-notify');
    expect(refundNotices()).toHaveLength(1);
    const [notice] = refundNotices();
    expect(notice?.verified).toBe(true);
    expect(notice?.json).toEqual({
      notifyType: 'REFUND_RESULT',
      result: { resultCode: 'SUCCESS', resultStatus: 'S', resultMessage: 'success' },
      refundStatus: 'SUCCESS',
      refundRequestId: body.refundRequestId,
      refundId: reply.json.refundId,
      refundAmount: { currency: 'JPY', value: '1980' },
      refundTime: '2025-11-17T09:00:00+09:00',
    });

    shop.answer = () => ({ status: 200, body: ANTOM_ACK });
    shop.advance(resendOffset(1));
    await shop.antom.processDue();
    expect(refundNotices()).toHaveLength(2);
    const sent = shop.antom.notifications().find((n) => n.notifyType === 'REFUND_RESULT');
    expect(sent?.acknowledged).toBe(true);
    expect(sent?.attempts.map((a) => a.acknowledged)).toEqual([false, true]);

    for (const ids of [
      { refundId: reply.json.refundId },
      { refundRequestId: body.refundRequestId },
    ]) {
      const inquiry = await shop.call('inquiryRefund', ids);
      expect(inquiry.verified).toBe(true);
      expect(inquiry.json).toMatchObject({
        result: { resultStatus: 'S' },
        refundStatus: 'SUCCESS',
        refundId: reply.json.refundId,
        refundAmount: { currency: 'JPY', value: '1980' },
      });
    }
    const payment = await shop.call('inquiryPayment', { paymentId });
    expect(payment.json.transactions).toEqual([
      expect.objectContaining({ transactionType: 'REFUND', transactionId: reply.json.refundId }),
    ]);
    const unknown = await shop.call('inquiryRefund', { refundId: 'nope' });
    expect(unknown.json.result.resultCode).toBe('ORDER_NOT_EXIST');
  });
});
