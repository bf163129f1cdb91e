import { createPrivateKey, createSecretKey, generateKeyPairSync } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { ANTOM_TEST_PUBLIC_KEY, toPem } from '../testing/antom-worked-examples.js';
import { rsaTestKeyPair, type TestKeyPair } from '../testing/test-keys.js';
import {
  AntomKeyError,
  type AntomKeyErrorCode,
  loadAntomPrivateKey,
  loadAntomPublicKey,
} from './keys.js';

const spki = (key: { export(options: { format: 'der'; type: 'spki' }): Buffer }) =>
  key.export({ format: 'der', type: 'spki' }).toString('base64');

function refusal(load: () => unknown): AntomKeyError {
  try {
    load();
  } catch (error) {
    if (error instanceof AntomKeyError) return error;
    throw error;
  }
  throw new Error('the key was accepted');
}

let merchant: TestKeyPair;
beforeAll(() => {
  merchant = rsaTestKeyPair();
});

describe('loadAntomPublicKey', () => {
  it('loads the §3.4 public key as the Dashboard gives it (Base64 SPKI DER)', () => {
    const key = loadAntomPublicKey(ANTOM_TEST_PUBLIC_KEY);
    expect(key.type).toBe('public');
    expect(key.asymmetricKeyDetails?.modulusLength).toBe(2048);
    expect(spki(key)).toBe(ANTOM_TEST_PUBLIC_KEY);
  });

  it('loads the same key from PEM, from Base64 wrapped over lines, and from a KeyObject', () => {
    const fromPem = loadAntomPublicKey(toPem(ANTOM_TEST_PUBLIC_KEY, 'PUBLIC KEY'));
    const wrapped = loadAntomPublicKey(
      `\n${ANTOM_TEST_PUBLIC_KEY.match(/.{1,76}/g)?.join('\r\n')}\n`,
    );
    expect(spki(fromPem)).toBe(ANTOM_TEST_PUBLIC_KEY);
    expect(spki(wrapped)).toBe(ANTOM_TEST_PUBLIC_KEY);
    expect(loadAntomPublicKey(fromPem)).toBe(fromPem);
  });

  it.each<[string, () => string, AntomKeyErrorCode, RegExp]>([
    [
      'the merchant private key (DER)',
      () => merchant.privateDer,
      'wrong_key_kind',
      /private key, but verifying needs Antom's public key/,
    ],
    [
      'the merchant private key (PEM)',
      () => merchant.privatePem,
      'wrong_key_kind',
      /private key, but verifying/,
    ],
    [
      'text that is neither Base64 DER nor PEM',
      () => 'not a key',
      'unrecognised_format',
      /neither/,
    ],
    [
      'Base64 that is not a key',
      () => Buffer.from('hello world').toString('base64'),
      'unrecognised_format',
      /SPKI DER/,
    ],
    [
      'a PEM cut short',
      () => toPem(ANTOM_TEST_PUBLIC_KEY.slice(0, 200), 'PUBLIC KEY'),
      'unrecognised_format',
      /copied whole/,
    ],
    [
      'a PEM with "\\n" escapes',
      () => toPem(ANTOM_TEST_PUBLIC_KEY, 'PUBLIC KEY').replaceAll('\n', '\\n'),
      'escaped_line_breaks',
      /real line breaks/,
    ],
  ])('refuses %s', (_case, input, code, message) => {
    const error = refusal(() => loadAntomPublicKey(input()));
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
  });

  it('refuses a private KeyObject rather than deriving its public key', () => {
    expect(refusal(() => loadAntomPublicKey(createPrivateKey(merchant.privatePem))).code).toBe(
      'wrong_key_kind',
    );
  });
});

describe('loadAntomPrivateKey', () => {
  it('loads the same key from Base64 PKCS#8 DER (Dashboard), PEM and a KeyObject', () => {
    const fromDer = loadAntomPrivateKey(merchant.privateDer);
    const fromPem = loadAntomPrivateKey(merchant.privatePem);
    expect(fromDer.type).toBe('private');
    expect(fromDer.equals(fromPem)).toBe(true);
    expect(loadAntomPrivateKey(fromPem)).toBe(fromPem);
  });

  it('loads a PKCS#1 PEM ("RSA PRIVATE KEY", as older openssl writes it)', () => {
    const pkcs1 = createPrivateKey(merchant.privatePem).export({ format: 'pem', type: 'pkcs1' });
    expect(
      loadAntomPrivateKey(pkcs1.toString()).equals(createPrivateKey(merchant.privatePem)),
    ).toBe(true);
  });

  it.each<[string, () => string, AntomKeyErrorCode, RegExp]>([
    [
      "Antom's public key (DER)",
      () => ANTOM_TEST_PUBLIC_KEY,
      'wrong_key_kind',
      /public key, but signing needs the merchant private key/,
    ],
    [
      "Antom's public key (PEM)",
      () => toPem(ANTOM_TEST_PUBLIC_KEY, 'PUBLIC KEY'),
      'wrong_key_kind',
      /public key, but signing/,
    ],
    [
      'an encrypted PEM',
      () =>
        createPrivateKey(merchant.privatePem)
          .export({ format: 'pem', type: 'pkcs8', cipher: 'aes-256-cbc', passphrase: 'x' })
          .toString(),
      'encrypted',
      /-nocrypt/,
    ],
    ['an empty string', () => '', 'unrecognised_format', /PKCS#8 DER \(no armour\) or as PEM/],
    [
      'an EC key',
      () =>
        generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
          .privateKey.export({ format: 'der', type: 'pkcs8' })
          .toString('base64'),
      'not_rsa',
      /type "ec"/,
    ],
    ['a 1024-bit RSA key', () => rsaTestKeyPair(1024).privateDer, 'too_short', /1024-bit/],
  ])('refuses %s', (_case, input, code, message) => {
    const error = refusal(() => loadAntomPrivateKey(input()));
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
  });

  it('refuses a secret key and a value that is not a string', () => {
    expect(refusal(() => loadAntomPrivateKey(createSecretKey(Buffer.alloc(32)))).message).toMatch(
      /secret key/,
    );
    expect(refusal(() => loadAntomPrivateKey(42 as unknown as string)).code).toBe(
      'unrecognised_format',
    );
  });

  it('never repeats the key in its message', () => {
    const body = merchant.privateDer.slice(100, 140);
    const error = refusal(() => loadAntomPublicKey(merchant.privateDer));
    expect(error.message).not.toContain(body);
    expect(refusal(() => loadAntomPrivateKey(`${merchant.privateDer}!`)).message).not.toContain(
      body,
    );
  });
});
