import { describe, expect, it } from 'vitest';
import { decodeBase64url, encodeBase64url } from './base64url.js';

describe('BASE64URL (RFC 7515 §2)', () => {
  it('encodes UTF-8 text and bytes without padding, with "-" and "_"', () => {
    expect(encodeBase64url('{"alg":"HS256"}')).toBe('eyJhbGciOiJIUzI1NiJ9');
    expect(encodeBase64url(Uint8Array.of(0xfb, 0xff))).toBe('-_8');
    expect(encodeBase64url('')).toBe('');
  });

  it('decodes what it encodes', () => {
    const bytes = Uint8Array.of(0, 1, 2, 250, 251, 252, 253, 254, 255);
    expect(decodeBase64url(encodeBase64url(bytes))).toEqual(Buffer.from(bytes));
    expect(decodeBase64url('')).toEqual(Buffer.alloc(0));
  });

  it.each([
    ['padding', 'eyJhbGciOiJIUzI1NiJ9='],
    ['the standard alphabet', '+_8'],
    ['a slash', '-/8'],
    ['a dot', 'ab.c'],
    ['an impossible length', 'abcde'],
    ['stray bits in the last character', '-_9'],
  ])('refuses %s', (_case, segment) => {
    expect(decodeBase64url(segment)).toBeUndefined();
  });
});
