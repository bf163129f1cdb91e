import { randomUUID } from 'node:crypto';
import express, { type Router } from 'express';
import { findProduct } from '../catalog.js';
import { asProblem, problemText } from '../problem.js';
import {
  chosenAcquirer,
  pageContext,
  readCart,
  type ShopContext,
  takeFlash,
  writeCart,
} from '../shop-context.js';
import { renderCartPage } from '../views/cart-page.js';
import { renderShopPage } from '../views/shop-page.js';

const form = express.urlencoded({ extended: false, limit: '8kb' });

/** Product list and cart: everything before "Pay with au PAY". */
export function storefrontRoutes(shop: ShopContext): Router {
  const router = express.Router();

  router.get('/', (req, res) => {
    const added = typeof req.query.added === 'string' ? findProduct(req.query.added) : undefined;
    res.send(renderShopPage(pageContext(req, res, 'shop'), added));
  });

  router.post('/cart/items', form, (req, res) => {
    const id = String(req.body?.product ?? '');
    if (!findProduct(id)) {
      res.redirect(303, '/');
      return;
    }
    const cart = readCart(req);
    cart.add(id);
    writeCart(res, shop, cart);
    res.redirect(303, `/?added=${encodeURIComponent(id)}`);
  });

  router.post('/cart/update', form, (req, res) => {
    const cart = readCart(req);
    for (const [field, value] of Object.entries(req.body ?? {})) {
      if (!field.startsWith('qty.')) continue;
      const quantity = Number(value);
      if (Number.isInteger(quantity)) cart.set(field.slice('qty.'.length), quantity);
    }
    writeCart(res, shop, cart);
    res.redirect(303, '/cart');
  });

  router.post('/cart/items/:id/remove', (req, res) => {
    const cart = readCart(req);
    cart.set(req.params.id, 0);
    writeCart(res, shop, cart);
    res.redirect(303, '/cart');
  });

  router.get('/cart', (req, res) => {
    const flash = takeFlash(req, res, shop) as { cartProblem?: unknown } | undefined;
    const problem = asProblem(flash?.cartProblem);
    const ctx = pageContext(req, res, 'cart');
    res.set('cache-control', 'no-store');
    res.send(
      renderCartPage(ctx, {
        cart: readCart(req),
        checkoutKey: randomUUID(),
        captureMode: req.query.captureMode === 'manual' ? 'manual' : 'automatic',
        acquirers: shop.acquirers,
        acquirer: chosenAcquirer(shop, req.query.acquirer),
        ...(problem && { error: problemText(problem, ctx.lang) }),
      }),
    );
  });

  return router;
}
