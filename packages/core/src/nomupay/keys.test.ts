import { createPrivateKey, type createPublicKey } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { CREATE_PAYMENT_REQUEST } from '../testing/nomupay-worked-examples.js';
import { ecTestKeyPair, rsaTestKeyPair, type TestKeyPair } from '../testing/test-keys.js';
import {
  exportNomupayPublicKey,
  loadNomupayPrivateKey,
  loadNomupayPublicKey,
  NomupayKeyError,
  type NomupayKeyErrorCode,
  nomupayHmacKeyBytes,
  nomupayPublicKeyOf,
} from './keys.js';

const spki = (key: ReturnType<typeof createPublicKey>) =>
  key.export({ format: 'der', type: 'spki' }).toString('base64');

function refusal(load: () => unknown): NomupayKeyError {
  try {
    load();
  } catch (error) {
    if (error instanceof NomupayKeyError) return error;
    throw error;
  }
  throw new Error('the key was accepted');
}

let merchant: TestKeyPair;
beforeAll(() => {
  merchant = ecTestKeyPair();
});

describe('loadNomupayPrivateKey', () => {
  it('loads a P-256 key from PKCS#8 PEM, SEC1 PEM and Base64 PKCS#8 DER alike', () => {
    const fromPem = loadNomupayPrivateKey(merchant.privatePem);
    const sec1 = createPrivateKey(merchant.privatePem).export({ format: 'pem', type: 'sec1' });
    expect(fromPem.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    expect(loadNomupayPrivateKey(sec1.toString()).equals(fromPem)).toBe(true);
    expect(loadNomupayPrivateKey(merchant.privateDer).equals(fromPem)).toBe(true);
  });

  it.each<[string, () => string, NomupayKeyErrorCode, RegExp]>([
    [
      'a public key',
      () => merchant.publicPem,
      'wrong_key_kind',
      /public key, but signing needs the merchant ES256 private key/,
    ],
    [
      'a PEM with "\\n" escapes',
      () => merchant.privatePem.replaceAll('\n', '\\n'),
      'escaped_line_breaks',
      /environment variable/,
    ],
    ['an RSA key', () => rsaTestKeyPair().privatePem, 'not_p256', /type "rsa"/],
    [
      'a P-384 key',
      () => ecTestKeyPair('secp384r1').privatePem,
      'not_p256',
      /EC key on secp384r1\. .* ec_paramgen_curve:P-256/,
    ],
  ])('refuses %s', (_case, input, code, message) => {
    const error = refusal(() => loadNomupayPrivateKey(input()));
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
  });
});

describe('loadNomupayPublicKey', () => {
  it('loads the §3 test key from its PEM body alone and from PEM, as the same key', () => {
    const fromBody = loadNomupayPublicKey(CREATE_PAYMENT_REQUEST.publicKey);
    const pem = `-----BEGIN PUBLIC KEY-----\n${CREATE_PAYMENT_REQUEST.publicKey.match(/.{1,64}/g)?.join('\n')}\n-----END PUBLIC KEY-----\n`;
    expect(spki(fromBody)).toBe(CREATE_PAYMENT_REQUEST.publicKey);
    expect(spki(loadNomupayPublicKey(pem))).toBe(CREATE_PAYMENT_REQUEST.publicKey);
  });

  it('refuses a private key instead of deriving its public key', () => {
    expect(refusal(() => loadNomupayPublicKey(merchant.privatePem))).toMatchObject({
      code: 'wrong_key_kind',
      message: expect.stringMatching(/private key, but verifying needs/),
    });
    expect(refusal(() => loadNomupayPublicKey(createPrivateKey(merchant.privatePem))).code).toBe(
      'wrong_key_kind',
    );
  });
});

describe('nomupayPublicKeyOf and exportNomupayPublicKey', () => {
  it('derive the public key to register, as SPKI PEM that loads back', () => {
    const derived = nomupayPublicKeyOf(merchant.privatePem);
    expect(spki(derived)).toBe(merchant.publicDer);
    const pem = exportNomupayPublicKey(merchant.privateDer);
    expect(pem).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);
    expect(spki(loadNomupayPublicKey(pem))).toBe(merchant.publicDer);
  });
});

describe('nomupayHmacKeyBytes', () => {
  it('takes the UTF-8 bytes of the key string (spec §4), or bytes as given', () => {
    expect(nomupayHmacKeyBytes('whsec-ü')).toEqual(Buffer.from('whsec-ü', 'utf8'));
    expect(nomupayHmacKeyBytes(Uint8Array.of(1, 2))).toEqual(Buffer.from([1, 2]));
  });

  it('refuses an empty key, with which anyone could sign', () => {
    expect(refusal(() => nomupayHmacKeyBytes('')).code).toBe('empty_hmac_key');
    expect(refusal(() => nomupayHmacKeyBytes(new Uint8Array(0))).code).toBe('empty_hmac_key');
  });
});
