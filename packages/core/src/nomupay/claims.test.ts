import { describe, expect, it } from 'vitest';
import { checkKid, checkRawBody, expiryOf, NOMUPAY_KID, NomupaySigningError } from './claims.js';

describe('expiryOf', () => {
  it('counts whole seconds from now, dropping the milliseconds (never past the cap)', () => {
    expect(expiryOf(new Date(1763337600_999), 300)).toBe(1763337900);
    expect(expiryOf(new Date(1763337600_000), 1)).toBe(1763337601);
  });

  it.each([0, 301, 1.5, Number.NaN, -1])('refuses a lifetime of %s', (lifetime) => {
    expect(() => expiryOf(new Date(0), lifetime)).toThrow(NomupaySigningError);
  });
});

describe('kid and body rules', () => {
  it('takes a KSUID of 27 letters and digits as kid, nothing else', () => {
    expect(NOMUPAY_KID.test('2HdN2jq6XWmlkhqRC2gDTNYCvNH')).toBe(true);
    expect(() => checkKid('2HdN2jq6XWmlkhqRC2gDTNYCvNH')).not.toThrow();
    for (const kid of [
      '2HdN2jq6XWmlkhqRC2gDTNYCvN',
      '2HdN2jq6XWmlkhqRC2gDTNYCvNH1',
      '2HdN2jq6XWmlkhqRC2gDTNYCv-H',
    ]) {
      expect(() => checkKid(kid)).toThrow(/KSUID/);
    }
  });

  it('takes a string or bytes as the body, and refuses a parsed object', () => {
    expect(() => checkRawBody('{}')).not.toThrow();
    expect(() => checkRawBody(new Uint8Array(2))).not.toThrow();
    expect(() => checkRawBody({})).toThrow(/express\.raw\(\)/);
  });
});
