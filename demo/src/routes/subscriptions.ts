import { randomUUID } from 'node:crypto';
import { nextBillingDate } from '@au-pay/core';
import express, { type Router } from 'express';
import { ensureCustomer, readCustomer } from '../customer.js';
import { subscriptionMessagesFor } from '../i18n/subscription-messages.js';
import { findPlan, planOfReference } from '../plans.js';
import { asProblem, problemFrom, problemText } from '../problem.js';
import { pageContext, type ShopContext, setFlash, takeFlash } from '../shop-context.js';
import {
  isSubscriptionId,
  readSubscriptionCheckout,
  writeSubscriptionCheckout,
} from '../subscription-checkout.js';
import type { SubscriptionView } from '../subscription-view.js';
import { html } from '../views/html.js';
import { renderProblem } from '../views/layout.js';
import {
  type MySubscriptionsNotice,
  renderMySubscriptionsPage,
} from '../views/my-subscriptions-page.js';
import { renderSubscribePage } from '../views/subscribe-page.js';

const form = express.urlencoded({ extended: false, limit: '8kb' });

/** How many of the latest subscriptions the shop looks through for this buyer's. */
const SUBSCRIPTIONS_LISTED = 100;

/**
 * The buyer's side of subscriptions (issue #14): sign up for a plan, the sign-up page with the
 * `<au-pay>` element, "my subscriptions" with cancel and resume.
 */
export function subscriptionRoutes(shop: ShopContext): Router {
  const router = express.Router();

  // "Subscribe": the shop's server creates the subscription; the amount is the plan's, from the
  // shop's catalog, never from the browser. The form's key makes a double click create one.
  router.post('/subscribe', form, async (req, res) => {
    const ctx = pageContext(req, res, 'subscriptions');
    const plan = findPlan(String(req.body?.plan ?? ''));
    if (!plan) {
      res.redirect(303, '/');
      return;
    }
    const formKey = String(req.body?.key ?? '');
    const key = /^[0-9a-f-]{36}$/.test(formKey) ? formKey : randomUUID();
    const customerId = ensureCustomer(req, res, shop);
    try {
      const created = await shop.api.createSubscription(
        {
          kind: plan.kind,
          amount: plan.price,
          itemName: plan.itemName[ctx.lang],
          merchantReference: `SUB-${plan.code}-${japanDay(shop.now())}-${shortKey(key)}`,
          customerId,
          returnUrl: `${shop.origin}/subscriptions`,
        },
        `demo-subscribe-${key}`,
      );
      writeSubscriptionCheckout(res, shop, {
        subscriptionId: created.id,
        clientSecret: created.clientSecret,
      });
      res.redirect(303, `/subscribe/${created.id}`);
    } catch (error) {
      const problem = problemFrom(error, shop.logger);
      res.status(502).send(renderProblem(ctx, problemText(problem, ctx.lang)));
    }
  });

  router.get('/subscribe/:id', async (req, res) => {
    const ctx = pageContext(req, res, 'subscriptions');
    const checkout = readSubscriptionCheckout(req);
    const s = subscriptionMessagesFor(ctx.lang).subscribe;
    const back = html`<p><a class="button" href="/subscriptions">${s.back}</a></p>`;
    res.set('cache-control', 'no-store');
    const { id } = req.params;
    // Only the browser that started the sign-up holds its client secret.
    const subscription =
      checkout?.subscriptionId === id && isSubscriptionId(id)
        ? await shop.api.getSubscription(id)
        : null;
    if (!checkout || !subscription) {
      res.status(404).send(renderProblem(ctx, s.gone, back));
      return;
    }
    if (subscription.status !== 'incomplete') {
      res.redirect(303, `/subscriptions?subscription=${subscription.id}`);
      return;
    }
    res.send(
      renderSubscribePage(ctx, {
        subscription,
        plan: planOfReference(subscription.merchantReference),
        clientSecret: checkout.clientSecret,
        widgetAvailable: await shop.widgetAvailable(),
        fallbackLayout: /Mobi|Android|iPhone|iPod/i.test(req.get('user-agent') ?? '')
          ? 'wap'
          : 'web',
        testAuIds: shop.testAuIds(ctx.lang),
      }),
    );
  });

  // "My subscriptions", also where the bridge sends the buyer back from the au screens
  // (`returnUrl`). What it shows is what the bridge stored, never the query string.
  router.get('/subscriptions', async (req, res) => {
    const ctx = pageContext(req, res, 'subscriptions');
    res.set('cache-control', 'no-store');
    const customerId = readCustomer(req);
    const [mine, now] = await Promise.all([
      customerId ? subscriptionsOf(shop, customerId) : [],
      sandboxNow(shop),
    ]);
    const rows = mine.map((subscription) => ({
      subscription,
      nextBilling: nextBillingDate(
        {
          kind: subscription.kind,
          status: subscription.status,
          activatedAt: subscription.activatedAt ? new Date(subscription.activatedAt) : null,
          cancelledAt: subscription.cancelledAt ? new Date(subscription.cancelledAt) : null,
        },
        now,
      ),
    }));
    const returned = [req.query.subscription, req.query.payment].find(isSubscriptionId);
    const notice =
      readNotice(takeFlash(req, res, shop)) ??
      (returned ? { subscriptionId: returned, kind: 'returned' as const } : undefined);
    res.send(renderMySubscriptionsPage(ctx, customerId, rows, notice));
  });

  // The buyer cancels, or resumes a cancelled pay-as-you-go subscription (a new client secret,
  // then the element again for the re-application). Only this buyer's own subscriptions.
  router.post('/subscriptions/:id/:action', form, async (req, res) => {
    const { id, action } = req.params;
    const customerId = readCustomer(req);
    if (!isSubscriptionId(id) || !customerId || (action !== 'cancel' && action !== 'resume')) {
      res.status(404).send('Not found');
      return;
    }
    const formKey = String(req.body?.key ?? '');
    const key = `demo-${action}-${/^[0-9a-f-]{36}$/.test(formKey) ? formKey : randomUUID()}`;
    try {
      const subscription = await shop.api.getSubscription(id);
      if (subscription?.customerId !== customerId) {
        res.status(404).send('Not found');
        return;
      }
      if (action === 'cancel') {
        await shop.api.cancelSubscription(id, key);
        setFlash(res, shop, { subscription: { subscriptionId: id, kind: 'cancelled' } });
      } else {
        const resumed = await shop.api.resumeSubscription(id, key);
        writeSubscriptionCheckout(res, shop, {
          subscriptionId: resumed.id,
          clientSecret: resumed.clientSecret,
        });
        res.redirect(303, `/subscribe/${resumed.id}`);
        return;
      }
    } catch (error) {
      setFlash(res, shop, {
        subscription: {
          subscriptionId: id,
          kind: 'refused',
          problem: problemFrom(error, shop.logger),
        },
      });
    }
    res.redirect(303, `/subscriptions#${id}`);
  });

  return router;
}

/** This buyer's subscriptions, newest first, each with its charges. */
async function subscriptionsOf(shop: ShopContext, customerId: string): Promise<SubscriptionView[]> {
  const listed = await shop.api.listSubscriptions(SUBSCRIPTIONS_LISTED);
  return Promise.all(
    listed
      .filter((subscription) => subscription.customerId === customerId)
      .map(async (subscription) =>
        subscription.charges
          ? subscription
          : ((await shop.api.getSubscription(subscription.id)) ?? subscription),
      ),
  );
}

/**
 * "Now" for the next billing date: the sandbox clock's time (the orders page moves it), else the
 * shop's own.
 */
export async function sandboxNow(shop: ShopContext): Promise<Date> {
  if (!shop.sandbox) return shop.now();
  try {
    const now = new Date((await shop.api.getClock()).now);
    return Number.isNaN(now.getTime()) ? shop.now() : now;
  } catch (error) {
    shop.logger.warn({ err: error }, 'could not read the sandbox clock');
    return shop.now();
  }
}

function readNotice(flash: unknown): MySubscriptionsNotice | undefined {
  const value = (flash as { subscription?: Record<string, unknown> } | undefined)?.subscription;
  if (!value || !isSubscriptionId(value.subscriptionId)) return undefined;
  if (value.kind === 'cancelled')
    return { subscriptionId: value.subscriptionId, kind: 'cancelled' };
  if (value.kind === 'refused') {
    return {
      subscriptionId: value.subscriptionId,
      kind: 'refused',
      problem: asProblem(value.problem) ?? { kind: 'unexpected' },
    };
  }
  return undefined;
}

/** `20260401`: the Japan date, for merchant references. */
export function japanDay(now: Date): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Tokyo',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  })
    .format(now)
    .replaceAll('-', '');
}

/** The first 8 hex digits of a form key, upper case: readable in references. */
export function shortKey(key: string): string {
  return key.replaceAll('-', '').slice(0, 8).toUpperCase();
}
