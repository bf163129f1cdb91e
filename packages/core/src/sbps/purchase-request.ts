import { fieldValue, type SbpsFieldValues } from './field.js';
import { fieldProblem, type SbpsFieldProblem, validateSbpsFields } from './field-validation.js';
import { verifyFieldHash } from './hashcode.js';
import {
  PAY_TYPE,
  PURCHASE_REQUEST_ANY_BILLING_FIELDS,
  PURCHASE_REQUEST_FIELDS,
  type PurchaseBilling,
} from './link-fields.js';
import {
  digitsOf,
  linkRequestPairs,
  type SbpsLinkRequestInput,
  signLinkRequest,
} from './link-request.js';

/** One detail row of A01-1 (spec §4 rows 29–37). */
export interface PurchaseDetailRow {
  /** Defaults to the row's 1-based position. */
  readonly rowNo?: number;
  readonly itemId: string;
  readonly itemName: string;
  readonly itemCount: number;
  readonly tax?: number;
  readonly amount: number;
  readonly free1?: string;
  readonly free2?: string;
  readonly free3?: string;
}

interface PurchaseRequestCommon extends SbpsLinkRequestInput {
  /** Yen including tax, 1–9,999,999 (spec §4 row 12). */
  readonly amount: number;
  readonly tax?: number;
  readonly details?: readonly PurchaseDetailRow[];
}

/** Typed input of the A01-1 purchase request, one variant per billing "tab" (spec §4). */
export type PurchaseRequestInput = PurchaseRequestCommon &
  (
    | { readonly billing: 'one_time' }
    | {
        readonly billing: 'recurring_simple';
        /** `yyyyMM`: last month to bill (spec §4 row 17). */
        readonly lastChargeMonth?: string;
        readonly campType?: string;
        /** Cancel this recurring-simple contract through the link instead of purchasing. */
        readonly cancelTrackingId?: string;
      }
    | { readonly billing: 'recurring_fixed_term' }
  );

const BILLING_BY_PAY_TYPE = new Map<string, PurchaseBilling>(
  Object.entries(PAY_TYPE).map(([billing, payType]) => [payType, billing as PurchaseBilling]),
);

/**
 * Problems of an A01-1 purchase request, received or about to be sent: the field table of the
 * billing its `pay_type` selects, plus the recurring-simple rule that `tracking_id` goes with
 * `service_type=1` and only with it (spec §4 row 19). Never throws.
 */
export function validatePurchaseRequest(values: SbpsFieldValues): SbpsFieldProblem[] {
  const billing = BILLING_BY_PAY_TYPE.get(fieldValue(values, 'pay_type'));
  const fields =
    billing === undefined ? PURCHASE_REQUEST_ANY_BILLING_FIELDS : PURCHASE_REQUEST_FIELDS[billing];
  const problems = validateSbpsFields(fields, values);
  if (billing !== 'recurring_simple') return problems;
  const cancelling = fieldValue(values, 'service_type') === '1';
  const trackingId = fieldValue(values, 'tracking_id');
  if (cancelling && trackingId === '') {
    problems.push(
      fieldProblem('tracking_id', 'required', (name) => ({
        en: `${name.en} is required to cancel a recurring contract (service_type=1).`,
        ja: `継続課金の解約（service_type=1）には${name.ja}が必須です。`,
      })),
    );
  } else if (!cancelling && trackingId !== '') {
    problems.push(
      fieldProblem('tracking_id', 'not_allowed', (name) => ({
        en: `${name.en} is only sent to cancel a recurring contract (service_type=1).`,
        ja: `${name.ja}は継続課金の解約（service_type=1）の場合のみ指定できます。`,
      })),
    );
  }
  return problems;
}

function billingPairs(input: PurchaseRequestInput): Array<[string, string]> {
  const payType: [string, string] = ['pay_type', PAY_TYPE[input.billing]];
  switch (input.billing) {
    case 'one_time':
      return [payType, ['service_type', '0']];
    case 'recurring_simple':
      return [
        payType,
        ['auto_charge_type', '1'],
        ['service_type', input.cancelTrackingId === undefined ? '0' : '1'],
        ['div_settele', '0'],
        ['last_charge_month', input.lastChargeMonth ?? ''],
        ['camp_type', input.campType ?? ''],
        ['tracking_id', input.cancelTrackingId ?? ''],
      ];
    case 'recurring_fixed_term':
      return [payType, ['auto_charge_type', '0'], ['service_type', '0'], ['div_settele', '0']];
  }
}

const detailPairs = (row: PurchaseDetailRow, index: number): Array<[string, string]> => [
  ['dtl_rowno', digitsOf(row.rowNo ?? index + 1)],
  ['dtl_item_id', row.itemId],
  ['dtl_item_name', row.itemName],
  ['dtl_item_count', digitsOf(row.itemCount)],
  ['dtl_tax', digitsOf(row.tax)],
  ['dtl_amount', digitsOf(row.amount)],
  ['dtl_free1', row.free1 ?? ''],
  ['dtl_free2', row.free2 ?? ''],
  ['dtl_free3', row.free3 ?? ''],
];

/**
 * The signed A01-1 purchase request as ordered `[name, value]` pairs, `sps_hashcode` (UTF-8,
 * spec §3) last: post them with `encodeSbpsForm` or as hidden inputs of a Shift_JIS form.
 * Throws `SbpsValidationError` listing every problem with the input.
 */
export function buildPurchaseRequest(
  input: PurchaseRequestInput,
  hashKey: string,
): Array<[string, string]> {
  const pairs: Array<[string, string]> = [
    // au-pay takes au only (spec §4 row 1).
    ['pay_method', 'auone'],
    ...linkRequestPairs(input),
    ['amount', digitsOf(input.amount)],
    ['tax', digitsOf(input.tax)],
    ...billingPairs(input),
    ...(input.details ?? []).flatMap(detailPairs),
  ];
  return signLinkRequest(
    'A01-1 purchase request',
    PURCHASE_REQUEST_FIELDS[input.billing],
    pairs,
    validatePurchaseRequest,
    hashKey,
  );
}

/**
 * Checks the `sps_hashcode` of a received A01-1 (the SBPS side, e.g. the sandbox emulator):
 * rows 1–39 in order, detail rows included, over UTF-8 (spec §3, §4).
 */
export function verifyPurchaseRequest(params: SbpsFieldValues, hashKey: string): boolean {
  return verifyFieldHash(PURCHASE_REQUEST_ANY_BILLING_FIELDS, params, hashKey, 'utf-8');
}
