import {
  layOutSbpsFields,
  PURCHASE_RESULT_FIELDS,
  RECURRING_APPLICATION_FIELDS,
  type SbpsFieldPairs,
  signSbpsResult,
} from '@au-pay/core/sbps';
import { DEFAULT_LIMIT_SECOND } from './link-checks.js';

// Rows of the result message that SBPS fills in (spec §5 rows 34–43); the rest echo the request.
const RESULT_ROWS = [
  'res_pay_method',
  'res_result',
  'res_tracking_id',
  'res_sps_cust_no',
  'res_sps_payment_no',
  'res_payinfo_key',
  'res_payment_date',
  'res_err_code',
  'res_date',
  'limit_second',
] as const;
const NOT_ECHOED = new Set<string>([...RESULT_ROWS, 'sps_hashcode']);

// The result of a D01-1 echoes its rows 1–10 and 15–18 (spec §7, §17 item 10 [A]): never the
// A01-1 rows a D01-1 does not have (no amount, no pay_type).
const APPLICATION_RESULT_ROWS = new Set<string>([
  ...RECURRING_APPLICATION_FIELDS.map((field) => field.name).filter(
    (name) => !name.endsWith('_url') && name !== 'sps_hashcode',
  ),
  ...RESULT_ROWS,
]);

/** What SBPS reports in a result (A02-1 / A03-1 rows 34–43). */
export interface ResultValues {
  readonly result: 'OK' | 'NG';
  readonly trackingId: string;
  readonly paymentDate: string;
  readonly errCode: string;
  readonly date: string;
}

/**
 * The A02-1 / A03-1 field set in spec order (spec §5), without `sps_hashcode`: the request's
 * values echoed (URLs and `free_csv` are not part of it; `changes` replace some, as in SBPS's
 * notices about a contract), then SBPS's result. The result of a D01-1 (`application`) carries
 * only the rows a D01-1 has.
 */
export function resultFields(
  request: ReadonlyArray<readonly [string, string]>,
  result: ResultValues,
  options: { readonly application?: boolean; readonly changes?: Record<string, string> } = {},
): Array<[string, string]> {
  const changes = options.changes ?? {};
  const echoed = (request as SbpsFieldPairs)
    .filter(([name]) => !NOT_ECHOED.has(name) && !(name in changes))
    .concat(Object.entries(changes));
  const limitSecond = request.find(([name]) => name === 'limit_second')?.[1];
  const fields = layOutSbpsFields(PURCHASE_RESULT_FIELDS, [
    ...echoed,
    ['res_pay_method', 'auone'],
    ['res_result', result.result],
    ['res_tracking_id', result.trackingId],
    ['res_sps_cust_no', ''],
    ['res_sps_payment_no', ''],
    ['res_payinfo_key', ''],
    ['res_payment_date', result.paymentDate],
    ['res_err_code', result.errCode],
    ['res_date', result.date],
    ['limit_second', limitSecond || String(DEFAULT_LIMIT_SECOND)],
  ]);
  return options.application
    ? fields.filter(([name]) => APPLICATION_RESULT_ROWS.has(name))
    : fields;
}

/** The fields with their `sps_hashcode`: A02-1 over UTF-8 (UPPERCASE), A03-1 over Shift_JIS. */
export function signed(
  kind: 'notification' | 'return',
  fields: Array<[string, string]>,
  hashKey: string,
): Array<[string, string]> {
  return [...fields, ['sps_hashcode', signSbpsResult(kind, fields, hashKey)]];
}
