import { describe, expect, it } from 'vitest';
import { SBPS_API_REQUEST_FIELDS } from './api-fields.js';
import type { SbpsField } from './field.js';
import { findPaddedValues, validateSbpsFields } from './field-validation.js';
import {
  PURCHASE_REQUEST_FIELDS,
  PURCHASE_RESULT_FIELDS,
  RECURRING_APPLICATION_FIELDS,
} from './link-fields.js';

const digits: SbpsField = { name: 'amount', maxLength: 7, type: '9', required: true };
const single: SbpsField = { name: 'order_id', maxLength: 10, type: 'X', required: false };
const mixed: SbpsField = { name: 'item_name', maxLength: 10, type: 'M', required: false };
const exact: SbpsField = {
  name: 'request_date',
  maxLength: 14,
  exactLength: true,
  type: '9',
  required: false,
};
const choice: SbpsField = {
  name: 'pay_type',
  maxLength: 1,
  type: '9',
  required: false,
  allowed: ['0', '1'],
};
const empty: SbpsField = { name: 'free_csv', type: 'X', required: false, allowed: [] };

const codes = (fields: readonly SbpsField[], values: Record<string, string>) =>
  validateSbpsFields(fields, values).map((problem) => problem.code);

describe('validateSbpsFields', () => {
  it('accepts valid values and optional empty ones', () => {
    expect(
      validateSbpsFields([digits, single, mixed, exact, choice, empty], {
        amount: '1100',
        item_name: 'テスト商品',
      }),
    ).toEqual([]);
  });

  it('requires ○ fields, treating a missing one as empty', () => {
    const [problem] = validateSbpsFields([digits], {});
    expect(problem).toEqual({
      field: 'amount',
      code: 'required',
      message: { en: 'amount is required.', ja: 'amountは必須です。' },
    });
  });

  it.each([['1,100'], ['-1'], ['１１'], [' 1'], ['1.5']])('refuses %j for a 9 field', (value) => {
    expect(codes([digits], { amount: value })).toEqual(['not_digits']);
  });

  it('accepts ASCII and half-width katakana for X, refuses double-byte', () => {
    expect(codes([single], { order_id: 'A-1_ｱｲ' })).toEqual([]);
    expect(codes([single], { order_id: 'ＡＢ' })).toEqual(['not_single_byte']);
  });

  it('refuses TAB, LF and CR in any field (spec §2)', () => {
    expect(codes([single], { order_id: 'a\tb' })).toEqual(['control_character']);
    expect(codes([mixed], { item_name: 'a\nb' })).toEqual(['control_character']);
  });

  it('counts double-byte characters as 2 toward the length of M', () => {
    expect(codes([mixed], { item_name: 'あいうえお' })).toEqual([]);
    expect(codes([mixed], { item_name: 'あいうえおa' })).toEqual(['too_long']);
    expect(codes([mixed], { item_name: 'ｱｲｳｴｵｶｷｸｹｺ' })).toEqual([]);
    expect(validateSbpsFields([mixed], { item_name: 'あいうえおか' })[0]?.message.en).toBe(
      'item_name is too long: at most 10 bytes in Shift_JIS (double-byte characters count as 2), got 12.',
    );
  });

  it('refuses M text Shift_JIS cannot carry, naming the character and a replacement', () => {
    const [problem] = validateSbpsFields([mixed], { item_name: '1〜2' });
    expect(problem?.code).toBe('not_shift_jis');
    expect(problem?.message.en).toContain('U+301C');
    expect(problem?.message.en).toContain('use "～" instead');
    expect(problem?.message.ja).toContain('「〜」');
  });

  it('refuses an emoji in M', () => {
    expect(validateSbpsFields([mixed], { item_name: '🍣' })[0]?.message.en).toBe(
      'item_name contains "🍣" (U+1F363), which SBPS cannot accept in Shift_JIS.',
    );
  });

  it('checks lengths of X and exact-length fields', () => {
    expect(codes([single], { order_id: 'x'.repeat(11) })).toEqual(['too_long']);
    expect(codes([exact], { request_date: '2025030112000' })).toEqual(['wrong_length']);
  });

  it('checks defined values, and fields that must be empty', () => {
    expect(codes([choice], { pay_type: '2' })).toEqual(['not_allowed']);
    expect(validateSbpsFields([choice], { pay_type: '2' })[0]?.message.en).toBe(
      'pay_type must be one of "0", "1" (got "2").',
    );
    expect(validateSbpsFields([empty], { free_csv: 'x' })[0]?.message.ja).toBe(
      'free_csvは空にしてください（指定値「x」）。',
    );
  });

  it('reports a field given twice in ordered pairs', () => {
    expect(
      validateSbpsFields(
        [digits],
        [
          ['amount', '1'],
          ['amount', '2'],
        ],
      ).map((problem) => problem.code),
    ).toEqual(['duplicate']);
  });

  it('validates each detail row and names the row', () => {
    const detail: SbpsField = { ...digits, name: 'dtl_amount', required: false, detailRow: true };
    const problems = validateSbpsFields(
      [detail],
      [
        ['dtl_amount', '1'],
        ['dtl_amount', 'x'],
      ],
    );
    expect(problems).toEqual([
      expect.objectContaining({ field: 'dtl_amount', row: 2, code: 'not_digits' }),
    ]);
    expect(problems[0]?.message.ja).toContain('dtl_amount（2行目）');
  });

  it('never throws for user data', () => {
    const everything = [
      ...PURCHASE_REQUEST_FIELDS.one_time,
      ...PURCHASE_RESULT_FIELDS,
      ...RECURRING_APPLICATION_FIELDS,
    ];
    const hostile = Object.fromEntries(
      everything.map((field) => [field.name, '\uD800🍣\u0000<&>'.repeat(50)]),
    );
    expect(validateSbpsFields(everything, hostile).length).toBeGreaterThan(0);
  });
});

describe('findPaddedValues', () => {
  it('flags leading or trailing single- and double-byte spaces', () => {
    expect(
      findPaddedValues([single, mixed, digits], {
        order_id: ' A',
        item_name: 'テスト\u3000',
        amount: '1 0',
      }).map((problem) => problem.field),
    ).toEqual(['order_id', 'item_name']);
  });
});

describe('field tables', () => {
  it('keep A01-1 rows 1–40 in hash order with the detail rows at 29–37', () => {
    const names = PURCHASE_REQUEST_FIELDS.one_time.map((field) => field.name);
    expect(names).toHaveLength(40);
    expect(names.indexOf('free_csv')).toBe(27);
    expect(names.slice(28, 37)).toEqual([
      'dtl_rowno',
      'dtl_item_id',
      'dtl_item_name',
      'dtl_item_count',
      'dtl_tax',
      'dtl_amount',
      'dtl_free1',
      'dtl_free2',
      'dtl_free3',
    ]);
    expect(names.slice(37)).toEqual(['request_date', 'limit_second', 'sps_hashcode']);
  });

  it('differ per billing only in the tab rules of spec §4', () => {
    const rule = (billing: keyof typeof PURCHASE_REQUEST_FIELDS, name: string) =>
      PURCHASE_REQUEST_FIELDS[billing].find((field) => field.name === name);
    expect(rule('one_time', 'auto_charge_type')?.allowed).toEqual([]);
    expect(rule('recurring_simple', 'auto_charge_type')).toMatchObject({
      required: true,
      allowed: ['1'],
    });
    expect(rule('recurring_fixed_term', 'auto_charge_type')).toMatchObject({ allowed: ['0'] });
    expect(rule('recurring_simple', 'service_type')?.allowed).toEqual(['0', '1']);
    expect(rule('recurring_fixed_term', 'tracking_id')?.allowed).toEqual([]);
  });

  it('nest the API amounts in pay_option_manage', () => {
    const nested = (id: keyof typeof SBPS_API_REQUEST_FIELDS) =>
      SBPS_API_REQUEST_FIELDS[id]
        .filter((field) => field.parent === 'pay_option_manage')
        .map((field) => field.name);
    expect(nested('ST02-00201-402')).toEqual(['amount']);
    expect(nested('ST02-00303-402')).toEqual(['amount', 'cancel_target_month']);
    expect(nested('ST01-00104-402')).toEqual([]);
  });
});
