import { randomBytes } from 'node:crypto';
import { type PaymentStatus, paymentIdSchema } from '@au-pay/core';
import express, { type Router } from 'express';
import {
  type AcquirerConnector,
  AcquirerUnavailableError,
  type CheckoutStart,
} from '../acquirers/acquirer.js';
import { type BridgeContext, connectorOf } from '../bridge-context.js';
import { type PageMessage, sendNoticePage } from '../http/html.js';
import { clientSecretMatches } from '../http/secret-compare.js';
import { checkoutEligibility } from '../payments/checkout-eligibility.js';
import { expireIfDue } from '../payments/expiry.js';
import { paymentChange, withFlag } from '../payments/payment-changes.js';
import type { NewPaymentEvent, PaymentRecord } from '../store/payment-store.js';
import { checkoutFormReader } from './checkout-form.js';
import { purchasePage, purchasePageCsp } from './purchase-page.js';

const ACQUIRER_UNAVAILABLE: [PageMessage, PageMessage] = [
  { ja: 'お支払いを開始できませんでした', en: 'The payment could not be started' },
  {
    ja: '決済代行会社に接続できませんでした。しばらくしてから、ショップのページからもう一度お試しください。',
    en: 'The payment provider could not be reached. Please try again from the shop in a few minutes.',
  },
];

const INVALID_LINK: [PageMessage, PageMessage] = [
  { ja: 'この決済リンクは無効です', en: 'This payment link is not valid' },
  {
    ja: 'ショップに戻って、もう一度お支払いを始めてください。',
    en: 'Go back to the shop and start the payment again.',
  },
];

const NOT_STARTED: PageMessage = {
  ja: 'お支払いを開始できませんでした',
  en: 'The payment could not be started',
};

const TIME_RAN_OUT: [PageMessage, PageMessage] = [
  { ja: 'お支払いの受付時間が終了しました', en: 'The time to pay has run out' },
  {
    ja: 'このお支払いは受け付けられません。ショップに戻って、新しくお支払いを始めてください。',
    en: 'This payment can no longer be made. Go back to the shop and start a new payment.',
  },
];

/** Why a checkout of a payment that is no longer pending is refused, by status. */
function notPendingNotice(status: Exclude<PaymentStatus, 'pending'>): [PageMessage, PageMessage] {
  switch (status) {
    case 'authorized':
    case 'captured':
    case 'partially_refunded':
    case 'refunded':
      return [
        { ja: 'このお支払いは完了しています', en: 'This payment is already complete' },
        {
          ja: '二重のお支払いを防ぐため、同じお支払いをもう一度行うことはできません。ショップでご注文の状況をご確認ください。',
          en: 'To keep you from paying twice, the same payment cannot be made again. Check your order at the shop.',
        },
      ];
    case 'cancelled':
      return [
        { ja: 'このお支払いは取り消されました', en: 'This payment was cancelled' },
        {
          ja: 'ショップに戻って、新しくお支払いを始めてください。',
          en: 'Go back to the shop and start a new payment.',
        },
      ];
    case 'failed':
      return [
        { ja: 'このお支払いは完了しませんでした', en: 'This payment did not go through' },
        {
          ja: 'ショップに戻って、新しくお支払いを始めてください。',
          en: 'Go back to the shop and start a new payment.',
        },
      ];
    case 'expired':
      return TIME_RAN_OUT;
  }
}

/**
 * `POST /checkout/:id`, posted by the widget in the buyer's browser: checks the client secret and
 * the payment, asks the payment's connector to start the checkout, records it, and answers either
 * the auto-submitting page that carries the acquirer's signed form or a 303 to the acquirer's URL.
 * The amount always comes from the stored payment.
 */
export function checkoutRouter(context: BridgeContext): Router {
  const router = express.Router();
  const { config, logger } = context;
  const checkoutForm = checkoutFormReader(logger, NOT_STARTED);

  router.post(
    '/checkout/:id',
    context.rateLimits.checkoutPage,
    checkoutForm.parser,
    async (req, res) => {
      const id = req.params.id;
      const form = checkoutForm.read(req, res);
      if (!form) return;
      const found = paymentIdSchema.safeParse(id).success
        ? await context.store.getPayment(id)
        : null;
      // An unknown payment and a wrong secret look the same, so ids cannot be probed.
      if (!found || !clientSecretMatches(form.client_secret, found.clientSecretHash)) {
        logger.warn({ paymentId: id, known: found !== null }, 'checkout refused: bad payment link');
        sendNoticePage(res, 404, ...INVALID_LINK);
        return;
      }
      const payment = await expireIfDue(context, found);
      const eligibility = checkoutEligibility(context, payment);
      if (!eligibility.payable) {
        if (payment.status === 'pending') {
          logger.info({ paymentId: id }, 'checkout refused: checkout window closed');
          sendNoticePage(res, 410, ...TIME_RAN_OUT);
        } else {
          logger.info({ paymentId: id, status: payment.status }, 'checkout refused: not pending');
          sendNoticePage(
            res,
            payment.status === 'expired' ? 410 : 409,
            ...notPendingNotice(payment.status),
          );
        }
        return;
      }

      const { layout, displayed_amount: displayedAmount } = form;
      const connector = connectorOf(context, payment.acquirer);
      // Before anything is written: a start the acquirer would refuse is never recorded.
      let start: CheckoutStart;
      try {
        start = await connector.startCheckout(payment, {
          now: context.now(),
          layout,
          callbackBaseUrl: `${config.publicUrl}/${connector.id}`,
        });
      } catch (error) {
        // An acquirer that refused, or whose answer could not be trusted (Antom's unsigned pay
        // answer, NomuPay unreachable at payment creation): an error page, never a redirect.
        if (!(error instanceof AcquirerUnavailableError)) throw error;
        logger.error({ paymentId: id, err: error }, 'checkout not started: acquirer unavailable');
        sendNoticePage(res, 502, ...ACQUIRER_UNAVAILABLE);
        return;
      }
      const mismatch = displayedAmount !== undefined && displayedAmount !== payment.amount;
      const written = await context.store.updatePayment(id, (current) =>
        current.status === 'pending'
          ? recordCheckout(
              context,
              connector,
              current,
              start,
              layout,
              mismatch ? displayedAmount : null,
            )
          : null,
      );
      if (!written?.changed) {
        const status = written?.payment.status ?? 'failed';
        sendNoticePage(res, 409, ...notPendingNotice(status === 'pending' ? 'failed' : status));
        return;
      }
      if (mismatch) {
        logger.warn(
          { paymentId: id, amount: payment.amount, displayedAmount },
          'the widget showed another amount than the payment holds',
        );
      }
      logger.info(
        { paymentId: id, layout, checkoutCount: written.payment.checkoutCount },
        'checkout served',
      );

      sendCheckoutStart(res, start);
    },
  );
  return router;
}

/** How many checkouts of one payment are recorded as events (`checkout.served`, mismatches). */
export const RECORDED_CHECKOUTS = 5;

/** The acquirer's page: its form posted at once in its charset, or a 303 to its URL. */
export function sendCheckoutStart(res: express.Response, start: CheckoutStart): void {
  res.set({ 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' });
  if (start.kind === 'redirect') {
    res.redirect(303, start.url);
    return;
  }
  const nonce = randomBytes(16).toString('base64');
  res
    .status(200)
    .set({
      'Content-Type': `text/html; charset=${start.charset === 'shift_jis' ? 'Shift_JIS' : 'utf-8'}`,
      'Content-Security-Policy': purchasePageCsp(nonce, new URL(start.action).origin),
    })
    .send(Buffer.from(purchasePage(start, nonce)));
}

function recordCheckout(
  context: BridgeContext,
  connector: AcquirerConnector,
  current: PaymentRecord,
  start: CheckoutStart,
  layout: 'web' | 'wap',
  displayedAmount: number | null,
) {
  const now = context.now();
  // The payment stays pending while this checkout can still complete at the acquirer (the
  // connector's rule), plus a grace for the notification to arrive.
  const canComplete =
    connector.pendingExpiresAt(current, start).getTime() + context.settings.notificationGraceMs;
  let next: PaymentRecord = {
    ...current,
    layout,
    checkoutCount: current.checkoutCount + 1,
    expiresAt: new Date(Math.max(current.expiresAt.getTime(), canComplete)),
  };
  if (displayedAmount !== null) next = withFlag(next, 'displayed_amount_mismatch');
  // A buyer (or anyone with the client secret) may post checkout as often as they like: past the
  // first few, a checkout only moves the payment's count, layout and expiry, so its history
  // stays small.
  if (next.checkoutCount > RECORDED_CHECKOUTS) return paymentChange(next, now, []);
  const events: NewPaymentEvent[] = [
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
  if (displayedAmount !== null) {
    events.push({
      type: 'checkout.displayed_amount_mismatch',
      data: { amount: current.amount, displayedAmount },
    });
  }
  return paymentChange(next, now, events);
}
