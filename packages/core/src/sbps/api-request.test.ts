import { describe, expect, it } from 'vitest';
import { SBPS_API_REQUEST_FIELDS, type SbpsApiFunctionId } from './api-fields.js';
import {
  buildSbpsApiRequest,
  parseSbpsApiRequest,
  SBPS_API_REQUEST_CONTENT_TYPE,
  type SbpsApiRequestValues,
  validateSbpsApiRequest,
  verifySbpsApiRequest,
} from './api-request.js';
import { SbpsValidationError } from './field-validation.js';
import { computeSpsHashcode } from './hashcode.js';
import { decodeShiftJis, encodeShiftJis } from './shift-jis.js';
import { SbpsXmlError } from './xml.js';

const KEY = '0123456789abcdef0123456789abcdef01234567';

const xmlOf = (bytes: Uint8Array) => decodeShiftJis(bytes);
const hashcodeOf = (bytes: Uint8Array) =>
  /<sps_hashcode>([0-9a-f]{40})<\/sps_hashcode>/.exec(xmlOf(bytes))?.[1];

// The worked examples of spec/sbps-au.md §9–§13, values by element name.
const EXAMPLES: ReadonlyArray<[SbpsApiFunctionId, SbpsApiRequestValues, string]> = [
  [
    'ST02-00201-402',
    {
      merchant_id: '12345',
      service_id: '001',
      tracking_id: '12345678901234',
      processing_datetime: '20250305100000',
      amount: '800',
      request_date: '20250305100000',
      limit_second: '600',
    },
    '94a75b9a5e75cee22868d3810a9c3b5d0a6260d8',
  ],
  [
    'ST02-00303-402',
    {
      merchant_id: '12345',
      service_id: '001',
      tracking_id: '12345678901234',
      processing_datetime: '20250401090000',
      amount: '300',
      cancel_target_month: '',
      request_date: '20250401090000',
      limit_second: '600',
    },
    '40cc4db3e7e10878ffa9df162c90a7214dfc7b7d',
  ],
  [
    'ST02-00302-402',
    {
      merchant_id: '12345',
      service_id: '001',
      tracking_id: '22223333444455',
      processing_datetime: '20250610080000',
      request_date: '20250610080000',
      limit_second: '600',
    },
    'ba195024c3be71ac7be654c1f6580b284219e458',
  ],
  [
    'ST01-00104-402',
    {
      merchant_id: '12345',
      service_id: '001',
      tracking_id: '33334444555566',
      cust_code: 'CUST0002',
      order_id: 'ORD-R-202505',
      item_id: 'SUB-PLAN',
      item_name: '月額プラン',
      tax: '',
      amount: '980',
      free1: '',
      free2: '',
      free3: '',
      order_rowno: '',
      request_date: '20250501000000',
      limit_second: '600',
    },
    'd848cbf49aa2910893ee5d6bee4c0f79b342fd03',
  ],
  [
    'ST02-00309-402',
    {
      merchant_id: '12345',
      service_id: '001',
      tracking_id: '33334444555566',
      request_date: '20250620000000',
      limit_second: '600',
    },
    '73370778c3d5114897722f36c66162cf17337705',
  ],
];

describe('buildSbpsApiRequest', () => {
  it.each(EXAMPLES)('reproduces the %s worked example', (functionId, values, hash) => {
    const bytes = buildSbpsApiRequest(functionId, values, KEY);
    expect(hashcodeOf(bytes)).toBe(hash);
    const xml = xmlOf(bytes);
    expect(
      xml.startsWith(
        `<?xml version="1.0" encoding="Shift_JIS"?><sps-api-request id="${functionId}">`,
      ),
    ).toBe(true);
    expect(xml.endsWith(`<sps_hashcode>${hash}</sps_hashcode></sps-api-request>`)).toBe(true);
  });

  it('is posted as Shift_JIS XML', () => {
    expect(SBPS_API_REQUEST_CONTENT_TYPE).toBe('text/xml; charset=Shift_JIS');
  });

  it('writes ST02-00201-402 exactly, amount nested in pay_option_manage', () => {
    const [functionId, values, hash] = EXAMPLES[0] as (typeof EXAMPLES)[number];
    expect(xmlOf(buildSbpsApiRequest(functionId, values, KEY))).toBe(
      '<?xml version="1.0" encoding="Shift_JIS"?><sps-api-request id="ST02-00201-402">' +
        '<merchant_id>12345</merchant_id><service_id>001</service_id>' +
        '<tracking_id>12345678901234</tracking_id><processing_datetime>20250305100000</processing_datetime>' +
        '<pay_option_manage><amount>800</amount></pay_option_manage>' +
        '<request_date>20250305100000</request_date><limit_second>600</limit_second>' +
        `<sps_hashcode>${hash}</sps_hashcode></sps-api-request>`,
    );
  });

  it('nests amount and an empty cancel_target_month in one pay_option_manage', () => {
    const [functionId, values] = EXAMPLES[1] as (typeof EXAMPLES)[number];
    expect(xmlOf(buildSbpsApiRequest(functionId, values, KEY))).toContain(
      '<pay_option_manage><amount>300</amount><cancel_target_month></cancel_target_month></pay_option_manage>',
    );
  });

  it('sends item_name of ST01-00104-402 as Base64 of its Shift_JIS bytes', () => {
    const [functionId, values] = EXAMPLES[3] as (typeof EXAMPLES)[number];
    const xml = xmlOf(buildSbpsApiRequest(functionId, values, KEY));
    expect(xml).toContain('<item_name>jI6KeoN2g4mDkw==</item_name>');
    expect(xml).toContain('<free1></free1>');
    expect(xml).not.toContain('月額');
  });

  it('omits undefined elements without changing the hash of what is sent', () => {
    const [, values, hash] = EXAMPLES[0] as (typeof EXAMPLES)[number];
    const { processing_datetime: _, ...withoutDatetime } = values;
    const bytes = buildSbpsApiRequest('ST02-00201-402', withoutDatetime, KEY);
    expect(xmlOf(bytes)).not.toContain('processing_datetime');
    expect(hashcodeOf(bytes)).not.toBe(hash);
    const parsed = parseSbpsApiRequest(bytes);
    expect(verifySbpsApiRequest(parsed, KEY)).toBe(true);
  });

  it('escapes entities in X values', () => {
    const bytes = buildSbpsApiRequest(
      'ST02-00201-402',
      { ...EXAMPLES[0]?.[1], sps_transaction_id: `a<b>&"c'` },
      KEY,
    );
    expect(xmlOf(bytes)).toContain(
      '<sps_transaction_id>a&lt;b&gt;&amp;&quot;c&apos;</sps_transaction_id>',
    );
    const parsed = parseSbpsApiRequest(bytes);
    expect(parsed.fields).toContainEqual(['sps_transaction_id', `a<b>&"c'`]);
    expect(verifySbpsApiRequest(parsed, KEY)).toBe(true);
  });

  it('refuses every problem at once: unknown element, missing, wrong type, emoji', () => {
    try {
      buildSbpsApiRequest(
        'ST01-00104-402',
        {
          ...EXAMPLES[3]?.[1],
          tracking_id: undefined,
          amount: '9,800',
          item_name: '🍣プラン',
          ammount: '1',
        },
        KEY,
      );
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(SbpsValidationError);
      const problems = (error as SbpsValidationError).problems;
      expect(problems.map((problem) => [problem.field, problem.code])).toEqual([
        ['ammount', 'unknown_field'],
        ['tracking_id', 'required'],
        ['item_name', 'not_shift_jis'],
        ['amount', 'not_digits'],
      ]);
      expect(problems[2]?.message.en).toContain('🍣');
    }
  });

  it('does not accept sps_hashcode as input: it computes it', () => {
    expect(() =>
      buildSbpsApiRequest('ST02-00309-402', { ...EXAMPLES[4]?.[1], sps_hashcode: 'x' }, KEY),
    ).toThrow(/sps_hashcode is not an element of ST02-00309-402/);
  });

  it('refuses an unknown function ID from untyped callers', () => {
    expect(() => buildSbpsApiRequest('ST99-00000-402' as SbpsApiFunctionId, {}, KEY)).toThrow(
      RangeError,
    );
  });
});

describe('parseSbpsApiRequest and verifySbpsApiRequest', () => {
  it.each(EXAMPLES)('round-trips %s and verifies it', (functionId, values, hash) => {
    const parsed = parseSbpsApiRequest(buildSbpsApiRequest(functionId, values, KEY));
    expect(parsed.id).toBe(functionId);
    expect(parsed.hashcode).toBe(hash);
    expect(parsed.fields).toEqual(
      SBPS_API_REQUEST_FIELDS[functionId]
        .filter((field) => values[field.name] !== undefined)
        .map((field) => [field.name, values[field.name]]),
    );
    expect(verifySbpsApiRequest(parsed, KEY)).toBe(true);
    expect(
      validateSbpsApiRequest(
        functionId,
        Object.fromEntries([...parsed.fields, ['sps_hashcode', hash]]),
      ),
    ).toEqual([]);
  });

  it('decodes M elements back to plain text', () => {
    const [functionId, values] = EXAMPLES[3] as (typeof EXAMPLES)[number];
    const parsed = parseSbpsApiRequest(buildSbpsApiRequest(functionId, values, KEY));
    expect(parsed.fields).toContainEqual(['item_name', '月額プラン']);
  });

  it.each(
    EXAMPLES.flatMap(([functionId, values]) =>
      Object.keys(values).map((name) => [functionId, name] as const),
    ),
  )('rejects %s when %s is tampered with', (functionId, name) => {
    const values = EXAMPLES.find(([id]) => id === functionId)?.[1] ?? {};
    const parsed = parseSbpsApiRequest(buildSbpsApiRequest(functionId, values, KEY));
    const fields = parsed.fields.map(([field, value]): [string, string] =>
      field === name ? [field, `${value}1`] : [field, value],
    );
    expect(verifySbpsApiRequest({ ...parsed, fields }, KEY)).toBe(false);
  });

  it('rejects a request hashed over UTF-8 (spec §17 item 2)', () => {
    const [functionId, values, hash] = EXAMPLES[3] as (typeof EXAMPLES)[number];
    const parsed = parseSbpsApiRequest(buildSbpsApiRequest(functionId, values, KEY));
    const utf8 = computeSpsHashcode(
      parsed.fields.map(([, value]) => value),
      KEY,
      'utf-8',
    );
    expect(utf8.startsWith('95c1')).toBe(true); // the wrong digest quoted in spec §12
    expect(utf8).not.toBe(hash);
    expect(verifySbpsApiRequest({ ...parsed, hashcode: utf8 }, KEY)).toBe(false);
  });

  it('accepts an uppercase hash, whitespace, <x/> and elements in any client layout', () => {
    const xml =
      '<?xml version="1.0" encoding="Shift_JIS"?>\n<sps-api-request id="ST02-00309-402">\n' +
      '  <merchant_id>12345</merchant_id>\n  <service_id>001</service_id>\n' +
      '  <tracking_id>33334444555566</tracking_id>\n  <request_date>20250620000000</request_date>\n' +
      '  <limit_second>600</limit_second>\n  <processing_datetime/>\n' +
      '  <sps_hashcode>73370778C3D5114897722F36C66162CF17337705</sps_hashcode>\n</sps-api-request>\n';
    const parsed = parseSbpsApiRequest(encodeShiftJis(xml));
    expect(parsed.fields.at(-1)).toEqual(['processing_datetime', '']);
    expect(verifySbpsApiRequest(parsed, KEY)).toBe(true);
  });

  it('hashes padded values trimmed, as SBPS clients do', () => {
    const xml =
      '<?xml version="1.0" encoding="Shift_JIS"?><sps-api-request id="ST02-00309-402">' +
      '<merchant_id> 12345 </merchant_id><service_id>001</service_id>' +
      '<tracking_id>33334444555566</tracking_id><request_date>20250620000000</request_date>' +
      '<limit_second>600</limit_second>' +
      '<sps_hashcode>73370778c3d5114897722f36c66162cf17337705</sps_hashcode></sps-api-request>';
    const parsed = parseSbpsApiRequest(encodeShiftJis(xml));
    expect(parsed.fields[0]).toEqual(['merchant_id', ' 12345 ']);
    expect(verifySbpsApiRequest(parsed, KEY)).toBe(true);
  });

  it('rejects a request without sps_hashcode', () => {
    const parsed = parseSbpsApiRequest(
      encodeShiftJis(
        '<sps-api-request id="ST02-00309-402"><merchant_id>1</merchant_id></sps-api-request>',
      ),
    );
    expect(parsed.hashcode).toBeUndefined();
    expect(verifySbpsApiRequest(parsed, KEY)).toBe(false);
    expect(verifySbpsApiRequest({ ...parsed, hashcode: '' }, KEY)).toBe(false);
  });

  it('rejects a private-use character in a decoded M value instead of throwing', () => {
    const itemName = Buffer.from([0xf0, 0x40]).toString('base64');
    const parsed = parseSbpsApiRequest(
      encodeShiftJis(
        `<sps-api-request id="ST01-00104-402"><item_name>${itemName}</item_name><sps_hashcode>00</sps_hashcode></sps-api-request>`,
      ),
    );
    expect(parsed.fields).toEqual([['item_name', '\uE000']]);
    expect(verifySbpsApiRequest(parsed, KEY)).toBe(false);
  });

  const parseError = (xml: string): SbpsXmlError => {
    try {
      parseSbpsApiRequest(encodeShiftJis(xml));
    } catch (error) {
      if (error instanceof SbpsXmlError) return error;
      throw error;
    }
    throw new Error('expected an SbpsXmlError');
  };

  it.each([
    ['<sps-api-response id="ST02-00309-402"/>', 'unexpected_root'],
    ['<sps-api-request id="ST02-00000-402"/>', 'unknown_function'],
    ['<sps-api-request/>', 'unknown_function'],
    [
      '<sps-api-request id="ST01-00104-402"><item_name>not base64!</item_name></sps-api-request>',
      'invalid_base64',
    ],
    [
      '<sps-api-request id="ST01-00104-402"><item_name>gg==</item_name></sps-api-request>',
      'invalid_shift_jis',
    ],
    ['<sps-api-request id="ST02-00309-402"><merchant_id>1</sps-api-request>', 'malformed_xml'],
  ])('refuses %s with %s', (xml, code) => {
    expect(parseError(xml).code).toBe(code);
  });
});

describe('validateSbpsApiRequest', () => {
  it('reports problems of received values without throwing', () => {
    expect(
      validateSbpsApiRequest('ST02-00309-402', {
        merchant_id: '12345',
        service_id: '1',
        tracking_id: '33334444555566',
        request_date: '20250620000000',
        sps_hashcode: 'abc',
        extra: 'x',
      }).map((problem) => [problem.field, problem.code]),
    ).toEqual([
      ['extra', 'unknown_field'],
      ['service_id', 'wrong_length'],
    ]);
  });
});
