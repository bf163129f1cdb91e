import { formatSbpsDate } from '@au-pay/core';
import { buildPurchaseRequest } from '@au-pay/core/sbps';
import { readForm, sandboxCode } from '@au-pay/sandbox/testing';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BridgeHarness, listen, TEST_HASH_KEY, TestClock } from '../src/testing/bridge-harness.js';

// The whole journey with the emulated SBPS the bridge mounts in sandbox mode: the checkout page,
// the au screens, the A02-1 notification, the browser return, then settlement over the XML API.
// Every scenario and both sales modes: sandbox-scenarios.test.ts.

let harness: BridgeHarness;
beforeAll(async () => {
  harness = await BridgeHarness.start({
    clock: new TestClock('2025-03-10T10:00:00+09:00'),
    // '' = the default: the emulator's own XML API under PUBLIC_URL/sandbox/sbps.
    env: { SBPS_API_URL: '' },
  });
});
afterAll(async () => {
  await harness.close();
});

describe('sandbox journey', () => {
  it('pays through the emulated au screens, then settles over the emulated XML API', async () => {
    const created = await harness.createPayment({ captureMode: 'manual', amount: 2200 });
    const buyer = harness.buyer();
    const checkout = await buyer.checkout(created);
    const purchase = readForm(checkout, 'au-pay-purchase');
    expect(purchase.action).toBe(`${harness.url}/sandbox/sbps/f01/FepBuyInfoReceive.do?layout=web`);
    expect(purchase.charset).toBe('Shift_JIS');

    const login = await buyer.submit(purchase);
    expect(login).toMatchObject({ name: 'login', status: 200 });
    const codePage = await buyer.fill('login', { au_id: 'success@au.example', password: 'pw' });
    const confirm = await buyer.fill('code', { code: sandboxCode(codePage) });
    expect(confirm.html).toContain('2,200円');
    const done = await buyer.fill('confirm', { pin: '1234' });
    expect(done).toMatchObject({ name: 'return', status: 200 });

    // The emulator has had its "OK," (A02-1 comes before the browser returns).
    expect(await harness.payment(created.id)).toMatchObject({ status: 'authorized' });

    const back = readForm(done, 'sbps-return');
    expect(back.action).toBe(`${harness.url}/sbps/return/success`);
    const shop = await buyer.submit(back);
    expect(shop).toMatchObject({ name: 'shop', status: 303 });
    const location = new URL(shop.url);
    expect(location.searchParams.get('payment')).toBe(created.id);
    expect(location.searchParams.get('status')).toBe('authorized');
    expect(buyer.screens).toEqual(['checkout', 'login', 'code', 'confirm', 'return', 'shop']);

    const capture = await harness.api('POST', `/v1/payments/${created.id}/capture`, {
      amount: 2000,
    });
    expect(capture.status).toBe(200);
    expect(capture.body).toMatchObject({ status: 'captured', capturedAmount: 2000 });
  });
});

describe('the emulated SBPS notifies only the bridge', () => {
  it('refuses a signed purchase request naming another server as pagecon_url; that server gets nothing', async () => {
    // Another server on this machine: where a forged form would aim the emulator's A02-1.
    const received: string[] = [];
    const other = express();
    other.use((req, res) => {
      received.push(`${req.method} ${req.url}`);
      res.type('text/plain').send('OK,');
    });
    const { server, url: otherUrl } = await listen(other);
    try {
      const created = await harness.createPayment({ captureMode: 'manual' });
      // Signed with the bridge's own hash key, so the emulator takes it for the merchant's.
      const forged = buildPurchaseRequest(
        {
          billing: 'one_time',
          merchantId: harness.sbpsConfig.merchantId,
          serviceId: harness.sbpsConfig.serviceId,
          custCode: 'CUST-1',
          orderId: created.id,
          itemId: 'ITEM-1',
          itemName: 'テスト商品',
          amount: created.amount,
          successUrl: `${harness.url}/sbps/return/success`,
          cancelUrl: `${harness.url}/sbps/return/cancel`,
          errorUrl: `${harness.url}/sbps/return/error`,
          pageconUrl: `${otherUrl}/`,
          requestDate: formatSbpsDate(harness.clock.now()),
          limitSecond: 600,
        },
        TEST_HASH_KEY,
      );
      const buyer = harness.buyer();
      const refused = await buyer.submit({
        action: `${harness.url}/sandbox/sbps/f01/FepBuyInfoReceive.do`,
        charset: 'Shift_JIS',
        fields: forged,
      });
      expect(refused).toMatchObject({ name: 'sbps_error', status: 400 });
      expect(refused.html).toContain('<code>40213009</code>');
      expect(refused.html).toContain(`only to the bridge that mounts it (${harness.url})`);
      expect(harness.bridge.sandbox?.sbps?.purchasesForOrder(created.id)).toEqual([]);

      // The bridge's own checkout (pagecon_url = PUBLIC_URL/sbps/notify) pays as usual.
      const journey = await buyer.pay(created);
      expect(journey.landedAt.searchParams.get('status')).toBe('authorized');
      await harness.bridge.sandbox?.whenIdle();
      expect(received).toEqual([]);
    } finally {
      server.close();
    }
  });
});
