import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeShiftJis,
  encodeShiftJis,
  findUnencodableCharacter,
  ShiftJisDecodingError,
  ShiftJisEncodingError,
  shiftJisByteLength,
} from './shift-jis.js';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

describe('encodeShiftJis', () => {
  it('encodes kana and kanji to the bytes SBPS expects', () => {
    expect(hex(encodeShiftJis('テスト商品'))).toBe('8365835883678fa49569');
    expect(hex(encodeShiftJis('月額プラン'))).toBe('8c8e8a7a837683898393');
  });

  it('encodes the Windows mappings SBPS decodes (cp932)', () => {
    expect(hex(encodeShiftJis('～'))).toBe('8160'); // FULLWIDTH TILDE, what Windows IMEs type
    expect(hex(encodeShiftJis('①㈱'))).toBe('8740878a'); // NEC special characters
    expect(hex(encodeShiftJis('髙'))).toBe('fbfc'); // IBM extension
    expect(hex(encodeShiftJis('ｱ'))).toBe('b1'); // half-width katakana is single-byte
  });

  it('refuses an emoji with its character, code point, position and messages', () => {
    const error = (() => {
      try {
        encodeShiftJis('寿司🍣です', 'item_name');
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(ShiftJisEncodingError);
    const problem = error as ShiftJisEncodingError;
    expect(problem.character).toBe('🍣');
    expect(problem.codePoint).toBe(0x1f363);
    expect(problem.index).toBe(2);
    expect(problem.reason).toBe('unmappable');
    expect(problem.field).toBe('item_name');
    expect(problem.message).toContain('U+1F363');
    expect(problem.message).toContain('item_name');
    expect(problem.messages.ja).toContain('「🍣」');
    expect(problem.messages.ja).toContain('3文字目');
  });

  it.each([
    ['\u301C', '\uFF5E'], // WAVE DASH from macOS would come back as FULLWIDTH TILDE
    ['\u2212', '\uFF0D'],
    ['\u00A5', '\uFFE5'], // YEN SIGN would turn into a backslash
  ])('refuses %s, which does not round-trip, and suggests %s', (character, suggestion) => {
    expect(() => encodeShiftJis(`a${character}`)).toThrow(ShiftJisEncodingError);
    expect(findUnencodableCharacter(`a${character}`)).toMatchObject({
      character,
      index: 1,
      reason: 'unmappable',
      suggestion,
    });
    try {
      encodeShiftJis(character);
    } catch (error) {
      expect((error as ShiftJisEncodingError).message).toContain(suggestion);
    }
  });

  it('refuses private-use characters (gaiji, carrier pictographs) although cp932 maps them', () => {
    expect(findUnencodableCharacter('x\uE000')).toMatchObject({ reason: 'private_use', index: 1 });
    expect(() => encodeShiftJis('\uE000')).toThrow(/private-use/);
  });

  it('refuses lone surrogates and characters outside Shift_JIS', () => {
    expect(findUnencodableCharacter('\uD83C')?.reason).toBe('unmappable');
    expect(findUnencodableCharacter('한')?.codePoint).toBe(0xd55c);
  });

  it('never substitutes "?" for anything it accepts', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        if (findUnencodableCharacter(text) !== undefined) {
          expect(() => encodeShiftJis(text)).toThrow(ShiftJisEncodingError);
        } else {
          expect(decodeShiftJis(encodeShiftJis(text))).toBe(text);
        }
      }),
    );
  });
});

describe('shiftJisByteLength', () => {
  it('counts double-byte characters as 2', () => {
    expect(shiftJisByteLength('ab')).toBe(2);
    expect(shiftJisByteLength('テスト')).toBe(6);
    expect(shiftJisByteLength('ﾃｽﾄ')).toBe(3);
  });
});

describe('decodeShiftJis', () => {
  it('decodes Shift_JIS bytes, including subarrays of a larger buffer', () => {
    const bytes = Uint8Array.from([0x00, 0x83, 0x65, 0x83, 0x58, 0x83, 0x67, 0x00]);
    expect(decodeShiftJis(bytes.subarray(1, 7))).toBe('テスト');
  });

  it.each([
    [[0x41, 0x82], 1], // lead byte cut off at the end
    [[0x41, 0x42, 0x82, 0x20], 2], // lead byte followed by an invalid trail byte
    [[0xa0], 0],
    [[0x86, 0xe3], 0], // undefined double-byte cell, as in a UTF-8 body read as Shift_JIS
  ])('refuses invalid bytes %j and reports offset %i', (bytes, offset) => {
    try {
      decodeShiftJis(Uint8Array.from(bytes));
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ShiftJisDecodingError);
      expect((error as ShiftJisDecodingError).byteOffset).toBe(offset);
    }
  });
});
