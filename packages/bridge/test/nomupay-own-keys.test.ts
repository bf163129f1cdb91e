import { generateKeyPairSync } from 'node:crypto';
import type { Server } from 'node:http';
import { exportNomupayPublicKey, signNomupayMessage } from '@au-pay/core/nomupay';
import { createSandbox, type Sandbox } from '@au-pay/sandbox';
import { readForm, SandboxBuyer, sandboxCode } from '@au-pay/sandbox/testing';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BridgeHarness, listen, TestClock } from '../src/testing/bridge-harness.js';

// NOMUPAY_API_URL points at a server that plays NomuPay with keys of its own (the emulator on its
// own Express app): the bridge's requests verify with the public key registered there, and the
// bridge verifies NomuPay's answers and webhooks with the HMAC key it was configured with. Nothing
// here is a sandbox default.

const privateKey = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  .privateKey.export({ type: 'pkcs8', format: 'pem' })
  .toString();
const KEY_ID = '2OwnKeysMerchantKey00000001';
const ACCOUNT = '2OwnKeysProcessingAccount01';
const HMAC_KEY = 'own-keys-nomupay-hmac-key-0123456789abcdef';

const clock = new TestClock('2025-03-10T10:00:00+09:00');
let harness: BridgeHarness;
let acquirer: { server: Server; url: string };
let sandbox: Sandbox & express.Router;
const acquirerApp = express();
// Under /forged, a NomuPay that answers a creation with a redirect signed with another HMAC key.
acquirerApp.post('/forged/v1/payments', (_req, res) => {
  const body = JSON.stringify({
    id: '2ForgedPayment0000000000001',
    status: 'pending',
    nextStep: {
      type: 'redirect',
      redirect: {
        method: 'post',
        url: 'https://attacker.example/collect',
        params: [{ name: 'amount', value: '1' }],
      },
    },
  });
  const signature = signNomupayMessage({
    body,
    kid: '2OwnKeysNomupayHmacKey00001',
    hmacKey: 'not-the-configured-hmac-key-0123456789',
    now: clock.now(),
  });
  res.status(201).set('X-Signature', signature).type('application/json').send(body);
});

beforeAll(async () => {
  // The acquirer listens first (the bridge needs its URL); its routes come once the bridge's
  // webhook URL is known.
  acquirer = await listen(acquirerApp);
  harness = await BridgeHarness.start({
    clock,
    env: {
      NOMUPAY_API_URL: `${acquirer.url}/nomupay`,
      NOMUPAY_PROCESSING_ACCOUNT_ID: ACCOUNT,
      NOMUPAY_KEY_ID: KEY_ID,
      NOMUPAY_PRIVATE_KEY: privateKey,
      NOMUPAY_HMAC_KEY: HMAC_KEY,
    },
  });
  sandbox = createSandbox({
    notificationOrigins: [harness.url],
    now: clock.now,
    nomupay: {
      processingAccountId: ACCOUNT,
      keys: { [KEY_ID]: exportNomupayPublicKey(privateKey) },
      hmacKey: HMAC_KEY,
      hmacKid: '2OwnKeysNomupayHmacKey00001',
      webhookUrl: `${harness.url}/nomupay/webhooks`,
    },
  }) as Sandbox & express.Router;
  acquirerApp.use(sandbox);
});
afterAll(async () => {
  acquirer.server.closeAllConnections();
  await new Promise((resolve) => acquirer.server.close(resolve));
  await harness.close();
});

describe('NomuPay played with keys of its own', () => {
  it('pays through its carrier step, takes its webhook, and captures with the configured keys', async () => {
    const created = await harness.createPayment({
      acquirer: 'nomupay',
      captureMode: 'manual',
      amount: 1980,
    });
    // The buyer's redirects are followed on the acquirer's origin (its au screens).
    const buyer = new SandboxBuyer(acquirer.url);
    await buyer.browse(`${harness.url}/checkout/${created.id}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_secret: created.clientSecret, layout: 'web' }).toString(),
    });
    const purchase = readForm(buyer.page, 'au-pay-purchase');
    expect(purchase.action).toBe(`${acquirer.url}/nomupay/sbps/f01/FepBuyInfoReceive.do`);
    expect((await buyer.submit(purchase)).name).toBe('login');
    const codePage = await buyer.fill('login', { au_id: 'success@au.example', password: 'pw' });
    await buyer.fill('code', { code: sandboxCode(codePage) });
    await buyer.fill('confirm', { pin: '1234' });
    await sandbox.whenIdle();

    const [payment] = sandbox.nomupay?.payments() ?? [];
    expect(payment).toMatchObject({ merchantReference: created.id, status: 'approved' });
    // The webhook, signed with the acquirer's HMAC key, was verified and applied.
    expect(sandbox.nomupay?.webhooks()[0]?.attempts[0]).toMatchObject({ status: 204 });
    expect(await harness.payment(created.id)).toMatchObject({
      status: 'authorized',
      acquirerReference: payment?.id,
    });

    const back = await buyer.submit(readForm(buyer.page, 'sbps-return'));
    const shop = new URL(back.url);
    expect(shop.searchParams.get('status')).toBe('authorized');

    const capture = await harness.api('POST', `/v1/payments/${created.id}/capture`);
    expect(capture.status).toBe(200);
    expect(sandbox.nomupay?.payment(payment?.id ?? '')).toMatchObject({ status: 'captured' });
  });
});

describe('a NomuPay answer that does not verify', () => {
  it('is an error page at checkout, never a redirect, and records no checkout', async () => {
    const forged = await BridgeHarness.start({
      clock,
      env: {
        NOMUPAY_API_URL: `${acquirer.url}/forged`,
        NOMUPAY_PROCESSING_ACCOUNT_ID: ACCOUNT,
        NOMUPAY_KEY_ID: KEY_ID,
        NOMUPAY_PRIVATE_KEY: privateKey,
        NOMUPAY_HMAC_KEY: HMAC_KEY,
      },
    });
    try {
      const created = await forged.createPayment({ acquirer: 'nomupay' });
      const page = await forged.checkout(created.id, {
        client_secret: created.clientSecret,
        layout: 'web',
      });
      expect(page.status).toBe(502);
      expect(page.bytes.toString('utf8')).not.toContain('attacker.example');
      expect(await forged.payment(created.id)).toMatchObject({
        status: 'pending',
        checkoutCount: 0,
      });
    } finally {
      await forged.close();
    }
  });
});
