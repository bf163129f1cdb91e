import { parseSbpsDate } from '@au-pay/core';
import { decodeSbpsForm, encodeShiftJis, SbpsFormError, verifySbpsResult } from '@au-pay/core/sbps';
import express, { type Response, type Router } from 'express';
import type { BridgeContext } from '../bridge-context.js';
import { parseBody } from '../http/body-refusal.js';
import { paymentChange, withFlag } from '../payments/payment-changes.js';
import { applyStatusEvent } from '../payments/status-model.js';
import type { PaymentChange, PaymentRecord } from '../store/payment-store.js';
import { sbpsNotifyAllowList } from './sbps-notify-allow-list.js';

/** SBPS's handle of a payment: 14 digits (spec §2, Identifiers). */
const TRACKING_ID = /^\d{14}$/;

/** What an A02-1 result notification says, once verified: a completed purchase. */
interface SbpsNotification {
  orderId: string;
  amount: string;
  trackingId: string;
  errCode: string;
  paymentDate: string;
  requestDate: string;
}

/**
 * `POST /sbps/notify`: the A02-1 purchase result notification, server to server (spec §5).
 *
 * Checks, in spec order: Shift_JIS decoding of the raw bytes → `sps_hashcode` (UTF-8) →
 * merchant_id / service_id → a completed purchase (not a browser return) → order_id → amount;
 * then applies the result exactly once. The answer is `OK,` when accepted or repeated,
 * `NG,<reason>` when refused (an unreadable body too: `NG,<code>` of http/body-refusal.ts): SBPS
 * then flags the purchase as inconsistent and a person looks at it, which is what a forged or
 * mismatched notification needs.
 */
export function sbpsNotificationRouter(context: BridgeContext): Router {
  const router = express.Router();
  const { config, logger } = context;

  router.post(
    '/sbps/notify',
    sbpsNotifyAllowList(context),
    parseBody(
      express.raw({ type: () => true, limit: context.settings.formBodyLimit }),
      logger,
      (res, refused) => answer(res, `NG,${refused.code}`),
    ),
    async (req, res) => {
      const body: unknown = req.body;
      if (!(body instanceof Buffer) || body.length === 0) {
        logger.warn('sbps notification refused: empty body');
        answer(res, 'NG,empty body');
        return;
      }
      let params: Record<string, string>;
      try {
        params = decodeSbpsForm(body);
      } catch (error) {
        if (!(error instanceof SbpsFormError)) throw error;
        logger.warn(
          { reason: error.code, field: error.field },
          'sbps notification refused: undecodable',
        );
        answer(res, 'NG,malformed body');
        return;
      }
      const orderId = params.order_id ?? '';
      if (!verifySbpsResult('notification', params, config.sbps.hashKey)) {
        logger.warn({ orderId }, 'sbps notification refused: sps_hashcode does not verify');
        answer(res, 'NG,invalid sps_hashcode');
        return;
      }
      if (
        params.merchant_id !== config.sbps.merchantId ||
        params.service_id !== config.sbps.serviceId
      ) {
        logger.warn(
          { orderId },
          'sbps notification refused: merchant_id or service_id is not ours',
        );
        answer(res, 'NG,merchant mismatch');
        return;
      }
      // The bridge starts one-time purchases only (pay_type=0), and SBPS notifies those only once
      // they completed: res_result=OK with SBPS's 14-digit tracking id of the payment (spec §5
      // "When" and row 36; an NG A02-1 exists for recurring-simple billing only). A cancelled or
      // refused purchase comes back through the buyer's browser as an A03-1 (§6), which carries
      // the same fields as an A02-1 and, when every value is ASCII, the same hash (§3): posted
      // here, it would fail a payment the buyer could still pay.
      if (params.res_result !== 'OK' || !TRACKING_ID.test(params.res_tracking_id ?? '')) {
        logger.warn(
          { orderId, result: params.res_result },
          'sbps notification refused: not a completed purchase (a browser return, A03-1?)',
        );
        answer(res, 'NG,not a completed purchase');
        return;
      }
      const payment = orderId === '' ? null : await context.store.getPaymentByOrderId(orderId);
      if (!payment) {
        logger.warn({ orderId }, 'sbps notification refused: unknown order_id');
        answer(res, 'NG,unknown order_id');
        return;
      }
      // The amount charged is the one the merchant's server created, never another.
      if (params.amount !== String(payment.amount)) {
        logger.error(
          { paymentId: payment.id, amount: payment.amount, notifiedAmount: params.amount },
          'sbps notification refused: amount differs from the payment',
        );
        answer(res, 'NG,amount mismatch');
        return;
      }
      const notification: SbpsNotification = {
        orderId,
        amount: params.amount,
        trackingId: params.res_tracking_id ?? '',
        errCode: params.res_err_code ?? '',
        paymentDate: params.res_payment_date ?? '',
        requestDate: params.request_date ?? '',
      };

      let applied: { payment: PaymentRecord; changed: boolean } | null;
      try {
        applied = await context.store.updatePayment(payment.id, (current) =>
          applyNotification(context, current, notification),
        );
      } catch (error) {
        logger.error({ paymentId: payment.id, err: error }, 'sbps notification not stored');
        answer(res, 'NG,storage failure');
        return;
      }
      logger.info(
        {
          paymentId: payment.id,
          status: applied?.payment.status,
          repeat: applied?.changed === false,
        },
        'sbps notification accepted',
      );
      answer(res, 'OK,');
    },
  );
  return router;
}

/** Answers exactly what SBPS reads (spec §5, §17 item 16): `OK,` or `NG,<reason>`, Shift_JIS. */
function answer(res: Response, text: string): void {
  res
    .status(200)
    .set({ 'Content-Type': 'text/plain; charset=Shift_JIS', 'Cache-Control': 'no-store' })
    .send(Buffer.from(encodeShiftJis(text)));
}

/**
 * The one write a notification makes, or null when it changes nothing (a repeat, or news older
 * than what the payment already knows: a payment never moves backwards).
 */
function applyNotification(
  context: BridgeContext,
  current: PaymentRecord,
  notification: SbpsNotification,
): PaymentChange | null {
  const now = context.now();
  const webhooks = context.config.webhook !== null;
  const received = {
    result: 'OK',
    trackingId: notification.trackingId,
    errCode: notification.errCode,
    paymentDate: notification.paymentDate,
    requestDate: notification.requestDate,
  };

  // The tracking id is SBPS's handle of this purchase: the same one again is a repeat.
  if (current.acquirerReference === notification.trackingId) return null;
  if (current.acquirerReference !== null) {
    // SBPS refuses a second completed purchase for one order_id, so this should never happen; if it
    // does, money may have moved twice: tell the merchant once, change nothing else.
    if (current.flags.includes('conflicting_purchase')) return null;
    context.logger.error(
      { paymentId: current.id, trackingId: notification.trackingId },
      'a second successful purchase was notified for one payment',
    );
    return paymentChange(withFlag(current, 'conflicting_purchase'), now, [
      { type: 'sbps.notification.conflicting_purchase', data: received },
    ]);
  }

  const decision = applyStatusEvent(
    current,
    {
      type: 'acquirer_succeeded',
      amount: Number(notification.amount),
      ...paidAtOf(context, current, notification),
    },
    now,
  );
  if (!decision.ok) {
    context.logger.error(
      { paymentId: current.id, refusal: decision.refusal.code },
      'sbps notification could not be applied',
    );
    return null;
  }
  const next: PaymentRecord = { ...decision.payment, acquirerReference: notification.trackingId };
  const webhookType =
    current.captureMode === 'automatic' ? 'payment.captured' : 'payment.authorized';
  const paid = {
    type: webhookType,
    data: { amount: next.amount, trackingId: notification.trackingId },
  };

  if (decision.notice === 'late_success') {
    // The buyer paid after the bridge gave the payment up. The money moved at SBPS, so this is
    // answered OK and the merchant is told, to ship or to refund: an expired or failed payment
    // moves on as if it had still been pending (core's late success), so it can be captured,
    // cancelled or refunded, with the usual event and webhook.
    // A repeat carries the same tracking id and is stopped above, so all of this happens once.
    context.logger.warn(
      { paymentId: current.id, status: current.status, nextStatus: decision.payment.status },
      'late successful purchase',
    );
    return paymentChange(
      withFlag(next, 'late_success'),
      now,
      [
        { type: 'sbps.notification', data: received },
        {
          type: 'payment.late_success',
          data: { status: current.status, trackingId: notification.trackingId },
        },
        paid,
      ],
      { type: webhookType, enabled: webhooks, extra: { lateSuccess: true } },
    );
  }
  if (!decision.changed) return null;
  return paymentChange(next, now, [{ type: 'sbps.notification', data: received }, paid], {
    type: webhookType,
    enabled: webhooks,
  });
}

/**
 * When SBPS says the buyer's payment completed, for core's `paidAt`.
 *
 * SBPS counts the refund window and the partial-refund opening from the settlement
 * ("sales-confirmation") date (spec/sbps-au.md §16, errors 28 and 31 in §8). In automated sales
 * the sale is confirmed by the purchase itself (§15, first row), whose time A02-1 reports as
 * `res_payment_date` (§5 row 40, completion time, JST). Counting from when the notification
 * arrived instead would, across a midnight at a month's end, allow refunds SBPS refuses and refuse
 * partial refunds it allows. Absent or unreadable → none (core then uses now, as it does for a
 * date later than now).
 */
function paidAtOf(
  context: BridgeContext,
  current: PaymentRecord,
  notification: SbpsNotification,
): { paidAt?: Date } {
  try {
    return { paidAt: parseSbpsDate(notification.paymentDate) };
  } catch {
    context.logger.warn(
      { paymentId: current.id, paymentDate: notification.paymentDate },
      'sbps notification: res_payment_date unreadable; the payment counts from now',
    );
    return {};
  }
}
