import { describe, expect, it } from 'vitest';
import type { ZodType } from 'zod';
import {
  captureRequestSchema,
  checkoutFormSchema,
  createPaymentSchema,
  createSubscriptionSchema,
  idempotencyKeySchema,
  itemNameSchema,
  merchantReferenceSchema,
  paymentIdSchema,
  refundRequestSchema,
  returnUrlSchema,
  shiftJisWidth,
  subscriptionChargeSchema,
  subscriptionIdSchema,
} from './schemas.js';

const validPayment = {
  amount: 1980,
  currency: 'JPY',
  merchantReference: 'ORD20250301-0001',
  itemName: 'テスト商品',
  returnUrl: 'https://shop.example/thanks',
};

/** The messages of a failed parse, with their paths. */
function issues(schema: ZodType, input: unknown): string[] {
  const result = schema.safeParse(input);
  if (result.success) throw new Error(`accepted ${JSON.stringify(input)}`);
  return result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

describe('shiftJisWidth', () => {
  it('counts ASCII and half-width katakana as 1 and everything else as 2', () => {
    expect(shiftJisWidth('ABC 123')).toBe(7);
    expect(shiftJisWidth('ｱｲｳ')).toBe(3);
    expect(shiftJisWidth('テスト商品')).toBe(10);
    expect(shiftJisWidth('ＡＢＣ')).toBe(6);
    expect(shiftJisWidth('月額プランA')).toBe(11);
    expect(shiftJisWidth('')).toBe(0);
  });
});

describe('createPaymentSchema', () => {
  it('accepts a payment and fills in the defaults', () => {
    expect(createPaymentSchema.parse(validPayment)).toEqual({
      ...validPayment,
      acquirer: 'sbps',
      captureMode: 'automatic',
    });
  });

  it('reads a digit-string amount as a number', () => {
    expect(createPaymentSchema.parse({ ...validPayment, amount: '1980' }).amount).toBe(1980);
  });

  it('checks the amount against the chosen acquirer, with checkAmount code and message', () => {
    const result = createPaymentSchema.safeParse({
      ...validPayment,
      acquirer: 'antom',
      amount: 500_001,
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues).toEqual([
      expect.objectContaining({
        path: ['amount'],
        message: 'The amount must be at most ¥500,000 for au PAY through Antom.',
        params: { code: 'amount_above_maximum' },
      }),
    ]);
    expect(createPaymentSchema.parse({ ...validPayment, amount: 500_001 }).amount).toBe(500_001);
    expect(issues(createPaymentSchema, { ...validPayment, amount: 1.5 })).toEqual([
      'amount: The amount must be a whole number of yen, without a decimal point.',
    ]);
    expect(issues(createPaymentSchema, { ...validPayment, amount: undefined })).toEqual([
      'amount: The amount is missing.',
    ]);
  });

  it('refuses a capture mode the acquirer does not offer', () => {
    expect(
      issues(createPaymentSchema, { ...validPayment, acquirer: 'antom', captureMode: 'manual' }),
    ).toEqual(['captureMode: Antom only offers captureMode automatic for au PAY.']);
    expect(
      createPaymentSchema.parse({ ...validPayment, acquirer: 'nomupay', captureMode: 'manual' }),
    ).toMatchObject({
      acquirer: 'nomupay',
      captureMode: 'manual',
    });
  });

  it('refuses another currency, an unknown acquirer and unknown fields', () => {
    expect(issues(createPaymentSchema, { ...validPayment, currency: 'USD' })).toEqual([
      'currency: currency must be "JPY": au PAY charges yen only.',
    ]);
    expect(issues(createPaymentSchema, { ...validPayment, acquirer: 'paypay' })).toEqual([
      'acquirer: acquirer must be one of sbps, antom, nomupay.',
    ]);
    expect(issues(createPaymentSchema, { ...validPayment, captureMod: 'manual' })).toEqual([
      ': Unrecognized key: "captureMod"',
    ]);
  });

  it('accepts an optional customerId that fits SBPS cust_code', () => {
    expect(createPaymentSchema.parse({ ...validPayment, customerId: 'CUST0001' }).customerId).toBe(
      'CUST0001',
    );
    expect(issues(createPaymentSchema, { ...validPayment, customerId: 'x'.repeat(65) })).toEqual([
      'customerId: customerId must be at most 64 characters: it becomes the SBPS cust_code.',
    ]);
    expect(issues(createPaymentSchema, { ...validPayment, customerId: '' })).toEqual([
      'customerId: customerId must not be empty; leave it out instead.',
    ]);
  });
});

describe('merchantReferenceSchema (becomes SBPS order_id)', () => {
  it('accepts up to 38 visible ASCII characters', () => {
    expect(merchantReferenceSchema.parse('a'.repeat(38))).toBe('a'.repeat(38));
    expect(merchantReferenceSchema.parse('c5211d6b-0178-49f8-a06b-69df097a712f')).toHaveLength(36);
  });

  it.each([
    ['a'.repeat(39), 'at most 38 characters'],
    ['', 'required'],
    ['ORD 1', 'without spaces'],
    ['注文1', 'ASCII'],
    ['ｱｲｳ', 'ASCII'],
  ])('refuses %j', (value, reason) => {
    expect(issues(merchantReferenceSchema, value).join()).toContain(reason);
  });

  it('refuses a non-string', () => {
    expect(issues(merchantReferenceSchema, 12)).toEqual([': merchantReference must be a string.']);
  });
});

describe('itemNameSchema (SBPS item_name, 40 bytes)', () => {
  it('accepts 20 full-width or 40 half-width characters', () => {
    expect(itemNameSchema.parse('あ'.repeat(20))).toBe('あ'.repeat(20));
    expect(itemNameSchema.parse('a'.repeat(40))).toBe('a'.repeat(40));
    expect(itemNameSchema.parse('ｱ'.repeat(40))).toBe('ｱ'.repeat(40));
    expect(itemNameSchema.parse(`${'あ'.repeat(19)}ab`)).toHaveLength(21);
  });

  it('refuses one byte more', () => {
    for (const name of ['あ'.repeat(21), 'a'.repeat(41), `${'あ'.repeat(20)}a`]) {
      expect(issues(itemNameSchema, name)).toEqual([
        ': itemName must fit 40 bytes: at most 20 full-width or 40 half-width characters (SBPS item_name).',
      ]);
    }
  });

  it('trims surrounding spaces, which SBPS trims before hashing', () => {
    expect(itemNameSchema.parse('  テスト商品 ')).toBe('テスト商品');
    expect(issues(itemNameSchema, '   ')).toEqual([
      ': itemName is required: it is shown to the buyer on the au screens.',
    ]);
  });

  it('refuses control characters', () => {
    for (const name of ['テスト\t商品', 'a\nb', 'a\u007fb']) {
      expect(issues(itemNameSchema, name)).toEqual([
        ': itemName must not contain tabs, line breaks or other control characters.',
      ]);
    }
  });
});

describe('returnUrlSchema', () => {
  it('accepts absolute http and https URLs', () => {
    expect(returnUrlSchema.parse('https://shop.example/thanks?order=1')).toBe(
      'https://shop.example/thanks?order=1',
    );
    expect(returnUrlSchema.parse('http://localhost:3000/thanks')).toBe(
      'http://localhost:3000/thanks',
    );
  });

  it.each([
    '/thanks',
    'shop.example/thanks',
    'javascript:alert(1)',
    'ftp://shop.example/thanks',
    'https://user:pass@shop.example/thanks',
    'https://user@shop.example/thanks',
  ])('refuses %j', (url) => {
    expect(issues(returnUrlSchema, url)).toEqual([
      ': returnUrl must be an absolute http:// or https:// URL without a user name or password.',
    ]);
  });

  it('refuses more than 500 characters', () => {
    const url = `https://shop.example/${'a'.repeat(480)}`;
    expect(issues(returnUrlSchema, url)).toEqual([': returnUrl must be at most 500 characters.']);
  });
});

describe('captureRequestSchema and refundRequestSchema', () => {
  it.each([
    ['capture', captureRequestSchema],
    ['refund', refundRequestSchema],
  ] as const)('%s takes an optional positive whole amount', (_, schema) => {
    expect(schema.parse({})).toEqual({});
    expect(schema.parse({ amount: 300 })).toEqual({ amount: 300 });
    expect(issues(schema, { amount: 0 })).toEqual(['amount: amount must be at least 1 yen.']);
    expect(issues(schema, { amount: 1.5 })).toEqual([
      'amount: amount must be a whole number of yen.',
    ]);
    expect(issues(schema, { amount: '300' })).toEqual(['amount: amount must be a number of yen.']);
    expect(issues(schema, { amount: 300, reason: 'x' })).toEqual([': Unrecognized key: "reason"']);
  });
});

describe('checkoutFormSchema', () => {
  const secret = 'cs_3fQ9aZ0bXk2LmN8pQr4sT7';

  it('reads the widget form post', () => {
    expect(
      checkoutFormSchema.parse({ client_secret: secret, layout: 'wap', displayed_amount: '1980' }),
    ).toEqual({
      client_secret: secret,
      layout: 'wap',
      displayed_amount: 1980,
    });
    expect(
      checkoutFormSchema.parse({ client_secret: secret, layout: 'web', displayed_amount: '' }),
    ).toEqual({
      client_secret: secret,
      layout: 'web',
      displayed_amount: undefined,
    });
    expect(
      checkoutFormSchema.parse({ client_secret: secret, layout: 'web' }).displayed_amount,
    ).toBeUndefined();
  });

  it('refuses a bad layout, secret or displayed amount', () => {
    expect(issues(checkoutFormSchema, { client_secret: secret, layout: 'mobile' })).toEqual([
      'layout: layout must be "web" or "wap".',
    ]);
    expect(issues(checkoutFormSchema, { client_secret: 'short', layout: 'web' })).toEqual([
      'client_secret: client_secret is malformed: pass the clientSecret the payment was created with.',
    ]);
    expect(
      issues(checkoutFormSchema, {
        client_secret: secret,
        layout: 'web',
        displayed_amount: '1,980',
      }),
    ).toEqual(['displayed_amount: displayed_amount must be half-width digits only.']);
  });
});

describe('idempotencyKeySchema', () => {
  it('accepts 8 to 255 visible ASCII characters', () => {
    expect(idempotencyKeySchema.parse('9b2e0c4e-5f7a-4c1e-9a55-3f2d8c1b7e60')).toHaveLength(36);
    expect(idempotencyKeySchema.parse('k'.repeat(255))).toHaveLength(255);
  });

  it.each(['short', 'k'.repeat(256), 'with space', 'キー12345678'])('refuses %j', (key) => {
    expect(issues(idempotencyKeySchema, key)).toEqual([
      ': Idempotency-Key must be 8 to 255 visible ASCII characters, such as a UUID.',
    ]);
  });
});

describe('paymentIdSchema', () => {
  it('accepts pay_ and 22 base62 characters only', () => {
    expect(paymentIdSchema.parse('pay_3fQ9aZ0bXk2LmN8pQr4sT7')).toBe('pay_3fQ9aZ0bXk2LmN8pQr4sT7');
    for (const id of [
      'pay_3fQ9aZ0bXk2LmN8pQr4sT',
      'evt_3fQ9aZ0bXk2LmN8pQr4sT7',
      'pay_3fQ9aZ0bXk2LmN8pQr4s_7',
    ]) {
      expect(issues(paymentIdSchema, id)).toEqual([
        ': The payment id must look like pay_ followed by 22 letters and digits.',
      ]);
    }
  });
});

const validSubscription = {
  kind: 'monthly',
  amount: 980,
  itemName: '月額プラン 毎月1日請求',
  merchantReference: 'SUB20250415-0001',
  customerId: 'CUST0001',
  returnUrl: 'https://shop.example/account',
};

describe('createSubscriptionSchema', () => {
  it('accepts a monthly subscription with its monthly price', () => {
    expect(createSubscriptionSchema.parse(validSubscription)).toEqual(validSubscription);
    expect(createSubscriptionSchema.parse({ ...validSubscription, amount: '980' }).amount).toBe(
      980,
    );
  });

  it('requires the amount of a monthly subscription, charged at sign-up', () => {
    for (const amount of [undefined, null]) {
      expect(issues(createSubscriptionSchema, { ...validSubscription, amount })).toEqual([
        'amount: amount is required for a monthly subscription: the monthly price, charged at sign-up and then on the 1st of each month.',
      ]);
    }
  });

  it('takes an on-demand subscription with a first charge, or without one (D01-1)', () => {
    const onDemand = {
      ...validSubscription,
      kind: 'on_demand',
      itemName: 'ワイン定期便 毎月20日請求',
    };
    expect(createSubscriptionSchema.parse(onDemand).amount).toBe(980);
    const { amount: _none, ...withoutAmount } = onDemand;
    expect(createSubscriptionSchema.parse(withoutAmount)).toEqual({
      ...withoutAmount,
      amount: null,
    });
  });

  it("checks the amount against SBPS's limits with checkAmount's messages", () => {
    expect(issues(createSubscriptionSchema, { ...validSubscription, amount: 10_000_000 })).toEqual([
      'amount: The amount must be at most ¥9,999,999 for au PAY through SoftBank Payment Service.',
    ]);
    const onDemand = { ...validSubscription, kind: 'on_demand' };
    expect(issues(createSubscriptionSchema, { ...onDemand, amount: 0 })[0]).toMatch(/^amount: /);
    expect(issues(createSubscriptionSchema, { ...onDemand, amount: '1,980' })[0]).toMatch(
      /^amount: /,
    );
  });

  it('refuses unknown kinds, a missing customer id, long item names and unknown fields', () => {
    expect(issues(createSubscriptionSchema, { ...validSubscription, kind: 'weekly' })).toEqual([
      'kind: kind must be one of monthly, on_demand.',
    ]);
    const { customerId: _c, ...anonymous } = validSubscription;
    expect(issues(createSubscriptionSchema, anonymous)).toEqual([
      'customerId: customerId must be a string.',
    ]);
    expect(
      issues(createSubscriptionSchema, { ...validSubscription, itemName: 'あ'.repeat(21) })[0],
    ).toMatch(/^itemName: itemName must fit 40 bytes/);
    expect(issues(createSubscriptionSchema, { ...validSubscription, currency: 'JPY' })[0]).toMatch(
      /currency/,
    );
  });
});

describe('subscriptionChargeSchema', () => {
  it('accepts a charge, with or without its own item name', () => {
    const charge = { amount: 3000, merchantReference: 'CHG20250520-0001' };
    expect(subscriptionChargeSchema.parse(charge)).toEqual(charge);
    expect(
      subscriptionChargeSchema.parse({ ...charge, amount: '3000', itemName: ' 5月分 ' }),
    ).toEqual({
      ...charge,
      itemName: '5月分',
    });
  });

  it('requires an amount within SBPS limits and a merchant reference', () => {
    expect(issues(subscriptionChargeSchema, { merchantReference: 'CHG-1' })).toEqual([
      'amount: The amount is missing.',
    ]);
    expect(issues(subscriptionChargeSchema, { amount: 1.5, merchantReference: 'CHG-1' })).toEqual([
      'amount: The amount must be a whole number of yen, without a decimal point.',
    ]);
    expect(issues(subscriptionChargeSchema, { amount: 100 })[0]).toMatch(/^merchantReference: /);
  });
});

describe('subscriptionIdSchema', () => {
  it('accepts sub_ and 22 base62 characters only', () => {
    expect(subscriptionIdSchema.parse('sub_0123456789abcdefghijKL')).toBe(
      'sub_0123456789abcdefghijKL',
    );
    expect(subscriptionIdSchema.safeParse('pay_0123456789abcdefghijKL').success).toBe(false);
    expect(subscriptionIdSchema.safeParse('sub_0123456789abcdefghijK').success).toBe(false);
  });
});
