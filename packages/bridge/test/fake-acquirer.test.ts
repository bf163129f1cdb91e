import express, { type Router } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  AcquirerConnector,
  AcquirerHost,
  AcquirerOutcome,
  CheckoutRequest,
  CheckoutStart,
  MoneyCall,
  VerifiedResult,
} from '../src/acquirers/acquirer.js';
import type { PaymentRecord } from '../src/store/payment-store.js';
import { BridgeHarness, TestClock } from '../src/testing/bridge-harness.js';

/** How long a started checkout stays payable at the fake acquirer: past the checkout window. */
const PAYABLE_MS = 45 * 60 * 1000;

/**
 * A made-up acquirer with Antom's shape (a redirect checkout, a JSON notification, idempotent money
 * calls), registered under the id `antom` through `createBridge`'s `connectors` option and nothing
 * else: proof that an acquirer is a connector, not edits across the bridge. Test-only: it is not
 * Antom's protocol.
 */
class FakeAcquirer implements AcquirerConnector {
  readonly id = 'antom' as const;
  readonly calls: { kind: string; paymentId: string; call: MoneyCall }[] = [];
  readonly starts: { paymentId: string; callbackBaseUrl: string }[] = [];

  async startCheckout(payment: PaymentRecord, request: CheckoutRequest): Promise<CheckoutStart> {
    this.starts.push({ paymentId: payment.id, callbackBaseUrl: request.callbackBaseUrl });
    const url = new URL('https://pay.fake-acquirer.example/checkout');
    url.searchParams.set('order', payment.orderId);
    url.searchParams.set('notify', `${request.callbackBaseUrl}/notify`);
    return { kind: 'redirect', url: url.toString(), requestedAt: request.now };
  }

  pendingExpiresAt(_payment: PaymentRecord, start: CheckoutStart): Date {
    return new Date(start.requestedAt.getTime() + PAYABLE_MS);
  }

  /** `POST /antom/notify` (JSON) and `GET /antom/return`. */
  routes(host: AcquirerHost): Router {
    const router = express.Router();
    router.post('/notify', express.json(), async (req, res) => {
      const body = req.body as {
        order: string;
        resultId: string;
        status: 'SUCCESS' | 'FAIL';
        amount: number;
        paymentRef: string;
      };
      const payment = await host.store.getPaymentByOrderId(body.order);
      if (!payment) {
        res.status(404).json({ result: 'unknown order' });
        return;
      }
      const evidence = { type: 'antom.notification', data: { ...body } };
      const result: VerifiedResult =
        body.status === 'SUCCESS'
          ? {
              kind: 'succeeded',
              resultId: body.resultId,
              amount: body.amount,
              acquirerReference: body.paymentRef,
              evidence,
            }
          : { kind: 'failed', resultId: body.resultId, reason: 'declined', evidence };
      const applied = await host.applyVerifiedResult(payment.id, result);
      res.json({ result: applied.outcome });
    });
    router.get('/return', async (req, res) => {
      const found = await host.store.getPaymentByOrderId(String(req.query.order));
      if (!found) {
        res.status(404).end();
        return;
      }
      host.returnBuyerToMerchant(res, await host.expireIfDue(found), 'success');
    });
    return router;
  }

  capture(payment: PaymentRecord, call: MoneyCall): Promise<AcquirerOutcome> {
    return this.#record('capture', payment, call);
  }

  cancel(payment: PaymentRecord, call: MoneyCall): Promise<AcquirerOutcome> {
    return this.#record('cancel', payment, call);
  }

  refund(payment: PaymentRecord, call: MoneyCall): Promise<AcquirerOutcome> {
    return this.#record('refund', payment, call);
  }

  async #record(kind: string, payment: PaymentRecord, call: MoneyCall): Promise<AcquirerOutcome> {
    this.calls.push({ kind, paymentId: payment.id, call });
    return { ok: true, transactionId: `fake-${call.id}`, processedAt: null };
  }
}

let harness: BridgeHarness;
const fake = new FakeAcquirer();
const clock = new TestClock();
beforeAll(async () => {
  clock.set('2025-04-02T10:00:00+09:00');
  harness = await BridgeHarness.start({ clock, bridge: { connectors: [fake] } });
});
afterAll(async () => {
  await harness.close();
});

async function notify(body: Record<string, unknown>) {
  const response = await fetch(`${harness.url}/antom/notify`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as { result: string } };
}

async function eventTypes(id: string): Promise<string[]> {
  return (await harness.store.listEvents(id)).map((event) => event.type);
}

describe('an acquirer added as a connector only', () => {
  it('takes a payment from creation through redirect checkout, its own notification and a refund', async () => {
    const created = await harness.createPayment({ acquirer: 'antom' });
    expect(created).toMatchObject({ acquirer: 'antom', status: 'pending' });

    // Checkout: the neutral route asks the connector, answers its redirect with a 303.
    const checkout = await harness.checkout(created.id, {
      client_secret: created.clientSecret,
      layout: 'wap',
    });
    expect(checkout.status).toBe(303);
    const target = new URL(checkout.headers.get('location') ?? '');
    expect(target.origin).toBe('https://pay.fake-acquirer.example');
    expect(target.searchParams.get('notify')).toBe(`${harness.url}/antom/notify`);
    expect(fake.starts.at(-1)).toEqual({
      paymentId: created.id,
      callbackBaseUrl: `${harness.url}/antom`,
    });
    const served = await harness.payment(created.id);
    expect(served).toMatchObject({ checkoutCount: 1, layout: 'wap', status: 'pending' });
    // Pending while the acquirer can complete (the connector's rule), plus the bridge's grace.
    expect(served.expiresAt.getTime()).toBe(
      clock.now().getTime() + PAYABLE_MS + harness.bridge.context.settings.notificationGraceMs,
    );

    // The connector's own callback route hands a verified result to the neutral code.
    const success = {
      order: served.orderId,
      resultId: 'fake-result-1',
      status: 'SUCCESS',
      amount: created.amount,
      paymentRef: 'fake-payment-77',
    };
    expect(await notify(success)).toEqual({ status: 200, body: { result: 'applied' } });
    const paid = await harness.payment(created.id);
    expect(paid).toMatchObject({
      status: 'captured',
      capturedAmount: created.amount,
      acquirerReference: 'fake-payment-77',
      paidResultId: 'fake-result-1',
    });
    expect(await eventTypes(created.id)).toEqual([
      'payment.created',
      'checkout.served',
      'antom.notification',
      'payment.captured',
    ]);
    await harness.until(() => harness.webhooks.ofPayment(created.id).length === 1);
    expect(harness.webhooks.ofPayment(created.id)[0]).toMatchObject({ type: 'payment.captured' });

    // The same result again changes nothing.
    expect(await notify(success)).toEqual({ status: 200, body: { result: 'repeat' } });
    expect(await harness.payment(created.id)).toEqual(paid);

    // The buyer comes back through the connector's return route to the merchant's returnUrl.
    const back = await fetch(`${harness.url}/antom/return?order=${served.orderId}`, {
      redirect: 'manual',
    });
    expect(back.status).toBe(303);
    const location = new URL(back.headers.get('location') ?? '');
    expect(Object.fromEntries(location.searchParams)).toEqual({
      payment: created.id,
      status: 'captured',
      result: 'success',
    });

    // A refund goes to the payment's own connector, with the open operation's id.
    const refunded = await harness.api('POST', `/v1/payments/${created.id}/refunds`, {});
    expect(refunded.status).toBe(200);
    expect(refunded.body).toMatchObject({ status: 'refunded', refundedAmount: created.amount });
    expect(fake.calls).toHaveLength(1);
    const [refund] = fake.calls;
    expect(refund).toMatchObject({ kind: 'refund', paymentId: created.id });
    expect(refund?.call.id).toMatch(/^op_/);
    // All that remains: no amount is sent.
    expect(refund?.call.amount).toBeUndefined();
  });

  it('flags a different success for a payment already paid, once', async () => {
    const created = await harness.createPayment({ acquirer: 'antom' });
    const { orderId } = await harness.payment(created.id);
    const first = { order: orderId, status: 'SUCCESS', amount: created.amount };
    await notify({ ...first, resultId: 'r-1', paymentRef: 'p-1' });
    expect(await notify({ ...first, resultId: 'r-2', paymentRef: 'p-2' })).toEqual({
      status: 200,
      body: { result: 'applied' },
    });
    expect(await notify({ ...first, resultId: 'r-3', paymentRef: 'p-3' })).toEqual({
      status: 200,
      body: { result: 'ignored' },
    });
    const payment = await harness.payment(created.id);
    expect(payment).toMatchObject({
      status: 'captured',
      acquirerReference: 'p-1',
      paidResultId: 'r-1',
      flags: ['conflicting_purchase'],
    });
    expect(
      (await eventTypes(created.id)).filter((type) => type.startsWith('antom.notification')),
    ).toEqual(['antom.notification', 'antom.notification.conflicting_purchase']);
  });

  it('fails a pending payment on a failed result, with its event', async () => {
    const created = await harness.createPayment({ acquirer: 'antom' });
    const { orderId } = await harness.payment(created.id);
    const failed = { order: orderId, resultId: 'f-1', status: 'FAIL', amount: created.amount };
    expect(await notify(failed)).toEqual({ status: 200, body: { result: 'applied' } });
    expect(await notify(failed)).toEqual({ status: 200, body: { result: 'ignored' } });
    expect((await harness.payment(created.id)).status).toBe('failed');
    expect(await eventTypes(created.id)).toEqual(['payment.created', 'antom.notification']);
  });

  it('keeps SBPS as the default, and refuses an acquirer that is not configured, naming those that are', async () => {
    const byDefault = await harness.createPayment();
    expect(byDefault.acquirer).toBe('sbps');
    // As on a live bridge configured without NomuPay (sandbox mode configures every acquirer).
    harness.bridge.context.connectors.delete('nomupay');
    const refused = await harness.api('POST', '/v1/payments', {
      amount: 1100,
      currency: 'JPY',
      merchantReference: 'ORDER-2',
      itemName: 'テスト商品',
      returnUrl: 'https://shop.example/orders/2',
      acquirer: 'nomupay',
    });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({
      error: {
        code: 'acquirer_not_configured',
        param: 'acquirer',
        configured: ['sbps', 'antom'],
      },
    });
  });
});
