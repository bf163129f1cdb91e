import iconv from 'iconv-lite';
import type { LocalizedText } from '../localized-text.js';

// iconv-lite 0.7 aliases 'Shift_JIS' to this same table; the name below records the intent.
const CHARSET = 'cp932'; // Windows-31J: what SBPS's Windows stack decodes (～=8160, NEC/IBM rows)

// spec/sbps-au.md §2: carrier pictographs are errors; Shift_JIS puts them (and gaiji) in the
// user-defined area, which Unicode maps to the private-use area.
const PRIVATE_USE = /^[\uE000-\uF8FF]$/;

// Unicode characters that users type (macOS IMEs, copied web text) whose JIS mapping differs from
// the Windows one (spec/sbps-au.md §3 pitfall b): they do not round-trip, so we name the
// character SBPS would accept instead of guessing for the user.
const WINDOWS_EQUIVALENT: Readonly<Record<string, string>> = {
  '\u301C': '\uFF5E', // WAVE DASH → FULLWIDTH TILDE
  '\u2016': '\u2225', // DOUBLE VERTICAL LINE → PARALLEL TO
  '\u2212': '\uFF0D', // MINUS SIGN → FULLWIDTH HYPHEN-MINUS
  '\u2014': '\u2015', // EM DASH → HORIZONTAL BAR
  '\u00A2': '\uFFE0', // CENT SIGN → FULLWIDTH CENT SIGN
  '\u00A3': '\uFFE1', // POUND SIGN → FULLWIDTH POUND SIGN
  '\u00AC': '\uFFE2', // NOT SIGN → FULLWIDTH NOT SIGN
  '\u00A5': '\uFFE5', // YEN SIGN (would become a backslash) → FULLWIDTH YEN SIGN
  '\u203E': '\uFFE3', // OVERLINE (would become a tilde) → FULLWIDTH MACRON
};

/** A character that cannot travel to SBPS as Shift_JIS, and why. */
export interface UnencodableCharacter {
  readonly character: string;
  readonly codePoint: number;
  /** UTF-16 index in the string (0-based). */
  readonly index: number;
  readonly reason: 'unmappable' | 'private_use';
  /** A look-alike that Shift_JIS can carry, when there is an obvious one. */
  readonly suggestion?: string;
}

const codePointLabel = (codePoint: number): string =>
  `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;

function describeUnencodable(problem: UnencodableCharacter, field?: string): LocalizedText {
  const { character, codePoint, index, reason, suggestion } = problem;
  const where = field === undefined ? '' : ` in ${field}`;
  const whereJa = field === undefined ? '' : `${field}の`;
  const label = codePointLabel(codePoint);
  const hint =
    suggestion === undefined
      ? { en: ' Remove or replace it.', ja: '削除するか別の文字に置き換えてください。' }
      : {
          en: ` Use "${suggestion}" (${codePointLabel(suggestion.codePointAt(0) ?? 0)}) instead.`,
          ja: `「${suggestion}」（${codePointLabel(suggestion.codePointAt(0) ?? 0)}）に置き換えてください。`,
        };
  if (reason === 'private_use') {
    return {
      en: `"${character}" (${label}) at position ${index + 1}${where} is a private-use character (gaiji or carrier pictograph), which SBPS refuses.${hint.en}`,
      ja: `${whereJa}${index + 1}文字目の「${character}」（${label}）は外字・絵文字のため、SBPSでは使えません。${hint.ja}`,
    };
  }
  return {
    en: `"${character}" (${label}) at position ${index + 1}${where} cannot be represented in Shift_JIS; it would reach SBPS as "?".${hint.en}`,
    ja: `${whereJa}${index + 1}文字目の「${character}」（${label}）はShift_JISで表せない文字です。${hint.ja}`,
  };
}

/** Thrown instead of letting a character be replaced by "?" on its way to SBPS. */
export class ShiftJisEncodingError extends Error {
  override readonly name = 'ShiftJisEncodingError';
  readonly character: string;
  readonly codePoint: number;
  readonly index: number;
  readonly reason: UnencodableCharacter['reason'];
  readonly suggestion: string | undefined;
  readonly field: string | undefined;
  readonly messages: LocalizedText;

  constructor(problem: UnencodableCharacter, field?: string) {
    const messages = describeUnencodable(problem, field);
    super(messages.en);
    this.character = problem.character;
    this.codePoint = problem.codePoint;
    this.index = problem.index;
    this.reason = problem.reason;
    this.suggestion = problem.suggestion;
    this.field = field;
    this.messages = messages;
  }
}

/** Thrown when bytes claimed to be Shift_JIS are not. */
export class ShiftJisDecodingError extends Error {
  override readonly name = 'ShiftJisDecodingError';
  /** Offset of the first byte that does not start a valid Shift_JIS character. */
  readonly byteOffset: number;

  constructor(byteOffset: number, byte: number) {
    super(
      `Byte 0x${byte.toString(16).toUpperCase().padStart(2, '0')} at offset ${byteOffset} does not start a valid Shift_JIS character.`,
    );
    this.byteOffset = byteOffset;
  }
}

function unencodableAt(character: string, index: number): UnencodableCharacter | undefined {
  const codePoint = character.codePointAt(0) ?? 0;
  if (codePoint < 0x80) return undefined; // ASCII is identical in cp932, '\' and '~' included
  const suggestion = WINDOWS_EQUIVALENT[character];
  const base = { character, codePoint, index, ...(suggestion === undefined ? {} : { suggestion }) };
  if (PRIVATE_USE.test(character)) return { ...base, reason: 'private_use' };
  // iconv-lite substitutes '?' silently, so a character is encodable only if it comes back intact.
  const roundTrip = iconv.decode(iconv.encode(character, CHARSET), CHARSET);
  return roundTrip === character ? undefined : { ...base, reason: 'unmappable' };
}

// Most values are ASCII (ids, amounts, dates, URLs), which cp932 carries byte for byte: these
// skip iconv-lite, whose per-call codec lookup dominates short values.
const ASCII_TEXT = /^\p{ASCII}*$/u;

const isAsciiBytes = (bytes: Uint8Array): boolean => {
  for (const byte of bytes) if (byte >= 0x80) return false;
  return true;
};

const HAS_PRIVATE_USE = /[\uE000-\uF8FF]/;

/**
 * The Shift_JIS bytes of `text` when every character travels intact, else undefined. One
 * round trip of the whole text: each character encodes on its own (unmappable ones become "?"),
 * so the text comes back equal only when every character does.
 */
function intactShiftJis(text: string): Buffer | undefined {
  if (ASCII_TEXT.test(text)) return Buffer.from(text, 'latin1');
  if (HAS_PRIVATE_USE.test(text)) return undefined;
  const bytes = iconv.encode(text, CHARSET);
  return iconv.decode(bytes, CHARSET) === text ? bytes : undefined;
}

/** The first character of `text` that Shift_JIS cannot carry to SBPS, or undefined. */
export function findUnencodableCharacter(text: string): UnencodableCharacter | undefined {
  if (intactShiftJis(text) !== undefined) return undefined;
  let index = 0;
  for (const character of text) {
    const problem = unencodableAt(character, index);
    if (problem !== undefined) return problem;
    index += character.length;
  }
  return undefined;
}

/** Shift_JIS bytes of `text`; throws {@link ShiftJisEncodingError} rather than substitute. */
export function encodeShiftJis(text: string, field?: string): Uint8Array {
  const bytes = intactShiftJis(text);
  if (bytes !== undefined) return bytes;
  const problem = findUnencodableCharacter(text);
  // Never: a text that does not come back intact has a first character that does not.
  if (problem === undefined)
    throw new Error('Shift_JIS round trip failed with no character to name');
  throw new ShiftJisEncodingError(problem, field);
}

/** Number of bytes `text` takes in Shift_JIS: SBPS's length for `M` fields (spec §2). */
export function shiftJisByteLength(text: string): number {
  return ASCII_TEXT.test(text) ? text.length : iconv.encode(text, CHARSET).length;
}

const isLeadByte = (byte: number): boolean =>
  (byte >= 0x81 && byte <= 0x9f) || (byte >= 0xe0 && byte <= 0xfc);

// Where iconv-lite produced U+FFFD: walk the bytes with the Shift_JIS lead/trail structure and
// decode each character alone until one fails.
function firstInvalidOffset(bytes: Buffer): number {
  let offset = 0;
  while (offset < bytes.length) {
    const width = isLeadByte(bytes[offset] ?? 0) ? 2 : 1;
    const character = iconv.decode(bytes.subarray(offset, offset + width), CHARSET);
    if (character.includes('\uFFFD')) return offset;
    offset += width;
  }
  return offset;
}

/** Text of Shift_JIS `bytes`; throws {@link ShiftJisDecodingError} on bytes that are not Shift_JIS. */
export function decodeShiftJis(bytes: Uint8Array): string {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (isAsciiBytes(buffer)) return buffer.toString('latin1');
  const text = iconv.decode(buffer, CHARSET);
  // cp932 maps no byte sequence to U+FFFD, so its presence means invalid input.
  if (text.includes('\uFFFD')) {
    const offset = firstInvalidOffset(buffer);
    throw new ShiftJisDecodingError(offset, buffer[offset] ?? 0);
  }
  return text;
}
