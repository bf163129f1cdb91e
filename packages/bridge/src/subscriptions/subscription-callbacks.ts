import type { Response } from 'express';
import type { ReturnKind, SubscriptionCallbacks } from '../acquirers/acquirer.js';
import type { BridgeContext } from '../bridge-context.js';
import { expireSubscriptionIfDue } from './subscription-expiry.js';
import { applySubscriptionResult, subscriptionIdOfOrder } from './subscription-results.js';

/**
 * What SBPS's callback routes do with a subscription: apply its A02-1 results, and send the buyer
 * coming back (A03-1) to the subscription's own `returnUrl` with its id, stored status and how they
 * left SBPS (303, as for a payment; never a change of state, spec §6).
 */
export function subscriptionCallbacks(context: BridgeContext): SubscriptionCallbacks {
  return {
    applyResult: (params) => applySubscriptionResult(context, params),
    async returnBuyer(res: Response, orderId: string, result: ReturnKind): Promise<boolean> {
      const id = subscriptionIdOfOrder(orderId);
      const found = id ? await context.store.getSubscription(id) : null;
      if (!found) return false;
      const subscription = await expireSubscriptionIfDue(context, found);
      const target = new URL(subscription.returnUrl);
      target.searchParams.set('subscription', subscription.id);
      target.searchParams.set('status', subscription.status);
      target.searchParams.set('result', result);
      context.logger.info(
        { subscriptionId: subscription.id, result, status: subscription.status },
        'buyer returned from sbps',
      );
      res.set({ 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' });
      res.redirect(303, target.toString());
      return true;
    },
  };
}
