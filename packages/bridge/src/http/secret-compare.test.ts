import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { clientSecretMatches, hashClientSecret, secretMatcher } from './secret-compare.js';

// FIPS 180-2's example: SHA-256("abc").
const SHA256_ABC = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';

describe('secret comparison', () => {
  it('keeps a client secret as the SHA-256 hex of its UTF-8 text', () => {
    expect(hashClientSecret('abc')).toBe(SHA256_ABC);
    // UTF-8, not Latin-1: "é" is the two bytes C3 A9.
    expect(hashClientSecret('é')).toBe(
      createHash('sha256')
        .update(Buffer.from([0xc3, 0xa9]))
        .digest('hex'),
    );
  });

  it('matches a client secret against its stored hash, and nothing else', () => {
    expect(clientSecretMatches('abc', SHA256_ABC)).toBe(true);
    expect(clientSecretMatches('abd', SHA256_ABC)).toBe(false);
    expect(clientSecretMatches('abc', SHA256_ABC.slice(0, 62))).toBe(false);
    expect(clientSecretMatches('abc', '')).toBe(false);
  });

  it('matches the one secret key, whatever the length of what is given', () => {
    const matches = secretMatcher('sk_test_0123456789');
    expect(matches('sk_test_0123456789')).toBe(true);
    expect(matches('sk_test_012345678')).toBe(false);
    expect(matches('sk_test_01234567890')).toBe(false);
    expect(matches('')).toBe(false);
  });
});
