import { randomUUID } from 'node:crypto';
import type { SandboxClockView } from '@au-pay/bridge';
import { japanDateOf, japanMidnight } from '@au-pay/core';
import express, { type Router } from 'express';
import { BridgeRefusal } from '../bridge-api.js';
import { asProblem, problemFrom } from '../problem.js';
import {
  isPaymentId,
  pageContext,
  type ShopContext,
  setFlash,
  takeFlash,
} from '../shop-context.js';
import {
  type ActionNotice,
  type ClockJump,
  type ClockNotice,
  type ClockPanel,
  type OrderAction,
  renderOrdersPage,
} from '../views/orders-page.js';
import { renderSubscriptionsSection } from '../views/subscriptions-section.js';
import { readSubscriptionNotice, subscriptionRows } from './subscription-orders.js';

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
    const flash = takeFlash(req, res, shop) as
      | { order?: Partial<ActionNotice>; clock?: Partial<ClockNotice>; subscription?: unknown }
      | undefined;
    const notice = readNotice(flash?.order);
    const [listed, clockPanel, subscriptions] = await Promise.all([
      shop.api.listPayments(ORDERS_SHOWN),
      shop.sandbox ? readClockPanel(shop, readClockNotice(flash?.clock)) : undefined,
      subscriptionRows(shop, ORDERS_SHOWN),
    ]);
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
        clockPanel,
        renderSubscriptionsSection(ctx, subscriptions, readSubscriptionNotice(flash?.subscription)),
      ),
    );
  });

  // The sandbox clock panel's buttons (sandbox mode only). "+1 hour" and "+1 day" move the clock
  // on every press; "1st of next month" carries the instant the page showed, so a second press
  // finds the clock already there and does not jump another month.
  router.post('/orders/clock', form, async (req, res) => {
    const jump = String(req.body?.jump ?? '') as ClockJump;
    if (!shop.sandbox || !['hour', 'day', 'next_month'].includes(jump)) {
      res.status(404).send('Not found');
      return;
    }
    let outcome: ClockNotice;
    try {
      if (jump === 'hour') await shop.api.advanceClock(HOUR_SECONDS);
      else if (jump === 'day') await shop.api.advanceClock(DAY_SECONDS);
      else await shop.api.advanceClockTo(await nextMonthTarget(shop, String(req.body?.to ?? '')));
      outcome = { outcome: 'moved' };
    } catch (error) {
      outcome =
        jump === 'next_month' &&
        error instanceof BridgeRefusal &&
        error.code === 'clock_cannot_go_back'
          ? { outcome: 'already_past' }
          : { outcome: 'refused', problem: problemFrom(error, shop.logger) };
    }
    setFlash(res, shop, { clock: outcome });
    res.redirect(303, '/orders#sandbox-clock');
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
      else await shop.api.cancel(id, amount, idempotencyKey);
      setFlash(res, shop, {
        order: notice({
          ok: true,
          ...(action === 'cancel' && amount !== undefined && { partial: true }),
        }),
      });
    } catch (error) {
      setFlash(res, shop, { order: notice({ problem: problemFrom(error, shop.logger) }) });
    }
    back();
  });

  return router;
}

const HOUR_SECONDS = 60 * 60;
const DAY_SECONDS = 24 * HOUR_SECONDS;

/** 00:00 JST on the 1st of the month after the Japan date of `instant` (core's calendar). */
function firstOfNextMonth(instant: Date): Date {
  const { year, month } = japanDateOf(instant);
  return japanMidnight(year, month + 1, 1);
}

/** The instant the page offered; if the form carried none, the 1st after the clock's time now. */
async function nextMonthTarget(shop: ShopContext, given: string): Promise<Date> {
  const offered = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/.test(given)
    ? new Date(given)
    : null;
  if (offered && !Number.isNaN(offered.getTime())) return offered;
  return firstOfNextMonth(new Date((await shop.api.getClock()).now));
}

async function readClockPanel(
  shop: ShopContext,
  notice: ClockNotice | undefined,
): Promise<ClockPanel> {
  let clock: SandboxClockView | null = null;
  try {
    clock = await shop.api.getClock();
  } catch (error) {
    shop.logger.warn({ err: error }, 'could not read the sandbox clock');
  }
  const now = clock ? new Date(clock.now) : null;
  return {
    clock,
    nextMonth: now && !Number.isNaN(now.getTime()) ? firstOfNextMonth(now) : null,
    ...(notice && { notice }),
  };
}

function readClockNotice(value: Partial<ClockNotice> | undefined): ClockNotice | undefined {
  if (value?.outcome === 'moved' || value?.outcome === 'already_past') {
    return { outcome: value.outcome };
  }
  if (value?.outcome === 'refused') {
    const problem = asProblem((value as { problem?: unknown }).problem);
    return { outcome: 'refused', problem: problem ?? { kind: 'unexpected' } };
  }
  return undefined;
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
    ...(value.partial === true && { partial: true }),
    ...(problem && { problem }),
  };
}
