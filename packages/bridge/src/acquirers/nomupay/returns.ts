import { paymentIdSchema } from '@au-pay/core';
import type express from 'express';
import type { Router } from 'express';
import { rawBody } from '../../http/body-readers.js';
import { parseBody } from '../../http/body-refusal.js';
import { type PageMessage, sendNoticePage } from '../../http/html.js';
import type { PaymentRecord } from '../../store/payment-store.js';
import type { AcquirerHost, ReturnKind } from '../acquirer.js';
import {
  applyNomupayReading,
  type CaptureApproved,
  type NomupayPaymentReading,
} from './payment-result.js';

const CANNOT_RETURN: [PageMessage, PageMessage] = [
  { ja: 'ショップに戻れませんでした', en: 'We could not take you back to the shop' },
  {
    ja: 'お支払いが見つかりませんでした。お手数ですが、ショップのページを開き直してご注文の状況をご確認ください。',
    en: 'The payment could not be found. Please open the shop again and check your order there.',
  },
];

/**
 * `GET|POST /nomupay/return/:id`: the buyer's browser back from NomuPay's carrier step, where
 * NomuPay sent it (`returnUrl`, spec/nomupay-au.md §5.3). The body is never trusted: the payment's
 * state comes from NomuPay (`readPayment`: its tracking URL) while it is still pending here, and is
 * applied like a webhook, exactly once. Only which page the buyer saw (the SBPS `res_result` the
 * carrier posts along) picks the `result` shown to the merchant for a payment NomuPay still has
 * as pending.
 */
export function nomupayReturnRoute(
  router: Router,
  host: AcquirerHost,
  readPayment: (payment: PaymentRecord) => Promise<NomupayPaymentReading>,
  captureApproved: CaptureApproved,
): void {
  const { logger } = host;
  const handler = async (req: express.Request<{ id: string }>, res: express.Response) => {
    // Only a well-formed id reaches the store (PostgreSQL refuses a NUL in text with an error).
    const found = paymentIdSchema.safeParse(req.params.id).success
      ? await host.store.getPayment(req.params.id)
      : null;
    if (found?.acquirer !== 'nomupay') {
      logger.warn({ paymentId: req.params.id }, 'nomupay return refused: unknown payment');
      sendNoticePage(res, 404, ...CANNOT_RETURN);
      return;
    }
    let payment = found;
    if (payment.status === 'pending') {
      try {
        await applyNomupayReading(host, payment, await readPayment(payment), captureApproved);
      } catch (error) {
        // The buyer still goes back; the webhook (or the next return) brings the result.
        logger.warn({ paymentId: payment.id, err: error }, 'nomupay return: payment not read');
      }
      payment = (await host.store.getPayment(payment.id)) ?? payment;
    }
    payment = await host.expireIfDue(payment);
    const hint = hintOf(req.body);
    const kind: ReturnKind =
      payment.status === 'pending'
        ? (hint ?? 'error')
        : payment.status === 'failed' || payment.status === 'expired'
          ? hint === 'cancel'
            ? 'cancel'
            : 'error'
          : 'success';
    logger.info(
      { paymentId: payment.id, status: payment.status, kind },
      'buyer returned from nomupay',
    );
    host.returnBuyerToMerchant(res, payment, kind);
  };
  const body = parseBody<{ id: string }>(rawBody(host.formBodyLimit), logger, (res, refused) =>
    sendNoticePage(res, refused.status, ...CANNOT_RETURN),
  );
  router.get('/return/:id', handler);
  router.post('/return/:id', body, handler);
}

/**
 * Which page the carrier showed, from SBPS's A03-1 fields the browser posts along (spec/sbps-au.md
 * §6): `OK`, or `NG` without an error code for the buyer's cancel, with one for an error. The
 * bytes may be Shift_JIS; the values read are ASCII. A hint only.
 */
function hintOf(body: unknown): ReturnKind | undefined {
  if (!(body instanceof Buffer)) return undefined;
  const fields = new URLSearchParams(body.toString('latin1'));
  const result = fields.get('res_result');
  if (result === 'OK') return 'success';
  if (result !== 'NG') return undefined;
  return (fields.get('res_err_code') ?? '') === '' ? 'cancel' : 'error';
}
