import { decodeSbpsForm, SbpsFormError, verifySbpsResult } from '@au-pay/core/sbps';
import express, { type Router } from 'express';
import type { BridgeContext } from '../bridge-context.js';
import { parseBody } from '../http/body-refusal.js';
import { type PageMessage, sendNoticePage } from '../http/html.js';
import { expireIfDue } from '../payments/expiry.js';

type ReturnKind = 'success' | 'cancel' | 'error';

const CANNOT_RETURN: [PageMessage, PageMessage] = [
  { ja: 'ショップに戻れませんでした', en: 'We could not take you back to the shop' },
  {
    ja: 'お支払いの結果を確認できませんでした。お手数ですが、ショップのページを開き直してご注文の状況をご確認ください。',
    en: 'The result of the payment could not be read. Please open the shop again and check your order there.',
  },
];

/**
 * `POST /sbps/return/success|cancel|error`: the buyer's browser coming back from SBPS (A03-1,
 * spec §6). Verifies what can be verified, never changes money state (the A02-1 notification is
 * authoritative and arrives first), and sends the buyer to the payment's own `returnUrl` (allowed
 * when it was created) with the stored status, by 303 so the merchant's session cookie comes back.
 */
export function sbpsReturnsRouter(context: BridgeContext): Router {
  const router = express.Router();
  const { config, logger } = context;

  router.post(
    '/sbps/return/:kind',
    parseBody<{ kind: string }>(
      express.raw({ type: () => true, limit: context.settings.formBodyLimit }),
      logger,
      (res, refused) => sendNoticePage(res, refused.status, ...CANNOT_RETURN),
    ),
    async (req, res, next) => {
      const kind = req.params.kind as ReturnKind;
      if (kind !== 'success' && kind !== 'cancel' && kind !== 'error') {
        next();
        return;
      }
      let params: Record<string, string>;
      try {
        params = decodeSbpsForm(req.body instanceof Buffer ? req.body : new Uint8Array(0));
      } catch (error) {
        if (!(error instanceof SbpsFormError)) throw error;
        logger.warn({ kind, reason: error.code }, 'sbps return refused: undecodable');
        sendNoticePage(res, 400, ...CANNOT_RETURN);
        return;
      }
      const orderId = params.order_id ?? '';
      // The success page must be signed (Shift_JIS hash, spec §6); SBPS may send the error page
      // without one, and then it is only a hint, which is all a return ever is here.
      const signed = params.sps_hashcode !== undefined && params.sps_hashcode !== '';
      const verified = signed && verifySbpsResult('return', params, config.sbps.hashKey);
      const ours =
        params.merchant_id === config.sbps.merchantId &&
        params.service_id === config.sbps.serviceId;
      if ((kind === 'success' || signed) && !(verified && ours)) {
        logger.warn({ kind, orderId, signed, ours }, 'sbps return refused: does not verify');
        sendNoticePage(res, 400, ...CANNOT_RETURN);
        return;
      }
      const found = orderId === '' ? null : await context.store.getPaymentByOrderId(orderId);
      if (!found) {
        logger.warn({ kind, orderId }, 'sbps return refused: unknown order_id');
        sendNoticePage(res, 404, ...CANNOT_RETURN);
        return;
      }
      const payment = await expireIfDue(context, found);
      logger.info(
        {
          paymentId: payment.id,
          kind,
          status: payment.status,
          verified,
          errCode: params.res_err_code,
        },
        'buyer returned from sbps',
      );
      const target = new URL(payment.returnUrl);
      target.searchParams.set('payment', payment.id);
      // The stored status: `pending` after a success means the notification is not in yet (rare,
      // it comes first); the merchant's page polls GET /v1/payments/:id.
      target.searchParams.set('status', payment.status);
      target.searchParams.set('result', kind);
      res.set({ 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' });
      res.redirect(303, target.toString());
    },
  );
  return router;
}
