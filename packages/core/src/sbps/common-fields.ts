import type { SbpsField } from './field.js';

// Rows shared by several SBPS messages, with the lengths and types of spec/sbps-au.md §2 and §4.

export const merchantId: SbpsField = {
  name: 'merchant_id',
  maxLength: 5,
  exactLength: true,
  type: '9',
  required: true,
};
export const serviceId: SbpsField = {
  name: 'service_id',
  maxLength: 3,
  exactLength: true,
  type: '9',
  required: true,
};
export const custCode: SbpsField = { name: 'cust_code', maxLength: 64, type: 'X', required: true };
export const orderId: SbpsField = { name: 'order_id', maxLength: 38, type: 'X', required: true };
export const itemId: SbpsField = { name: 'item_id', maxLength: 32, type: 'X', required: true };
export const itemName: SbpsField = { name: 'item_name', maxLength: 40, type: 'M', required: true };
export const tax: SbpsField = { name: 'tax', maxLength: 7, type: '9', required: false };
export const amount: SbpsField = { name: 'amount', maxLength: 7, type: '9', required: true };
export const trackingId: SbpsField = {
  name: 'tracking_id',
  maxLength: 14,
  exactLength: true,
  type: '9',
  required: true,
};
export const requestDate: SbpsField = {
  name: 'request_date',
  maxLength: 14,
  exactLength: true,
  type: '9',
  required: true,
};
export const limitSecond: SbpsField = {
  name: 'limit_second',
  maxLength: 4,
  type: '9',
  required: false,
};
export const spsHashcode: SbpsField = {
  name: 'sps_hashcode',
  maxLength: 40,
  type: 'X',
  required: true,
};

/** `free1`–`free3`: 20 bytes of `M`, echoed back by SBPS (spec §4 rows 25–27). */
export const freeFields: readonly SbpsField[] = ['free1', 'free2', 'free3'].map((name) => ({
  name,
  maxLength: 20,
  type: 'M',
  required: false,
}));

// spec/sbps-au.md §17 item 1: URL lengths were not readable on SBPS's page; 500 is assumed.
const url = (name: string): SbpsField => ({ name, maxLength: 500, type: 'X', required: true });

/** `success_url`, `cancel_url`, `error_url`, `pagecon_url`, in this order (spec §4 rows 21–24). */
export const returnUrls: readonly SbpsField[] = [
  url('success_url'),
  url('cancel_url'),
  url('error_url'),
  url('pagecon_url'),
];
