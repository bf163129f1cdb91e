import { formatSbpsDate } from '@au-pay/core';
import { encodeSbpsForm, signSbpsResult } from '@au-pay/core/sbps';
import { subscriptionItemName } from '../acquirers/sbps/subscription-requests.js';
import type { SubscriptionRecord } from '../store/subscription-store.js';
import { type BridgeHarness, resultFields, TEST_HASH_KEY } from './bridge-harness.js';

/** The contract tracking id the tests' SBPS gives a subscription. */
export const CONTRACT_TRACKING_ID = '55556666777788';

/**
 * The A02-1 fields SBPS sends about `subscription` (the contract between the emulator and the
 * bridge): the A01-1 `pay_type=1`/`2` consent by default; `overrides` make it a D01-1 result, a
 * failed month or a cancellation notice.
 */
export function subscriptionResultFields(
  subscription: SubscriptionRecord,
  now: Date,
  overrides: Record<string, string> = {},
): Record<string, string> {
  const monthly = subscription.kind === 'monthly';
  return resultFields(
    {
      id: subscription.id,
      orderId: subscription.orderId,
      custCode: subscription.customerId,
      amount: subscription.amount ?? 0,
      itemName: subscriptionItemName(subscription),
    },
    now,
    {
      pay_type: monthly ? '1' : '2',
      auto_charge_type: monthly ? '1' : '0',
      div_settele: '0',
      res_tracking_id: CONTRACT_TRACKING_ID,
      // A D01-1 result has neither (spec §7, the contract).
      ...(subscription.amount === null && {
        amount: '',
        pay_type: '',
        auto_charge_type: '',
        div_settele: '',
      }),
      ...overrides,
    },
  );
}

/** Posts a signed A02-1 about a subscription to the bridge's `/sbps/notify`; answers SBPS's reading. */
export async function notifySubscription(
  harness: BridgeHarness,
  subscription: SubscriptionRecord,
  overrides: Record<string, string> = {},
): Promise<string> {
  const fields = subscriptionResultFields(subscription, harness.clock.now(), overrides);
  const body = encodeSbpsForm(
    Object.entries({
      ...fields,
      sps_hashcode: signSbpsResult('notification', fields, TEST_HASH_KEY),
    }),
  );
  const response = await fetch(`${harness.url}/sbps/notify`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=Shift_JIS' },
    body,
  });
  return response.text();
}

/** `yyyyMMdd000000`: 00:00 JST on the 1st of `month` (`yyyy-MM`), SBPS's billing instant. */
export function billingInstant(month: string): string {
  return formatSbpsDate(new Date(`${month}-01T00:00:00+09:00`));
}
