import { describe, expect, it } from 'vitest';
import { SbpsValidationError } from './field-validation.js';
import { decodeSbpsForm, decodeSbpsFormPairs, encodeSbpsForm } from './form.js';
import { computeSpsHashcode } from './hashcode.js';
import { PURCHASE_RESULT_FIELDS } from './link-fields.js';
import { signSbpsResult, verifySbpsResult } from './result.js';

const KEY = '0123456789abcdef0123456789abcdef01234567';
const A02_HASH = '73C8EFA397D68F31B48C74058BEFDDA614BD2FB3';
const A03_HASH = 'c113dc1bc64b9740fd749589182f5cab708de359';

// spec/sbps-au.md §5 worked example: rows 1–23 echo the A01-1 example (URLs dropped), then the
// result rows. Deliberately listed in a shuffled order: SBPS posts fields in no particular order.
const RESULT: Record<string, string> = {
  res_date: '20250301120131',
  item_name: 'テスト商品',
  res_result: 'OK',
  merchant_id: '12345',
  limit_second: '600',
  res_tracking_id: '12345678901234',
  pay_method: 'auone',
  service_id: '001',
  cust_code: 'CUST0001',
  sps_cust_no: '',
  sps_payment_no: '',
  order_id: 'ORD20250301-0001',
  item_id: 'ITEM-A',
  pay_item_id: '',
  tax: '',
  amount: '1100',
  pay_type: '0',
  auto_charge_type: '',
  service_type: '0',
  div_settele: '',
  last_charge_month: '',
  camp_type: '',
  tracking_id: '',
  terminal_type: '0',
  free1: '',
  free2: '',
  free3: '',
  request_date: '20250301120000',
  res_pay_method: 'auone',
  res_sps_cust_no: '',
  res_sps_payment_no: '',
  res_payinfo_key: '',
  res_payment_date: '20250301120130',
  res_err_code: '',
};

const notification: Record<string, string> = { ...RESULT, sps_hashcode: A02_HASH };
const browserReturn: Record<string, string> = { ...RESULT, sps_hashcode: A03_HASH };

describe('PURCHASE_RESULT_FIELDS', () => {
  it('lists A02-1/A03-1 rows 1–44 in hash order (spec §5)', () => {
    const names = PURCHASE_RESULT_FIELDS.map((field) => field.name);
    expect(names.slice(0, 3)).toEqual(['pay_method', 'merchant_id', 'service_id']);
    expect(names.slice(19, 24)).toEqual(['terminal_type', 'free1', 'free2', 'free3', 'dtl_rowno']);
    expect(names.slice(32)).toEqual([
      'request_date',
      'res_pay_method',
      'res_result',
      'res_tracking_id',
      'res_sps_cust_no',
      'res_sps_payment_no',
      'res_payinfo_key',
      'res_payment_date',
      'res_err_code',
      'res_date',
      'limit_second',
      'sps_hashcode',
    ]);
    expect(names).not.toContain('success_url');
    expect(names).not.toContain('free_csv');
  });
});

describe('signSbpsResult', () => {
  it('reproduces the A02-1 worked example in uppercase, as SBPS sends it', () => {
    expect(signSbpsResult('notification', RESULT, KEY)).toBe(A02_HASH);
  });

  it('reproduces the A03-1 worked example (Shift_JIS) in lowercase', () => {
    expect(signSbpsResult('return', RESULT, KEY)).toBe(A03_HASH);
  });

  it('ignores an sps_hashcode already among the fields', () => {
    expect(signSbpsResult('notification', { ...RESULT, sps_hashcode: 'x' }, KEY)).toBe(A02_HASH);
  });

  it('refuses a field given twice', () => {
    expect(() =>
      signSbpsResult('notification', [...Object.entries(RESULT), ['amount', '1']], KEY),
    ).toThrow(SbpsValidationError);
  });
});

describe('verifySbpsResult', () => {
  it('accepts the A02-1 example as SBPS sends it (uppercase) and in lowercase', () => {
    expect(verifySbpsResult('notification', notification, KEY)).toBe(true);
    expect(
      verifySbpsResult('notification', { ...RESULT, sps_hashcode: A02_HASH.toLowerCase() }, KEY),
    ).toBe(true);
  });

  it('accepts the A03-1 example, in any case', () => {
    expect(verifySbpsResult('return', browserReturn, KEY)).toBe(true);
    expect(
      verifySbpsResult('return', { ...RESULT, sps_hashcode: A03_HASH.toUpperCase() }, KEY),
    ).toBe(true);
  });

  it('rejects a hash computed over the other encoding', () => {
    expect(verifySbpsResult('return', notification, KEY)).toBe(false);
    expect(verifySbpsResult('notification', browserReturn, KEY)).toBe(false);
  });

  it.each(Object.keys(RESULT))('rejects the notification when %s is tampered with', (name) => {
    const tampered = { ...notification, [name]: `${RESULT[name]}9` };
    expect(verifySbpsResult('notification', tampered, KEY)).toBe(false);
  });

  it('rejects a wrong key, a missing hash and an empty hash', () => {
    expect(verifySbpsResult('notification', notification, `${KEY.slice(0, -1)}8`)).toBe(false);
    expect(verifySbpsResult('notification', RESULT, KEY)).toBe(false);
    expect(verifySbpsResult('notification', { ...RESULT, sps_hashcode: '' }, KEY)).toBe(false);
  });

  it('rejects values that are not strings, as some body parsers produce for repeated names', () => {
    const arrays = { ...notification, amount: ['1100', '1'] } as unknown as Record<string, string>;
    expect(verifySbpsResult('notification', arrays, KEY)).toBe(false);
  });

  it('ignores fields that are not part of the message', () => {
    expect(verifySbpsResult('notification', { ...notification, extra: 'x' }, KEY)).toBe(true);
  });

  it('trims leading and trailing spaces before hashing (spec §3 step 2)', () => {
    expect(verifySbpsResult('notification', { ...notification, amount: ' 1100 ' }, KEY)).toBe(true);
  });

  it('reads a missing field as empty (spec §3 step 2)', () => {
    const { res_err_code: _, ...withoutErrCode } = notification;
    expect(verifySbpsResult('notification', withoutErrCode, KEY)).toBe(true);
  });

  it('verifies a Shift_JIS form body end to end', () => {
    const body = new TextEncoder().encode(encodeSbpsForm(Object.entries(notification)));
    expect(verifySbpsResult('notification', decodeSbpsForm(body), KEY)).toBe(true);
  });

  it('rejects a return whose text Shift_JIS cannot carry, instead of throwing', () => {
    const emoji = { ...RESULT, item_name: '🍣', sps_hashcode: A03_HASH };
    expect(verifySbpsResult('return', emoji, KEY)).toBe(false);
  });

  it('rejects ordered pairs with a repeated field or hash', () => {
    const pairs = Object.entries(notification);
    expect(verifySbpsResult('notification', pairs, KEY)).toBe(true);
    expect(verifySbpsResult('notification', [...pairs, ['amount', '1']], KEY)).toBe(false);
    expect(verifySbpsResult('notification', [...pairs, ['sps_hashcode', A02_HASH]], KEY)).toBe(
      false,
    );
  });

  describe('with detail rows', () => {
    const rows: Array<[string, string]> = [
      ['dtl_rowno', '1'],
      ['dtl_item_id', 'A'],
      ['dtl_item_name', 'りんご'],
      ['dtl_item_count', '2'],
      ['dtl_tax', ''],
      ['dtl_amount', '500'],
      ['dtl_free1', ''],
      ['dtl_free2', ''],
      ['dtl_free3', ''],
      ['dtl_rowno', '2'],
      ['dtl_item_id', 'B'],
      ['dtl_item_name', 'みかん'],
      ['dtl_item_count', '1'],
      ['dtl_tax', ''],
      ['dtl_amount', '600'],
      ['dtl_free1', ''],
      ['dtl_free2', ''],
      ['dtl_free3', ''],
    ];
    // Rows 24–32 sit between free3 and request_date, 9 values per row (spec §5).
    const ordered = PURCHASE_RESULT_FIELDS.filter((field) => field.detailRow !== true).map(
      (field) => RESULT[field.name] ?? '',
    );
    const at = ordered.indexOf('20250301120000');
    const values = [...ordered.slice(0, at), ...rows.map(([, v]) => v), ...ordered.slice(at, -1)];

    it('hashes every row in order, from a form body with repeated names', () => {
      const hash = computeSpsHashcode(values, KEY, 'utf-8');
      const pairs: Array<[string, string]> = [
        ...Object.entries(RESULT),
        ...rows,
        ['sps_hashcode', hash.toUpperCase()],
      ];
      const body = new TextEncoder().encode(encodeSbpsForm(pairs));
      expect(verifySbpsResult('notification', decodeSbpsFormPairs(body), KEY)).toBe(true);
      expect(signSbpsResult('notification', pairs, KEY)).toBe(hash.toUpperCase());
      const swapped = pairs.map(([name, value]): [string, string] =>
        name === 'dtl_amount' ? [name, value === '500' ? '600' : '500'] : [name, value],
      );
      expect(verifySbpsResult('notification', swapped, KEY)).toBe(false);
    });

    it('hashes a single row given by name', () => {
      const single = Object.fromEntries(rows.slice(0, 9));
      const oneRow = [...ordered.slice(0, at), ...rows.slice(0, 9).map(([, v]) => v)];
      const hash = computeSpsHashcode([...oneRow, ...ordered.slice(at, -1)], KEY, 'shift_jis');
      expect(verifySbpsResult('return', { ...RESULT, ...single, sps_hashcode: hash }, KEY)).toBe(
        true,
      );
      expect(verifySbpsResult('return', { ...RESULT, sps_hashcode: hash }, KEY)).toBe(false);
    });
  });
});

describe('the result of a D01-1 recurring application', () => {
  // SBPS publishes no layout (spec §17 item 10); assumed: D01-1 rows 1–10 and 15–18 echoed, then
  // A02-1 rows 34–43 (spec §7 "Result"). Those rows are a subsequence of A02-1's in the same order,
  // and absent fields hash as empty, so the purchase layout verifies it: no second table needed.
  const application: Record<string, string> = {
    pay_method: 'auone',
    merchant_id: '12345',
    service_id: '001',
    cust_code: 'CUST0003',
    order_id: 'ORD-D-0001',
    item_id: 'SUB-PLAN',
    item_name: '月額プラン',
    service_type: '0',
    tracking_id: '',
    terminal_type: '0',
    free1: '',
    free2: '',
    free3: '',
    request_date: '20250415100000',
    res_pay_method: 'auone',
    res_result: 'OK',
    res_tracking_id: '12345678901234',
    res_sps_cust_no: '',
    res_sps_payment_no: '',
    res_payinfo_key: '',
    res_payment_date: '20250415100130',
    res_err_code: '',
    res_date: '20250415100131',
    limit_second: '600',
  };
  const preImage = Object.values(application).join('');

  it('is signed and verified by the A02-1/A03-1 functions, UTF-8 and Shift_JIS', () => {
    const utf8 = computeSpsHashcode([preImage], KEY, 'utf-8').toUpperCase();
    const sjis = computeSpsHashcode([preImage], KEY, 'shift_jis');
    expect(signSbpsResult('notification', application, KEY)).toBe(utf8);
    expect(signSbpsResult('return', application, KEY)).toBe(sjis);
    const signed = { ...application, sps_hashcode: utf8 };
    expect(verifySbpsResult('notification', signed, KEY)).toBe(true);
    expect(verifySbpsResult('notification', { ...signed, item_name: '年額' }, KEY)).toBe(false);
  });
});
