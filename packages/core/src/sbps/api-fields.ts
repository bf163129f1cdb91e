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
  serviceId,
  spsHashcode,
  tax,
  trackingId,
} from './common-fields.js';
import type { SbpsField } from './field.js';

// Field tables of the API-type (XML) messages, in document and hash order: spec/sbps-au.md §8–§13.

/** The au API functions (spec §9–§13). */
export type SbpsApiFunctionId =
  | 'ST02-00201-402'
  | 'ST02-00303-402'
  | 'ST02-00302-402'
  | 'ST01-00104-402'
  | 'ST02-00309-402';

// Sent by some clients, omitted by others (spec §17 item 3); SBPS accepts both.
const spsTransactionId: SbpsField = {
  name: 'sps_transaction_id',
  maxLength: 32,
  type: 'X',
  required: false,
};
const processingDatetime: SbpsField = {
  name: 'processing_datetime',
  maxLength: 14,
  exactLength: true,
  type: '9',
  required: false,
};
// Omitted = the whole authorized / remaining amount (spec §9 row 6, §10 row 6).
const optionAmount: SbpsField = { ...amount, required: false, parent: 'pay_option_manage' };

/** Request elements per function, in document order; `sps_hashcode` last. */
export const SBPS_API_REQUEST_FIELDS: Readonly<Record<SbpsApiFunctionId, readonly SbpsField[]>> = {
  // §9 Sales request (settlement / partial settlement).
  'ST02-00201-402': [
    merchantId,
    serviceId,
    spsTransactionId,
    trackingId,
    processingDatetime,
    optionAmount,
    requestDate,
    limitSecond,
    spsHashcode,
  ],
  // §10 Cancel / refund request.
  'ST02-00303-402': [
    merchantId,
    serviceId,
    spsTransactionId,
    trackingId,
    processingDatetime,
    optionAmount,
    {
      name: 'cancel_target_month',
      maxLength: 6,
      exactLength: true,
      type: '9',
      required: false,
      parent: 'pay_option_manage',
    },
    requestDate,
    limitSecond,
    spsHashcode,
  ],
  // §11 Recurring (simple) cancellation.
  'ST02-00302-402': [
    merchantId,
    serviceId,
    trackingId,
    processingDatetime,
    requestDate,
    limitSecond,
    spsHashcode,
  ],
  // §12 Recurring (fixed-term / pay-as-you-go) purchase on a contract.
  'ST01-00104-402': [
    merchantId,
    serviceId,
    trackingId,
    custCode,
    orderId,
    itemId,
    itemName,
    tax,
    amount,
    ...freeFields,
    { name: 'order_rowno', maxLength: 2, type: '9', required: false },
    requestDate,
    limitSecond,
    spsHashcode,
  ],
  // §13 Recurring (fixed-term / pay-as-you-go) cancellation.
  'ST02-00309-402': [merchantId, serviceId, trackingId, requestDate, limitSecond, spsHashcode],
};

/** The function IDs above, for checking an `id` read from a request. */
export const SBPS_API_FUNCTION_IDS = Object.keys(SBPS_API_REQUEST_FIELDS) as SbpsApiFunctionId[];

/** Response elements in SBPS's order (spec §8). Responses carry no hash. */
export const SBPS_API_RESPONSE_FIELDS: readonly SbpsField[] = [
  { name: 'res_result', maxLength: 2, type: 'X', required: true, allowed: ['OK', 'NG'] },
  { name: 'res_sps_transaction_id', maxLength: 32, type: 'X', required: false },
  { name: 'res_tracking_id', maxLength: 14, exactLength: true, type: '9', required: false },
  // Values undocumented (spec §10, §17 item 7): opaque single-byte text.
  { name: 'res_cancel_type', type: 'X', required: false, parent: 'res_pay_method_info' },
  { name: 'res_process_date', maxLength: 14, exactLength: true, type: '9', required: false },
  { name: 'res_err_code', maxLength: 8, exactLength: true, type: 'X', required: false },
  { name: 'res_date', maxLength: 14, exactLength: true, type: '9', required: true },
];
