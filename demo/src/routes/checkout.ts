import { randomUUID } from 'node:crypto';
import express, { type Request, type Router } from 'express';
import { Cart } from '../cart.js';
import { isStillPending, isSuccessful } from '../payment-status.js';
import { problemFrom } from '../problem.js';
import {
  chosenAcquirer,
  clearCheckout,
  isPaymentId,
  pageContext,
  readCart,
  readCheckout,
  type ShopContext,
  setFlash,
  writeCart,
  writeCheckout,
} from '../shop-context.js';
import { html } from '../views/html.js';
import { renderProblem } from '../views/layout.js';
import { renderPayPage } from '../views/pay-page.js';
import { renderResultPage } from '../views/result-page.js';

const form = express.urlencoded({ extended: false, limit: '8kb' });

/** From the cart to the au screens and back: create the payment, pay, show the result. */
export function checkoutRoutes(shop: ShopContext): Router {
  const router = express.Router();

  // "Pay with au PAY": the shop's server creates the payment; the amount comes from the cart
  // priced by the catalog, never from the browser.
  router.post('/checkout', form, async (req, res) => {
    const ctx = pageContext(req, res, 'cart');
    const cart = readCart(req);
    const captureMode = req.body?.captureMode === 'manual' ? 'manual' : 'automatic';
    const acquirer = chosenAcquirer(shop, req.body?.acquirer);
    if (cart.isEmpty()) {
      res.redirect(303, '/cart');
      return;
    }
    // The key comes with the rendered cart: a double-submitted form replays one payment.
    const formKey = String(req.body?.checkoutKey ?? '');
    const checkoutKey = /^[0-9a-f-]{36}$/.test(formKey) ? formKey : randomUUID();
    try {
      const payment = await shop.api.createPayment(
        {
          amount: cart.total(),
          currency: 'JPY',
          merchantReference: merchantReference(checkoutKey, shop.now()),
          itemName: cart.itemName(ctx.t, ctx.lang),
          returnUrl: `${shop.origin}/result`,
          captureMode,
          acquirer,
        },
        `demo-checkout-${checkoutKey}`,
      );
      writeCheckout(res, shop, { paymentId: payment.id, clientSecret: payment.clientSecret });
      res.redirect(303, `/pay/${payment.id}`);
    } catch (error) {
      setFlash(res, shop, { cartProblem: problemFrom(error, shop.logger) });
      // Back to the cart with the buyer's choices still made.
      res.redirect(303, `/cart?${new URLSearchParams({ captureMode, acquirer })}`);
    }
  });

  router.get('/pay/:id', async (req, res) => {
    const ctx = pageContext(req, res, 'cart');
    const checkout = readCheckout(req);
    const back = html`<p><a class="button" href="/cart">${ctx.t.pay.backToCart}</a></p>`;
    res.set('cache-control', 'no-store');
    // Only the browser that started the checkout holds its client secret.
    if (!checkout || checkout.paymentId !== req.params.id || !isPaymentId(req.params.id)) {
      res.status(404).send(renderProblem(ctx, ctx.t.pay.expired, back));
      return;
    }
    const payment = await shop.api.getPayment(checkout.paymentId);
    if (!payment) {
      res.status(404).send(renderProblem(ctx, ctx.t.pay.expired, back));
      return;
    }
    if (!isStillPending(payment.status)) {
      res.redirect(303, `/result?payment=${payment.id}`);
      return;
    }
    res.send(
      renderPayPage(ctx, {
        payment,
        clientSecret: checkout.clientSecret,
        widgetAvailable: await shop.widgetAvailable(),
        fallbackLayout: isPhone(req) ? 'wap' : 'web',
        testAuIds: shop.testAuIds(ctx.lang),
      }),
    );
  });

  // Where the bridge sends the buyer back (`returnUrl`). The query's `status` is ignored on purpose:
  // anyone can type it. The status shown is the one the bridge stored.
  router.get('/result', async (req, res) => {
    const ctx = pageContext(req, res, 'none');
    res.set('cache-control', 'no-store');
    const id = req.query.payment;
    if (!isPaymentId(id)) {
      res.status(400).send(renderProblem(ctx, ctx.t.result.missingPayment));
      return;
    }
    const payment = await shop.api.getPayment(id);
    if (!payment) {
      res.status(404).send(renderProblem(ctx, ctx.t.result.unknownPayment));
      return;
    }
    const checkout = readCheckout(req);
    const ours = checkout?.paymentId === payment.id;
    if (ours && isSuccessful(payment.status)) {
      // Paid: the order is done, so is the cart.
      writeCart(res, shop, new Cart());
      clearCheckout(res, shop);
      ctx.cartCount = 0;
    }
    res.send(
      renderResultPage(ctx, {
        payment,
        canRetry: ours && isStillPending(payment.status),
        ...(typeof req.query.result === 'string' && { buyerReturn: req.query.result }),
      }),
    );
  });

  // What the result page's script polls while the payment is pending.
  router.get('/result/status', async (req, res) => {
    res.set('cache-control', 'no-store');
    const id = req.query.payment;
    const payment = isPaymentId(id) ? await shop.api.getPayment(id) : null;
    if (!payment) {
      res.status(404).json({ error: { code: 'payment_not_found' } });
      return;
    }
    res.json({ status: payment.status });
  });

  return router;
}

/** `DEMO-20250401-1A2B3C4D`: readable on the au screens, the bill and the orders page. */
function merchantReference(checkoutKey: string, now: Date): string {
  const day = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Tokyo',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  })
    .format(now)
    .replaceAll('-', '');
  return `DEMO-${day}-${checkoutKey.replaceAll('-', '').slice(0, 8).toUpperCase()}`;
}

/** Smartphones get the WAP layout of the au screens in the fallback form. */
function isPhone(req: Request): boolean {
  return /Mobi|Android|iPhone|iPod/i.test(req.get('user-agent') ?? '');
}
