import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ANTOM_TEST_PUBLIC_KEY, PAYMENT_NOTIFICATION } from '../testing/antom-worked-examples.js';
import * as antom from './index.js';

// The contracts DESIGN.md promises for @au-pay/core/antom, exercised through the entry point.
describe('@au-pay/core/antom entry', () => {
  it('verifies the §5.3 notification over the path of the notify URL', () => {
    const publicKey = antom.loadAntomPublicKey(ANTOM_TEST_PUBLIC_KEY);
    const result = antom.verifyAntomMessage({
      method: 'POST',
      path: '/antom/notify',
      clientId: PAYMENT_NOTIFICATION.clientId,
      requestTime: PAYMENT_NOTIFICATION.requestTime,
      body: new TextEncoder().encode(PAYMENT_NOTIFICATION.body),
      signatureHeader: PAYMENT_NOTIFICATION.signatureHeader,
      publicKey,
    });
    expect(result).toEqual({ ok: true, keyVersion: 1 });
  });

  it('signs a request that verifies, with keys given as the Dashboard gives them', () => {
    const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const message = {
      method: 'POST',
      path: '/ams/api/v1/payments/inquiryPayment',
      clientId: 'SANDBOX_5Y0A2B3C4D5E6F07',
      body: '{"paymentRequestId":"ord-20251116-0001"}',
    };
    const headers = antom.signAntomRequest({
      ...message,
      requestTime: '1763334300000',
      privateKey: pair.privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'),
    });
    const parsed = antom.parseAntomSignatureHeader(headers.signature);
    expect(antom.formatAntomSignatureHeader(parsed.signature)).toBe(headers.signature);
    expect(
      antom.verifyAntomMessage({
        ...message,
        clientId: headers['client-id'],
        requestTime: headers['request-time'],
        signatureHeader: headers.signature,
        publicKey: pair.publicKey.export({ format: 'der', type: 'spki' }).toString('base64'),
      }).ok,
    ).toBe(true);
  });
});
