import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BridgeHarness, TestClock } from './testing/bridge-harness.js';
import { readForm, SandboxBuyer, sandboxCode } from './testing/sandbox-buyer.js';

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
    const buyer = new SandboxBuyer(harness.url);
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
