import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeSbpsForm, decodeSbpsFormPairs, encodeSbpsForm, SbpsFormError } from './form.js';
import { ShiftJisEncodingError } from './shift-jis.js';

const ascii = (text: string) => new TextEncoder().encode(text);

const formError = (run: () => unknown): SbpsFormError => {
  try {
    run();
  } catch (error) {
    if (error instanceof SbpsFormError) return error;
    throw error;
  }
  throw new Error('expected an SbpsFormError');
};

describe('encodeSbpsForm', () => {
  it('percent-encodes Shift_JIS bytes as in spec §4 (テスト商品)', () => {
    expect(encodeSbpsForm([['item_name', 'テスト商品']])).toBe('item_name=%83e%83X%83g%8F%A4%95i');
  });

  it('serialises like a browser form: "+" for space, unreserved bytes literal, others escaped', () => {
    expect(
      encodeSbpsForm([
        ['a', 'x y*-._~+&=%/'],
        ['b', ''],
      ]),
    ).toBe('a=x+y*-._%7E%2B%26%3D%25%2F&b=');
  });

  it('refuses a value Shift_JIS cannot carry, naming the field', () => {
    try {
      encodeSbpsForm([
        ['free1', 'ok'],
        ['item_name', 'すし🍣'],
      ]);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ShiftJisEncodingError);
      expect((error as ShiftJisEncodingError).field).toBe('item_name');
      expect((error as ShiftJisEncodingError).character).toBe('🍣');
    }
  });
});

describe('decodeSbpsForm', () => {
  it('decodes the Shift_JIS body of a purchase result', () => {
    expect(decodeSbpsForm(ascii('item_name=%83e%83X%83g%8F%A4%95i&res_result=OK'))).toEqual({
      item_name: 'テスト商品',
      res_result: 'OK',
    });
  });

  it('treats "+" as space, accepts lowercase hex, empty values and names without "="', () => {
    expect(decodeSbpsForm(ascii('a=x+y%2b%2a&b=&c&&d=%83e'))).toEqual({
      a: 'x y+*',
      b: '',
      c: '',
      d: 'テ',
    });
  });

  it('decodes an empty body to no fields', () => {
    expect(decodeSbpsForm(new Uint8Array(0))).toEqual({});
  });

  it('keeps a field named __proto__ as data', () => {
    const fields = decodeSbpsForm(ascii('__proto__=x'));
    expect(Object.getPrototypeOf(fields)).toBe(Object.prototype);
    expect(Object.hasOwn(fields, '__proto__')).toBe(true);
  });

  it.each(['a=%', 'a=%4', 'a=%G1', 'a=100%'])(
    'refuses malformed percent-encoding in %s',
    (body) => {
      expect(formError(() => decodeSbpsForm(ascii(body))).code).toBe('malformed_percent_encoding');
    },
  );

  it('refuses bytes that are not Shift_JIS, naming the field', () => {
    const error = formError(() => decodeSbpsForm(ascii('ok=1&item_name=%82%20')));
    expect(error.code).toBe('invalid_shift_jis');
    expect(error.field).toBe('item_name');
    expect(error.message).toContain('accept-charset');
  });

  it('refuses the UTF-8 percent-encoding of テスト商品: a UTF-8 form is not silently accepted', () => {
    const utf8 = encodeURIComponent('テスト商品');
    expect(utf8).toBe('%E3%83%86%E3%82%B9%E3%83%88%E5%95%86%E5%93%81');
    expect(formError(() => decodeSbpsForm(ascii(`item_name=${utf8}`))).code).toBe(
      'invalid_shift_jis',
    );
  });

  it('refuses a repeated field name, which could verify one value and use another', () => {
    const error = formError(() => decodeSbpsForm(ascii('amount=1&amount=100000')));
    expect(error.code).toBe('duplicate_field');
    expect(error.field).toBe('amount');
  });

  it('round-trips anything encodeSbpsForm accepts', () => {
    const text = fc.string({ unit: 'grapheme', maxLength: 12 });
    fc.assert(
      fc.property(fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), text), (fields) => {
        let body: string;
        try {
          body = encodeSbpsForm(Object.entries(fields));
        } catch (error) {
          expect(error).toBeInstanceOf(ShiftJisEncodingError);
          return;
        }
        expect(decodeSbpsForm(ascii(body))).toEqual(fields);
      }),
    );
  });

  it('round-trips Japanese text exactly', () => {
    const pairs: Array<[string, string]> = [
      ['item_name', '月額プラン～①㈱ｱｲｳ'],
      ['free1', 'a&b=c d'],
    ];
    expect(decodeSbpsForm(ascii(encodeSbpsForm(pairs)))).toEqual(Object.fromEntries(pairs));
  });
});

describe('decodeSbpsFormPairs', () => {
  it('keeps body order and repeated detail-row names', () => {
    expect(decodeSbpsFormPairs(ascii('dtl_rowno=1&dtl_rowno=2&x=%83e'))).toEqual([
      ['dtl_rowno', '1'],
      ['dtl_rowno', '2'],
      ['x', 'テ'],
    ]);
  });
});
