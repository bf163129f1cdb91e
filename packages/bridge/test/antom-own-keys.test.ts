import { generateKeyPairSync } from 'node:crypto';
import type { Server } from 'node:http';
import { signAntomRequest, signAntomResponse } from '@au-pay/core/antom';
import { createSandbox, type SandboxRouter } from '@au-pay/sandbox';
import { SandboxBuyer } from '@au-pay/sandbox/testing';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANTOM_NOTIFY_ACK } from '../src/acquirers/antom/notification.js';
import { resolveOpenOperations } from '../src/payments/operation-resolver.js';
import { BridgeHarness, listen, TestClock } from '../src/testing/bridge-harness.js';

// ANTOM_API_URL points at a server that plays Antom with keys of its own: the emulator on its own
// little app (verifying with the merchant key the bridge was configured with), behind a front that
// signs every answer with this server's own Antom key. The bridge must sign with ANTOM_PRIVATE_KEY
// and verify with ANTOM_PUBLIC_KEY: the emulator's built-in key is not trusted here, so its
// notifications are refused and the buyer's return settles the payment by a signed inquiry.

const CLIENT_ID = 'SANDBOX_OWNKEYS0001';
const merchant = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ownAntom = generateKeyPairSync('rsa', { modulusLength: 2048 });
const clock = new TestClock('2025-11-17T10:00:00+09:00');

/** How the front answers: signed with its own key, not signed at all, or refund `U` first. */
let answering: 'signed' | 'unsigned' | 'refund-in-process' = 'signed';
const calls: string[] = [];
let antomServer: Server;
let antomUrl = '';
let sandbox: SandboxRouter | undefined;
let harness: BridgeHarness;

beforeAll(async () => {
  const app = express();
  app.use('/sandbox', (req, res, next) => {
    if (!sandbox) throw new Error('sandbox not created yet');
    sandbox(req, res, next);
  });
  app.post('/ams/*rest', express.raw({ type: () => true }), async (req, res) => {
    calls.push(req.path);
    const inner = await fetch(`${antomUrl}/sandbox/antom${req.path}`, {
      method: 'POST',
      headers: {
        'content-type': req.get('content-type') ?? '',
        'client-id': req.get('client-id') ?? '',
        'request-time': req.get('request-time') ?? '',
        signature: req.get('signature') ?? '',
      },
      body: req.body as Buffer,
    });
    let body = await inner.text();
    if (answering === 'refund-in-process' && req.path.endsWith('/refund')) {
      // Antom accepted the refund asynchronously (spec §8.1): U / REFUND_IN_PROCESS.
      const answer = JSON.parse(body) as Record<string, unknown>;
      answer.result = {
        resultCode: 'REFUND_IN_PROCESS',
        resultStatus: 'U',
        resultMessage: 'refund in process',
      };
      body = JSON.stringify(answer);
    }
    if (answering !== 'unsigned') {
      res.set(
        signAntomResponse({
          method: 'POST',
          path: req.path,
          clientId: CLIENT_ID,
          responseTime: String(clock.now().getTime()),
          body,
          privateKey: ownAntom.privateKey,
        }),
      );
    }
    res.type('application/json').send(body);
  });
  ({ server: antomServer, url: antomUrl } = await listen(app));

  harness = await BridgeHarness.start({
    clock,
    env: {
      ANTOM_CLIENT_ID: CLIENT_ID,
      ANTOM_API_URL: antomUrl,
      ANTOM_PRIVATE_KEY: merchant.privateKey
        .export({ format: 'der', type: 'pkcs8' })
        .toString('base64'),
      ANTOM_PUBLIC_KEY: ownAntom.publicKey.export({ format: 'pem', type: 'spki' }).toString(),
    },
  });
  sandbox = createSandbox({
    notificationOrigins: [harness.url],
    now: clock.now,
    antom: {
      clientId: CLIENT_ID,
      merchantPublicKey: merchant.publicKey
        .export({ format: 'der', type: 'spki' })
        .toString('base64'),
    },
  });
});
afterAll(async () => {
  await harness.close();
  antomServer.closeAllConnections();
  antomServer.close();
});

/**
 * The buyer through the au screens of this server, then back to the bridge's return URL (another
 * origin); answers where the bridge sent the buyer.
 */
async function payAt(normalUrl: string): Promise<URL> {
  const journey = await new SandboxBuyer(antomUrl).payFrom(normalUrl);
  expect(journey.landedAt.href).toMatch(new RegExp(`^${harness.url}/antom/return/`));
  const back = await fetch(journey.landedAt, { redirect: 'manual' });
  expect(back.status).toBe(303);
  return new URL(back.headers.get('location') ?? '');
}

function antom() {
  if (!sandbox?.antom) throw new Error('no Antom');
  return sandbox.antom;
}

describe('antom with keys of its own', () => {
  it('signs with ANTOM_PRIVATE_KEY, verifies with ANTOM_PUBLIC_KEY, pays and refunds', async () => {
    answering = 'signed';
    const created = await harness.createPayment({ acquirer: 'antom', amount: 2500 });
    const checkout = await harness.checkout(created.id, {
      client_secret: created.clientSecret,
      layout: 'web',
    });
    // The emulator verified the bridge's request with the merchant's public key and answered.
    expect(checkout.status).toBe(303);
    const normalUrl = checkout.headers.get('location') ?? '';
    expect(normalUrl.startsWith(`${antomUrl}/sandbox/antom/au/`)).toBe(true);
    expect(calls).toContain('/ams/sandbox/api/v1/payments/pay');

    const landed = await payAt(normalUrl);
    // The emulator's notification is signed with its built-in key, which this bridge does not
    // trust: refused, never acknowledged.
    const paymentId = antom().payment({ paymentRequestId: created.id })?.paymentId;
    const notification = antom()
      .notifications()
      .find((n) => n.paymentId === paymentId);
    expect(notification?.acknowledged).toBe(false);
    expect(notification?.attempts[0]?.status).toBe(401);
    // The return asked inquiryPayment, whose answer carries this server's signature.
    expect(calls).toContain('/ams/sandbox/api/v1/payments/inquiryPayment');
    expect(landed.searchParams.get('status')).toBe('captured');
    expect(await harness.payment(created.id)).toMatchObject({
      status: 'captured',
      acquirerReference: paymentId,
    });

    const refund = await harness.api('POST', `/v1/payments/${created.id}/refunds`, {});
    expect(refund.status).toBe(200);
    expect(refund.body).toMatchObject({ status: 'refunded', refundedAmount: 2500 });
    expect(antom().refunds()).toHaveLength(1);
  });

  it('an unsigned answer to pay is an error page, never a redirect, and nothing is recorded', async () => {
    answering = 'unsigned';
    const created = await harness.createPayment({ acquirer: 'antom', amount: 900 });
    const checkout = await harness.checkout(created.id, {
      client_secret: created.clientSecret,
      layout: 'web',
    });
    expect(checkout.status).toBe(502);
    expect(checkout.headers.get('location')).toBeNull();
    expect(checkout.bytes.toString('utf8')).not.toContain('/sandbox/antom/au/');
    expect(await harness.payment(created.id)).toMatchObject({
      status: 'pending',
      checkoutCount: 0,
    });
  });

  it('an unsigned answer to a refund leaves the operation open (outcome unknown)', async () => {
    answering = 'signed';
    const created = await harness.createPayment({ acquirer: 'antom', amount: 1500 });
    const checkout = await harness.checkout(created.id, {
      client_secret: created.clientSecret,
      layout: 'web',
    });
    await payAt(checkout.headers.get('location') ?? '');
    expect(await harness.payment(created.id)).toMatchObject({ status: 'captured' });

    answering = 'unsigned';
    const refund = await harness.api('POST', `/v1/payments/${created.id}/refunds`, {});
    expect(refund.status).toBe(502);
    const open = await harness.payment(created.id);
    expect(open.status).toBe('captured');
    expect(open.openOperation?.kind).toBe('refund');
    // Antom did refund it: inquiryRefund (signed again) settles the operation as applied.
    answering = 'signed';
    const connector = harness.bridge.context.connectors.get('antom');
    expect(
      await connector?.inquire?.(
        open,
        open.openOperation as NonNullable<typeof open.openOperation>,
      ),
    ).toBe('applied');
  });
});

/** Posts a notification signed with this server's Antom key, as Antom would. */
async function notify(notification: Record<string, unknown>) {
  const body = JSON.stringify(notification);
  const response = await fetch(`${harness.url}/antom/notify`, {
    method: 'POST',
    headers: {
      ...signAntomRequest({
        method: 'POST',
        path: '/antom/notify',
        clientId: CLIENT_ID,
        requestTime: String(clock.now().getTime()),
        body,
        privateKey: ownAntom.privateKey,
      }),
      'content-type': 'application/json',
    },
    body,
  });
  return { status: response.status, text: await response.text() };
}

async function pendingAntomPayment(amount: number) {
  answering = 'signed';
  const created = await harness.createPayment({ acquirer: 'antom', amount });
  const checkout = await harness.checkout(created.id, {
    client_secret: created.clientSecret,
    layout: 'web',
  });
  expect(checkout.status).toBe(303);
  return {
    created,
    paymentId: antom().payment({ paymentRequestId: created.id })?.paymentId ?? '',
    normalUrl: checkout.headers.get('location') ?? '',
  };
}

function paymentResult(paymentRequestId: string, paymentId: string, value: string) {
  return {
    notifyType: 'PAYMENT_RESULT',
    result: { resultCode: 'SUCCESS', resultStatus: 'S', resultMessage: 'success' },
    paymentRequestId,
    paymentId,
    paymentAmount: { currency: 'JPY', value },
    paymentCreateTime: clock.now().toISOString(),
    paymentTime: clock.now().toISOString(),
  };
}

describe('antom notifications signed with the configured key', () => {
  it('applies a success once: a repeat is acknowledged and changes nothing', async () => {
    const { created, paymentId } = await pendingAntomPayment(1100);
    const first = await notify(paymentResult(created.id, paymentId, '1100'));
    expect(first).toEqual({ status: 200, text: ANTOM_NOTIFY_ACK });
    const events = await harness.store.listEvents(created.id);
    const again = await notify(paymentResult(created.id, paymentId, '1100'));
    expect(again).toEqual({ status: 200, text: ANTOM_NOTIFY_ACK });
    expect(await harness.store.listEvents(created.id)).toHaveLength(events.length);
    expect(await harness.payment(created.id)).toMatchObject({
      status: 'captured',
      acquirerReference: paymentId,
    });
  });

  it('refuses another amount or an unknown payment without acknowledging; PAYMENT_PENDING changes nothing', async () => {
    const { created, paymentId } = await pendingAntomPayment(1200);
    const wrongAmount = await notify(paymentResult(created.id, paymentId, '1'));
    expect(wrongAmount).toEqual({ status: 422, text: '' });
    const unknown = await notify(paymentResult('pay_unknown0000000000000000', paymentId, '1200'));
    expect(unknown).toEqual({ status: 404, text: '' });
    const pending = await notify({
      ...paymentResult(created.id, paymentId, '1200'),
      notifyType: 'PAYMENT_PENDING',
    });
    expect(pending).toEqual({ status: 200, text: ANTOM_NOTIFY_ACK });
    expect(await harness.payment(created.id)).toMatchObject({ status: 'pending' });
  });

  it('a refund answered U / REFUND_IN_PROCESS stays open, then the background pass settles it by inquiryRefund', async () => {
    const { created, normalUrl } = await pendingAntomPayment(1300);
    await payAt(normalUrl);
    expect(await harness.payment(created.id)).toMatchObject({ status: 'captured' });
    answering = 'refund-in-process';
    const refund = await harness.api('POST', `/v1/payments/${created.id}/refunds`, {});
    expect(refund.status).toBe(502);
    expect(await harness.payment(created.id)).toMatchObject({
      status: 'captured',
      openOperation: { kind: 'refund' },
    });
    answering = 'signed';
    clock.advance(2 * 60 * 1000);
    await resolveOpenOperations(harness.bridge.context);
    expect(calls).toContain('/ams/sandbox/api/v1/payments/inquiryRefund');
    expect(await harness.payment(created.id)).toMatchObject({
      status: 'refunded',
      refundedAmount: 1300,
      openOperation: null,
    });
  });

  it('a refund answered U / REFUND_IN_PROCESS is settled by notifyRefund SUCCESS (another amount refused)', async () => {
    const { created, normalUrl } = await pendingAntomPayment(1400);
    await payAt(normalUrl);
    answering = 'refund-in-process';
    const refund = await harness.api('POST', `/v1/payments/${created.id}/refunds`, {});
    expect(refund.status).toBe(502);
    const open = await harness.payment(created.id);
    const refundRequestId = open.openOperation?.id ?? '';
    expect(refundRequestId).toMatch(/^op_/);
    const refundResult = (value: string) => ({
      notifyType: 'REFUND_RESULT',
      result: { resultCode: 'SUCCESS', resultStatus: 'S', resultMessage: 'success' },
      refundStatus: 'SUCCESS',
      refundRequestId,
      refundId: 'rf-1',
      refundAmount: { currency: 'JPY', value },
      refundTime: clock.now().toISOString(),
    });
    expect(await notify(refundResult('1'))).toEqual({ status: 422, text: '' });
    expect(await harness.payment(created.id)).toMatchObject({ status: 'captured' });
    expect(await notify(refundResult('1400'))).toEqual({ status: 200, text: ANTOM_NOTIFY_ACK });
    expect(await harness.payment(created.id)).toMatchObject({
      status: 'refunded',
      refundedAmount: 1400,
      openOperation: null,
    });
    // A repeat is acknowledged and changes nothing.
    expect(await notify(refundResult('1400'))).toEqual({ status: 200, text: ANTOM_NOTIFY_ACK });
    expect(await harness.payment(created.id)).toMatchObject({ refundedAmount: 1400 });
    answering = 'signed';
  });
});
