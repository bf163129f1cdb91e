/**
 * SBPS data types (spec/sbps-au.md §2): `9` half-width digits, `X` single-byte characters,
 * `M` mixed single/double-byte characters that Shift_JIS can represent.
 */
export type SbpsFieldType = '9' | 'X' | 'M';

/** One row of an SBPS field table; tables are kept in hash order. */
export interface SbpsField {
  readonly name: string;
  /** Maximum length; for `M` counted in Shift_JIS bytes (double-byte = 2). Absent where SBPS publishes none. */
  readonly maxLength?: number;
  /** The value, when given, must have exactly `maxLength` characters (IDs and dates, spec §2). */
  readonly exactLength?: boolean;
  readonly type: SbpsFieldType;
  /** ○ in the spec tables: must be non-empty. */
  readonly required: boolean;
  /** The only non-empty values defined for this field here; `[]` = it must be empty. */
  readonly allowed?: readonly string[];
  /** XML container element in API messages, e.g. `pay_option_manage` for `amount` (spec §9 row 6). */
  readonly parent?: string;
  /** Repeated once per detail row (`dtl_*`, spec §4 rows 29–37). */
  readonly detailRow?: boolean;
}

/** Ordered name/value pairs as they travel in a form; names may repeat for detail rows. */
export type SbpsFieldPairs = ReadonlyArray<readonly [name: string, value: string]>;

/** Field values by name, or as ordered pairs (needed when several detail rows are present). */
export type SbpsFieldValues = Readonly<Record<string, string>> | SbpsFieldPairs;

/** A field's value at its place in the table; detail fields appear once per row. */
export interface SbpsFieldEntry {
  readonly field: SbpsField;
  readonly value: string;
  /** 1-based detail row number, for `dtl_*` fields. */
  readonly row?: number;
}

/** What {@link readFieldValues} found. */
export interface SbpsFieldReading {
  readonly entries: readonly SbpsFieldEntry[];
  /** Non-detail fields given more than once: ambiguous, so callers refuse them. */
  readonly duplicates: readonly string[];
}

/** The name of the field that carries the checksum; never part of its own hash (spec §3 step 1). */
export const SPS_HASHCODE = 'sps_hashcode';

/** `values` as ordered pairs. */
export const pairsOf = (values: SbpsFieldValues): SbpsFieldPairs =>
  Array.isArray(values)
    ? (values as SbpsFieldPairs)
    : Object.entries(values as Readonly<Record<string, string>>);

function occurrencesByName(values: SbpsFieldValues): Map<string, string[]> {
  const occurrences = new Map<string, string[]>();
  for (const [name, value] of pairsOf(values)) {
    const list = occurrences.get(name);
    if (list === undefined) occurrences.set(name, [value]);
    else list.push(value);
  }
  return occurrences;
}

/**
 * Lays `values` out in the order of `fields`. A missing field reads as `''` (spec §3 step 2).
 * Consecutive detail fields form a group emitted row by row, 9 values per row (spec §4 rows 29–37):
 * the n-th row takes the n-th occurrence of each `dtl_*` name.
 */
export function readFieldValues(
  fields: readonly SbpsField[],
  values: SbpsFieldValues,
): SbpsFieldReading {
  const occurrences = occurrencesByName(values);
  const entries: SbpsFieldEntry[] = [];
  const duplicates: string[] = [];
  let position = 0;
  while (position < fields.length) {
    const field = fields[position] as SbpsField;
    if (field.detailRow !== true) {
      const found = occurrences.get(field.name) ?? [];
      if (found.length > 1) duplicates.push(field.name);
      entries.push({ field, value: found[0] ?? '' });
      position += 1;
      continue;
    }
    const group: SbpsField[] = [];
    while (fields[position]?.detailRow === true) {
      group.push(fields[position] as SbpsField);
      position += 1;
    }
    const rows = Math.max(...group.map((member) => occurrences.get(member.name)?.length ?? 0));
    for (let row = 0; row < rows; row += 1) {
      for (const member of group) {
        entries.push({
          field: member,
          value: occurrences.get(member.name)?.[row] ?? '',
          row: row + 1,
        });
      }
    }
  }
  return { entries, duplicates };
}

/** The first value given for `name`, or `''` when absent (spec §3 step 2). */
export function fieldValue(values: SbpsFieldValues, name: string): string {
  if (Array.isArray(values)) {
    return (values as SbpsFieldPairs).find(([candidate]) => candidate === name)?.[1] ?? '';
  }
  return Object.hasOwn(values, name)
    ? ((values as Readonly<Record<string, string>>)[name] ?? '')
    : '';
}

/** `values` as `[name, value]` pairs in the order of `fields`, `sps_hashcode` left out. */
export function layOutSbpsFields(
  fields: readonly SbpsField[],
  values: SbpsFieldValues,
): Array<[string, string]> {
  return readFieldValues(fields, values)
    .entries.filter((entry) => entry.field.name !== SPS_HASHCODE)
    .map((entry) => [entry.field.name, entry.value]);
}
