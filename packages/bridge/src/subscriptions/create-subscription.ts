import { randomBytes } from 'node:crypto';
import type { CreateSubscriptionRequest } from '@au-pay/core';
import type { BridgeContext } from '../bridge-context.js';
import { hashClientSecret } from '../http/secret-compare.js';
import { newPublicId } from '../store/public-id.js';
import type { SubscriptionRecord } from '../store/subscription-store.js';

/** A client secret for the buyer's browser: `<id>_secret_<32 random bytes>`, as for payments. */
export function newSubscriptionSecret(id: string): string {
  return `${id}_secret_${randomBytes(32).toString('base64url')}`;
}

/** Stores a new incomplete subscription for a validated request (origin and text already checked). */
export async function createSubscription(
  context: BridgeContext,
  request: CreateSubscriptionRequest,
): Promise<{ subscription: SubscriptionRecord; clientSecret: string }> {
  const now = context.now();
  const id = newPublicId('sub');
  const clientSecret = newSubscriptionSecret(id);
  const subscription: SubscriptionRecord = {
    id,
    kind: request.kind,
    status: 'incomplete',
    amount: request.amount,
    itemName: request.itemName,
    merchantReference: request.merchantReference,
    customerId: request.customerId,
    returnUrl: request.returnUrl,
    clientSecretHash: hashClientSecret(clientSecret),
    // The id doubles as SBPS order_id of the first application (26 type-X characters, ≤ 38).
    orderId: id,
    resumeCount: 0,
    contractTrackingId: null,
    layout: null,
    checkoutCount: 0,
    appliedResults: [],
    flags: [],
    createdAt: now,
    updatedAt: now,
    // The same window as a payment's: the buyer consents on the same au screens.
    expiresAt: new Date(now.getTime() + context.settings.checkoutWindowMs),
    activatedAt: null,
    cancelledAt: null,
    lastChargedAt: null,
    lastFailedMonth: null,
    version: 0,
  };
  const stored = await context.store.insertSubscription(subscription, {
    type: 'subscription.created',
    data: {
      kind: subscription.kind,
      amount: subscription.amount,
      merchantReference: subscription.merchantReference,
    },
  });
  context.logger.info(
    { subscriptionId: id, kind: subscription.kind, amount: subscription.amount },
    'subscription created',
  );
  return { subscription: stored, clientSecret };
}
