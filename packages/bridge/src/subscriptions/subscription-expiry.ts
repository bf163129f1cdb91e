import { onDemandContractExpiresAt, transitionSubscription } from '@au-pay/core';
import type { BridgeContext } from '../bridge-context.js';
import type { SubscriptionRecord } from '../store/subscription-store.js';
import { subscriptionChange } from './subscription-changes.js';

/**
 * Whether the clock has ended `subscription`: an `incomplete` one past its consent window, or an
 * active `on_demand` contract past its 365th day without a charge (spec/sbps-au.md §14, §16).
 */
function isDue(subscription: SubscriptionRecord, now: Date): boolean {
  if (subscription.status === 'incomplete') return subscription.expiresAt <= now;
  if (subscription.status !== 'active') return false;
  const expiresAt = onDemandContractExpiresAt(subscription);
  return expiresAt !== null && expiresAt <= now;
}

/**
 * Applies core's `expire` to a subscription whose time is up, exactly once even when the job and a
 * read race: `incomplete_expired` (or back to `cancelled` for a resume never consented to), or
 * `expired` with `subscription.expired`. Returns the subscription as it now stands.
 */
export async function expireSubscriptionIfDue(
  context: BridgeContext,
  subscription: SubscriptionRecord,
): Promise<SubscriptionRecord> {
  const now = context.now();
  if (!isDue(subscription, now)) return subscription;
  const result = await context.store.updateSubscription(subscription.id, (current) => {
    if (!isDue(current, now)) return null;
    const decision = transitionSubscription(current, { type: 'expire' }, now);
    if (!decision.ok || !decision.changed) return null;
    const next = decision.subscription;
    return subscriptionChange(
      context,
      next,
      now,
      [{ type: `subscription.${next.status}`, data: { from: current.status } }],
      next.status === 'expired' ? { type: 'subscription.expired' } : undefined,
    );
  });
  if (result?.changed) {
    context.logger.info(
      { subscriptionId: subscription.id, status: result.subscription.status },
      'subscription expired',
    );
  }
  return result?.subscription ?? subscription;
}

/** Expires every incomplete subscription and on-demand contract whose time is up; safe on several instances. */
export async function expireDueSubscriptions(context: BridgeContext): Promise<number> {
  let seen = 0;
  for (const [status, kind] of [
    ['incomplete', undefined],
    ['active', 'on_demand'],
  ] as const) {
    let afterId: string | undefined;
    for (;;) {
      const ids = await context.store.listSubscriptionIds({
        status,
        ...(kind && { kind }),
        ...(afterId !== undefined && { afterId }),
        limit: 100,
      });
      for (const id of ids) {
        const subscription = await context.store.getSubscription(id);
        if (subscription) await expireSubscriptionIfDue(context, subscription);
      }
      seen += ids.length;
      afterId = ids.at(-1);
      if (ids.length < 100) break;
    }
  }
  return seen;
}
