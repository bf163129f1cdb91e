import { describe, expect, it } from 'vitest';
import { SbpsValidationError } from './field-validation.js';
import { computeSpsHashcode } from './hashcode.js';
import {
  buildRecurringApplication,
  type RecurringApplicationInput,
  validateRecurringApplication,
  verifyRecurringApplication,
} from './recurring-application.js';

const KEY = '0123456789abcdef0123456789abcdef01234567';

// spec/sbps-au.md §7 worked example.
const EXAMPLE: RecurringApplicationInput = {
  action: 'apply',
  merchantId: '12345',
  serviceId: '001',
  custCode: 'CUST0003',
  orderId: 'ORD-D-0001',
  itemId: 'SUB-PLAN',
  itemName: '月額プラン',
  successUrl: 'https://shop.example/sbps/success',
  cancelUrl: 'https://shop.example/sbps/cancel',
  errorUrl: 'https://shop.example/sbps/error',
  pageconUrl: 'https://shop.example/sbps/notify',
  requestDate: '20250415100000',
  limitSecond: 600,
};

describe('buildRecurringApplication', () => {
  it('reproduces the spec §7 worked example in D01-1 field order', () => {
    const pairs = buildRecurringApplication(EXAMPLE, KEY);
    expect(pairs).toEqual([
      ['pay_method', 'auone'],
      ['merchant_id', '12345'],
      ['service_id', '001'],
      ['cust_code', 'CUST0003'],
      ['order_id', 'ORD-D-0001'],
      ['item_id', 'SUB-PLAN'],
      ['item_name', '月額プラン'],
      ['service_type', '0'],
      ['tracking_id', ''],
      ['terminal_type', '0'],
      ['success_url', 'https://shop.example/sbps/success'],
      ['cancel_url', 'https://shop.example/sbps/cancel'],
      ['error_url', 'https://shop.example/sbps/error'],
      ['pagecon_url', 'https://shop.example/sbps/notify'],
      ['free1', ''],
      ['free2', ''],
      ['free3', ''],
      ['request_date', '20250415100000'],
      ['limit_second', '600'],
      ['sps_hashcode', '3b1b6d4a151bf4f17cebbcd58e116f8450f73261'],
    ]);
  });

  it('hashes over UTF-8, which differs from Shift_JIS for 月額プラン', () => {
    const pairs = buildRecurringApplication(EXAMPLE, KEY);
    const values = pairs.slice(0, -1).map(([, value]) => value);
    expect(computeSpsHashcode(values, KEY, 'shift_jis')).not.toBe(pairs.at(-1)?.[1]);
  });

  it.each([
    ['cancel', '1'],
    ['reapply', '2'],
  ] as const)(
    'sends %s as service_type %s with the contract tracking ID',
    (action, serviceType) => {
      const pairs = Object.fromEntries(
        buildRecurringApplication({ ...EXAMPLE, action, trackingId: '33334444555566' }, KEY),
      );
      expect(pairs).toMatchObject({ service_type: serviceType, tracking_id: '33334444555566' });
    },
  );

  it('refuses a cancellation without a contract tracking ID', () => {
    try {
      buildRecurringApplication({ ...EXAMPLE, action: 'cancel', trackingId: '' }, KEY);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(SbpsValidationError);
      expect((error as SbpsValidationError).problems).toEqual([
        expect.objectContaining({ field: 'tracking_id', code: 'required' }),
      ]);
    }
  });
});

describe('validateRecurringApplication', () => {
  const valid = Object.fromEntries(buildRecurringApplication(EXAMPLE, KEY));

  it('accepts the signed example', () => {
    expect(validateRecurringApplication(valid)).toEqual([]);
  });

  it('requires pay_method for service types 1–3 (spec §7 row 1)', () => {
    const problems = validateRecurringApplication({
      ...valid,
      pay_method: '',
      service_type: '3',
    });
    expect(problems).toEqual([expect.objectContaining({ field: 'pay_method', code: 'required' })]);
    expect(validateRecurringApplication({ ...valid, pay_method: '' })).toEqual([]);
  });

  it('refuses an undefined service type', () => {
    expect(validateRecurringApplication({ ...valid, service_type: '4' })).toEqual([
      expect.objectContaining({ field: 'service_type', code: 'not_allowed' }),
    ]);
  });
});

describe('verifyRecurringApplication (SBPS side)', () => {
  const fields = Object.fromEntries(buildRecurringApplication(EXAMPLE, KEY));

  it('accepts the worked example, in upper case too', () => {
    expect(verifyRecurringApplication(fields, KEY)).toBe(true);
    expect(
      verifyRecurringApplication(
        { ...fields, sps_hashcode: fields.sps_hashcode?.toUpperCase() ?? '' },
        KEY,
      ),
    ).toBe(true);
  });

  it.each(Object.keys(fields).filter((name) => name !== 'sps_hashcode'))(
    'rejects the request when %s is tampered with',
    (name) => {
      expect(verifyRecurringApplication({ ...fields, [name]: `${fields[name]}1` }, KEY)).toBe(
        false,
      );
    },
  );
});
