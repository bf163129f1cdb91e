import { readFieldValues, type SbpsFieldValues } from './field.js';
import { assertNoProblems, duplicateFieldProblem } from './field-validation.js';
import {
  computeSpsHashcode,
  hashedValues,
  type SpsHashEncoding,
  verifyFieldHash,
} from './hashcode.js';
import { PURCHASE_RESULT_FIELDS } from './link-fields.js';

/** `notification` = A02-1 posted to `pagecon_url`; `return` = A03-1 posted via the buyer's browser. */
export type SbpsResultKind = 'notification' | 'return';

// spec/sbps-au.md §5/§6: both travel as Shift_JIS forms, but A02-1 is hashed over UTF-8 and
// A03-1 over Shift_JIS.
const RESULT_ENCODING: Readonly<Record<SbpsResultKind, SpsHashEncoding>> = {
  notification: 'utf-8',
  return: 'shift_jis',
};

/**
 * Checks the `sps_hashcode` of an A02-1 (`notification`) or A03-1 (`return`) result. `params` are
 * the decoded fields in any order (see `decodeSbpsForm`); rows 1–43 are hashed in spec order,
 * detail rows included when present, with the encoding of that message (A02-1 UTF-8, A03-1
 * Shift_JIS). False when the hash is missing, wrong, or a field is given twice.
 */
export function verifySbpsResult(
  kind: SbpsResultKind,
  params: SbpsFieldValues,
  hashKey: string,
): boolean {
  return verifyFieldHash(PURCHASE_RESULT_FIELDS, params, hashKey, RESULT_ENCODING[kind]);
}

/**
 * The `sps_hashcode` SBPS would send with these result fields (for the sandbox emulator and for
 * merchants' tests): UPPERCASE hex for `notification`, lowercase for `return`, as observed from
 * SBPS (spec §17 item 13). Any `sps_hashcode` in `params` is ignored.
 */
export function signSbpsResult(
  kind: SbpsResultKind,
  params: SbpsFieldValues,
  hashKey: string,
): string {
  const { entries, duplicates } = readFieldValues(PURCHASE_RESULT_FIELDS, params);
  assertNoProblems('A02-1/A03-1 result', duplicates.map(duplicateFieldProblem));
  const hash = computeSpsHashcode(hashedValues(entries), hashKey, RESULT_ENCODING[kind]);
  return kind === 'notification' ? hash.toUpperCase() : hash;
}
