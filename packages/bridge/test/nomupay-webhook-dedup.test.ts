import { signNomupayMessage } from '@au-pay/core/nomupay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NOMUPAY_SANDBOX_DEFAULTS } from '../src/acquirers/nomupay/config.js';
import { BridgeHarness, TestClock } from '../src/testing/bridge-harness.js';

// spec/nomupay-au.md §10: NomuPay may send a webhook again; "de-duplicate on [its `id`]". The id of
// an applied webhook is recorded with its effect: the same id again is acknowledged and applied
// zero times; another webhook with the same effect is still judged by the effect rule.

let harness: BridgeHarness;
beforeAll(async () => {
  harness = await BridgeHarness.start({ clock: new TestClock('2025-03-10T10:00:00+09:00') });
});
afterAll(async () => {
  await harness.close();
});

/** A manual-capture NomuPay payment whose checkout created it at the emulated NomuPay. */
async function startedPayment(amount: number) {
  const created = await harness.createPayment({
    acquirer: 'nomupay',
    captureMode: 'manual',
    amount,
  });
  await harness.buyer().checkout(created);
  const nomupayPayment = harness.bridge.sandbox?.nomupay
    ?.payments()
    .find((payment) => payment.merchantReference === created.id);
  if (!nomupayPayment) throw new Error('no NomuPay payment after checkout');
  return { id: created.id, nomupayId: nomupayPayment.id, amount };
}

/** A `payment` webhook saying NomuPay approved the payment, signed as NomuPay signs it. */
function approvedWebhook(
  webhookId: string,
  payment: { id: string; nomupayId: string; amount: number },
) {
  const body = JSON.stringify({
    id: webhookId,
    type: 'payment',
    live: false,
    payload: {
      id: payment.nomupayId,
      merchantReference: payment.id,
      status: 'approved',
      amount: { value: payment.amount, currency: 'jpy' },
    },
  });
  const signature = signNomupayMessage({
    body,
    kid: '2SandboxNomupayHmacKey00001',
    hmacKey: NOMUPAY_SANDBOX_DEFAULTS.hmacKey,
    now: harness.clock.now(),
    audience: `${harness.url}/nomupay/webhooks`,
  });
  return () =>
    fetch(`${harness.url}/nomupay/webhooks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-signature': signature },
      body,
    }).then((response) => response.status);
}

const eventsOf = async (id: string, type: string) =>
  (await harness.store.listEvents(id)).filter((event) => event.type === type);

const repeatsLogged = (webhookId: string) =>
  harness.logs.filter(
    (line) => line.includes(webhookId) && line.includes('nomupay webhook applied already'),
  ).length;

describe('NomuPay webhook de-duplication on id', () => {
  it('applies the same webhook posted concurrently and then again once: one event, every post 204', async () => {
    const payment = await startedPayment(1300);
    const webhookId = '2DedupConcurrentWebhook0001';
    const post = approvedWebhook(webhookId, payment);

    const statuses = await Promise.all(Array.from({ length: 6 }, () => post()));
    expect(statuses).toEqual(Array(6).fill(204));
    expect(await post()).toBe(204);

    expect(await harness.payment(payment.id)).toMatchObject({ status: 'authorized' });
    expect(await eventsOf(payment.id, 'nomupay.webhook')).toHaveLength(1);
    expect(await eventsOf(payment.id, 'payment.authorized')).toHaveLength(1);
    expect(
      await harness.store.hasAcquirerNotification({ acquirer: 'nomupay', id: webhookId }),
    ).toBe(true);
    // The post after the first was applied stopped at its id, before its payload was read.
    expect(repeatsLogged(webhookId)).toBeGreaterThanOrEqual(1);
    const authorized = () =>
      harness.webhooks.ofPayment(payment.id).filter((event) => event.type === 'payment.authorized');
    await harness.until(() => authorized().length > 0);
    expect(authorized()).toHaveLength(1);
  });

  it('judges another webhook with the same effect by the effect rule: acknowledged, nothing applied, its id not recorded', async () => {
    const payment = await startedPayment(1400);
    expect(await approvedWebhook('2DedupFirstWebhook000000001', payment)()).toBe(204);
    const before = await harness.store.listEvents(payment.id);

    const otherId = '2DedupOtherWebhook000000001';
    expect(await approvedWebhook(otherId, payment)()).toBe(204);
    expect(await harness.store.listEvents(payment.id)).toHaveLength(before.length);
    expect(repeatsLogged(otherId)).toBe(0);
    // Nothing changed, so nothing was recorded under its id.
    expect(await harness.store.hasAcquirerNotification({ acquirer: 'nomupay', id: otherId })).toBe(
      false,
    );
  });
});
