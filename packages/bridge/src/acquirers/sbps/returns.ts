import { decodeSbpsForm, SbpsFormError, verifySbpsResult } from '@au-pay/core/sbps';
import type { Router } from 'express';
import { rawBody } from '../../http/body-readers.js';
import { parseBody } from '../../http/body-refusal.js';
import { type PageMessage, sendNoticePage } from '../../http/html.js';
import { subscriptionIdOfOrder } from '../../subscriptions/subscription-results.js';
import type { AcquirerHost, ReturnKind } from '../acquirer.js';
import type { SbpsConfig } from './config.js';

/** SBPS's `order_id`: up to 38 half-width characters (spec/sbps-au.md §2, Identifiers). */
const ORDER_ID = /^[\x21-\x7e]{1,38}$/;

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
export function sbpsReturnsRoute(router: Router, host: AcquirerHost, config: SbpsConfig): void {
  const { logger } = host;

  router.post(
    '/return/:kind',
    parseBody<{ kind: string }>(rawBody(host.formBodyLimit), logger, (res, refused) =>
      sendNoticePage(res, refused.status, ...CANNOT_RETURN),
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
      const verified = signed && verifySbpsResult('return', params, config.hashKey);
      const ours =
        params.merchant_id === config.merchantId && params.service_id === config.serviceId;
      if ((kind === 'success' || signed) && !(verified && ours)) {
        logger.warn({ kind, orderId, signed, ours }, 'sbps return refused: does not verify');
        sendNoticePage(res, 400, ...CANNOT_RETURN);
        return;
      }
      // Only an order id SBPS could send (≤ 38 X, spec §2) reaches the store: an unsigned error or
      // cancel return carries what the browser posted, and PostgreSQL refuses a NUL with an error.
      const readable = ORDER_ID.test(orderId);
      if (readable && host.subscriptions && subscriptionIdOfOrder(orderId) !== null) {
        if (await host.subscriptions.returnBuyer(res, orderId, kind)) return;
        logger.warn({ kind, orderId }, 'sbps return refused: unknown subscription');
        sendNoticePage(res, 404, ...CANNOT_RETURN);
        return;
      }
      const found = readable ? await host.store.getPaymentByOrderId(orderId) : null;
      if (!found) {
        logger.warn({ kind, orderId }, 'sbps return refused: unknown order_id');
        sendNoticePage(res, 404, ...CANNOT_RETURN);
        return;
      }
      const payment = await host.expireIfDue(found);
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
      host.returnBuyerToMerchant(res, payment, kind);
    },
  );
}
