import { readFieldValues, type SbpsField, type SbpsFieldPairs, SPS_HASHCODE } from './field.js';
import { assertNoProblems, findPaddedValues, type SbpsFieldProblem } from './field-validation.js';
import { hashFieldValues } from './hashcode.js';

/** Input shared by the link-type requests a merchant signs (A01-1, D01-1). */
export interface SbpsLinkRequestInput {
  /** 5 digits, issued by SBPS. */
  readonly merchantId: string;
  /** 3 digits, issued by SBPS. */
  readonly serviceId: string;
  /** Unique per end user; SBPS links it to the buyer's au ID (spec §1). */
  readonly custCode: string;
  /** Unique per merchant + service (spec §2). */
  readonly orderId: string;
  readonly itemId: string;
  /** Shown on the au screens; at most 20 double-byte characters, KDDI shows the first 16. */
  readonly itemName: string;
  readonly successUrl: string;
  readonly cancelUrl: string;
  readonly errorUrl: string;
  /** Where SBPS posts the result notification (A02-1). */
  readonly pageconUrl: string;
  /** 0 = PC or smartphone, the only terminal au supports (spec §1). Default 0. */
  readonly terminalType?: '0';
  readonly free1?: string;
  readonly free2?: string;
  readonly free3?: string;
  /** `yyyyMMddHHmmss` in Japan time (spec §2); formatted by the caller. */
  readonly requestDate: string;
  /** Seconds the request stays valid after `requestDate` (≤ 9999). */
  readonly limitSecond?: number;
}

/** Decimal text of an optional number; `undefined` → `''` (an empty field, spec §2). */
export const digitsOf = (value: number | undefined): string =>
  value === undefined ? '' : String(value);

/** The pairs every link request carries for the shared input. */
export function linkRequestPairs(input: SbpsLinkRequestInput): Array<[string, string]> {
  return [
    ['merchant_id', input.merchantId],
    ['service_id', input.serviceId],
    ['cust_code', input.custCode],
    ['order_id', input.orderId],
    ['item_id', input.itemId],
    ['item_name', input.itemName],
    ['terminal_type', input.terminalType ?? '0'],
    ['success_url', input.successUrl],
    ['cancel_url', input.cancelUrl],
    ['error_url', input.errorUrl],
    ['pagecon_url', input.pageconUrl],
    ['free1', input.free1 ?? ''],
    ['free2', input.free2 ?? ''],
    ['free3', input.free3 ?? ''],
    ['request_date', input.requestDate],
    ['limit_second', digitsOf(input.limitSecond)],
  ];
}

/**
 * Lays `pairs` out in the order of `fields` (every field sent, empty when not given, spec §2),
 * refuses any problem (plus padded values), and appends `sps_hashcode` over UTF-8 — the encoding
 * of both A01-1 and D01-1 (spec §3).
 */
export function signLinkRequest(
  what: string,
  fields: readonly SbpsField[],
  pairs: SbpsFieldPairs,
  validate: (values: SbpsFieldPairs) => SbpsFieldProblem[],
  hashKey: string,
): Array<[string, string]> {
  const unsigned = fields.filter((field) => field.name !== SPS_HASHCODE);
  const ordered = readFieldValues(unsigned, pairs).entries.map(
    ({ field, value }): [string, string] => [field.name, value],
  );
  // The request's own validation also wants sps_hashcode, which is computed just below.
  const problems = validate(ordered).filter((problem) => problem.field !== SPS_HASHCODE);
  assertNoProblems(what, [...problems, ...findPaddedValues(unsigned, ordered)]);
  return [...ordered, [SPS_HASHCODE, hashFieldValues(unsigned, ordered, hashKey, 'utf-8')]];
}
