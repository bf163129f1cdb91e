import { clientSecretSchema, type PaymentStatus, paymentIdSchema } from '@au-pay/core';
import express, { type Router } from 'express';
import type { BridgeContext } from '../bridge-context.js';
import { ApiError, jsonErrorHandler, sendApiError } from '../http/api-error.js';
import { clientSecretMatches } from '../http/secret-compare.js';
import { checkoutEligibility } from '../payments/checkout-eligibility.js';
import { expireIfDue } from '../payments/expiry.js';

/** What `POST /checkout/:id/state` answers. */
export interface CheckoutState {
  status: PaymentStatus;
  /** Whether `POST /checkout/:id` would serve the purchase page now. */
  payable: boolean;
}

/**
 * `POST /checkout/:id/state`, asked by the widget just before it navigates to checkout, so that it
 * can tell the buyer "this payment has expired" in place instead of sending them to a notice page.
 * A form post with `client_secret` is a CORS "simple request": no preflight, any origin may read
 * the answer (`Access-Control-Allow-Origin: *`), and it tells nothing without the client secret.
 */
export function checkoutStateRouter(context: BridgeContext): Router {
  const router = express.Router();
  const notFound = new ApiError(
    404,
    'payment_not_found',
    'No payment matches this id and client secret.',
    { message_ja: 'お支払いが見つかりません。' },
  );

  router.post(
    '/checkout/:id/state',
    (_req, res, next) => {
      // Set first, so that a refused body (too large, bad encoding) is readable by the widget too.
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
      const id = req.params.id;
      const secret = clientSecretSchema.safeParse(
        (req.body as Record<string, unknown>)?.client_secret,
      );
      const found =
        secret.success && paymentIdSchema.safeParse(id).success
          ? await context.store.getPayment(id)
          : null;
      // An unknown payment and a wrong or missing secret look the same, so ids cannot be probed.
      if (!found || !secret.success || !clientSecretMatches(secret.data, found.clientSecretHash)) {
        sendApiError(res, notFound);
        return;
      }
      const payment = await expireIfDue(context, found);
      // The same rule as POST /checkout/:id.
      const { payable } = checkoutEligibility(context, payment);
      const state: CheckoutState = { status: payment.status, payable };
      res.json(state);
    },
  );
  router.use('/checkout/:id/state', jsonErrorHandler(context.logger));
  return router;
}
