import { describe, expect, it } from 'vitest';
import { type DetachedJws, signDetachedJws } from './detached-jws.js';
import {
  checkExpiry,
  readSignatureToken,
  signatureTokens,
  verifyAnyToken,
  wrongAlgorithm,
} from './verification.js';

const withExp = (exp: unknown): DetachedJws => ({
  protectedHeader: '',
  header: { exp },
  signature: Buffer.alloc(0),
});

describe('signatureTokens', () => {
  it('reads one header, several, and several joined by Node with ", "', () => {
    expect(signatureTokens('a..b')).toEqual(['a..b']);
    expect(signatureTokens(['a..b', 'c..d'])).toEqual(['a..b', 'c..d']);
    expect(signatureTokens('a..b, c..d,e..f')).toEqual(['a..b', 'c..d', 'e..f']);
    expect(signatureTokens(undefined)).toEqual([]);
    expect(signatureTokens(null)).toEqual([]);
    expect(signatureTokens([' ', ''])).toEqual([]);
  });
});

describe('verifyAnyToken', () => {
  it('answers the first token that passes and stops there', () => {
    const seen: string[] = [];
    const result = verifyAnyToken(['bad', 'good', 'later'], (token) => {
      seen.push(token);
      return token === 'bad'
        ? { reason: 'signature_mismatch', message: 'no' }
        : { ok: true, header: token };
    });
    expect(result).toEqual({ ok: true, header: 'good' });
    expect(seen).toEqual(['bad', 'good']);
  });

  it('keeps a single failure as it is', () => {
    const result = verifyAnyToken('x', () => ({ reason: 'expired', message: 'Expired.' }));
    expect(result).toEqual({
      ok: false,
      reason: 'expired',
      message: 'Expired.',
      failures: [{ reason: 'expired', message: 'Expired.' }],
    });
  });
});

describe('checkExpiry', () => {
  const now = new Date(1000_000);
  it('passes an exp after now, and within the cap when there is one', () => {
    expect(checkExpiry(withExp(1001), now)).toBeUndefined();
    expect(checkExpiry(withExp(1300), now, 300)).toBeUndefined();
    expect(checkExpiry(withExp(1000.5), now)).toBeUndefined();
  });

  it('refuses exp at or before now, past the cap, and an exp that is not a number', () => {
    expect(checkExpiry(withExp(1000), now)?.reason).toBe('expired');
    expect(checkExpiry(withExp(1301), now, 300)?.reason).toBe('expiry_too_far');
    expect(checkExpiry(withExp('1300'), now)?.reason).toBe('malformed_signature');
    expect(checkExpiry(withExp(undefined), now)?.reason).toBe('malformed_signature');
  });
});

describe('wrongAlgorithm', () => {
  it('explains each refusal', () => {
    expect(wrongAlgorithm('none', 'HS256').message).toMatch(/unsigned token is never accepted/);
    expect(wrongAlgorithm('RS256', 'ES256').message).toMatch(/merchants sign requests with ES256/);
  });
});

describe('readSignatureToken', () => {
  const KID = '2J0bq9WcP3xQk7LmN4vRt8sYz1D';
  const token = (header: Record<string, unknown>) =>
    signDetachedJws(header, '{}', () => Buffer.alloc(32, 1));

  it('answers the JWS and its kid when alg is the expected one and kid a KSUID', () => {
    const read = readSignatureToken(token({ alg: 'HS256', kid: KID }), 'HS256');
    expect(read).toMatchObject({ kid: KID, jws: { header: { alg: 'HS256', kid: KID } } });
  });

  it('refuses a token that is not a detached JWS, another alg, and a kid that is no KSUID', () => {
    expect(readSignatureToken('not-a-token', 'HS256')).toMatchObject({
      reason: 'malformed_signature',
    });
    expect(readSignatureToken(token({ alg: 'ES256', kid: KID }), 'HS256')).toMatchObject({
      reason: 'wrong_algorithm',
    });
    expect(readSignatureToken(token({ alg: 'none', kid: KID }), 'ES256')).toMatchObject({
      reason: 'wrong_algorithm',
    });
    expect(readSignatureToken(token({ alg: 'ES256', kid: 'short' }), 'ES256')).toMatchObject({
      reason: 'invalid_kid',
    });
  });
});
