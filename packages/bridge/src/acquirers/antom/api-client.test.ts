import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import type { Server } from 'node:http';
import { signAntomResponse, verifyAntomMessage } from '@au-pay/core/antom';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listen } from '../../testing/bridge-harness.js';
import { AcquirerUnavailableError } from '../acquirer.js';
import { AntomApiClient, antomEndpointPath } from './api-client.js';
import type { AntomConfig } from './config.js';

const merchant = generateKeyPairSync('rsa', { modulusLength: 2048 });
const antom = generateKeyPairSync('rsa', { modulusLength: 2048 });
const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 });
const CLIENT_ID = 'SANDBOX_UNIT0001';
const NOW = new Date('2025-11-17T00:00:00Z');

type Signing = 'antom' | 'none' | 'stranger' | 'other-client';
let signing: Signing = 'antom';
const received: Array<{ path: string; verified: boolean; body: string }> = [];
let server: Server;
let url = '';

function sign(path: string, body: string, key: KeyObject, clientId = CLIENT_ID) {
  return signAntomResponse({
    method: 'POST',
    path,
    clientId,
    responseTime: String(NOW.getTime()),
    body,
    privateKey: key,
  });
}

beforeAll(async () => {
  const app = express();
  app.post('/ams/*rest', express.raw({ type: () => true }), (req, res) => {
    const body = (req.body as Buffer).toString('utf8');
    const verified = verifyAntomMessage({
      method: 'POST',
      path: req.path,
      clientId: req.headers['client-id'],
      requestTime: req.headers['request-time'],
      body,
      signatureHeader: req.headers.signature,
      publicKey: merchant.publicKey,
    }).ok;
    received.push({ path: req.path, verified, body });
    const answer = JSON.stringify({
      result: { resultStatus: 'U', resultCode: 'PAYMENT_IN_PROCESS', resultMessage: 'in process' },
      normalUrl: 'https://antom.example/au/1',
    });
    if (signing === 'antom') res.set(sign(req.path, answer, antom.privateKey));
    if (signing === 'stranger') res.set(sign(req.path, answer, stranger.privateKey));
    if (signing === 'other-client') res.set(sign(req.path, answer, antom.privateKey, 'OTHER'));
    res.type('application/json').send(answer);
  });
  ({ server, url } = await listen(app));
});
afterAll(() => {
  server.close();
});

function client(): AntomApiClient {
  const config: AntomConfig = {
    clientId: CLIENT_ID,
    privateKey: merchant.privateKey,
    merchantPublicKey: merchant.publicKey,
    antomPublicKey: antom.publicKey,
    apiUrl: url,
    callbackBaseUrl: 'https://pay.example.jp/antom',
    paymentMethodType: 'AU',
  };
  return new AntomApiClient(config);
}

describe('antomEndpointPath', () => {
  it('uses /ams/sandbox/api for a SANDBOX_ client ID, /ams/api otherwise (spec §2)', () => {
    expect(antomEndpointPath('SANDBOX_X', 'pay')).toBe('/ams/sandbox/api/v1/payments/pay');
    expect(antomEndpointPath('2188', 'inquiryRefund')).toBe('/ams/api/v1/payments/inquiryRefund');
  });
});

describe('AntomApiClient', () => {
  it('signs the request with the merchant key over the path, and reads an answer Antom signed', async () => {
    signing = 'antom';
    const answer = await client().call('pay', { paymentRequestId: 'pay_1' }, NOW);
    expect(answer.result).toEqual({
      resultStatus: 'U',
      resultCode: 'PAYMENT_IN_PROCESS',
      resultMessage: 'in process',
    });
    expect(received.at(-1)).toEqual({
      path: '/ams/sandbox/api/v1/payments/pay',
      verified: true,
      body: '{"paymentRequestId":"pay_1"}',
    });
  });

  it.each<Signing>(['none', 'stranger', 'other-client'])(
    'an answer signed %s is an unknown outcome, never read',
    async (how) => {
      signing = how;
      const call = client().call('pay', { paymentRequestId: 'pay_2' }, NOW);
      await expect(call).rejects.toBeInstanceOf(AcquirerUnavailableError);
      await expect(call).rejects.toMatchObject({ outcome: 'unknown' });
    },
  );
});
