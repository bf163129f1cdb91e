import { describe, expect, it } from 'vitest';
import { computeSpsHashcode, spsHashcodeMatches } from './hashcode.js';
import { ShiftJisEncodingError } from './shift-jis.js';

// The made-up key of the worked examples in spec/sbps-au.md (not an SBPS value).
const KEY = '0123456789abcdef0123456789abcdef01234567';

// spec/sbps-au.md §4 worked example, rows 1–39 (no detail rows).
// biome-ignore format: laid out like the spec's list
const A01_VALUES = [
  'auone', '12345', '001', 'CUST0001', '', '', 'ORD20250301-0001', 'ITEM-A', '', 'テスト商品',
  '', '1100', '0', '', '0', '', '', '', '', '0',
  'https://shop.example/sbps/success', 'https://shop.example/sbps/cancel',
  'https://shop.example/sbps/error', 'https://shop.example/sbps/notify',
  '', '', '', '', '20250301120000', '600',
];

describe('computeSpsHashcode', () => {
  it('reproduces the A01-1 worked example over UTF-8, and the wrong Shift_JIS digest', () => {
    expect(computeSpsHashcode(A01_VALUES, KEY, 'utf-8')).toBe(
      '9f63e1692f4d73c44ad51520d2ab01dceeb66f27',
    );
    expect(computeSpsHashcode(A01_VALUES, KEY, 'shift_jis')).toBe(
      '508dd2efb38537782250096ec28b71e83e401e6d',
    );
  });

  it('gives the same digest in both encodings for ASCII-only values', () => {
    const values = ['12345', '001', '33334444555566', '20250620000000', '600'];
    expect(computeSpsHashcode(values, KEY, 'utf-8')).toBe(
      computeSpsHashcode(values, KEY, 'shift_jis'),
    );
  });

  it('trims ASCII spaces and control characters around each value, not inside', () => {
    const trimmed = computeSpsHashcode(['ab', 'c d'], KEY, 'utf-8');
    expect(computeSpsHashcode(['  ab\t', ' c d\r\n'], KEY, 'utf-8')).toBe(trimmed);
    expect(computeSpsHashcode(['ab', 'cd'], KEY, 'utf-8')).not.toBe(trimmed);
  });

  it('keeps the double-byte space, which SBPS treats as data (spec §2)', () => {
    expect(computeSpsHashcode(['ab\u3000'], KEY, 'utf-8')).not.toBe(
      computeSpsHashcode(['ab'], KEY, 'utf-8'),
    );
  });

  it('returns lowercase hex of 40 characters', () => {
    expect(computeSpsHashcode(['x'], KEY, 'utf-8')).toMatch(/^[0-9a-f]{40}$/);
  });

  it('refuses to hash Shift_JIS text it would have to substitute', () => {
    expect(() => computeSpsHashcode(['寿司🍣'], KEY, 'shift_jis')).toThrow(ShiftJisEncodingError);
  });

  it('refuses an empty key, which would make every hash forgeable', () => {
    expect(() => computeSpsHashcode(['x'], '', 'utf-8')).toThrow(/hash key is empty/);
  });
});

describe('spsHashcodeMatches', () => {
  const hash = '73c8efa397d68f31b48c74058befdda614bd2fb3';

  it('compares case-insensitively', () => {
    expect(spsHashcodeMatches(hash.toUpperCase(), hash)).toBe(true);
    expect(spsHashcodeMatches(hash, hash.toUpperCase())).toBe(true);
  });

  it('rejects a different or truncated hash', () => {
    expect(spsHashcodeMatches(`${hash.slice(0, 39)}4`, hash)).toBe(false);
    expect(spsHashcodeMatches(hash.slice(0, 39), hash)).toBe(false);
    expect(spsHashcodeMatches('', hash)).toBe(false);
  });
});
