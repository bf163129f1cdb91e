import { describe, expect, it } from 'vitest';
import { formatYen } from './yen.js';

describe('formatYen', () => {
  it.each([
    [0, '¥0', '0円'],
    [1, '¥1', '1円'],
    [999, '¥999', '999円'],
    [1000, '¥1,000', '1,000円'],
    [1980, '¥1,980', '1,980円'],
    [500_000, '¥500,000', '500,000円'],
    [9_999_999, '¥9,999,999', '9,999,999円'],
    [-1980, '-¥1,980', '-1,980円'],
  ])('writes %d as %s and %s', (amount, en, ja) => {
    expect(formatYen(amount, 'en')).toBe(en);
    expect(formatYen(amount, 'ja')).toBe(ja);
  });

  it('refuses fractions of a yen and non-numbers', () => {
    expect(() => formatYen(1.5, 'en')).toThrow(RangeError);
    expect(() => formatYen(Number.NaN, 'ja')).toThrow(RangeError);
  });
});
