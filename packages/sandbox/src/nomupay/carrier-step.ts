import { formatSbpsDate } from '@au-pay/core';
import {
  computeSpsHashcode,
  decodeSbpsForm,
  layOutSbpsFields,
  PURCHASE_REQUEST_FIELDS,
  verifySbpsResult,
} from '@au-pay/core/sbps';
import type { SandboxNomupayPayment } from './ledger.js';
import type { ResolvedNomupayOptions } from './options.js';

/** `limit_second` NomuPay sends: 10 minutes (spec/nomupay-au.md §5.3). */
export const CARRIER_LIMIT_SECOND = 600;

/**
 * Where NomuPay's SBPS posts its A02-1 (`pagecon_url`). The sandbox does not know the origin it is
 * mounted on, and the bridge's `notificationOrigins` need not include it, so NomuPay's SBPS
 * emulator gets a `fetch` that delivers this one URL in-process to the NomuPay emulator and
 * refuses every other: the A02-1 never leaves the sandbox. `.invalid` (RFC 2606) never resolves.
 */
export const CARRIER_RESULT_URL = 'https://nomupay-emulator.invalid/sbps/pagecon';

export interface RedirectParam {
  readonly name: string;
  readonly value: string;
}

/**
 * `nextStep.redirect.params` (spec §5.3), in the documented order with NomuPay's payment ID as
 * customer, order and item, `returnUrl` as every browser destination, and a real `sps_hashcode`
 * (UTF-8, the A01-1 rule) computed with NomuPay's SBPS hash key, so that the SBPS emulator accepts
 * the form as SBPS accepts NomuPay's.
 */
export function carrierRedirectParams(
  payment: SandboxNomupayPayment,
  options: ResolvedNomupayOptions,
): RedirectParam[] {
  const pairs: Array<[string, string]> = [
    ['pay_method', 'auone'],
    ['merchant_id', options.sbps.merchantId],
    ['service_id', options.sbps.serviceId],
    ['cust_code', payment.id],
    ['order_id', payment.id],
    ['item_id', payment.id],
    ['amount', String(payment.amount)],
    ['pay_type', '0'],
    ['service_type', '0'],
    ['success_url', payment.returnUrl],
    ['cancel_url', payment.returnUrl],
    ['error_url', payment.returnUrl],
    ['pagecon_url', CARRIER_RESULT_URL],
    ['request_date', formatSbpsDate(payment.requestDate)],
    ['limit_second', String(CARRIER_LIMIT_SECOND)],
  ];
  const hashed = layOutSbpsFields(PURCHASE_REQUEST_FIELDS.one_time, pairs).map(([, v]) => v);
  // Upper-case hex as in the docs' example; SBPS compares without regard to case.
  const hash = computeSpsHashcode(hashed, options.sbps.hashKey, 'utf-8').toUpperCase();
  pairs.push(['sps_hashcode', hash]);
  return pairs.map(([name, value]) => ({ name, value }));
}

/** A verified A02-1: the purchase SBPS authorized (or not) for NomuPay's payment `orderId`. */
export interface CarrierResult {
  readonly orderId: string;
  readonly ok: boolean;
  readonly sbpsTrackingId: string;
}

/**
 * The `fetch` NomuPay's SBPS emulator posts its A02-1 with: it reads the form, verifies its
 * `sps_hashcode` with NomuPay's SBPS key, hands it to `onResult` and answers `OK,` (or `NG,` for a
 * hash that does not verify, as a careful receiver must).
 */
export function carrierResultFetch(
  hashKey: string,
  onResult: (result: CarrierResult) => void,
): typeof fetch {
  return async (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    if (url !== CARRIER_RESULT_URL) {
      throw new TypeError(`NomuPay's SBPS sends its result only to NomuPay, not to ${url}.`);
    }
    const body = new Uint8Array(await new Response(init?.body ?? null).arrayBuffer());
    const params = decodeSbpsForm(body);
    if (!verifySbpsResult('notification', params, hashKey)) {
      return new Response('NG,sps_hashcode mismatch', { status: 200 });
    }
    onResult({
      orderId: params.order_id ?? '',
      ok: params.res_result === 'OK',
      sbpsTrackingId: params.res_tracking_id ?? '',
    });
    return new Response('OK,', { status: 200 });
  };
}
