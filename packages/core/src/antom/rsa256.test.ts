import { constants, createPublicKey, verify } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { ANTOM_TEST_PUBLIC_KEY, PAY_REQUEST } from '../testing/antom-worked-examples.js';
import { rsaTestKeyPair, type TestKeyPair } from '../testing/test-keys.js';
import { signAntomContent, verifyAntomContent } from './rsa256.js';
import { parseAntomSignatureHeader } from './signature-header.js';
import { antomStringToSign } from './string-to-sign.js';

const payContent = antomStringToSign({ ...PAY_REQUEST, time: PAY_REQUEST.requestTime });
const paySignature = parseAntomSignatureHeader(PAY_REQUEST.signatureHeader).signature;

let merchant: TestKeyPair;
beforeAll(() => {
  merchant = rsaTestKeyPair();
});

describe('verifyAntomContent', () => {
  it('accepts the §3.4 signature with the §3.4 public key', () => {
    expect(verifyAntomContent(payContent, paySignature, ANTOM_TEST_PUBLIC_KEY)).toBe(true);
  });

  it('refuses it for one byte more, and with another key', () => {
    const longer = Buffer.concat([payContent, Buffer.from(' ')]);
    expect(verifyAntomContent(longer, paySignature, ANTOM_TEST_PUBLIC_KEY)).toBe(false);
    expect(verifyAntomContent(payContent, paySignature, merchant.publicDer)).toBe(false);
  });
});

describe('signAntomContent', () => {
  it('is deterministic PKCS#1 v1.5 with SHA-256: the same signature every time, which any SHA256withRSA verifier accepts', () => {
    const signature = signAntomContent(payContent, merchant.privateDer);
    expect(signAntomContent(payContent, merchant.privatePem)).toBe(signature);
    expect(Buffer.from(signature, 'base64')).toHaveLength(256);
    const independent = verify(
      'RSA-SHA256',
      payContent,
      { key: createPublicKey(merchant.publicPem), padding: constants.RSA_PKCS1_PADDING },
      Buffer.from(signature, 'base64'),
    );
    expect(independent).toBe(true);
    expect(verifyAntomContent(payContent, signature, merchant.publicDer)).toBe(true);
  });
});
