import { createSecretKey, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { type KeyEncodingErrorCode, type KeyRoles, readKey } from './key-encoding.js';

class TestKeyError extends Error {
  constructor(
    readonly code: KeyEncodingErrorCode,
    message: string,
  ) {
    super(message);
  }
}

const roles: KeyRoles = {
  name: { private: 'the shop key', public: "the acquirer's key" },
  purpose: { private: 'signs', public: 'verifies' },
};
const fail = (code: KeyEncodingErrorCode, message: string) => new TestKeyError(code, message);
const pair = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
const privatePem = pair.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
const publicDer = pair.publicKey.export({ format: 'der', type: 'spki' }).toString('base64');

function codeOf(read: () => unknown): KeyEncodingErrorCode {
  try {
    read();
  } catch (error) {
    if (error instanceof TestKeyError) return error.code;
    throw error;
  }
  throw new Error('the key was accepted');
}

describe('readKey', () => {
  it('reads PEM, Base64 DER with line breaks, and passes a KeyObject of the right kind through', () => {
    expect(readKey(privatePem, 'private', roles, fail).equals(pair.privateKey)).toBe(true);
    const wrapped = publicDer.replace(/(.{20})/g, '$1\n');
    expect(readKey(wrapped, 'public', roles, fail).equals(pair.publicKey)).toBe(true);
    expect(readKey(pair.publicKey, 'public', roles, fail)).toBe(pair.publicKey);
  });

  it('names the roles in its refusals, and refuses a key of the other kind in every form', () => {
    expect(() => readKey(publicDer, 'private', roles, fail)).toThrow(
      'This is a public key, but signing needs the shop key.',
    );
    expect(() => readKey(pair.privateKey, 'public', roles, fail)).toThrow(
      "This is a private key, but verifying needs the acquirer's key",
    );
    expect(codeOf(() => readKey(privatePem, 'public', roles, fail))).toBe('wrong_key_kind');
  });

  it.each<[string, unknown, KeyEncodingErrorCode]>([
    ['a secret key', createSecretKey(Buffer.alloc(16)), 'wrong_key_kind'],
    ['a number', 7, 'unrecognised_format'],
    ['text with characters outside Base64', 'key: 123', 'unrecognised_format'],
    [
      'an unknown PEM block',
      '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----',
      'unrecognised_format',
    ],
    [
      'a legacy encrypted PEM',
      '-----BEGIN EC PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\n',
      'encrypted',
    ],
  ])('refuses %s', (_case, input, code) => {
    expect(codeOf(() => readKey(input as string, 'private', roles, fail))).toBe(code);
  });
});
