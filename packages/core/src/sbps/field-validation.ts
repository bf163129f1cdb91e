import type { LocalizedText } from '../localized-text.js';
import {
  readFieldValues,
  type SbpsField,
  type SbpsFieldEntry,
  type SbpsFieldValues,
} from './field.js';
import { findUnencodableCharacter, shiftJisByteLength } from './shift-jis.js';

/** Why a value does not fit its SBPS field. */
export type SbpsFieldProblemCode =
  | 'required'
  | 'not_allowed'
  | 'control_character'
  | 'not_digits'
  | 'not_single_byte'
  | 'not_shift_jis'
  | 'too_long'
  | 'wrong_length'
  | 'padded'
  | 'duplicate'
  | 'unknown_field';

/** One problem with one field (and detail row); the message says how to fix it. */
export interface SbpsFieldProblem {
  readonly field: string;
  /** 1-based detail row, for `dtl_*` fields. */
  readonly row?: number;
  readonly code: SbpsFieldProblemCode;
  readonly message: LocalizedText;
}

/** Thrown by the builders when their input does not fit the spec; lists every problem. */
export class SbpsValidationError extends Error {
  override readonly name = 'SbpsValidationError';
  readonly problems: readonly SbpsFieldProblem[];

  constructor(message: string, problems: readonly SbpsFieldProblem[]) {
    super(`${message}: ${problems.map((problem) => problem.message.en).join(' ')}`);
    this.problems = problems;
  }
}

/** Throws {@link SbpsValidationError} naming `what` when there is any problem. */
export function assertNoProblems(what: string, problems: readonly SbpsFieldProblem[]): void {
  if (problems.length > 0) throw new SbpsValidationError(`Invalid ${what}`, problems);
}

const label = (field: string, row: number | undefined): { en: string; ja: string } =>
  row === undefined
    ? { en: field, ja: field }
    : { en: `${field} (row ${row})`, ja: `${field}（${row}行目）` };

/** Builds a problem whose message names the field (and row). */
export function fieldProblem(
  field: string,
  code: SbpsFieldProblemCode,
  describe: (name: { en: string; ja: string }) => LocalizedText,
  row?: number,
): SbpsFieldProblem {
  return {
    field,
    code,
    message: describe(label(field, row)),
    ...(row === undefined ? {} : { row }),
  };
}

/** A field given more than once where the spec allows one value. */
export const duplicateFieldProblem = (name: string): SbpsFieldProblem =>
  fieldProblem(name, 'duplicate', (label) => ({
    en: `${label.en} is given more than once.`,
    ja: `${label.ja}が重複しています。`,
  }));

// spec/sbps-au.md §2: TAB, LF, CR (and other control characters) are errors inside values.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL_CHARACTER = /[\u0000-\u001F\u007F]/;
const DIGITS = /^[0-9]+$/;
// Single-byte in Shift_JIS: printable ASCII and half-width katakana (JIS X 0201).
const SINGLE_BYTE = /^[\u0020-\u007E\uFF61-\uFF9F]+$/;

const shown = (value: string): { en: string; ja: string } =>
  value === '' ? { en: '(empty)', ja: '（空）' } : { en: `"${value}"`, ja: `「${value}」` };

function problemFor(entry: SbpsFieldEntry): SbpsFieldProblem | undefined {
  const { field, value, row } = entry;
  const at = (code: SbpsFieldProblemCode, describe: Parameters<typeof fieldProblem>[2]) =>
    fieldProblem(field.name, code, describe, row);

  if (value === '') {
    return field.required
      ? at('required', (name) => ({ en: `${name.en} is required.`, ja: `${name.ja}は必須です。` }))
      : undefined;
  }
  if (CONTROL_CHARACTER.test(value)) {
    return at('control_character', (name) => ({
      en: `${name.en} contains a control character (tab, line feed, carriage return…), which SBPS refuses.`,
      ja: `${name.ja}に制御文字（タブ・改行など）が含まれています。`,
    }));
  }
  if (field.allowed !== undefined && !field.allowed.includes(value)) {
    const list = field.allowed.map(shown);
    return at('not_allowed', (name) =>
      list.length === 0
        ? {
            en: `${name.en} must be empty here (got ${shown(value).en}).`,
            ja: `${name.ja}は空にしてください（指定値${shown(value).ja}）。`,
          }
        : {
            en: `${name.en} must be one of ${list.map((item) => item.en).join(', ')} (got ${shown(value).en}).`,
            ja: `${name.ja}は${list.map((item) => item.ja).join('、')}のいずれかを指定してください（指定値${shown(value).ja}）。`,
          },
    );
  }
  if (field.type === '9' && !DIGITS.test(value)) {
    return at('not_digits', (name) => ({
      en: `${name.en} must contain half-width digits 0-9 only (got ${shown(value).en}).`,
      ja: `${name.ja}は半角数字のみで指定してください（指定値${shown(value).ja}）。`,
    }));
  }
  if (field.type === 'X' && !SINGLE_BYTE.test(value)) {
    return at('not_single_byte', (name) => ({
      en: `${name.en} must contain single-byte (half-width) characters only.`,
      ja: `${name.ja}は半角文字のみで指定してください。`,
    }));
  }
  if (field.type === 'M') {
    const unencodable = findUnencodableCharacter(value);
    if (unencodable !== undefined) {
      const { character, codePoint, suggestion } = unencodable;
      const code = `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
      return at('not_shift_jis', (name) => ({
        en: `${name.en} contains "${character}" (${code}), which SBPS cannot accept in Shift_JIS${suggestion === undefined ? '' : `; use "${suggestion}" instead`}.`,
        ja: `${name.ja}にSBPSで使えない文字「${character}」（${code}）が含まれています${suggestion === undefined ? '' : `。「${suggestion}」に置き換えてください`}。`,
      }));
    }
  }
  const max = field.maxLength;
  if (max === undefined) return undefined;
  const length = field.type === 'M' ? shiftJisByteLength(value) : value.length;
  if (field.exactLength === true && length !== max) {
    return at('wrong_length', (name) => ({
      en: `${name.en} must be exactly ${max} characters long (got ${length}).`,
      ja: `${name.ja}は${max}桁で指定してください（現在${length}桁）。`,
    }));
  }
  if (length > max) {
    const unit =
      field.type === 'M'
        ? { en: ' bytes in Shift_JIS (double-byte characters count as 2)', ja: '（全角文字は2桁）' }
        : { en: ' characters', ja: '' };
    return at('too_long', (name) => ({
      en: `${name.en} is too long: at most ${max}${unit.en}, got ${length}.`,
      ja: `${name.ja}は${max}桁以内${unit.ja}で指定してください（現在${length}桁）。`,
    }));
  }
  return undefined;
}

/**
 * Checks `values` against a field table: presence, defined values, type (`9` digits, `X`
 * single-byte, `M` Shift_JIS-representable), and length (`M` in Shift_JIS bytes). Never throws for
 * user data; returns every problem, one per field and row.
 */
export function validateSbpsFields(
  fields: readonly SbpsField[],
  values: SbpsFieldValues,
): SbpsFieldProblem[] {
  const { entries, duplicates } = readFieldValues(fields, values);
  const problems: SbpsFieldProblem[] = duplicates.map(duplicateFieldProblem);
  for (const entry of entries) {
    const problem = problemFor(entry);
    if (problem !== undefined) problems.push(problem);
  }
  return problems;
}

// Double-byte space (U+3000) included: SBPS keeps it while some clients trim it.
const PADDING = /^[\s\u3000]|[\s\u3000]$/;

/**
 * Values a sender must not pad: SBPS's API keeps spaces while every client trims before hashing
 * (spec/sbps-au.md §3 pitfall c, §17 item 14), so padded values risk a hash mismatch.
 */
export function findPaddedValues(
  fields: readonly SbpsField[],
  values: SbpsFieldValues,
): SbpsFieldProblem[] {
  return readFieldValues(fields, values)
    .entries.filter((entry) => PADDING.test(entry.value))
    .map(({ field, row }) =>
      fieldProblem(
        field.name,
        'padded',
        (name) => ({
          en: `${name.en} starts or ends with a space; send it without, since SBPS and clients treat such spaces differently when hashing.`,
          ja: `${name.ja}の先頭または末尾に空白があります。空白を除いて送信してください。`,
        }),
        row,
      ),
    );
}
