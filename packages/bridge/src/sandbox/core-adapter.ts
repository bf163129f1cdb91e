// The one piece of protocol @au-pay/core/sbps does not export yet: laying out received fields in
// a table's hash order (core's `readFieldValues`, used inside `signLinkRequest` and
// `verifySbpsResult`, is internal). The sandbox needs it on the SBPS side to verify an A01-1
// purchase request and to echo A01-1 values into the A02-1/A03-1 field set. Remove this file once
// core exports `readFieldValues` (or a `verifyPurchaseRequest`).

import type { SbpsField, SbpsFieldPairs } from '@au-pay/core/sbps';

const SPS_HASHCODE = 'sps_hashcode';

/**
 * `pairs` laid out in the order of `fields` (`sps_hashcode` left out), a missing field as `''`
 * (spec §3 step 2); consecutive detail fields (`dtl_*`) emitted row by row, the n-th row taking
 * the n-th occurrence of each name (spec §4 rows 29–37). Mirrors core's `readFieldValues`.
 */
export function layOutFields(
  fields: readonly SbpsField[],
  pairs: SbpsFieldPairs,
): Array<[string, string]> {
  const occurrences = new Map<string, string[]>();
  for (const [name, value] of pairs) {
    const list = occurrences.get(name);
    if (list) list.push(value);
    else occurrences.set(name, [value]);
  }
  const out: Array<[string, string]> = [];
  let position = 0;
  while (position < fields.length) {
    const field = fields[position] as SbpsField;
    if (field.detailRow !== true) {
      if (field.name !== SPS_HASHCODE)
        out.push([field.name, occurrences.get(field.name)?.[0] ?? '']);
      position += 1;
      continue;
    }
    const group: SbpsField[] = [];
    while (fields[position]?.detailRow === true) {
      group.push(fields[position] as SbpsField);
      position += 1;
    }
    const rows = Math.max(0, ...group.map((member) => occurrences.get(member.name)?.length ?? 0));
    for (let row = 0; row < rows; row += 1) {
      for (const member of group) {
        out.push([member.name, occurrences.get(member.name)?.[row] ?? '']);
      }
    }
  }
  return out;
}
