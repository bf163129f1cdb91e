import { createHash, timingSafeEqual } from 'node:crypto';
import {
  pairsOf,
  readFieldValues,
  type SbpsField,
  type SbpsFieldEntry,
  type SbpsFieldValues,
  SPS_HASHCODE,
} from './field.js';
import { encodeShiftJis, ShiftJisEncodingError } from './shift-jis.js';

/** The bytes a message is hashed over (spec/sbps-au.md §3 table). */
export type SpsHashEncoding = 'utf-8' | 'shift_jis';

// spec §3 step 2 trims "spaces"; clients use Java trim / Ruby strip / PHP trim, which agree on
// ASCII space and control characters but not on U+3000, which SBPS keeps as data (spec §2).
// biome-ignore lint/suspicious/noControlCharactersInRegex: Java String.trim() semantics
const EDGE_WHITESPACE = /^[\u0000-\u0020]+|[\u0000-\u0020]+$/g;

/**
 * `sps_hashcode` (spec §3): lowercase hex SHA-1 of the trimmed values concatenated in order,
 * followed by the hash key, encoded as `encoding`. Throws `ShiftJisEncodingError` when a value
 * cannot be represented in Shift_JIS (never hashes a substituted "?").
 */
export function computeSpsHashcode(
  values: readonly string[],
  hashKey: string,
  encoding: SpsHashEncoding,
): string {
  // An empty key would let anyone forge a valid hash: SHA-1 itself is public.
  if (hashKey === '') throw new RangeError('The SBPS hash key is empty; check the configuration.');
  const text = values.map((value) => value.replace(EDGE_WHITESPACE, '')).join('') + hashKey;
  const bytes = encoding === 'utf-8' ? Buffer.from(text, 'utf8') : encodeShiftJis(text);
  return createHash('sha1').update(bytes).digest('hex');
}

/** The values of `entries` that enter the hash, in order (`sps_hashcode` itself excluded). */
export function hashedValues(entries: readonly SbpsFieldEntry[]): string[] {
  return entries.filter((entry) => entry.field.name !== SPS_HASHCODE).map((entry) => entry.value);
}

/** Hash of field values laid out by a field table (detail rows included, spec §3 step 1). */
export function hashFieldValues(
  fields: readonly SbpsField[],
  values: SbpsFieldValues,
  hashKey: string,
  encoding: SpsHashEncoding,
): string {
  return computeSpsHashcode(
    hashedValues(readFieldValues(fields, values).entries),
    hashKey,
    encoding,
  );
}

/**
 * Compares a received `sps_hashcode` with the expected one: case-insensitive (SBPS sends
 * uppercase in A02-1 and lowercase in A03-1, spec §3) and in constant time.
 */
export function spsHashcodeMatches(received: string, expected: string): boolean {
  const a = Buffer.from(received.toLowerCase(), 'utf8');
  const b = Buffer.from(expected.toLowerCase(), 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Checks the `sps_hashcode` among `values` against the hash of the other fields laid out by
 * `fields`. False when the hash is missing, given twice, wrong, when another field is given twice,
 * or when Shift_JIS cannot carry the text (so SBPS cannot have signed it).
 */
export function verifyFieldHash(
  fields: readonly SbpsField[],
  values: SbpsFieldValues,
  hashKey: string,
  encoding: SpsHashEncoding,
): boolean {
  const pairs = pairsOf(values);
  // Parsers that turn repeated names into arrays hand over non-strings: never a valid message.
  if (pairs.some(([, value]) => typeof value !== 'string')) return false;
  const [received, ...more] = pairs.filter(([name]) => name === SPS_HASHCODE);
  if (received === undefined || received[1] === '' || more.length > 0) return false;
  const { entries, duplicates } = readFieldValues(fields, values);
  if (duplicates.length > 0) return false;
  try {
    return spsHashcodeMatches(
      received[1],
      computeSpsHashcode(hashedValues(entries), hashKey, encoding),
    );
  } catch (error) {
    if (error instanceof ShiftJisEncodingError) return false;
    throw error;
  }
}
