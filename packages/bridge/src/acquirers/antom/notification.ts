import { antomPaymentExpiresAt } from '@au-pay/core';
import { verifyAntomMessage } from '@au-pay/core/antom';
import type { Response, Router } from 'express';
import { rawBody } from '../../http/body-readers.js';
import { parseBody } from '../../http/body-refusal.js';
import { paymentChange } from '../../payments/payment-changes.js';
import type { PaymentRecord } from '../../store/payment-store.js';
import type { AcquirerHost, VerifiedResult } from '../acquirer.js';
import type { AntomConfig } from './config.js';

/** The acknowledgement Antom reads, byte for byte (spec/antom-au.md §5.2); unsigned. */
export const ANTOM_NOTIFY_ACK =
  '{"result":{"resultCode":"SUCCESS","resultStatus":"S","resultMessage":"success"}}';

/** Longest body read: a notification is well under 4 KB (spec §5.1). */
const BODY_LIMIT = '64kb';

type Notification = Record<string, unknown> & {
  notifyType?: unknown;
  result?: { resultStatus?: unknown; resultCode?: unknown; resultMessage?: unknown };
};

/**
 * `POST /antom/notify`: notifyPayment and notifyRefund (spec §5, §8.3). The raw body is verified
 * with Antom's public key over the path it was posted to (`POST <path>\n<client-id>.<request-time>.
 * <body>`), the client ID must be ours, the payment ours and the amount the one created; then the
 * result is applied exactly once (by Antom's `paymentId`). Only then, or for a repeat, the exact
 * acknowledgement of §5.2; anything refused gets a 4xx with no body Antom could read as one, so it
 * sends it again later (and a person can look at the log).
 */
export function antomNotificationRoute(
  router: Router,
  host: AcquirerHost,
  config: AntomConfig,
): void {
  const { logger } = host;

  router.post(
    '/notify',
    parseBody(rawBody(BODY_LIMIT), logger, (res, refused) => refuse(res, refused.status)),
    async (req, res) => {
      const body = req.body instanceof Buffer ? req.body : Buffer.alloc(0);
      const verified = verifyAntomMessage({
        method: req.method,
        // The path Antom posted to: the path of paymentNotifyUrl (spec §3.2).
        path: req.originalUrl,
        clientId: req.headers['client-id'],
        requestTime: req.headers['request-time'],
        body,
        signatureHeader: req.headers.signature,
        publicKey: config.antomPublicKey,
      });
      if (!verified.ok) {
        logger.warn({ reason: verified.reason }, 'antom notification refused: signature');
        refuse(res, 401);
        return;
      }
      if (req.get('client-id') !== config.clientId) {
        logger.warn('antom notification refused: client-id is not ours');
        refuse(res, 401);
        return;
      }
      let notification: Notification;
      try {
        notification = JSON.parse(body.toString('utf8')) as Notification;
      } catch {
        logger.warn('antom notification refused: not JSON');
        refuse(res, 400);
        return;
      }
      if (typeof notification !== 'object' || notification === null) {
        refuse(res, 400);
        return;
      }
      const answer =
        notification.notifyType === 'REFUND_RESULT'
          ? await refundNotification(host, notification)
          : await paymentNotification(host, notification);
      if (answer === 'ack') {
        res
          .status(200)
          .set({ 'Content-Type': 'application/json', 'Cache-Control': 'no-store' })
          .send(ANTOM_NOTIFY_ACK);
      } else {
        refuse(res, answer);
      }
    },
  );
}

/** Refused: a status and an empty body, which Antom never takes for the acknowledgement. */
function refuse(res: Response, status: number): void {
  res.status(status).set('Cache-Control', 'no-store').end();
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/** The amount matches the payment's exactly: JPY, the yen as a string (spec §2, §11). */
function sameAmount(amount: unknown, yen: number): boolean {
  const { currency, value } = (amount ?? {}) as { currency?: unknown; value?: unknown };
  return currency === 'JPY' && value === String(yen);
}

/** notifyPayment (spec §5): PAYMENT_RESULT S or F; PAYMENT_PENDING changes nothing. */
async function paymentNotification(
  host: AcquirerHost,
  notification: Notification,
): Promise<'ack' | number> {
  const { logger } = host;
  const paymentRequestId = text(notification.paymentRequestId);
  const paymentId = text(notification.paymentId);
  const found = paymentRequestId === '' ? null : await host.store.getPayment(paymentRequestId);
  if (found?.acquirer !== 'antom' || paymentId === '') {
    logger.warn({ paymentRequestId }, 'antom notification refused: unknown payment');
    return 404;
  }
  if (!sameAmount(notification.paymentAmount, found.amount)) {
    logger.error(
      { paymentId: found.id, amount: found.amount, notifiedAmount: notification.paymentAmount },
      'antom notification refused: amount differs from the payment',
    );
    return 422;
  }
  const status = notification.result?.resultStatus;
  const code = text(notification.result?.resultCode);
  if (notification.notifyType === 'PAYMENT_PENDING') {
    // The buyer finished; the final result is still to come (spec §5.1).
    logger.info({ paymentId: found.id }, 'antom notification: payment pending');
    return 'ack';
  }
  if (notification.notifyType !== 'PAYMENT_RESULT' || (status !== 'S' && status !== 'F')) {
    logger.warn(
      { paymentId: found.id, notifyType: notification.notifyType, status },
      'antom notification refused: not a payment result',
    );
    return 400;
  }
  const evidence = {
    type: 'antom.notification',
    data: {
      notifyType: 'PAYMENT_RESULT',
      resultStatus: status,
      resultCode: code,
      paymentId,
      paymentCreateTime: text(notification.paymentCreateTime),
      paymentTime: text(notification.paymentTime),
    },
  };
  const now = host.now();
  const createdAt = dateOf(notification.paymentCreateTime);
  if (status === 'F' && createdAt && now >= antomPaymentExpiresAt(createdAt)) {
    // Closed after au's 14 minutes without the buyer finishing: expired, not failed (spec §10, §11).
    await expireNow(host, found, evidence);
    logger.info({ paymentId: found.id, resultCode: code }, 'antom notification: payment timed out');
    return 'ack';
  }
  const result: VerifiedResult =
    status === 'S'
      ? {
          kind: 'succeeded',
          // Antom's paymentId, one-to-one with our paymentRequestId: the same again is a repeat.
          resultId: paymentId,
          amount: found.amount,
          acquirerReference: paymentId,
          ...(dateOf(notification.paymentTime) && {
            paidAt: dateOf(notification.paymentTime) as Date,
          }),
          evidence,
        }
      : { kind: 'failed', resultId: `${paymentId}:F`, reason: code || 'F', evidence };
  try {
    const applied = await host.applyVerifiedResult(found.id, result);
    logger.info(
      {
        paymentId: found.id,
        status: applied.outcome === 'not_found' ? undefined : applied.payment.status,
        outcome: applied.outcome,
      },
      'antom notification accepted',
    );
  } catch (error) {
    logger.error({ paymentId: found.id, err: error }, 'antom notification not stored');
    return 503;
  }
  return 'ack';
}

/** Makes the pending payment due now and expires it (event + webhook, exactly once). */
async function expireNow(
  host: AcquirerHost,
  payment: PaymentRecord,
  evidence: { type: string; data: Record<string, unknown> },
): Promise<void> {
  const now = host.now();
  const moved = await host.store.updatePayment(payment.id, (current) =>
    current.status === 'pending' && current.expiresAt.getTime() > now.getTime()
      ? paymentChange({ ...current, expiresAt: now }, now, [evidence])
      : null,
  );
  await host.expireIfDue(moved?.payment ?? payment);
}

/**
 * notifyRefund (spec §8.3). A refund Antom answered `S` is already recorded (a repeat). One answered
 * `U` (REFUND_IN_PROCESS), or without a readable answer, is the payment's open operation, whose id
 * is the `refundRequestId`: `SUCCESS` settles it as applied, `FAIL` as not applied (the background
 * inquiryRefund would find the same).
 */
async function refundNotification(
  host: AcquirerHost,
  notification: Notification,
): Promise<'ack' | number> {
  const { logger, store } = host;
  const refundRequestId = text(notification.refundRequestId);
  if (!refundRequestId.startsWith('op_')) {
    logger.warn({ refundRequestId }, 'antom refund notification refused: not our request id');
    return 404;
  }
  const open = await store.listOpenOperations(host.now(), 1000);
  for (const id of open) {
    const payment = await store.getPayment(id);
    const operation = payment?.openOperation;
    if (payment?.acquirer !== 'antom' || operation?.id !== refundRequestId) continue;
    if (operation.kind !== 'refund' || !sameAmount(notification.refundAmount, operation.amount)) {
      logger.error({ paymentId: id }, 'antom refund notification refused: amount differs');
      return 422;
    }
    const status = notification.refundStatus;
    if (status === 'SUCCESS' || status === 'FAIL') {
      try {
        await host.settleOpenOperation(id, operation.id, status === 'SUCCESS');
      } catch (error) {
        logger.error({ paymentId: id, err: error }, 'antom refund notification not stored');
        return 503;
      }
    }
    logger.info({ paymentId: id, refundStatus: status }, 'antom refund notification accepted');
    return 'ack';
  }
  logger.info({ refundRequestId }, 'antom refund notification: refund already recorded');
  return 'ack';
}

function dateOf(value: unknown): Date | null {
  if (typeof value !== 'string') return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}
