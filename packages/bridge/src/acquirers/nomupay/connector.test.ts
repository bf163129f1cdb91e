import type { Server } from 'node:http';
import {
  exportNomupayPublicKey,
  signNomupayMessage,
  verifyNomupayRequest,
} from '@au-pay/core/nomupay';
import express from 'express';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PaymentRecord } from '../../store/payment-store.js';
import { listen } from '../../testing/bridge-harness.js';
import { AcquirerUnavailableError } from '../acquirer.js';
import { NOMUPAY_SANDBOX_DEFAULTS, type NomupayConfig } from './config.js';
import { NomupayConnector } from './connector.js';

// The connector against a NomuPay played here: what it sends (signed, `aud` = the path as
// requested) and what it accepts (only answers whose HS256 signature verifies).

const now = new Date('2025-03-10T01:00:00Z');
interface Received {
  method: string;
  url: string;
  body: string;
  signature: string | undefined;
}
let received: Received[] = [];
let answers: Array<{ status: number; body: object; sign?: 'ok' | 'none' | 'wrong' }> = [];
let server: Server;
let config: NomupayConfig;

beforeAll(async () => {
  const app = express();
  app.use(express.raw({ type: () => true }));
  app.use((req, res) => {
    const body = req.body instanceof Buffer ? req.body.toString('utf8') : '';
    received.push({
      method: req.method,
      url: req.originalUrl,
      body,
      signature: req.get('x-signature'),
    });
    const answer = answers.shift() ?? { status: 500, body: {} };
    const text = JSON.stringify(answer.body);
    const sign = answer.sign ?? 'ok';
    if (sign !== 'none') {
      res.set(
        'X-Signature',
        signNomupayMessage({
          body: text,
          kid: '2SandboxNomupayHmacKey00001',
          hmacKey: sign === 'ok' ? config.hmacKey : 'someone-elses-hmac-key-0123456789',
          now,
        }),
      );
    }
    res.status(answer.status).type('application/json').send(text);
  });
  const listening = await listen(app);
  server = listening.server;
  config = {
    apiUrl: `${listening.url}/np`,
    processingAccountId: NOMUPAY_SANDBOX_DEFAULTS.processingAccountId,
    keyId: NOMUPAY_SANDBOX_DEFAULTS.keyId,
    privateKey: NOMUPAY_SANDBOX_DEFAULTS.privateKey,
    hmacKey: NOMUPAY_SANDBOX_DEFAULTS.hmacKey,
    webhookUrl: 'http://127.0.0.1/nomupay/webhooks',
  };
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  received = [];
  answers = [];
});

const connector = () => new NomupayConnector({ config, now: () => now, trackingReads: 2 });
const payment = {
  id: 'pay_0123456789abcdefghijkl',
  acquirer: 'nomupay',
  amount: 1980,
  captureMode: 'manual',
  acquirerReference: '2KqYx7BzQ4nWm8RtV2cLp5sHd9F',
} as PaymentRecord;
const redirectAnswer = {
  id: '2KqYx7BzQ4nWm8RtV2cLp5sHd9F',
  status: 'pending',
  trackingUrl: '/v1/tracks/payments/abc',
  nextStep: {
    type: 'redirect',
    redirect: {
      method: 'post',
      url: 'https://carrier.example/f01/FepBuyInfoReceive.do',
      params: [
        { name: 'pay_method', value: 'auone' },
        { name: 'amount', value: '1980' },
        { name: 'request_date', value: '20250310100000' },
        { name: 'sps_hashcode', value: 'ABC' },
      ],
    },
  },
};
const checkout = () =>
  connector().startCheckout(payment, {
    now,
    layout: 'web',
    callbackBaseUrl: 'https://bridge.example/nomupay',
  });

function verifies(request: Received | undefined): boolean {
  if (!request) return false;
  return verifyNomupayRequest({
    signatureHeader: request.signature,
    method: request.method,
    path: request.url,
    body: request.body,
    publicKeys: { [config.keyId]: exportNomupayPublicKey(config.privateKey) },
    now,
  }).ok;
}

describe('NomuPay create payment', () => {
  it('signs the request for the path as requested and posts nextStep params in order, unchanged', async () => {
    answers = [{ status: 201, body: redirectAnswer }];
    const start = await checkout();
    expect(received[0]?.url).toBe(`/np/v1/payments?idempotencyKey=checkout-${payment.id}`);
    expect(verifies(received[0])).toBe(true);
    expect(JSON.parse(received[0]?.body ?? '')).toEqual({
      processingAccountId: config.processingAccountId,
      merchantReference: payment.id,
      amount: { value: 1980, currency: 'jpy' },
      paymentMethod: {
        type: 'au_kantan_kessai',
        auKantanKessai: { returnUrl: `https://bridge.example/nomupay/return/${payment.id}` },
      },
    });
    expect(start).toEqual({
      kind: 'form_post',
      action: 'https://carrier.example/f01/FepBuyInfoReceive.do',
      fields: [
        ['pay_method', 'auone'],
        ['amount', '1980'],
        ['request_date', '20250310100000'],
        ['sps_hashcode', 'ABC'],
      ],
      charset: 'utf-8',
      // request_date is Japan time.
      requestedAt: new Date('2025-03-10T01:00:00Z'),
    });
  });

  it.each([
    ['unsigned', 'none'],
    ['signed with another key', 'wrong'],
  ] as const)('an %s answer is an error, never a redirect', async (_name, sign) => {
    answers = [{ status: 201, body: redirectAnswer, sign }];
    await expect(checkout()).rejects.toBeInstanceOf(AcquirerUnavailableError);
  });

  it('a signed answer without a usable redirect is an error', async () => {
    answers = [{ status: 201, body: { ...redirectAnswer, nextStep: { type: 'redirect' } } }];
    await expect(checkout()).rejects.toThrow(
      /did not answer the payment's creation with a redirect/,
    );
  });
});

describe('NomuPay money calls', () => {
  const call = {
    id: 'op_0123456789abcdefghij',
    kind: 'capture' as const,
    amount: 1000,
    requestedAt: now,
  };

  it('captures by our operation id, then reads the tracking URL until the outcome is final', async () => {
    answers = [
      {
        status: 201,
        body: { id: 'op1', status: 'pending', trackingUrl: '/v1/tracks/captures/t1' },
      },
      { status: 200, body: { id: 'op1', status: 'partially_captured' } },
    ];
    expect(await connector().capture(payment, call)).toEqual({
      ok: true,
      transactionId: 'op1',
      processedAt: null,
    });
    expect(received.map((r) => `${r.method} ${r.url}`)).toEqual([
      `POST /np/v1/payments/${payment.acquirerReference}/captures?idempotencyKey=${call.id}`,
      'GET /np/v1/tracks/captures/t1',
    ]);
    expect(received.every(verifies)).toBe(true);
    expect(JSON.parse(received[0]?.body ?? '')).toEqual({
      amount: { value: 1000, currency: 'jpy' },
      merchantReference: call.id,
    });
  });

  it('still pending after its tracking reads: the outcome is unknown', async () => {
    const pending = { status: 'pending', trackingUrl: '/v1/tracks/captures/t1' };
    answers = [
      { status: 201, body: pending },
      { status: 200, body: pending },
      { status: 200, body: pending },
    ];
    await expect(connector().capture(payment, call)).rejects.toMatchObject({ outcome: 'unknown' });
  });

  it('a refusal keeps NomuPay code and messages', async () => {
    answers = [
      {
        status: 400,
        body: { error: { code: 'partial_capture_used', message: 'No.', message_ja: 'いいえ。' } },
      },
    ];
    expect(await connector().capture(payment, call)).toMatchObject({
      ok: false,
      code: 'partial_capture_used',
      message: { en: 'No.', ja: 'いいえ。' },
    });
  });

  it('an unsigned answer to a money call leaves its outcome unknown', async () => {
    answers = [{ status: 201, body: { status: 'captured' }, sign: 'none' }];
    await expect(connector().capture(payment, call)).rejects.toMatchObject({ outcome: 'unknown' });
  });

  it('inquire: no request under the key is not applied; a final tracking status is applied', async () => {
    const operation = { ...call, partial: true, idempotencyKey: null };
    answers = [{ status: 404, body: { error: { code: 'not_found' } } }];
    expect(await connector().inquire(payment, operation)).toBe('not_applied');
    expect(received[0]?.url).toBe(`/np/v1/requests/captures?idempotencyKey=${call.id}`);
    answers = [
      { status: 201, body: { status: 'pending', trackingUrl: '/v1/tracks/captures/t1' } },
      { status: 200, body: { status: 'captured' } },
    ];
    expect(await connector().inquire(payment, operation)).toBe('applied');
  });
});
