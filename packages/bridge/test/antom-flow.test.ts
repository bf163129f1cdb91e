import { generateKeyPairSync } from 'node:crypto';
import { signAntomRequest } from '@au-pay/core/antom';
import { ANTOM_ACK } from '@au-pay/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANTOM_NOTIFY_ACK } from '../src/acquirers/antom/notification.js';
import { BridgeHarness, TestClock } from '../src/testing/bridge-harness.js';

// Antom through the bridge against the emulator it mounts in sandbox mode (default ANTOM_* values):
// checkout → pay → normalUrl → au screens → notifyPayment → return; refund; timeout; forgeries.

let harness: BridgeHarness;
beforeAll(async () => {
  harness = await BridgeHarness.start({ clock: new TestClock('2025-11-17T10:00:00+09:00') });
});
afterAll(async () => {
  await harness.close();
});

function antom() {
  const state = harness.bridge.sandbox?.antom;
  if (!state) throw new Error('the sandbox has no Antom emulator');
  return state;
}

/** Creates an Antom payment and starts its checkout; answers the payment and Antom's normalUrl. */
async function startCheckout(amount = 1980, layout: 'web' | 'wap' = 'web') {
  const created = await harness.createPayment({ acquirer: 'antom', amount });
  const checkout = await harness.checkout(created.id, {
    client_secret: created.clientSecret,
    layout,
  });
  expect(checkout.status).toBe(303);
  const normalUrl = checkout.headers.get('location') ?? '';
  return { created, normalUrl };
}

describe('antom: success', () => {
  it('pays through Antom (automatic capture only), acknowledges the notification with the exact §5.2 body', async () => {
    const { created, normalUrl } = await startCheckout(1980);
    expect(normalUrl.startsWith(`${harness.url}/sandbox/antom/au/`)).toBe(true);
    const sent = antom().payment({ paymentRequestId: created.id });
    expect(sent).toMatchObject({ amount: 1980, terminalType: 'WEB' });
    expect(sent?.paymentRedirectUrl).toBe(`${harness.url}/antom/return/${created.id}`);
    expect(sent?.paymentNotifyUrl).toBe(`${harness.url}/antom/notify`);

    const journey = await harness.buyer().payFrom(normalUrl);
    expect(new URL(journey.landed.url).origin + new URL(journey.landed.url).pathname).toBe(
      'https://shop.example/orders/1001/return',
    );
    expect(new URL(journey.landed.url).searchParams.get('status')).toBe('captured');
    expect(new URL(journey.landed.url).searchParams.get('payment')).toBe(created.id);

    const payment = await harness.payment(created.id);
    expect(payment).toMatchObject({ status: 'captured', capturedAmount: 1980 });
    expect(payment.acquirerReference).toBe(sent?.paymentId);

    const notification = antom()
      .notifications()
      .find((n) => n.paymentId === sent?.paymentId);
    expect(notification?.acknowledged).toBe(true);
    expect(notification?.attempts.map((a) => [a.status, a.answer])).toEqual([
      [200, ANTOM_NOTIFY_ACK],
    ]);
    expect(ANTOM_NOTIFY_ACK).toBe(ANTOM_ACK);
  });

  it('a second checkout reuses the same paymentRequestId (one Antom payment), WAP layout sent as terminalType WAP', async () => {
    const { created, normalUrl } = await startCheckout(500, 'wap');
    const again = await harness.checkout(created.id, {
      client_secret: created.clientSecret,
      layout: 'wap',
    });
    expect(again.status).toBe(303);
    expect(again.headers.get('location')).toBe(normalUrl);
    const all = antom()
      .payments()
      .filter((p) => p.paymentRequestId === created.id);
    expect(all).toHaveLength(1);
    expect(all[0]?.terminalType).toBe('WAP');
  });

  it('refuses manual capture for Antom at creation', async () => {
    const response = await harness.api('POST', '/v1/payments', {
      amount: 1000,
      currency: 'JPY',
      merchantReference: 'ORDER-M',
      itemName: 'item',
      returnUrl: 'https://shop.example/r',
      acquirer: 'antom',
      captureMode: 'manual',
    });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ error: { param: 'captureMode' } });
  });

  it('refuses amounts outside Antom’s 1–500,000 yen', async () => {
    const response = await harness.api('POST', '/v1/payments', {
      amount: 500_001,
      currency: 'JPY',
      merchantReference: 'ORDER-BIG',
      itemName: 'item',
      returnUrl: 'https://shop.example/r',
      acquirer: 'antom',
    });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ error: { param: 'amount' } });
  });
});

describe('antom: buyer cancels', () => {
  it('the buyer cancels on the au screens: the payment fails and the buyer is sent back', async () => {
    const { created, normalUrl } = await startCheckout(1200);
    const journey = await harness.buyer().payFrom(normalUrl, { cancelAt: 'login' });
    expect(new URL(journey.landed.url).searchParams.get('status')).toBe('failed');
    expect(await harness.payment(created.id)).toMatchObject({ status: 'failed' });
  });
});

describe('antom: refunds', () => {
  it('refunds in full once, with refundRequestId = the operation id', async () => {
    const { created, normalUrl } = await startCheckout(3000);
    await harness.buyer().payFrom(normalUrl);
    const refund = await harness.api('POST', `/v1/payments/${created.id}/refunds`, {});
    expect(refund.status).toBe(200);
    expect(refund.body).toMatchObject({ status: 'refunded', refundedAmount: 3000 });
    const paymentId = (await harness.payment(created.id)).acquirerReference;
    const refunds = antom()
      .refunds()
      .filter((r) => r.paymentId === paymentId);
    expect(refunds).toHaveLength(1);
    expect(refunds[0]?.refundRequestId).toMatch(/^op_/);
    // notifyRefund is acknowledged with the exact body.
    await harness.bridge.sandbox?.whenIdle();
    const notified = antom()
      .notifications()
      .filter((n) => n.notifyType === 'REFUND_RESULT' && n.paymentId === paymentId);
    expect(notified.length).toBeGreaterThan(0);
    expect(notified.every((n) => n.acknowledged)).toBe(true);
  });

  it('refuses a partial refund before calling Antom (not_supported_by_acquirer)', async () => {
    const { created, normalUrl } = await startCheckout(3000);
    await harness.buyer().payFrom(normalUrl);
    const before = antom().refunds().length;
    const refund = await harness.api<{ error: { code: string; message_ja: string } }>(
      'POST',
      `/v1/payments/${created.id}/refunds`,
      { amount: 1000 },
    );
    expect(refund.status).toBe(409);
    expect(refund.body.error.code).toBe('not_supported_by_acquirer');
    expect(refund.body.error.message_ja).not.toBe('');
    expect(antom().refunds().length).toBe(before);
    expect(await harness.payment(created.id)).toMatchObject({ status: 'captured' });
  });
});

describe('antom: cancel (spec/antom-au.md §7)', () => {
  /** Waits for the merchant's webhook of `type` about `paymentId`. */
  async function webhookOf(paymentId: string, type: string) {
    await harness.until(() => harness.webhooks.ofPayment(paymentId).some((e) => e.type === type));
    return harness.webhooks.ofPayment(paymentId).find((e) => e.type === type);
  }

  it('cancels a paid payment inside the window: Antom cancels it, the payment is cancelled, webhook sent', async () => {
    const { created, normalUrl } = await startCheckout(2500);
    await harness.buyer().payFrom(normalUrl);
    expect(await harness.payment(created.id)).toMatchObject({ status: 'captured' });
    const cancel = await harness.api('POST', `/v1/payments/${created.id}/cancel`, {});
    expect(cancel.status).toBe(200);
    expect(cancel.body).toMatchObject({ id: created.id, status: 'cancelled' });
    expect(antom().payment({ paymentRequestId: created.id })).toMatchObject({
      status: 'CANCELLED',
    });
    expect(await harness.payment(created.id)).toMatchObject({ status: 'cancelled' });
    const webhook = await webhookOf(created.id, 'payment.cancelled');
    expect(webhook?.data.payment).toMatchObject({ id: created.id, status: 'cancelled' });
  });

  it('cancels an unpaid payment: the buyer can no longer pay it', async () => {
    const { created, normalUrl } = await startCheckout(700);
    const cancel = await harness.api('POST', `/v1/payments/${created.id}/cancel`, {});
    expect(cancel.status).toBe(200);
    expect(cancel.body).toMatchObject({ status: 'cancelled' });
    expect(antom().payment({ paymentRequestId: created.id })).toMatchObject({
      status: 'CANCELLED',
    });
    await harness.buyer().payFrom(normalUrl);
    expect(await harness.payment(created.id)).toMatchObject({ status: 'cancelled' });
    await webhookOf(created.id, 'payment.cancelled');
  });

  it('refuses after 00:15 UTC+8 the next day (paid_cancellation_window_closed): nothing sent to Antom', async () => {
    const { created, normalUrl } = await startCheckout(1200);
    await harness.buyer().payFrom(normalUrl);
    const paidAt = (await harness.payment(created.id)).capturedAt;
    if (!paidAt) throw new Error('the payment was not captured');
    // 00:15 UTC+8 on the day after the payment's UTC+8 date = 01:15 Japan time.
    const utc8 = new Date(paidAt.getTime() + 8 * 3_600_000);
    const closesAt = new Date(
      Date.UTC(utc8.getUTCFullYear(), utc8.getUTCMonth(), utc8.getUTCDate() + 1, 0, 15) -
        8 * 3_600_000,
    );
    harness.clock.advance(closesAt.getTime() - harness.clock.now().getTime());
    const eventsBefore = await harness.store.listEvents(created.id);
    const cancel = await harness.api<{
      error: { code: string; message: string; message_ja: string; at: string };
    }>('POST', `/v1/payments/${created.id}/cancel`, {});
    expect(cancel.status).toBe(409);
    expect(cancel.body.error).toMatchObject({
      code: 'paid_cancellation_window_closed',
      at: closesAt.toISOString(),
    });
    expect(cancel.body.error.message).toContain('00:15 UTC+8');
    expect(cancel.body.error.message_ja).toContain('0:15');
    // Not sent: Antom still has it paid, and the bridge recorded no cancel request.
    expect(antom().payment({ paymentRequestId: created.id })).toMatchObject({ status: 'SUCCESS' });
    expect(await harness.store.listEvents(created.id)).toEqual(eventsBefore);
    expect(await harness.payment(created.id)).toMatchObject({ status: 'captured' });
    expect(harness.webhooks.ofPayment(created.id).map((e) => e.type)).not.toContain(
      'payment.cancelled',
    );
  });
});

describe('antom: timeout', () => {
  it('a payment left 15 minutes expires (Antom closes it, the bridge marks it expired)', async () => {
    const { created } = await startCheckout(800);
    harness.clock.advance(15 * 60 * 1000);
    await antom().processDue();
    const payment = await harness.payment(created.id);
    expect(payment.status).toBe('expired');
    const closed = antom()
      .notifications()
      .find((n) => n.paymentId === antom().payment({ paymentRequestId: created.id })?.paymentId);
    expect(closed?.acknowledged).toBe(true);
  });
});

describe('antom: forged notifications', () => {
  it('refuses a notification not signed by Antom: no state change, no acknowledgement', async () => {
    const { created } = await startCheckout(900);
    const sent = antom().payment({ paymentRequestId: created.id });
    const body = JSON.stringify({
      notifyType: 'PAYMENT_RESULT',
      result: { resultCode: 'SUCCESS', resultStatus: 'S', resultMessage: 'success' },
      paymentRequestId: created.id,
      paymentId: sent?.paymentId,
      paymentAmount: { currency: 'JPY', value: '900' },
      paymentCreateTime: harness.clock.now().toISOString(),
      paymentTime: harness.clock.now().toISOString(),
    });
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const headers = signAntomRequest({
      method: 'POST',
      path: '/antom/notify',
      clientId: harness.config.acquirers.antom?.clientId ?? '',
      requestTime: String(harness.clock.now().getTime()),
      body,
      privateKey,
    });
    const response = await fetch(`${harness.url}/antom/notify`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body,
    });
    expect(response.status).toBe(401);
    expect(await response.text()).toBe('');
    expect(await harness.payment(created.id)).toMatchObject({ status: 'pending' });

    const unsigned = await fetch(`${harness.url}/antom/notify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    expect(unsigned.status).toBe(401);
    expect(await harness.payment(created.id)).toMatchObject({ status: 'pending' });
  });

  it('the emulator’s ng@ scenario (a notification signed with a wrong key) is refused; the return settles it by inquiryPayment', async () => {
    const { created, normalUrl } = await startCheckout(700);
    const journey = await harness.buyer().payFrom(normalUrl, { auId: 'ng@au.example' });
    const paymentId = antom().payment({ paymentRequestId: created.id })?.paymentId;
    const notification = antom()
      .notifications()
      .find((n) => n.paymentId === paymentId);
    expect(notification?.acknowledged).toBe(false);
    expect(notification?.attempts[0]?.status).toBe(401);
    // The return asked Antom (a signed answer) and found the payment paid.
    expect(new URL(journey.landed.url).searchParams.get('status')).toBe('captured');
    expect(await harness.payment(created.id)).toMatchObject({ status: 'captured' });
  });
});
