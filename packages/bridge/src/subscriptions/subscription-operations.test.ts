import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SubscriptionRecord } from '../store/subscription-store.js';
import { BridgeHarness, TestClock } from '../testing/bridge-harness.js';
import { CONTRACT_TRACKING_ID, notifySubscription } from '../testing/subscription-results.js';

let harness: BridgeHarness;
beforeAll(async () => {
  harness = await BridgeHarness.start({ clock: new TestClock('2025-03-10T10:00:00+09:00') });
});
afterAll(async () => {
  await harness.close();
});
let calls = 0;
beforeEach(() => {
  calls = harness.sbps.calls.length;
});
const newCalls = () => harness.sbps.calls.slice(calls);

/** A subscription the buyer consented to (SBPS's A02-1 applied). */
async function active(body: Record<string, unknown> = {}): Promise<SubscriptionRecord> {
  const response = await harness.api('POST', '/v1/subscriptions', {
    kind: 'on_demand',
    amount: 500,
    itemName: '従量プラン',
    merchantReference: 'PLAN-1',
    customerId: 'CUST-0002',
    returnUrl: 'https://shop.example/subscriptions/return',
    ...body,
  });
  const created = await harness.store.getSubscription(response.body.id as string);
  if (!created) throw new Error(`create failed: ${JSON.stringify(response.body)}`);
  expect(await notifySubscription(harness, created)).toBe('OK,');
  return (await harness.store.getSubscription(created.id)) as SubscriptionRecord;
}

const charge = (id: string, body: Record<string, unknown> = {}) =>
  harness.api('POST', `/v1/subscriptions/${id}/charges`, {
    amount: 300,
    merchantReference: 'USE-1',
    ...body,
  });

describe('POST /v1/subscriptions/:id/charges', () => {
  it('charges an on-demand contract with ST01-00104-402: an authorized payment, captured as usual', async () => {
    const subscription = await active();
    harness.clock.advance(60_000);
    const response = await charge(subscription.id, { itemName: '追加チケット' });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      status: 'authorized',
      amount: 300,
      captureMode: 'manual',
      subscriptionId: subscription.id,
      itemName: '追加チケット',
    });
    const [call] = newCalls();
    expect(call?.id).toBe('ST01-00104-402');
    expect(call?.fields).toMatchObject({
      tracking_id: CONTRACT_TRACKING_ID,
      cust_code: 'CUST-0002',
      order_id: response.body.id,
      amount: '300',
      item_name: '追加チケット',
    });
    const chargeTrackingId = response.body.acquirerReference as string;
    expect(chargeTrackingId).toMatch(/^\d{14}$/);
    expect(chargeTrackingId).not.toBe(CONTRACT_TRACKING_ID);
    expect(await harness.store.getSubscription(subscription.id)).toMatchObject({
      lastChargedAt: harness.clock.now(),
    });

    const capture = await harness.api('POST', `/v1/payments/${response.body.id}/capture`, {});
    expect(capture.body).toMatchObject({ status: 'captured', capturedAmount: 300 });
    expect(newCalls()[1]).toMatchObject({
      id: 'ST02-00201-402',
      fields: { tracking_id: chargeTrackingId },
    });
  });

  it("answers SBPS's L-code refusal as 402 acquirer_refused with its code, the payment failed", async () => {
    const subscription = await active();
    harness.sbps.answerNext({ result: 'NG', errCode: '402L4999' });
    const response = await charge(subscription.id);
    expect(response.status).toBe(402);
    expect(response.body).toMatchObject({
      error: { code: 'acquirer_refused', acquirerCode: '402L4999' },
    });
    expect((response.body.error as { message_ja: string }).message_ja).toContain('SBPS');
    const payments = await harness.store.listSubscriptionPayments(subscription.id);
    // Both at the same instant: listed by id then.
    expect(payments.map((p) => p.status).sort()).toEqual(['authorized', 'failed']);
  });

  it('refuses before any call: a monthly subscription, an incomplete one, a bad amount', async () => {
    const monthly = await active({ kind: 'monthly', amount: 980 });
    expect((await charge(monthly.id)).body).toMatchObject({
      error: { code: 'subscription_kind_mismatch' },
    });
    const incomplete = await harness.api('POST', '/v1/subscriptions', {
      kind: 'on_demand',
      itemName: '従量プラン',
      merchantReference: 'PLAN-2',
      customerId: 'CUST-0003',
      returnUrl: 'https://shop.example/r',
    });
    expect((await charge(incomplete.body.id as string)).body).toMatchObject({
      error: { code: 'subscription_invalid_state' },
    });
    expect((await charge(monthly.id, { amount: 0 })).status).toBe(400);
    expect(newCalls()).toEqual([]);
  });

  it('sends no further charge while one outcome is unknown', async () => {
    const subscription = await active();
    harness.sbps.answerNext({ httpStatus: 500 });
    const unknown = await charge(subscription.id);
    expect(unknown.status).toBe(502);
    expect(unknown.body).toMatchObject({ error: { code: 'acquirer_outcome_unknown' } });
    const [pending] = (await harness.store.listSubscriptionPayments(subscription.id)).filter(
      (p) => p.status === 'pending',
    );
    expect(pending?.flags).toContain('charge_outcome_unknown');
    const next = await charge(subscription.id);
    expect(next.status).toBe(409);
    expect(next.body).toMatchObject({
      error: { code: 'acquirer_outcome_unknown', paymentId: pending?.id },
    });
    expect(newCalls()).toHaveLength(1);
  });
});

describe('POST /v1/subscriptions/:id/cancel', () => {
  it('cancels a monthly contract with ST02-00302-402 and an on-demand one with ST02-00309-402', async () => {
    const monthly = await active({ kind: 'monthly', amount: 980 });
    const cancelled = await harness.api('POST', `/v1/subscriptions/${monthly.id}/cancel`, {});
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', nextBillingDate: null });
    const onDemand = await active();
    await harness.api('POST', `/v1/subscriptions/${onDemand.id}/cancel`);
    expect(newCalls().map((call) => [call.id, call.fields.tracking_id])).toEqual([
      ['ST02-00302-402', CONTRACT_TRACKING_ID],
      ['ST02-00309-402', CONTRACT_TRACKING_ID],
    ]);
    // Again: nothing to send.
    const again = await harness.api('POST', `/v1/subscriptions/${monthly.id}/cancel`, {});
    expect(again.body).toMatchObject({ status: 'cancelled' });
    expect(newCalls()).toHaveLength(2);
    await harness.until(() =>
      harness.webhooks.events.some(
        (e) =>
          e.type === 'subscription.cancelled' &&
          (e.data as { subscription: { id: string } }).subscription.id === onDemand.id,
      ),
    );
  });

  it("records SBPS's 'already cancelled' (32) as cancelled, and refuses another refusal", async () => {
    const monthly = await active({ kind: 'monthly', amount: 980 });
    harness.sbps.answerNext({ result: 'NG', errCode: '40232999' });
    const response = await harness.api('POST', `/v1/subscriptions/${monthly.id}/cancel`, {});
    expect(response.body).toMatchObject({ status: 'cancelled' });
    const other = await active({ kind: 'monthly', amount: 980 });
    harness.sbps.answerNext({ result: 'NG', errCode: '40234999' });
    const refused = await harness.api('POST', `/v1/subscriptions/${other.id}/cancel`, {});
    expect(refused.status).toBe(402);
    expect(await harness.store.getSubscription(other.id)).toMatchObject({ status: 'active' });
  });
});

describe('refunds of a monthly charge', () => {
  it('refunds a month with ST02-00303-402 cancel_target_month on the contract, and refuses a partial refund before any call', async () => {
    const monthly = await active({ kind: 'monthly', amount: 980 });
    const [first] = await harness.store.listSubscriptionPayments(monthly.id);
    if (!first) throw new Error('no first month');
    const partial = await harness.api('POST', `/v1/payments/${first.id}/refunds`, { amount: 100 });
    expect(partial.status).toBe(409);
    expect(partial.body).toMatchObject({ error: { code: 'not_supported_by_acquirer' } });
    expect(newCalls()).toEqual([]);
    harness.clock.advance(30 * 24 * 3600 * 1000);
    const refund = await harness.api('POST', `/v1/payments/${first.id}/refunds`, {});
    expect(refund.body).toMatchObject({ status: 'refunded', refundedAmount: 980 });
    const [call] = newCalls();
    expect(call?.id).toBe('ST02-00303-402');
    expect(call?.fields).toMatchObject({
      tracking_id: CONTRACT_TRACKING_ID,
      cancel_target_month: first.billingMonth?.replace('-', ''),
    });
    expect(call?.fields).not.toHaveProperty('amount');
  });
});

describe('POST /v1/subscriptions/:id/resume', () => {
  it('refuses a monthly subscription and an active on-demand one', async () => {
    const monthly = await active({ kind: 'monthly', amount: 980 });
    expect(
      (await harness.api('POST', `/v1/subscriptions/${monthly.id}/resume`, {})).body,
    ).toMatchObject({
      error: { code: 'subscription_kind_mismatch' },
    });
    const onDemand = await active();
    const response = await harness.api('POST', `/v1/subscriptions/${onDemand.id}/resume`, {});
    expect(response.status).toBe(409);
    expect(response.body).toMatchObject({ error: { code: 'subscription_invalid_state' } });
  });
});
