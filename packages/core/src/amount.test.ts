import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { acquirerLimits } from './acquirers/amount-limits.js';
import { acquirerProfiles } from './acquirers/index.js';
import type { AcquirerId } from './acquirers/profile.js';
import { acquirerIds } from './acquirers/profile.js';
import { checkAmount } from './amount.js';

describe('checkAmount', () => {
  it.each([
    [1980, 'sbps', 1980],
    ['1980', 'sbps', 1980],
    ['0100', 'sbps', 100],
    [1, 'antom', 1],
    ['1', 'nomupay', 1],
    [500_000, 'antom', 500_000],
    ['500000', 'antom', 500_000],
    [9_999_999, 'sbps', 9_999_999],
    ['9999999', 'nomupay', 9_999_999],
  ] as const)('accepts %j for %s as %d yen', (value, acquirer, amount) => {
    expect(checkAmount(value, acquirer)).toEqual({ ok: true, amount });
  });

  it.each([
    [undefined, 'amount_missing'],
    [null, 'amount_missing'],
    ['', 'amount_missing'],
    [true, 'amount_wrong_type'],
    [false, 'amount_wrong_type'],
    [{ value: 1980 }, 'amount_wrong_type'],
    [[1980], 'amount_wrong_type'],
    [Number.NaN, 'amount_not_a_number'],
    ['abc', 'amount_not_a_number'],
    [' 1980', 'amount_not_a_number'],
    ['1980 ', 'amount_not_a_number'],
    ['1e3', 'amount_not_a_number'],
    ['0x10', 'amount_not_a_number'],
    ['1,980', 'amount_not_a_number'],
    ['１９８０', 'amount_not_a_number'],
    ['+5', 'amount_not_a_number'],
    ['1.', 'amount_not_a_number'],
    ['.5', 'amount_not_a_number'],
    ['¥1980', 'amount_not_a_number'],
    [Number.POSITIVE_INFINITY, 'amount_not_finite'],
    [Number.NEGATIVE_INFINITY, 'amount_not_finite'],
    [-1, 'amount_negative'],
    ['-1', 'amount_negative'],
    [-1.5, 'amount_negative'],
    ['-0', 'amount_negative'],
    [1.5, 'amount_not_integer'],
    ['1.5', 'amount_not_integer'],
    ['1980.0', 'amount_not_integer'],
    [0, 'amount_below_minimum'],
    [-0, 'amount_below_minimum'],
    ['0', 'amount_below_minimum'],
  ])('refuses %j with %s', (value, code) => {
    const result = checkAmount(value, 'sbps');
    expect(result).toMatchObject({ ok: false, code });
  });

  it('refuses a bigint as amount_wrong_type (JSON and attributes never carry one)', () => {
    expect(checkAmount(1980n, 'sbps')).toMatchObject({ ok: false, code: 'amount_wrong_type' });
  });

  it('names the acquirer maximum in yen, in English and Japanese', () => {
    expect(checkAmount(500_001, 'antom')).toEqual({
      ok: false,
      code: 'amount_above_maximum',
      message: 'The amount must be at most ¥500,000 for au PAY through Antom.',
      messages: {
        en: 'The amount must be at most ¥500,000 for au PAY through Antom.',
        ja: 'Antom経由のau PAYの金額は500,000円以下です。',
      },
    });
    expect(checkAmount('10000000', 'sbps')).toMatchObject({
      code: 'amount_above_maximum',
      messages: { ja: 'SBペイメントサービス経由のau PAYの金額は9,999,999円以下です。' },
    });
    expect(checkAmount(10_000_000, 'nomupay')).toMatchObject({ code: 'amount_above_maximum' });
    expect(checkAmount('99999999999999999999999', 'sbps')).toMatchObject({
      code: 'amount_above_maximum',
    });
  });

  it('names the minimum in yen', () => {
    expect(checkAmount(0, 'antom')).toMatchObject({
      code: 'amount_below_minimum',
      message: 'The amount must be at least ¥1 for au PAY through Antom.',
      messages: { ja: 'Antom経由のau PAYの金額は1円以上です。' },
    });
  });

  it('gives every refusal an English message equal to messages.en and a Japanese one', () => {
    for (const value of [
      undefined,
      true,
      'abc',
      Number.POSITIVE_INFINITY,
      -1,
      1.5,
      0,
      10_000_000,
    ]) {
      const result = checkAmount(value, 'sbps');
      if (result.ok) throw new Error(`${String(value)} was accepted`);
      expect(result.message).toBe(result.messages.en);
      expect(result.messages.ja).toMatch(/金額/);
    }
  });

  it('accepts exactly the integers within each acquirer limits, as numbers and as digit strings', () => {
    const limits: Record<AcquirerId, [number, number]> = {
      sbps: [1, 9_999_999],
      antom: [1, 500_000],
      nomupay: [1, 9_999_999],
    };
    fc.assert(
      fc.property(
        fc.constantFrom<AcquirerId>('sbps', 'antom', 'nomupay'),
        fc.integer({ min: 0, max: 20_000_000 }),
        (acquirer, amount) => {
          const [min, max] = limits[acquirer];
          const expected = amount >= min && amount <= max;
          expect(checkAmount(amount, acquirer).ok).toBe(expected);
          expect(checkAmount(String(amount), acquirer)).toEqual(checkAmount(amount, acquirer));
        },
      ),
    );
  });

  it('reads the limits table, which is where the acquirer profiles get their limits and names', () => {
    expect(Object.keys(acquirerLimits)).toEqual([...acquirerIds]);
    for (const id of acquirerIds) {
      const { name, amount } = acquirerLimits[id];
      // The same objects, not copies: one source of truth.
      expect(acquirerProfiles[id].amount).toBe(amount);
      expect(acquirerProfiles[id].name).toBe(name);
      expect(checkAmount(amount.min, id)).toEqual({ ok: true, amount: amount.min });
      expect(checkAmount(amount.max, id)).toEqual({ ok: true, amount: amount.max });
      expect(checkAmount(amount.min - 1, id)).toMatchObject({ code: 'amount_below_minimum' });
      expect(checkAmount(amount.max + 1, id)).toMatchObject({
        code: 'amount_above_maximum',
        messages: { en: expect.stringContaining(name.en), ja: expect.stringContaining(name.ja) },
      });
    }
  });

  it('refuses an unknown acquirer loudly', () => {
    expect(() => checkAmount(1, 'paypay' as AcquirerId)).toThrow(
      new RangeError('Unknown acquirer "paypay": expected one of sbps, antom, nomupay.'),
    );
    expect(() => checkAmount(1, 'toString' as AcquirerId)).toThrow(/Unknown acquirer "toString"/);
  });
});
