import { subscriptionIdSchema } from '@au-pay/core';
import type { BridgeContext } from '../bridge-context.js';
import { ApiError } from '../http/api-error.js';
import type { SubscriptionRecord } from '../store/subscription-store.js';
import { expireSubscriptionIfDue } from './subscription-expiry.js';

/** The 404 of an unknown subscription id (same shape as `payment_not_found`). */
export function subscriptionNotFound(id: string): ApiError {
  return new ApiError(404, 'subscription_not_found', `No subscription ${id} exists.`, {
    message_ja: '継続課金の契約が見つかりません。',
  });
}

/** The subscription, expired first if its time is up; 404 when the id is unknown or malformed. */
export async function findSubscription(
  context: BridgeContext,
  id: string | undefined,
): Promise<SubscriptionRecord> {
  const found =
    id !== undefined && subscriptionIdSchema.safeParse(id).success
      ? await context.store.getSubscription(id)
      : null;
  if (!found) throw subscriptionNotFound(id ?? '');
  return expireSubscriptionIfDue(context, found);
}
