import { clientSecretSchema, type SubscriptionStatus } from '@au-pay/core';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import type { CheckoutStart } from '../acquirers/acquirer.js';
import type { BridgeContext } from '../bridge-context.js';
import { ApiError, jsonErrorHandler, sendApiError } from '../http/api-error.js';
import { type PageMessage, sendNoticePage } from '../http/html.js';
import { clientSecretMatches } from '../http/secret-compare.js';
import type { SubscriptionRecord } from '../store/subscription-store.js';
import { subscriptionNotFound } from '../subscriptions/find-subscription.js';
import { subscriptionChange } from '../subscriptions/subscription-changes.js';
import { expireSubscriptionIfDue } from '../subscriptions/subscription-expiry.js';
import { sbpsConnectorOf } from '../subscriptions/subscription-operations.js';
import { RECORDED_CHECKOUTS, sendCheckoutStart } from './checkout.js';
import { checkoutFormReader } from './checkout-form.js';

const SUBSCRIPTION_ID = /^sub_[0-9A-Za-z]{22}$/;

const NOT_STARTED: PageMessage = {
  ja: 'お申し込みを開始できませんでした',
  en: 'The subscription could not be started',
};

const INVALID_LINK: [PageMessage, PageMessage] = [
  { ja: 'この申し込みリンクは無効です', en: 'This subscription link is not valid' },
  {
    ja: 'ショップに戻って、もう一度お申し込みください。',
    en: 'Go back to the shop and subscribe again.',
  },
];

const UNAVAILABLE: [PageMessage, PageMessage] = [
  NOT_STARTED,
  {
    ja: '決済代行会社に接続できませんでした。しばらくしてから、ショップのページからもう一度お試しください。',
    en: 'The payment provider could not be reached. Please try again from the shop in a few minutes.',
  },
];

/** Why the consent page of a subscription that is not `incomplete` is refused, by status. */
function notIncompleteNotice(
  status: Exclude<SubscriptionStatus, 'incomplete'>,
): [PageMessage, PageMessage] {
  switch (status) {
    case 'active':
      return [
        { ja: 'このお申し込みは完了しています', en: 'This subscription is already active' },
        {
          ja: '同じお申し込みをもう一度行うことはできません。ショップでご契約の状況をご確認ください。',
          en: 'The same subscription cannot be started twice. Check it at the shop.',
        },
      ];
    case 'cancelled':
    case 'expired':
      return [
        { ja: 'このご契約は終了しています', en: 'This subscription has ended' },
        {
          ja: 'ショップに戻って、新しくお申し込みください。',
          en: 'Go back to the shop and subscribe again.',
        },
      ];
    case 'incomplete_expired':
      return [
        { ja: 'お申し込みの受付時間が終了しました', en: 'The time to subscribe has run out' },
        {
          ja: 'ショップに戻って、新しくお申し込みください。',
          en: 'Go back to the shop and subscribe again.',
        },
      ];
  }
}

/** Only subscription ids go on here; payment ids go to the payment checkout (checkout.ts). */
function onlySubscriptions(req: Request, _res: Response, next: NextFunction): void {
  next(SUBSCRIPTION_ID.test(String(req.params.id)) ? undefined : 'route');
}

/**
 * `POST /checkout/sub_…` and `POST /checkout/sub_…/state`, the widget's calls for a subscription
 * (DESIGN; the contract with the widget): the same guards as a payment's checkout (client secret,
 * rate limits, the consent window), then the Shift_JIS page auto-posting the signed A01-1
 * (`pay_type=1` or `2`) or D01-1 (`service_type=0` or `2`) to SBPS.
 */
export function subscriptionCheckoutRouter(context: BridgeContext): Router {
  const router = express.Router();
  const { logger } = context;
  const checkoutForm = checkoutFormReader(logger, NOT_STARTED);

  router.post(
    '/checkout/:id',
    onlySubscriptions,
    context.rateLimits.checkoutPage,
    checkoutForm.parser,
    async (req, res) => {
      const id = req.params.id;
      const form = checkoutForm.read(req, res);
      if (!form) return;
      const found = await context.store.getSubscription(id);
      // An unknown subscription and a wrong secret look the same, so ids cannot be probed.
      if (!found || !clientSecretMatches(form.client_secret, found.clientSecretHash)) {
        logger.warn({ subscriptionId: id, known: found !== null }, 'checkout refused: bad link');
        sendNoticePage(res, 404, ...INVALID_LINK);
        return;
      }
      const subscription = await expireSubscriptionIfDue(context, found);
      if (subscription.status !== 'incomplete') {
        logger.info({ subscriptionId: id, status: subscription.status }, 'checkout refused');
        const ended = subscription.status === 'incomplete_expired';
        sendNoticePage(res, ended ? 410 : 409, ...notIncompleteNotice(subscription.status));
        return;
      }
      const { layout } = form;
      let start: CheckoutStart;
      let completesBy: Date;
      try {
        const sbps = sbpsConnectorOf(context);
        start = sbps.startSubscriptionCheckout(subscription, {
          now: context.now(),
          layout,
          callbackBaseUrl: `${context.config.publicUrl}/sbps`,
        });
        completesBy = sbps.subscriptionCheckoutExpiresAt(start);
      } catch (error) {
        logger.error({ subscriptionId: id, err: error }, 'subscription checkout not started');
        sendNoticePage(res, 502, ...UNAVAILABLE);
        return;
      }
      const now = context.now();
      const written = await context.store.updateSubscription(id, (current) =>
        current.status === 'incomplete' && current.orderId === subscription.orderId
          ? recordCheckout(context, current, start, layout, completesBy, now)
          : null,
      );
      if (!written?.changed) {
        const status = written?.subscription.status ?? 'incomplete_expired';
        sendNoticePage(
          res,
          409,
          ...notIncompleteNotice(status === 'incomplete' ? 'incomplete_expired' : status),
        );
        return;
      }
      logger.info(
        { subscriptionId: id, layout, checkoutCount: written.subscription.checkoutCount },
        'subscription checkout served',
      );
      sendCheckoutStart(res, start);
    },
  );

  router.post(
    '/checkout/:id/state',
    onlySubscriptions,
    (_req, res, next) => {
      res.set({
        'Access-Control-Allow-Origin': '*',
        'Cross-Origin-Resource-Policy': 'cross-origin',
        'Cache-Control': 'no-store',
      });
      next();
    },
    context.rateLimits.checkoutState,
    express.urlencoded({ extended: false, limit: '2kb', parameterLimit: 10 }),
    async (req, res) => {
      const id = req.params.id as string;
      const secret = clientSecretSchema.safeParse(
        (req.body as Record<string, unknown>)?.client_secret,
      );
      const found = secret.success ? await context.store.getSubscription(id) : null;
      if (!found || !secret.success || !clientSecretMatches(secret.data, found.clientSecretHash)) {
        sendApiError(res, notFound(id));
        return;
      }
      const subscription = await expireSubscriptionIfDue(context, found);
      // The same rule as POST /checkout/sub_…: only an incomplete subscription in its window.
      res.json({ status: subscription.status, payable: subscription.status === 'incomplete' });
    },
  );
  router.use('/checkout/:id/state', jsonErrorHandler(logger));
  return router;
}

function notFound(id: string): ApiError {
  const error = subscriptionNotFound(id);
  return new ApiError(404, error.code, 'No subscription matches this id and client secret.', {
    message_ja: error.details.message_ja,
  });
}

function recordCheckout(
  context: BridgeContext,
  current: SubscriptionRecord,
  start: CheckoutStart,
  layout: 'web' | 'wap',
  completesBy: Date,
  now: Date,
) {
  // Incomplete while this consent can still complete at SBPS, plus the notification's grace.
  const canComplete = completesBy.getTime() + context.settings.notificationGraceMs;
  const next: SubscriptionRecord = {
    ...current,
    layout,
    checkoutCount: current.checkoutCount + 1,
    expiresAt: new Date(Math.max(current.expiresAt.getTime(), canComplete)),
  };
  const served =
    next.checkoutCount > RECORDED_CHECKOUTS
      ? []
      : [
          {
            type: 'checkout.served',
            data: {
              layout,
              checkout: next.checkoutCount,
              requestedAt: start.requestedAt.toISOString(),
              expiresAt: next.expiresAt.toISOString(),
            },
          },
        ];
  return subscriptionChange(context, next, now, served);
}
