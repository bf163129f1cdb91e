import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeSbpsForm, decodeSbpsFormPairs, encodeSbpsForm, SbpsFormError } from './form.js';
import { decodeShiftJis, ShiftJisEncodingError } from './shift-jis.js';

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

  it('reads any bytes as a byte-by-byte reading does: the same pairs, or the same refusal', () => {
    // The reading of spec §2 done byte by byte (split on "&" and "=", percent-decode, Shift_JIS):
    // the decoder takes plain ASCII components as they are, which must change nothing.
    const reference = (body: Uint8Array): Array<[string, string]> | string => {
      const decode = (bytes: number[]): string => {
        const out: number[] = [];
        for (let i = 0; i < bytes.length; i += 1) {
          const byte = bytes[i] as number;
          if (byte === 0x2b) out.push(0x20);
          else if (byte !== 0x25) out.push(byte);
          else {
            const hex = String.fromCharCode(bytes[i + 1] ?? 0, bytes[i + 2] ?? 0);
            if (!/^[0-9A-Fa-f]{2}$/.test(hex)) throw new Error('malformed_percent_encoding');
            out.push(Number.parseInt(hex, 16));
            i += 2;
          }
        }
        try {
          return decodeShiftJis(Uint8Array.from(out));
        } catch {
          throw new Error('invalid_shift_jis');
        }
      };
      try {
        const pairs: Array<[string, string]> = [];
        let part: number[] = [];
        for (const byte of [...body, 0x26]) {
          if (byte !== 0x26) {
            part.push(byte);
            continue;
          }
          if (part.length > 0) {
            const equals = part.indexOf(0x3d);
            const name = decode(equals < 0 ? part : part.slice(0, equals));
            pairs.push([name, equals < 0 ? '' : decode(part.slice(equals + 1))]);
          }
          part = [];
        }
        return pairs;
      } catch (error) {
        return (error as Error).message;
      }
    };
    const decoded = (body: Uint8Array): Array<[string, string]> | string => {
      try {
        return decodeSbpsFormPairs(body);
      } catch (error) {
        if (error instanceof SbpsFormError) return error.code;
        throw error;
      }
    };
    // Bytes that matter most often: separators, escapes, hex digits, Shift_JIS lead and trail bytes.
    const byte = fc.oneof(
      fc.constantFrom(0x26, 0x3d, 0x25, 0x2b, 0x38, 0x33, 0x65, 0x41, 0x83, 0x82, 0xa0, 0x5c),
      fc.integer({ min: 0, max: 255 }),
    );
    fc.assert(
      fc.property(fc.array(byte, { maxLength: 40 }), (bytes) => {
        const body = Uint8Array.from(bytes);
        expect(decoded(body)).toEqual(reference(body));
      }),
      { numRuns: 2000 },
    );
  });
});
