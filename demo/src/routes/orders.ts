import { randomUUID } from 'node:crypto';
import express, { type Router } from 'express';
import { asProblem, problemFrom } from '../problem.js';
import {
  isPaymentId,
  pageContext,
  type ShopContext,
  setFlash,
  takeFlash,
} from '../shop-context.js';
import { type ActionNotice, type OrderAction, renderOrdersPage } from '../views/orders-page.js';

const form = express.urlencoded({ extended: false, limit: '8kb' });

/** How many of the latest payments the orders page shows. */
const ORDERS_SHOWN = 30;

/**
 * The shop's back office: every payment with its history and webhooks, and the capture, cancel and
 * refund buttons. (A real shop puts this behind its staff login.)
 */
export function orderRoutes(shop: ShopContext): Router {
  const router = express.Router();

  router.get('/orders', async (req, res) => {
    const ctx = pageContext(req, res, 'orders');
    const flash = takeFlash(req, res, shop) as { order?: Partial<ActionNotice> } | undefined;
    const notice = readNotice(flash?.order);
    const listed = await shop.api.listPayments(ORDERS_SHOWN);
    // The list has no event history; each payment's own answer does.
    const payments = await Promise.all(
      listed.map(async (payment) =>
        payment.events ? payment : ((await shop.api.getPayment(payment.id)) ?? payment),
      ),
    );
    res.set('cache-control', 'no-store');
    res.send(
      renderOrdersPage(
        ctx,
        payments.map((payment) => ({ payment, webhooks: shop.inbox.forPayment(payment.id) })),
        notice,
      ),
    );
  });

  router.post('/orders/:id/:action', form, async (req, res) => {
    const { id } = req.params;
    const action = req.params.action as OrderAction;
    if (!isPaymentId(id) || !['capture', 'cancel', 'refund'].includes(action)) {
      res.status(404).send('Not found');
      return;
    }
    const notice = (fields: Partial<ActionNotice>): ActionNotice => ({
      paymentId: id,
      action,
      ok: false,
      ...fields,
    });
    const back = () => res.redirect(303, `/orders#${id}`);

    // Empty amount: the whole remaining amount. Otherwise a whole number of yen.
    const amountText = String(req.body?.amount ?? '').trim();
    const amount = amountText === '' ? undefined : Number(amountText);
    if (amount !== undefined && (!Number.isSafeInteger(amount) || amount < 1)) {
      setFlash(res, shop, { order: notice({ problem: { kind: 'invalid_amount' } }) });
      back();
      return;
    }
    const key = String(req.body?.key ?? '');
    const idempotencyKey = `demo-${action}-${/^[0-9a-f-]{36}$/.test(key) ? key : randomUUID()}`;

    try {
      if (action === 'capture') await shop.api.capture(id, amount, idempotencyKey);
      else if (action === 'refund') await shop.api.refund(id, amount, idempotencyKey);
      else await shop.api.cancel(id, idempotencyKey);
      setFlash(res, shop, { order: notice({ ok: true }) });
    } catch (error) {
      setFlash(res, shop, { order: notice({ problem: problemFrom(error, shop.logger) }) });
    }
    back();
  });

  return router;
}

function readNotice(value: Partial<ActionNotice> | undefined): ActionNotice | undefined {
  if (!value || !isPaymentId(value.paymentId)) return undefined;
  if (value.action !== 'capture' && value.action !== 'cancel' && value.action !== 'refund') {
    return undefined;
  }
  const problem = asProblem(value.problem);
  return {
    paymentId: value.paymentId,
    action: value.action,
    ok: value.ok === true,
    ...(problem && { problem }),
  };
}
