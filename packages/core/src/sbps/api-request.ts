import {
  SBPS_API_FUNCTION_IDS,
  SBPS_API_REQUEST_FIELDS,
  type SbpsApiFunctionId,
} from './api-fields.js';
import { type SbpsField, type SbpsFieldPairs, SPS_HASHCODE } from './field.js';
import {
  assertNoProblems,
  fieldProblem,
  findPaddedValues,
  type SbpsFieldProblem,
  validateSbpsFields,
} from './field-validation.js';
import { computeSpsHashcode, spsHashcodeMatches } from './hashcode.js';
import {
  decodeShiftJis,
  encodeShiftJis,
  ShiftJisDecodingError,
  ShiftJisEncodingError,
} from './shift-jis.js';
import { escapeXml, parseSbpsXml, SbpsXmlError } from './xml.js';

/** Content-Type for posting API requests (spec §8; SBPS also accepts plain `text/xml`). */
export const SBPS_API_REQUEST_CONTENT_TYPE = 'text/xml; charset=Shift_JIS';

/** Element values by name (`amount`, not `pay_option_manage/amount`); `undefined` = omit. */
export type SbpsApiRequestValues = Readonly<Record<string, string | undefined>>;

/** An API request as the SBPS side reads it. */
export interface ParsedSbpsApiRequest {
  readonly id: SbpsApiFunctionId;
  /** Leaf elements in document order, `M` values decoded to plain text; `sps_hashcode` excluded. */
  readonly fields: SbpsFieldPairs;
  /** The `sps_hashcode` sent, if any. */
  readonly hashcode?: string;
}

const present = (values: SbpsApiRequestValues): Record<string, string> =>
  Object.fromEntries(
    Object.entries(values).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );

function unknownElementProblems(
  functionId: SbpsApiFunctionId,
  fields: readonly SbpsField[],
  values: SbpsApiRequestValues,
): SbpsFieldProblem[] {
  const known = new Set(fields.map((field) => field.name));
  return Object.keys(present(values))
    .filter((name) => !known.has(name))
    .map((name) =>
      fieldProblem(name, 'unknown_field', (label) => ({
        en: `${label.en} is not an element of ${functionId}.`,
        ja: `${label.ja}は${functionId}の項目ではありません。`,
      })),
    );
}

/**
 * Problems of an API request's element values against its table (spec §9–§13), e.g. on the SBPS
 * side after {@link parseSbpsApiRequest}. Never throws for user data.
 */
export function validateSbpsApiRequest(
  functionId: SbpsApiFunctionId,
  values: SbpsApiRequestValues,
): SbpsFieldProblem[] {
  const fields = SBPS_API_REQUEST_FIELDS[functionId];
  return [
    ...unknownElementProblems(functionId, fields, values),
    ...validateSbpsFields(fields, present(values)),
  ];
}

const isApiFunctionId = (id: string): id is SbpsApiFunctionId =>
  (SBPS_API_FUNCTION_IDS as readonly string[]).includes(id);

// spec §8 (and §12's example): `M` values travel as Base64 of their Shift_JIS bytes.
const base64ShiftJis = (value: string, field: string): string =>
  Buffer.from(encodeShiftJis(value, field)).toString('base64');

/**
 * Shift_JIS bytes of a signed API request: `<sps-api-request id="…">` with the given elements in
 * spec order (omitted when `undefined`, `<x></x>` when empty), `pay_option_manage` nesting,
 * `M` values as Base64, entities escaped, and `sps_hashcode` over the plain values in document
 * order with Shift_JIS (spec §3). Throws `SbpsValidationError` listing every problem.
 */
export function buildSbpsApiRequest(
  functionId: SbpsApiFunctionId,
  values: SbpsApiRequestValues,
  hashKey: string,
): Uint8Array {
  if (!isApiFunctionId(functionId))
    throw new RangeError(`Unknown SBPS API function ${functionId}.`);
  const fields = SBPS_API_REQUEST_FIELDS[functionId].filter((field) => field.name !== SPS_HASHCODE);
  const given = present(values);
  assertNoProblems(`${functionId} request`, [
    ...unknownElementProblems(functionId, fields, values),
    ...validateSbpsFields(fields, given),
    ...findPaddedValues(fields, given),
  ]);

  let body = '';
  let openParent: string | undefined;
  const hashed: string[] = [];
  for (const field of fields) {
    const value = given[field.name];
    if (value === undefined) continue;
    if (field.parent !== openParent) {
      if (openParent !== undefined) body += `</${openParent}>`;
      if (field.parent !== undefined) body += `<${field.parent}>`;
      openParent = field.parent;
    }
    const text = field.type === 'M' ? base64ShiftJis(value, field.name) : escapeXml(value);
    body += `<${field.name}>${text}</${field.name}>`;
    hashed.push(value);
  }
  if (openParent !== undefined) body += `</${openParent}>`;
  const hashcode = computeSpsHashcode(hashed, hashKey, 'shift_jis');
  return encodeShiftJis(
    `<?xml version="1.0" encoding="Shift_JIS"?><sps-api-request id="${escapeXml(functionId)}">${body}<${SPS_HASHCODE}>${hashcode}</${SPS_HASHCODE}></sps-api-request>`,
  );
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function plainText(field: SbpsField | undefined, name: string, value: string): string {
  if (field?.type !== 'M') return value;
  if (!BASE64.test(value)) {
    throw new SbpsXmlError(
      'invalid_base64',
      `<${name}> must be Base64 of Shift_JIS text (spec §8).`,
    );
  }
  try {
    return decodeShiftJis(Buffer.from(value, 'base64'));
  } catch (error) {
    if (!(error instanceof ShiftJisDecodingError)) throw error;
    throw new SbpsXmlError(
      'invalid_shift_jis',
      `<${name}> does not decode to Shift_JIS text: ${error.message}`,
    );
  }
}

/**
 * Reads an API request as SBPS does (for the sandbox emulator): Shift_JIS XML, root
 * `sps-api-request` with a known `id`, leaves in document order with `M` values Base64-decoded.
 * Elements not in the table are kept as sent. Throws `SbpsXmlError`: `unknown_function` for an
 * `id` that is not one of the au functions (SBPS's error type 02).
 */
export function parseSbpsApiRequest(bytes: Uint8Array): ParsedSbpsApiRequest {
  const document = parseSbpsXml(bytes);
  if (document.root !== 'sps-api-request') {
    throw new SbpsXmlError(
      'unexpected_root',
      `Expected <sps-api-request>, got <${document.root}>.`,
    );
  }
  const id = document.attributes.id ?? '';
  if (!isApiFunctionId(id)) {
    throw new SbpsXmlError('unknown_function', `Unknown API request ID "${id}".`);
  }
  const byName = new Map(SBPS_API_REQUEST_FIELDS[id].map((field) => [field.name, field]));
  const fields = document.leaves
    .filter((leaf) => leaf.name !== SPS_HASHCODE)
    .map((leaf): [string, string] => [
      leaf.name,
      plainText(byName.get(leaf.name), leaf.name, leaf.value),
    ]);
  const hashcode = document.leaves.find((leaf) => leaf.name === SPS_HASHCODE)?.value;
  return { id, fields, ...(hashcode === undefined ? {} : { hashcode }) };
}

/**
 * Checks the `sps_hashcode` of a parsed request: whatever elements are present, in document order,
 * plain text, Shift_JIS (spec §3, §17 item 3); case-insensitive, constant time.
 */
export function verifySbpsApiRequest(request: ParsedSbpsApiRequest, hashKey: string): boolean {
  if (request.hashcode === undefined || request.hashcode === '') return false;
  try {
    const values = request.fields.map(([, value]) => value);
    return spsHashcodeMatches(request.hashcode, computeSpsHashcode(values, hashKey, 'shift_jis'));
  } catch (error) {
    // e.g. a private-use character: it cannot be part of a request SBPS would accept.
    if (error instanceof ShiftJisEncodingError) return false;
    throw error;
  }
}
