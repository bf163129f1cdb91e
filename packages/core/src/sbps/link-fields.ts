import {
  amount,
  custCode,
  freeFields,
  itemId,
  itemName,
  limitSecond,
  merchantId,
  orderId,
  requestDate,
  returnUrls,
  serviceId,
  spsHashcode,
  tax,
  trackingId,
} from './common-fields.js';
import type { SbpsField } from './field.js';

// Field tables of the link-type messages (browser forms), in hash order: spec/sbps-au.md §4–§7.

type FieldRule = Partial<Pick<SbpsField, 'required' | 'allowed'>>;

const MUST_BE_EMPTY: FieldRule = { required: false, allowed: [] };

const applyRules = (
  fields: readonly SbpsField[],
  rules: Readonly<Record<string, FieldRule>>,
): readonly SbpsField[] => fields.map((field) => ({ ...field, ...rules[field.name] }));

const digit = (name: string, required = false): SbpsField => ({
  name,
  maxLength: 1,
  type: '9',
  required,
});

/** A01-1 rows 1–20, which A02-1/A03-1 echo back unchanged (spec §5 rows 1–20). */
const PURCHASE_ECHO_ROWS: readonly SbpsField[] = [
  { name: 'pay_method', maxLength: 1000, type: 'X', required: false },
  merchantId,
  serviceId,
  custCode,
  { name: 'sps_cust_no', maxLength: 12, type: '9', required: false },
  { name: 'sps_payment_no', maxLength: 3, type: '9', required: false },
  orderId,
  itemId,
  // Length not published (spec §4 row 9); empty for au.
  { name: 'pay_item_id', type: 'X', required: false },
  // Shown on the au screens (spec §4 row 10), so au-pay always requires it.
  itemName,
  tax,
  amount,
  digit('pay_type', true),
  digit('auto_charge_type'),
  digit('service_type', true),
  digit('div_settele'),
  { name: 'last_charge_month', maxLength: 6, exactLength: true, type: '9', required: false },
  digit('camp_type'),
  { ...trackingId, required: false },
  digit('terminal_type'),
];

/** Detail rows, 9 values per row (spec §4 rows 29–37; `dtl_free*` lengths assumed, §17 item 1). */
const DETAIL_ROW: readonly SbpsField[] = [
  { name: 'dtl_rowno', maxLength: 3, type: '9', required: false, detailRow: true },
  { name: 'dtl_item_id', maxLength: 20, type: 'X', required: false, detailRow: true },
  { name: 'dtl_item_name', maxLength: 40, type: 'M', required: false, detailRow: true },
  { name: 'dtl_item_count', maxLength: 6, type: '9', required: false, detailRow: true },
  { name: 'dtl_tax', maxLength: 7, type: '9', required: false, detailRow: true },
  { name: 'dtl_amount', maxLength: 7, type: '9', required: false, detailRow: true },
  { name: 'dtl_free1', maxLength: 20, type: 'M', required: false, detailRow: true },
  { name: 'dtl_free2', maxLength: 20, type: 'M', required: false, detailRow: true },
  { name: 'dtl_free3', maxLength: 20, type: 'M', required: false, detailRow: true },
];

/** How an au purchase is billed: the three "tabs" of A01-1 (spec §4). */
export type PurchaseBilling = 'one_time' | 'recurring_simple' | 'recurring_fixed_term';

/** `pay_type` of each billing (spec §4 row 13). */
export const PAY_TYPE: Readonly<Record<PurchaseBilling, string>> = {
  one_time: '0',
  recurring_simple: '1',
  recurring_fixed_term: '2',
};

/** A01-1 rows 1–40 with the values any au purchase may carry. */
const PURCHASE_REQUEST_BASE: readonly SbpsField[] = [
  ...applyRules(PURCHASE_ECHO_ROWS, {
    // "empty in this model" / "empty for au" (spec §4 rows 5, 6, 9).
    sps_cust_no: MUST_BE_EMPTY,
    sps_payment_no: MUST_BE_EMPTY,
    pay_item_id: MUST_BE_EMPTY,
    pay_type: { allowed: Object.values(PAY_TYPE) },
    auto_charge_type: { allowed: ['0', '1'] },
    service_type: { allowed: ['0', '1'] },
    div_settele: { allowed: ['0', '1'] },
    // Feature phones (1) are not supported by au (spec §1).
    terminal_type: { allowed: ['0'] },
  }),
  ...returnUrls,
  ...freeFields,
  // Defined by SBPS only for other payment methods (spec §4 row 28).
  { name: 'free_csv', type: 'X', required: false, allowed: [] },
  ...DETAIL_ROW,
  requestDate,
  limitSecond,
  spsHashcode,
];

/**
 * A01-1 purchase request fields per billing, with the "Tab differences" of spec §4 applied.
 * Recurring simple also covers cancellation through the link (`service_type=1` + `tracking_id`);
 * that pairing is checked by `validatePurchaseRequest`.
 */
export const PURCHASE_REQUEST_FIELDS: Readonly<Record<PurchaseBilling, readonly SbpsField[]>> = {
  one_time: applyRules(PURCHASE_REQUEST_BASE, {
    pay_type: { allowed: [PAY_TYPE.one_time] },
    service_type: { allowed: ['0'] },
    auto_charge_type: MUST_BE_EMPTY,
    div_settele: MUST_BE_EMPTY,
    last_charge_month: MUST_BE_EMPTY,
    camp_type: MUST_BE_EMPTY,
    tracking_id: MUST_BE_EMPTY,
  }),
  recurring_simple: applyRules(PURCHASE_REQUEST_BASE, {
    pay_type: { allowed: [PAY_TYPE.recurring_simple] },
    auto_charge_type: { required: true, allowed: ['1'] },
    div_settele: { required: true, allowed: ['0'] },
  }),
  recurring_fixed_term: applyRules(PURCHASE_REQUEST_BASE, {
    pay_type: { allowed: [PAY_TYPE.recurring_fixed_term] },
    service_type: { allowed: ['0'] },
    auto_charge_type: { required: true, allowed: ['0'] },
    div_settele: { required: true, allowed: ['0'] },
    last_charge_month: MUST_BE_EMPTY,
    camp_type: MUST_BE_EMPTY,
    tracking_id: MUST_BE_EMPTY,
  }),
};

/** Fields any A01-1 may carry, whatever its billing (used when `pay_type` itself is wrong). */
export const PURCHASE_REQUEST_ANY_BILLING_FIELDS: readonly SbpsField[] = PURCHASE_REQUEST_BASE;

/**
 * A02-1 result notification and A03-1 browser return: rows 1–44 in hash order (spec §5, §6).
 * The URLs, `free_csv` and the hash key are not part of these messages.
 */
export const PURCHASE_RESULT_FIELDS: readonly SbpsField[] = [
  ...PURCHASE_ECHO_ROWS,
  ...freeFields,
  ...DETAIL_ROW,
  requestDate,
  { name: 'res_pay_method', maxLength: 1000, type: 'X', required: false },
  // `PY` exists only for offline methods, not au (spec §5 row 35).
  { name: 'res_result', maxLength: 2, type: 'X', required: true, allowed: ['OK', 'NG'] },
  { name: 'res_tracking_id', maxLength: 14, exactLength: true, type: '9', required: false },
  { name: 'res_sps_cust_no', maxLength: 12, type: '9', required: false },
  { name: 'res_sps_payment_no', maxLength: 3, type: '9', required: false },
  { name: 'res_payinfo_key', maxLength: 32, type: 'X', required: false },
  { name: 'res_payment_date', maxLength: 14, exactLength: true, type: '9', required: false },
  { name: 'res_err_code', maxLength: 4, type: 'X', required: false },
  { name: 'res_date', maxLength: 14, exactLength: true, type: '9', required: true },
  limitSecond,
  spsHashcode,
];

/** D01-1 recurring (fixed-term / pay-as-you-go) application, rows 1–20 (spec §7). */
export const RECURRING_APPLICATION_FIELDS: readonly SbpsField[] = [
  // Required when service_type is 1, 2 or 3 (spec §7 row 1); checked by validateRecurringApplication.
  { name: 'pay_method', maxLength: 1000, type: 'X', required: false },
  merchantId,
  serviceId,
  custCode,
  orderId,
  itemId,
  itemName,
  // 0 application, 1 cancellation, 2 re-application, 3 special linkage (spec §7 row 8).
  { ...digit('service_type', true), allowed: ['0', '1', '2', '3'] },
  { ...trackingId, required: false },
  { ...digit('terminal_type'), allowed: ['0'] },
  ...returnUrls,
  ...freeFields,
  requestDate,
  limitSecond,
  spsHashcode,
];
