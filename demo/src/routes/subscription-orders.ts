import { randomUUID } from 'node:crypto';
import express, { type Router } from 'express';
import { planOfReference } from '../plans.js';
import { asProblem, problemFrom } from '../problem.js';
import type { ShopContext } from '../shop-context.js';
import { setFlash } from '../shop-context.js';
import { isSubscriptionId } from '../subscription-checkout.js';
import type { SubscriptionView } from '../subscription-view.js';
import type {
  SubscriptionAction,
  SubscriptionNotice,
  SubscriptionRow,
} from '../views/subscriptions-section.js';
import { japanDay, shortKey } from './subscriptions.js';

const form = express.urlencoded({ extended: false, limit: '8kb' });

/**
 * The back office's subscription buttons: "charge now" (one use of a pay-as-you-go plan, at the
 * plan's price from the catalog) and cancel. The charge is a payment `authorized`, captured from
 * the orders list like any other (DESIGN `POST /v1/subscriptions/:id/charges`).
 */
export function subscriptionOrderRoutes(shop: ShopContext): Router {
  const router = express.Router();

  router.post('/orders/subscriptions/:id/:action', form, async (req, res) => {
    const { id } = req.params;
    const action = req.params.action as SubscriptionAction;
    if (!isSubscriptionId(id) || (action !== 'charge' && action !== 'cancel')) {
      res.status(404).send('Not found');
      return;
    }
    const formKey = String(req.body?.key ?? '');
    const key = /^[0-9a-f-]{36}$/.test(formKey) ? formKey : randomUUID();
    const notice = (fields: Partial<SubscriptionNotice>): SubscriptionNotice => ({
      subscriptionId: id,
      action,
      ok: false,
      ...fields,
    });
    try {
      if (action === 'cancel') {
        await shop.api.cancelSubscription(id, `demo-cancel-${key}`);
      } else {
        const subscription = await shop.api.getSubscription(id);
        const plan = subscription && planOfReference(subscription.merchantReference);
        if (!plan) {
          res.status(404).send('Not found');
          return;
        }
        await shop.api.chargeSubscription(
          id,
          {
            amount: plan.price,
            merchantReference: `USE-${plan.code}-${japanDay(shop.now())}-${shortKey(key)}`,
          },
          `demo-charge-${key}`,
        );
      }
      setFlash(res, shop, { subscription: notice({ ok: true }) });
    } catch (error) {
      setFlash(res, shop, {
        subscription: notice({ problem: problemFrom(error, shop.logger) }),
      });
    }
    res.redirect(303, `/orders#${id}`);
  });

  return router;
}

/** The latest subscriptions with their charges and webhooks, for the orders page. */
export async function subscriptionRows(
  shop: ShopContext,
  limit: number,
): Promise<SubscriptionRow[]> {
  let listed: SubscriptionView[];
  try {
    listed = await shop.api.listSubscriptions(limit);
  } catch (error) {
    // The orders page still lists payments when subscriptions cannot be read.
    shop.logger.warn({ err: error }, 'could not list subscriptions');
    return [];
  }
  const subscriptions = await Promise.all(
    listed.map(async (subscription) =>
      subscription.charges
        ? subscription
        : ((await shop.api.getSubscription(subscription.id)) ?? subscription),
    ),
  );
  return subscriptions.map((subscription) => ({
    subscription,
    webhooks: shop.inbox.forSubscription(subscription.id),
  }));
}

/** The notice the last subscription action left (a flash cookie: untrusted JSON). */
export function readSubscriptionNotice(value: unknown): SubscriptionNotice | undefined {
  const notice = value as Partial<SubscriptionNotice> | undefined;
  if (!notice || !isSubscriptionId(notice.subscriptionId)) return undefined;
  if (notice.action !== 'charge' && notice.action !== 'cancel') return undefined;
  const problem = asProblem(notice.problem);
  return {
    subscriptionId: notice.subscriptionId,
    action: notice.action,
    ok: notice.ok === true,
    ...(problem && { problem }),
  };
}
