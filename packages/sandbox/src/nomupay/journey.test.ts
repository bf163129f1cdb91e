import { describe, expect, it } from 'vitest';
import { NomupayTestMerchant, SHOP_ORIGIN } from '../testing/index.js';
import { merchantForEachTest } from '../testing/merchant-per-test.js';

// The whole au journey through NomuPay over real HTTP (spec/nomupay-au.md §5, §10, §12): the test
// plays the merchant, signs with its own P-256 key and verifies with the shared HMAC key.

let shop: NomupayTestMerchant;
merchantForEachTest(NomupayTestMerchant.start, (merchant) => {
  shop = merchant;
});

const REDIRECT_PARAM_ORDER = [
  'pay_method',
  'merchant_id',
  'service_id',
  'cust_code',
  'order_id',
  'item_id',
  'amount',
  'pay_type',
  'service_type',
  'success_url',
  'cancel_url',
  'error_url',
  'pagecon_url',
  'request_date',
  'limit_second',
  'sps_hashcode',
];

interface Redirect {
  method: string;
  url: string;
  params: Array<{ name: string; value: string }>;
}

const redirectOf = (json: Record<string, unknown>): Redirect =>
  (json.nextStep as { redirect: Redirect }).redirect;

describe('create payment', () => {
  it('answers pending with required_next_step and a POST redirect to NomuPay’s SBPS (§5.2, §5.3)', async () => {
    const created = await shop.createPayment({ amount: 1980, reference: 'ord-20251116-0002' });
    expect(created.status).toBe(201);
    expect(created.verification.ok).toBe(true);
    const id = created.json.id as string;
    expect(id).toMatch(/^[A-Za-z0-9]{27}$/);
    expect(created.json).toMatchObject({
      merchantReference: 'ord-20251116-0002',
      status: 'pending',
      amount: { value: 1980, currency: 'jpy' },
      reason: { code: 'required_next_step' },
      nextStep: { type: 'redirect', redirect: { method: 'post' } },
    });
    expect(created.json.trackingUrl).toMatch(/^\/v1\/tracks\/payments\/[\w-]+$/);
    const redirect = redirectOf(created.json);
    expect(redirect.url).toBe(`${shop.apiBase}/sbps/f01/FepBuyInfoReceive.do`);
    expect(redirect.params.map((param) => param.name)).toEqual(REDIRECT_PARAM_ORDER);
    const params = Object.fromEntries(redirect.params.map((p) => [p.name, p.value]));
    expect(params).toMatchObject({
      pay_method: 'auone',
      merchant_id: '30132',
      service_id: '001',
      cust_code: id,
      order_id: id,
      item_id: id,
      amount: '1980',
      pay_type: '0',
      service_type: '0',
      success_url: shop.returnUrl('ord-20251116-0002'),
      cancel_url: shop.returnUrl('ord-20251116-0002'),
      error_url: shop.returnUrl('ord-20251116-0002'),
      request_date: '20250301120000',
      limit_second: '600',
    });
    expect(params.sps_hashcode).toMatch(/^[0-9A-F]{40}$/);
  });

  it('refuses a wrong payment method, currency or amount with 400, signed', async () => {
    const body = (overrides: Record<string, unknown>) => ({
      processingAccountId: '2HdN2jq6XWmlkhqRC2gDTNYCvNH',
      merchantReference: 'ord-1',
      amount: { value: 100, currency: 'jpy' },
      paymentMethod: {
        type: 'au_kantan_kessai',
        auKantanKessai: { returnUrl: shop.returnUrl('x') },
      },
      ...overrides,
    });
    for (const [overrides, field] of [
      [{ amount: { value: 100, currency: 'usd' } }, 'amount.currency'],
      [{ amount: { value: 0, currency: 'jpy' } }, 'amount.value'],
      [{ amount: { value: 10.5, currency: 'JPY' } }, 'amount.value'],
      [{ paymentMethod: { type: 'card' } }, 'paymentMethod.type'],
      [{ processingAccountId: '2XXXXXXXXXXXXXXXXXXXXXXXXXX' }, 'processingAccountId'],
    ] as const) {
      const answer = await shop.call('POST', '/v1/payments', body(overrides));
      expect(answer.status).toBe(400);
      expect(answer.verification.ok).toBe(true);
      const error = answer.json.error as { code: string; message: string; message_ja: string };
      expect(error.code).toBe('invalid_request');
      expect(error.message).toContain(field);
      expect(error.message_ja).not.toBe('');
    }
    expect(shop.sandbox.nomupay?.payments()).toHaveLength(0);
  });
});

describe('the buyer’s carrier step', () => {
  it('goes through the au screens of NomuPay’s SBPS; the A02-1 approves the payment, a signed webhook follows, the buyer lands at returnUrl', async () => {
    const reference = shop.newReference();
    const created = await shop.createPayment({ reference });
    const id = created.json.id as string;

    const journey = await shop.browser().payRedirect(redirectOf(created.json));

    expect(journey.screens).toEqual(['login', 'code', 'confirm', 'return', 'shop']);
    // The result page posts the buyer to returnUrl, which sends it on to the shop.
    expect(journey.returnForm.action).toBe(shop.returnUrl(reference));
    expect(journey.landedAt.href).toBe(`${SHOP_ORIGIN}/orders/${reference}`);
    expect(shop.returns).toEqual([
      { reference, params: expect.objectContaining({ order_id: id, res_result: 'OK' }) },
    ]);

    const payment = shop.sandbox.nomupay?.payment(id);
    expect(payment?.status).toBe('approved');
    expect(payment?.authorizedAmount).toBe(1980);
    // NomuPay's SBPS holds the purchase under NomuPay's payment ID.
    expect(shop.sandbox.nomupay?.sbps.purchasesForOrder(id)).toEqual([
      expect.objectContaining({ state: 'authorized', amount: 1980 }),
    ]);
    expect(payment?.sbpsTrackingId).toBe(
      shop.sandbox.nomupay?.sbps.purchasesForOrder(id)[0]?.trackingId,
    );

    await shop.sandbox.whenIdle();
    expect(shop.webhooks).toHaveLength(1);
    const [webhook] = shop.webhooks;
    expect(webhook?.verification).toMatchObject({ ok: true, header: { aud: shop.webhookUrl } });
    expect(webhook?.envelope).toMatchObject({
      type: 'payment',
      live: false,
      payload: { id, merchantReference: reference, status: 'approved' },
    });

    const read = await shop.call('GET', `/v1/payments/${id}`);
    expect(read.verification.ok).toBe(true);
    expect(read.json).toMatchObject({ id, status: 'approved' });
    expect(read.json).not.toHaveProperty('reason');
  });

  it('captures at once in automatic capture mode', async () => {
    await shop.close();
    shop = await NomupayTestMerchant.start({ captureMode: 'automatic' });
    const created = await shop.createPayment();
    await shop.browser().payRedirect(redirectOf(created.json));
    await shop.sandbox.whenIdle();
    expect(shop.sandbox.nomupay?.payment(created.json.id as string)).toMatchObject({
      status: 'captured',
      capturedAmount: 1980,
    });
    expect(shop.webhooks.map((w) => w.envelope.payload.status)).toEqual(['captured']);
  });

  it('leaves the payment pending when the buyer cancels, then aborts it once the buyer’s time has run out', async () => {
    const reference = shop.newReference();
    const created = await shop.createPayment({ reference });
    const id = created.json.id as string;

    const journey = await shop.browser().payRedirect(redirectOf(created.json), {
      cancelAt: 'confirm',
    });
    expect(journey.screens).toEqual(['login', 'code', 'confirm', 'return', 'shop']);
    expect(journey.landedAt.href).toBe(`${SHOP_ORIGIN}/orders/${reference}`);
    expect(journey.result.res_result).toBe('NG');
    await shop.sandbox.whenIdle();
    expect(shop.sandbox.nomupay?.payment(id)?.status).toBe('pending');
    expect(shop.webhooks).toHaveLength(0);

    // request_date + limit_second (600 s), then the 4-minute rule: 14 minutes.
    shop.advance(14 * 60_000);
    await shop.sandbox.nomupay?.deliverDue();
    expect(shop.sandbox.nomupay?.payment(id)?.status).toBe('pending');
    shop.advance(1);
    await shop.sandbox.nomupay?.deliverDue();
    expect(shop.sandbox.nomupay?.payment(id)?.status).toBe('aborted');
    expect(shop.webhooks.map((w) => [w.verification.ok, w.envelope.payload.status])).toEqual([
      [true, 'aborted'],
    ]);
  });

  it.each([
    ['limit@au.example', 'a declined buyer'],
    ['ng@au.example', 'an A02-1 whose hash does not verify'],
  ])(
    'leaves the payment pending after %s (%s): the buyer returns with NG, no webhook',
    async (auId) => {
      const reference = shop.newReference();
      const created = await shop.createPayment({ reference });
      const journey = await shop.browser().payRedirect(redirectOf(created.json), { auId });
      expect(journey.landedAt.href).toBe(`${SHOP_ORIGIN}/orders/${reference}`);
      expect(journey.result.res_result).toBe('NG');
      await shop.sandbox.whenIdle();
      expect(shop.sandbox.nomupay?.payment(created.json.id as string)?.status).toBe('pending');
      expect(shop.webhooks).toHaveLength(0);
    },
  );

  it('approves once when NomuPay’s SBPS reports twice (duplicate@au.example)', async () => {
    const created = await shop.createPayment();
    await shop.browser().payRedirect(redirectOf(created.json), { auId: 'duplicate@au.example' });
    await shop.sandbox.whenIdle();
    expect(shop.sandbox.nomupay?.payment(created.json.id as string)?.status).toBe('approved');
    expect(shop.webhooks).toHaveLength(1);
  });
});
