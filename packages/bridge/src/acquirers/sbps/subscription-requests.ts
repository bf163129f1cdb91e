import { formatSbpsDate } from '@au-pay/core';
import {
  buildPurchaseRequest,
  buildRecurringApplication,
  encodeShiftJis,
  type SbpsApiFunctionId,
  type SbpsApiRequestValues,
} from '@au-pay/core/sbps';
import type { SubscriptionRecord } from '../../store/subscription-store.js';
import type { SbpsConfig } from './config.js';

/** `item_name` is at most 40 bytes of Shift_JIS (spec §4 row 10, §7 row 7). */
const ITEM_NAME_BYTES = 40;

/**
 * What the au screens show as `item_name`. SBPS requires a recurring item name to say what is sold
 * and when it is billed (spec §4 "recurring fixed-term", seeds/002): the merchant's name, followed
 * by when SBPS (monthly: on the 1st) or the merchant (on demand: on use) bills, when both fit in
 * 40 bytes; otherwise the merchant's name alone, which must then say it (README).
 */
export function subscriptionItemName(
  subscription: Pick<SubscriptionRecord, 'kind' | 'itemName'>,
): string {
  const when = subscription.kind === 'monthly' ? '毎月1日請求' : 'ご利用時請求';
  if (subscription.itemName.includes(when)) return subscription.itemName;
  const named = `${subscription.itemName} ${when}`;
  try {
    return encodeShiftJis(named, 'itemName').length <= ITEM_NAME_BYTES
      ? named
      : subscription.itemName;
  } catch {
    return subscription.itemName;
  }
}

/**
 * The signed link request that asks the buyer's consent (spec §4, §7):
 * - `monthly`: A01-1 `pay_type=1` (`auto_charge_type=1`, `div_settele=0`), the first month
 *   charged by this purchase;
 * - `on_demand` with an amount, first application: A01-1 `pay_type=2` with that first charge;
 * - `on_demand` without one: D01-1 `service_type=0`; after a resume: D01-1 `service_type=2` on the
 *   contract's tracking id (both to the assumed D01-1 endpoint, §17 item 10).
 */
export function subscriptionLinkRequest(
  config: SbpsConfig,
  subscription: SubscriptionRecord,
  options: { now: Date; callbackBaseUrl: string; limitSecond: number },
): { action: string; fields: Array<[string, string]> } {
  const base = options.callbackBaseUrl;
  const common = {
    merchantId: config.merchantId,
    serviceId: config.serviceId,
    custCode: subscription.customerId,
    orderId: subscription.orderId,
    itemId: subscription.id,
    itemName: subscriptionItemName(subscription),
    terminalType: '0' as const,
    successUrl: `${base}/return/success`,
    cancelUrl: `${base}/return/cancel`,
    errorUrl: `${base}/return/error`,
    pageconUrl: `${base}/notify`,
    requestDate: formatSbpsDate(options.now),
    limitSecond: options.limitSecond,
  };
  const reapply = subscription.resumeCount > 0 && subscription.contractTrackingId !== null;
  if (subscription.amount !== null && !reapply) {
    return {
      action: config.purchaseUrl,
      fields: buildPurchaseRequest(
        {
          ...common,
          billing: subscription.kind === 'monthly' ? 'recurring_simple' : 'recurring_fixed_term',
          amount: subscription.amount,
        },
        config.hashKey,
      ),
    };
  }
  if (config.applicationUrl === null) {
    throw new Error('SBPS_APPLICATION_URL is not set: a D01-1 application cannot be started');
  }
  return {
    action: config.applicationUrl,
    fields: buildRecurringApplication(
      reapply
        ? { ...common, action: 'reapply', trackingId: subscription.contractTrackingId as string }
        : { ...common, action: 'apply' },
      config.hashKey,
    ),
  };
}

/** ST01-00104-402: one charge on a fixed-term / pay-as-you-go contract (spec §12). */
export function contractChargeRequest(
  config: SbpsConfig,
  subscription: SubscriptionRecord,
  charge: {
    orderId: string;
    itemName: string;
    amount: number;
    requestedAt: Date;
    limitSecond: number;
  },
): { functionId: SbpsApiFunctionId; values: SbpsApiRequestValues } {
  const date = formatSbpsDate(charge.requestedAt);
  return {
    functionId: 'ST01-00104-402',
    values: {
      merchant_id: config.merchantId,
      service_id: config.serviceId,
      tracking_id: subscription.contractTrackingId ?? '',
      // Must equal the contract's cust_code, else L1 (spec §12 row 4).
      cust_code: subscription.customerId,
      order_id: charge.orderId,
      item_id: subscription.id,
      item_name: charge.itemName,
      amount: String(charge.amount),
      request_date: date,
      limit_second: String(charge.limitSecond),
    },
  };
}

/** ST02-00302-402 (monthly, spec §11) or ST02-00309-402 (on demand, §13): ends the contract. */
export function contractCancelRequest(
  config: SbpsConfig,
  subscription: SubscriptionRecord,
  requestedAt: Date,
  limitSecond: number,
): { functionId: SbpsApiFunctionId; values: SbpsApiRequestValues } {
  const date = formatSbpsDate(requestedAt);
  const common = {
    merchant_id: config.merchantId,
    service_id: config.serviceId,
    tracking_id: subscription.contractTrackingId ?? '',
  };
  return subscription.kind === 'monthly'
    ? {
        functionId: 'ST02-00302-402',
        values: {
          ...common,
          processing_datetime: date,
          request_date: date,
          limit_second: String(limitSecond),
        },
      }
    : {
        functionId: 'ST02-00309-402',
        values: { ...common, request_date: date, limit_second: String(limitSecond) },
      };
}
