import type { SbpsFieldPairs } from './field.js';
import { decodeShiftJis, encodeShiftJis, ShiftJisDecodingError } from './shift-jis.js';

// Link-type messages travel as application/x-www-form-urlencoded with Shift_JIS bytes
// (spec/sbps-au.md §2). Serialisation follows the WHATWG urlencoded rules that browsers apply
// to a form with accept-charset="Shift_JIS", so SBPS sees the same bytes either way.

/** Why a form body was refused. */
export type SbpsFormErrorCode =
  | 'malformed_percent_encoding'
  | 'invalid_shift_jis'
  | 'duplicate_field';

/** Thrown when a form body cannot be decoded without guessing. */
export class SbpsFormError extends Error {
  override readonly name = 'SbpsFormError';
  readonly code: SbpsFormErrorCode;
  /** The field concerned, when known. */
  readonly field: string | undefined;

  constructor(code: SbpsFormErrorCode, message: string, field?: string) {
    super(message);
    this.code = code;
    this.field = field;
  }
}

const isUnreserved = (byte: number): boolean =>
  (byte >= 0x30 && byte <= 0x39) ||
  (byte >= 0x41 && byte <= 0x5a) ||
  (byte >= 0x61 && byte <= 0x7a) ||
  byte === 0x2a ||
  byte === 0x2d ||
  byte === 0x2e ||
  byte === 0x5f;

function percentEncode(bytes: Uint8Array): string {
  let out = '';
  for (const byte of bytes) {
    if (byte === 0x20) out += '+';
    else if (isUnreserved(byte)) out += String.fromCharCode(byte);
    else out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/**
 * The x-www-form-urlencoded body for `pairs`, percent-encoding their Shift_JIS bytes
 * (テスト商品 → `%83e%83X%83g%8F%A4%95i`, spec §4). Throws `ShiftJisEncodingError` naming the
 * field when a value cannot be represented in Shift_JIS.
 */
export function encodeSbpsForm(pairs: SbpsFieldPairs): string {
  return pairs
    .map(
      ([name, value]) =>
        `${percentEncode(encodeShiftJis(name))}=${percentEncode(encodeShiftJis(value, name))}`,
    )
    .join('&');
}

const hexValue = (byte: number | undefined): number => {
  if (byte === undefined) return -1;
  if (byte >= 0x30 && byte <= 0x39) return byte - 0x30;
  const lower = byte | 0x20;
  return lower >= 0x61 && lower <= 0x66 ? lower - 0x61 + 10 : -1;
};

function percentDecode(bytes: Uint8Array): Uint8Array {
  // Most values carry no escape: the bytes are the value.
  if (!bytes.includes(0x25) && !bytes.includes(0x2b)) return bytes;
  const out = new Uint8Array(bytes.length);
  let length = 0;
  for (let index = 0; index < bytes.length; index += 1) {
    const byte = bytes[index] as number;
    if (byte === 0x2b) {
      out[length++] = 0x20;
    } else if (byte === 0x25) {
      const high = hexValue(bytes[index + 1]);
      const low = hexValue(bytes[index + 2]);
      // Browsers keep a stray '%' literally; here it means the body was mangled, so refuse it.
      if (high < 0 || low < 0) {
        throw new SbpsFormError(
          'malformed_percent_encoding',
          `Malformed percent-encoding at byte ${index}: "%" must be followed by two hex digits.`,
        );
      }
      out[length++] = high * 16 + low;
      index += 2;
    } else {
      out[length++] = byte;
    }
  }
  return out.subarray(0, length);
}

function decodeComponent(bytes: Uint8Array, field: string | undefined): string {
  try {
    return decodeShiftJis(percentDecode(bytes));
  } catch (error) {
    if (!(error instanceof ShiftJisDecodingError)) throw error;
    const where = field === undefined ? 'A field name' : `The value of ${field}`;
    throw new SbpsFormError(
      'invalid_shift_jis',
      `${where} is not valid Shift_JIS (${error.message}) SBPS sends Shift_JIS; a body built by a UTF-8 form needs accept-charset="Shift_JIS".`,
      field,
    );
  }
}

/**
 * Name/value pairs of a Shift_JIS x-www-form-urlencoded body, in body order; names repeat when
 * several detail rows are present. Throws {@link SbpsFormError} on a malformed body or bytes that
 * are not Shift_JIS. A Shift_JIS body sent as UTF-8 either throws here or decodes to text that
 * then fails the hash check.
 */
export function decodeSbpsFormPairs(body: Uint8Array): Array<[string, string]> {
  const bytes = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  // One character per byte: '&' and '=' are found in the text at the offsets of the bytes (escaped
  // Shift_JIS bytes are ASCII, so a separator is always a separator).
  const text = bytes.toString('latin1');
  const pairs: Array<[string, string]> = [];
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('&', start);
    if (end < 0) end = text.length;
    if (end > start) {
      let equals = text.indexOf('=', start);
      if (equals < 0 || equals > end) equals = end;
      const name = decodeComponentAt(text, bytes, start, equals, undefined);
      pairs.push([
        name,
        equals === end ? '' : decodeComponentAt(text, bytes, equals + 1, end, name),
      ]);
    }
    start = end + 1;
  }
  return pairs;
}

// ASCII without '%' and '+': such a component is its own value, as decodeComponent would find.
// biome-ignore lint/suspicious/noControlCharactersInRegex: every ASCII byte is kept as it is
const PLAIN_COMPONENT = /^[\x00-\x24\x26-\x2a\x2c-\x7f]*$/;

/** The component at [from, to): most fields of a notification are plain ASCII, taken as they are. */
function decodeComponentAt(
  text: string,
  bytes: Buffer,
  from: number,
  to: number,
  field: string | undefined,
): string {
  const component = text.slice(from, to);
  return PLAIN_COMPONENT.test(component)
    ? component
    : decodeComponent(bytes.subarray(from, to), field);
}

/**
 * Fields of a Shift_JIS x-www-form-urlencoded body by name. A repeated name is refused
 * ({@link SbpsFormError} `duplicate_field`): keeping either copy could verify one value and use
 * another. Use {@link decodeSbpsFormPairs} for bodies with several detail rows.
 */
export function decodeSbpsForm(body: Uint8Array): Record<string, string> {
  const pairs = decodeSbpsFormPairs(body);
  const seen = new Set<string>();
  for (const [name] of pairs) {
    if (seen.has(name)) {
      throw new SbpsFormError(
        'duplicate_field',
        `The field ${name} appears more than once; use decodeSbpsFormPairs for several detail rows.`,
        name,
      );
    }
    seen.add(name);
  }
  return Object.fromEntries(pairs);
}
