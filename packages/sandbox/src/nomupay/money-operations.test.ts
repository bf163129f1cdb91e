import { describe, expect, it } from 'vitest';
import { NomupayTestMerchant } from '../testing/index.js';
import { merchantForEachTest } from '../testing/merchant-per-test.js';

// Captures, cancels and refunds (spec/nomupay-au.md §6): answered `pending`, processed right after,
// final by webhook and tracking URL (§8); one partial of each kind, a second refused.

let shop: NomupayTestMerchant;
merchantForEachTest(NomupayTestMerchant.start, (merchant) => {
  shop = merchant;
});

const yen = (value: number) => ({ amount: { value, currency: 'jpy' } });

/** Posts an operation, lets it be processed, and answers its first answer and its tracking. */
async function operate(paymentId: string, kind: 'captures' | 'cancels' | 'refunds', body?: object) {
  const answer = await shop.call('POST', `/v1/payments/${paymentId}/${kind}`, body);
  await shop.sandbox.whenIdle();
  return answer;
}

const webhookStatuses = () =>
  shop.webhooks.map((webhook) => [webhook.envelope.type, webhook.envelope.payload.status]);

describe('captures', () => {
  it('takes one partial capture, answered pending, final by webhook and tracking URL; a second is refused', async () => {
    const id = await shop.paidPayment(1980);

    const first = await shop.call('POST', `/v1/payments/${id}/captures`, {
      ...yen(500),
      merchantReference: 'cap-1',
    });
    expect(first.status).toBe(201);
    expect(first.verification.ok).toBe(true);
    expect(first.json).toMatchObject({
      paymentId: id,
      merchantReference: 'cap-1',
      status: 'pending',
      amount: { value: 500, currency: 'jpy' },
    });
    expect(first.json.trackingUrl).toMatch(/^\/v1\/tracks\/captures\/[\w-]+$/);
    await shop.sandbox.whenIdle();

    const tracked = await shop.call('GET', first.json.trackingUrl as string);
    expect(tracked.verification.ok).toBe(true);
    expect(tracked.json).toMatchObject({ id: first.json.id, status: 'partially_captured' });
    expect(webhookStatuses()).toEqual([
      ['payment', 'approved'],
      ['capture', 'partially_captured'],
    ]);
    const payment = await shop.call('GET', `/v1/payments/${id}`);
    expect(payment.json.status).toBe('partially_captured');
    expect(shop.sandbox.nomupay?.payment(id)?.capturedAmount).toBe(500);

    // No multiple partial captures: the rest was released.
    const second = await operate(id, 'captures', yen(100));
    expect(second.status).toBe(400);
    expect(second.json).toMatchObject({
      error: { code: 'multiple_partial_captures_not_supported' },
    });
    expect(shop.sandbox.nomupay?.operationsOf(id)).toHaveLength(1);
  });

  it('captures everything without an amount, and refuses more than was authorized', async () => {
    const id = await shop.paidPayment(1980);
    const tooMuch = await operate(id, 'captures', yen(1981));
    expect(tooMuch.status).toBe(400);
    expect(tooMuch.json).toMatchObject({ error: { code: 'amount_too_large' } });
    const full = await operate(id, 'captures');
    expect(full.json).toMatchObject({ status: 'pending', amount: { value: 1980 } });
    expect(shop.sandbox.nomupay?.payment(id)?.status).toBe('captured');
  });

  it('refuses to capture a payment the buyer has not paid', async () => {
    const created = await shop.createPayment();
    const answer = await operate(created.json.id as string, 'captures');
    expect(answer.status).toBe(400);
    expect(answer.json).toMatchObject({ error: { code: 'invalid_payment_status' } });
  });

  it('refuses a capture after the 90-day window (Japan time)', async () => {
    const id = await shop.paidPayment(1980);
    // Paid 2025-03-01 12:00 JST: day 90 is 29 May; the window closes 30 May 00:00 JST.
    shop.now = new Date('2025-05-29T15:00:00Z');
    const late = await operate(id, 'captures');
    expect(late.status).toBe(400);
    expect(late.json).toMatchObject({ error: { code: 'capture_window_closed' } });
  });
});

describe('cancels', () => {
  it('takes one partial cancel; a second is refused; the rest can still be captured', async () => {
    const id = await shop.paidPayment(1980);
    const first = await operate(id, 'cancels', yen(480));
    expect(first.json).toMatchObject({ status: 'pending', amount: { value: 480 } });
    const tracked = await shop.call('GET', first.json.trackingUrl as string);
    expect(tracked.json.status).toBe('partially_cancelled');
    expect(shop.sandbox.nomupay?.payment(id)).toMatchObject({
      status: 'partially_cancelled',
      cancelledAmount: 480,
    });

    const second = await operate(id, 'cancels');
    expect(second.status).toBe(400);
    expect(second.json).toMatchObject({
      error: { code: 'multiple_partial_cancels_not_supported' },
    });

    const capture = await operate(id, 'captures');
    expect(capture.json).toMatchObject({ amount: { value: 1500 } });
    expect(shop.sandbox.nomupay?.payment(id)?.status).toBe('captured');
    expect(webhookStatuses()).toEqual([
      ['payment', 'approved'],
      ['cancel', 'partially_cancelled'],
      ['capture', 'captured'],
    ]);
  });

  it('cancels in full, after which nothing more is possible', async () => {
    const id = await shop.paidPayment(1980);
    await operate(id, 'cancels');
    expect(shop.sandbox.nomupay?.payment(id)?.status).toBe('cancelled');
    const capture = await operate(id, 'captures');
    expect(capture.json).toMatchObject({ error: { code: 'invalid_payment_status' } });
  });

  it('refuses to cancel once captured (that is a refund)', async () => {
    const id = await shop.paidPayment(1980);
    await operate(id, 'captures');
    const cancel = await operate(id, 'cancels');
    expect(cancel.json).toMatchObject({ error: { code: 'invalid_payment_status' } });
  });
});

describe('refunds', () => {
  it('takes one partial refund from the month after the capture; a second is refused', async () => {
    const id = await shop.paidPayment(1980);
    await operate(id, 'captures');

    // Captured in March (Japan time): a partial refund opens on 1 April 00:00 JST.
    const early = await operate(id, 'refunds', yen(300));
    expect(early.status).toBe(400);
    expect(early.json).toMatchObject({ error: { code: 'partial_refund_not_yet_open' } });

    shop.now = new Date('2025-03-31T15:00:00Z');
    const first = await operate(id, 'refunds', { ...yen(300), merchantReference: 'rf-1' });
    expect(first.json).toMatchObject({ status: 'pending', merchantReference: 'rf-1' });
    const tracked = await shop.call('GET', first.json.trackingUrl as string);
    expect(tracked.json.status).toBe('partially_refunded');
    expect(shop.sandbox.nomupay?.payment(id)).toMatchObject({
      status: 'partially_refunded',
      refundedAmount: 300,
    });

    const second = await operate(id, 'refunds', yen(300));
    expect(second.status).toBe(400);
    expect(second.json).toMatchObject({
      error: { code: 'multiple_partial_refunds_not_supported' },
    });
    const rest = await operate(id, 'refunds');
    expect(rest.json).toMatchObject({ error: { code: 'multiple_partial_refunds_not_supported' } });
    expect(webhookStatuses().at(-1)).toEqual(['refund', 'partially_refunded']);
  });

  it('refunds in full at once, and refuses more than was captured', async () => {
    const id = await shop.paidPayment(1980);
    await operate(id, 'captures', yen(1000));
    const tooMuch = await operate(id, 'refunds', yen(1001));
    expect(tooMuch.json).toMatchObject({ error: { code: 'amount_too_large' } });
    const full = await operate(id, 'refunds');
    expect(full.json).toMatchObject({ amount: { value: 1000 } });
    expect(shop.sandbox.nomupay?.payment(id)?.status).toBe('refunded');
  });

  it('refuses a refund of an approved payment that was never captured', async () => {
    const id = await shop.paidPayment(1980);
    const refund = await operate(id, 'refunds');
    expect(refund.json).toMatchObject({ error: { code: 'invalid_payment_status' } });
  });
});
