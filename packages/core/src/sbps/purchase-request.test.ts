import { describe, expect, it } from 'vitest';
import { SbpsValidationError } from './field-validation.js';
import { decodeSbpsForm, decodeSbpsFormPairs, encodeSbpsForm } from './form.js';
import { computeSpsHashcode } from './hashcode.js';
import {
  buildPurchaseRequest,
  type PurchaseRequestInput,
  validatePurchaseRequest,
  verifyPurchaseRequest,
} from './purchase-request.js';

const KEY = '0123456789abcdef0123456789abcdef01234567';

// spec/sbps-au.md §4 worked example.
const EXAMPLE: PurchaseRequestInput = {
  billing: 'one_time',
  merchantId: '12345',
  serviceId: '001',
  custCode: 'CUST0001',
  orderId: 'ORD20250301-0001',
  itemId: 'ITEM-A',
  itemName: 'テスト商品',
  amount: 1100,
  successUrl: 'https://shop.example/sbps/success',
  cancelUrl: 'https://shop.example/sbps/cancel',
  errorUrl: 'https://shop.example/sbps/error',
  pageconUrl: 'https://shop.example/sbps/notify',
  requestDate: '20250301120000',
  limitSecond: 600,
};

// A01-1 rows 1–28 and 38–40 in hash order (spec §4 table).
const A01_ORDER = [
  'pay_method',
  'merchant_id',
  'service_id',
  'cust_code',
  'sps_cust_no',
  'sps_payment_no',
  'order_id',
  'item_id',
  'pay_item_id',
  'item_name',
  'tax',
  'amount',
  'pay_type',
  'auto_charge_type',
  'service_type',
  'div_settele',
  'last_charge_month',
  'camp_type',
  'tracking_id',
  'terminal_type',
  'success_url',
  'cancel_url',
  'error_url',
  'pagecon_url',
  'free1',
  'free2',
  'free3',
  'free_csv',
  'request_date',
  'limit_second',
  'sps_hashcode',
];

const problemsOf = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    if (error instanceof SbpsValidationError) return error.problems;
    throw error;
  }
  throw new Error('expected an SbpsValidationError');
};

describe('buildPurchaseRequest', () => {
  it('reproduces the spec §4 worked example byte for byte', () => {
    const pairs = buildPurchaseRequest(EXAMPLE, KEY);
    expect(pairs.map(([name]) => name)).toEqual(A01_ORDER);
    expect(Object.fromEntries(pairs)).toMatchObject({
      pay_method: 'auone',
      pay_type: '0',
      service_type: '0',
      terminal_type: '0',
      auto_charge_type: '',
      tax: '',
      free_csv: '',
      sps_hashcode: '9f63e1692f4d73c44ad51520d2ab01dceeb66f27',
    });
  });

  it('hashes over UTF-8: the Shift_JIS digest of the same values differs', () => {
    const pairs = buildPurchaseRequest(EXAMPLE, KEY);
    const values = pairs.slice(0, -1).map(([, value]) => value);
    expect(computeSpsHashcode(values, KEY, 'shift_jis')).toBe(
      '508dd2efb38537782250096ec28b71e83e401e6d',
    );
    expect(pairs.at(-1)?.[1]).not.toBe('508dd2efb38537782250096ec28b71e83e401e6d');
  });

  it('carries item_name in the form as Shift_JIS percent-encoding', () => {
    const body = encodeSbpsForm(buildPurchaseRequest(EXAMPLE, KEY));
    expect(body).toContain('&item_name=%83e%83X%83g%8F%A4%95i&');
    expect(body).toContain('&success_url=https%3A%2F%2Fshop.example%2Fsbps%2Fsuccess&');
  });

  it('fills the recurring-simple tab (spec §4 "Tab differences")', () => {
    const pairs = Object.fromEntries(
      buildPurchaseRequest(
        { ...EXAMPLE, billing: 'recurring_simple', lastChargeMonth: '202512', campType: '0' },
        KEY,
      ),
    );
    expect(pairs).toMatchObject({
      pay_type: '1',
      auto_charge_type: '1',
      service_type: '0',
      div_settele: '0',
      last_charge_month: '202512',
      camp_type: '0',
      tracking_id: '',
    });
  });

  it('cancels a recurring-simple contract through the link with service_type=1', () => {
    const pairs = Object.fromEntries(
      buildPurchaseRequest(
        { ...EXAMPLE, billing: 'recurring_simple', cancelTrackingId: '12345678901234' },
        KEY,
      ),
    );
    expect(pairs).toMatchObject({
      pay_type: '1',
      service_type: '1',
      tracking_id: '12345678901234',
    });
  });

  it('fills the recurring fixed-term tab', () => {
    const pairs = Object.fromEntries(
      buildPurchaseRequest({ ...EXAMPLE, billing: 'recurring_fixed_term' }, KEY),
    );
    expect(pairs).toMatchObject({
      pay_type: '2',
      auto_charge_type: '0',
      service_type: '0',
      div_settele: '0',
      last_charge_month: '',
      camp_type: '',
    });
  });

  it('places detail rows between free_csv and request_date, 9 values per row, and hashes them', () => {
    const pairs = buildPurchaseRequest(
      {
        ...EXAMPLE,
        details: [
          { itemId: 'A', itemName: 'りんご', itemCount: 2, amount: 500 },
          {
            rowNo: 7,
            itemId: 'B',
            itemName: 'みかん',
            itemCount: 1,
            tax: 10,
            amount: 100,
            free3: 'x',
          },
        ],
      },
      KEY,
    );
    const names = pairs.map(([name]) => name);
    const start = names.indexOf('free_csv') + 1;
    expect(pairs.slice(start, start + 18)).toEqual([
      ['dtl_rowno', '1'],
      ['dtl_item_id', 'A'],
      ['dtl_item_name', 'りんご'],
      ['dtl_item_count', '2'],
      ['dtl_tax', ''],
      ['dtl_amount', '500'],
      ['dtl_free1', ''],
      ['dtl_free2', ''],
      ['dtl_free3', ''],
      ['dtl_rowno', '7'],
      ['dtl_item_id', 'B'],
      ['dtl_item_name', 'みかん'],
      ['dtl_item_count', '1'],
      ['dtl_tax', '10'],
      ['dtl_amount', '100'],
      ['dtl_free1', ''],
      ['dtl_free2', ''],
      ['dtl_free3', 'x'],
    ]);
    expect(names[start + 18]).toBe('request_date');
    const values = pairs.slice(0, -1).map(([, value]) => value);
    expect(pairs.at(-1)?.[1]).toBe(computeSpsHashcode(values, KEY, 'utf-8'));
    expect(pairs.at(-1)?.[1]).not.toBe(buildPurchaseRequest(EXAMPLE, KEY).at(-1)?.[1]);
  });

  it('refuses an emoji in item_name, naming the character, instead of sending "?"', () => {
    const problems = problemsOf(() =>
      buildPurchaseRequest({ ...EXAMPLE, itemName: '寿司🍣' }, KEY),
    );
    expect(problems).toEqual([
      expect.objectContaining({ field: 'item_name', code: 'not_shift_jis' }),
    ]);
    expect(problems[0]?.message.en).toContain('🍣');
    expect(problems[0]?.message.ja).toContain('🍣');
  });

  it('lists every problem at once', () => {
    const problems = problemsOf(() =>
      buildPurchaseRequest(
        {
          ...EXAMPLE,
          merchantId: '1234',
          custCode: '',
          itemName: 'あいうえおかきくけこさしすせそたちつてとな',
          amount: 12.5,
          free1: ' padded',
          requestDate: '2025-03-01',
        },
        KEY,
      ),
    );
    expect(problems.map((problem) => [problem.field, problem.code])).toEqual([
      ['merchant_id', 'wrong_length'],
      ['cust_code', 'required'],
      ['item_name', 'too_long'],
      ['amount', 'not_digits'],
      ['request_date', 'not_digits'],
      ['free1', 'padded'],
    ]);
  });

  it('throws an SbpsValidationError whose message lists the problems', () => {
    expect(() => buildPurchaseRequest({ ...EXAMPLE, orderId: '' }, KEY)).toThrow(
      /Invalid A01-1 purchase request: order_id is required\./,
    );
  });

  it('refuses a detail row problem with its row number', () => {
    const problems = problemsOf(() =>
      buildPurchaseRequest(
        { ...EXAMPLE, details: [{ itemId: 'A', itemName: 'ok', itemCount: 1, amount: -5 }] },
        KEY,
      ),
    );
    expect(problems).toEqual([expect.objectContaining({ field: 'dtl_amount', row: 1 })]);
    expect(problems[0]?.message.en).toContain('dtl_amount (row 1)');
  });
});

describe('validatePurchaseRequest', () => {
  const valid = Object.fromEntries(buildPurchaseRequest(EXAMPLE, KEY));

  it('accepts the signed example as SBPS would receive it', () => {
    expect(validatePurchaseRequest(valid)).toEqual([]);
  });

  it('applies the one-time tab: recurring fields must be empty', () => {
    expect(validatePurchaseRequest({ ...valid, auto_charge_type: '1' })).toEqual([
      expect.objectContaining({ field: 'auto_charge_type', code: 'not_allowed' }),
    ]);
  });

  it('refuses an unknown pay_type', () => {
    expect(validatePurchaseRequest({ ...valid, pay_type: '5' })).toEqual([
      expect.objectContaining({ field: 'pay_type', code: 'not_allowed' }),
    ]);
  });

  it('requires tracking_id to cancel a recurring-simple contract, and only then', () => {
    const simple = Object.fromEntries(
      buildPurchaseRequest({ ...EXAMPLE, billing: 'recurring_simple' }, KEY),
    );
    expect(validatePurchaseRequest({ ...simple, service_type: '1' })).toEqual([
      expect.objectContaining({ field: 'tracking_id', code: 'required' }),
    ]);
    expect(validatePurchaseRequest({ ...simple, tracking_id: '12345678901234' })).toEqual([
      expect.objectContaining({ field: 'tracking_id', code: 'not_allowed' }),
    ]);
  });

  it('refuses a feature-phone terminal, which au does not support', () => {
    expect(validatePurchaseRequest({ ...valid, terminal_type: '1' })).toEqual([
      expect.objectContaining({ field: 'terminal_type', code: 'not_allowed' }),
    ]);
  });

  it('refuses free_csv, which SBPS defines only for other methods', () => {
    expect(validatePurchaseRequest({ ...valid, free_csv: 'QQ==' })[0]?.message.en).toContain(
      'must be empty',
    );
  });
});

describe('verifyPurchaseRequest (SBPS side)', () => {
  const formBody = (pairs: ReadonlyArray<readonly [string, string]>) =>
    new TextEncoder().encode(encodeSbpsForm(pairs));

  it('accepts the signed form after a Shift_JIS round trip', () => {
    const fields = decodeSbpsForm(formBody(buildPurchaseRequest(EXAMPLE, KEY)));
    expect(fields.item_name).toBe('テスト商品');
    expect(verifyPurchaseRequest(fields, KEY)).toBe(true);
  });

  it('accepts detail rows read as ordered pairs', () => {
    const pairs = buildPurchaseRequest(
      {
        ...EXAMPLE,
        details: [
          { itemId: 'A', itemName: 'りんご', itemCount: 2, amount: 500 },
          { itemId: 'B', itemName: 'みかん', itemCount: 1, amount: 600 },
        ],
      },
      KEY,
    );
    expect(verifyPurchaseRequest(decodeSbpsFormPairs(formBody(pairs)), KEY)).toBe(true);
  });

  it.each(A01_ORDER.filter((name) => name !== 'sps_hashcode'))(
    'rejects the request when %s is tampered with',
    (name) => {
      const fields = Object.fromEntries(buildPurchaseRequest(EXAMPLE, KEY));
      expect(verifyPurchaseRequest({ ...fields, [name]: `${fields[name]}1` }, KEY)).toBe(false);
    },
  );

  it('rejects a request hashed over Shift_JIS', () => {
    const fields = Object.fromEntries(buildPurchaseRequest(EXAMPLE, KEY));
    const forged = { ...fields, sps_hashcode: '508dd2efb38537782250096ec28b71e83e401e6d' };
    expect(verifyPurchaseRequest(forged, KEY)).toBe(false);
  });
});
