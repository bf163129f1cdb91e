import { parseSbpsDate } from '@au-pay/core';
import { decodeSbpsForm, SbpsFormError, verifySbpsResult } from '@au-pay/core/sbps';
import type { Router } from 'express';
import { rawBody } from '../../http/body-readers.js';
import { parseBody } from '../../http/body-refusal.js';
import type { Logger } from '../../logger.js';
import type { PaymentRecord } from '../../store/payment-store.js';
import { subscriptionIdOfOrder } from '../../subscriptions/subscription-results.js';
import type { AcquirerHost, AppliedResult, VerifiedResult } from '../acquirer.js';
import type { SbpsConfig } from './config.js';
import { sbpsNotifyAllowList } from './notify-allow-list.js';
import { answerSbpsNotification } from './notify-answer.js';

/** SBPS's handle of a payment: 14 digits (spec §2, Identifiers). */
const TRACKING_ID = /^\d{14}$/;

/**
 * `POST /sbps/notify`: the A02-1 purchase result notification, server to server (spec §5).
 *
 * Checks, in spec order: Shift_JIS decoding of the raw bytes → `sps_hashcode` (UTF-8) →
 * merchant_id / service_id → a completed purchase (not a browser return) → order_id → amount;
 * then hands the verified result to the neutral `applyVerifiedResult` (exactly once by its
 * tracking id). The answer is `OK,` when accepted or repeated, `NG,<reason>` when refused (an
 * unreadable body too: `NG,<code>` of http/body-refusal.ts): SBPS then flags the purchase as
 * inconsistent and a person looks at it, which is what a forged or mismatched notification needs.
 */
export function sbpsNotificationRoute(
  router: Router,
  host: AcquirerHost,
  config: SbpsConfig,
): void {
  const { logger } = host;

  router.post(
    '/notify',
    sbpsNotifyAllowList(host, config),
    parseBody(rawBody(host.formBodyLimit), logger, (res, refused) =>
      answerSbpsNotification(res, `NG,${refused.code}`),
    ),
    async (req, res) => {
      const body: unknown = req.body;
      if (!(body instanceof Buffer) || body.length === 0) {
        logger.warn('sbps notification refused: empty body');
        answerSbpsNotification(res, 'NG,empty body');
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
        answerSbpsNotification(res, 'NG,malformed body');
        return;
      }
      const orderId = params.order_id ?? '';
      if (!verifySbpsResult('notification', params, config.hashKey)) {
        logger.warn({ orderId }, 'sbps notification refused: sps_hashcode does not verify');
        answerSbpsNotification(res, 'NG,invalid sps_hashcode');
        return;
      }
      if (params.merchant_id !== config.merchantId || params.service_id !== config.serviceId) {
        logger.warn(
          { orderId },
          'sbps notification refused: merchant_id or service_id is not ours',
        );
        answerSbpsNotification(res, 'NG,merchant mismatch');
        return;
      }
      // A subscription's result (consent, failed month, cancellation notice) has its own rules.
      if (host.subscriptions && subscriptionIdOfOrder(orderId) !== null) {
        let taken: Awaited<ReturnType<typeof host.subscriptions.applyResult>>;
        try {
          taken = await host.subscriptions.applyResult(params);
        } catch (error) {
          logger.error({ orderId, err: error }, 'sbps subscription result not stored');
          answerSbpsNotification(res, 'NG,storage failure');
          return;
        }
        answerSbpsNotification(res, taken.accepted ? 'OK,' : `NG,${taken.reason}`);
        return;
      }
      // Payments are one-time purchases (pay_type=0), and SBPS notifies those only once
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
        answerSbpsNotification(res, 'NG,not a completed purchase');
        return;
      }
      const trackingId = params.res_tracking_id ?? '';
      const paymentDate = params.res_payment_date ?? '';
      // Read from the payment under the write lock, so that a notification reads it once.
      const resultFor = (payment: PaymentRecord): VerifiedResult | null => {
        // The amount charged is the one the merchant's server created, never another.
        if (params.amount !== String(payment.amount)) {
          logger.error(
            { paymentId: payment.id, amount: payment.amount, notifiedAmount: params.amount },
            'sbps notification refused: amount differs from the payment',
          );
          return null;
        }
        return {
          kind: 'succeeded',
          // The tracking id is SBPS's handle of this purchase: the same one again is a repeat.
          resultId: trackingId,
          amount: payment.amount,
          acquirerReference: trackingId,
          ...paidAtOf(logger, payment, paymentDate),
          ...purchaseRequestedAtOf(logger, payment, params.request_date ?? ''),
          evidence: {
            type: 'sbps.notification',
            data: {
              result: 'OK',
              trackingId,
              errCode: params.res_err_code ?? '',
              paymentDate,
              requestDate: params.request_date ?? '',
            },
          },
        };
      };

      let applied: AppliedResult | { outcome: 'refused' };
      try {
        applied =
          orderId === ''
            ? { outcome: 'not_found' }
            : await host.applyVerifiedResultToOrder(orderId, resultFor);
      } catch (error) {
        logger.error({ orderId, err: error }, 'sbps notification not stored');
        answerSbpsNotification(res, 'NG,storage failure');
        return;
      }
      if (applied.outcome === 'not_found') {
        logger.warn({ orderId }, 'sbps notification refused: unknown order_id');
        answerSbpsNotification(res, 'NG,unknown order_id');
        return;
      }
      if (applied.outcome === 'refused') {
        answerSbpsNotification(res, 'NG,amount mismatch');
        return;
      }
      logger.info(
        {
          paymentId: applied.payment.id,
          status: applied.payment.status,
          repeat: applied.outcome !== 'applied',
        },
        'sbps notification accepted',
      );
      answerSbpsNotification(res, 'OK,');
    },
  );
}

/**
 * The A01-1's `request_date` that the A02-1 echoes (spec/sbps-au.md §5 row 33, JST): SBPS counts
 * the specified-sales settlement window ("until the 90th day including the date of purchase
 * request process", §16) from it, not from when the bridge created the payment. Absent or
 * unreadable → none (the window then counts from creation, which is never later).
 */
function purchaseRequestedAtOf(
  logger: Logger,
  payment: PaymentRecord,
  requestDate: string,
): { purchaseRequestedAt?: Date } {
  try {
    return { purchaseRequestedAt: parseSbpsDate(requestDate) };
  } catch {
    logger.warn(
      { paymentId: payment.id, requestDate },
      'sbps notification: request_date unreadable; the settlement window counts from creation',
    );
    return {};
  }
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
function paidAtOf(logger: Logger, payment: PaymentRecord, paymentDate: string): { paidAt?: Date } {
  try {
    return { paidAt: parseSbpsDate(paymentDate) };
  } catch {
    logger.warn(
      { paymentId: payment.id, paymentDate },
      'sbps notification: res_payment_date unreadable; the payment counts from now',
    );
    return {};
  }
}
