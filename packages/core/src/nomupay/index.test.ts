import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CREATE_PAYMENT_REQUEST, PAYMENT_WEBHOOK } from '../testing/nomupay-worked-examples.js';
import * as nomupay from './index.js';

// The contracts DESIGN.md promises for @au-pay/core/nomupay, exercised through the entry point.
describe('@au-pay/core/nomupay entry', () => {
  it('verifies the §4 webhook and signs it again byte for byte', () => {
    const { body, hmacKey, now, audience, kid } = PAYMENT_WEBHOOK;
    const result = nomupay.verifyNomupayMessage({
      signatureHeader: [PAYMENT_WEBHOOK.signature],
      body: new TextEncoder().encode(body),
      hmacKey,
      now,
      audience,
    });
    expect(result.ok && result.header.kid).toBe(kid);
    expect(nomupay.signNomupayMessage({ body, kid, hmacKey, now, audience })).toBe(
      PAYMENT_WEBHOOK.signature,
    );
  });

  it('signs a request with a fresh P-256 key that the emulator side verifies; the §3 token verifies too', () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    const { method, path, body, kid } = CREATE_PAYMENT_REQUEST;
    const now = new Date(1763337600_000);
    const token = nomupay.signNomupayRequest({ method, path, body, kid, privateKey: pem, now });
    const verify = (signatureHeader: string, publicKey: string) =>
      nomupay.verifyNomupayRequest({
        signatureHeader,
        method,
        path,
        body,
        now,
        publicKeys: { [kid]: publicKey },
      });
    expect(verify(token, nomupay.exportNomupayPublicKey(pem)).ok).toBe(true);
    expect(verify(CREATE_PAYMENT_REQUEST.signature, CREATE_PAYMENT_REQUEST.publicKey).ok).toBe(
      true,
    );
  });
});
