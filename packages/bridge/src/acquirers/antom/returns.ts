import { antomPaymentExpiresAt, paymentIdSchema } from '@au-pay/core';
import type { Router } from 'express';
import { type PageMessage, sendNoticePage } from '../../http/html.js';
import type { PaymentRecord } from '../../store/payment-store.js';
import { type AcquirerHost, AcquirerUnavailableError, type ReturnKind } from '../acquirer.js';
import type { AntomConnector } from './connector.js';

const CANNOT_RETURN: [PageMessage, PageMessage] = [
  { ja: 'ショップに戻れませんでした', en: 'We could not take you back to the shop' },
  {
    ja: 'お支払いの結果を確認できませんでした。お手数ですが、ショップのページを開き直してご注文の状況をご確認ください。',
    en: 'The result of the payment could not be read. Please open the shop again and check your order there.',
  },
];

/**
 * `GET /antom/return/:id`: the buyer's browser back from Antom's pages (`paymentRedirectUrl`).
 * Antom adds nothing to it (spec §13), and a return is never a result (spec §4.2): a payment still
 * pending is looked up with inquiryPayment (its answer signed by Antom) while Antom can still
 * complete it, then the buyer goes to the merchant's `returnUrl` with the stored status.
 */
export function antomReturnRoute(
  router: Router,
  host: AcquirerHost,
  connector: AntomConnector,
): void {
  const { logger } = host;
  router.get('/return/:id', async (req, res) => {
    const id = req.params.id;
    const found = paymentIdSchema.safeParse(id).success ? await host.store.getPayment(id) : null;
    if (found?.acquirer !== 'antom') {
      logger.warn({ paymentId: id }, 'antom return refused: unknown payment');
      sendNoticePage(res, 404, ...CANNOT_RETURN);
      return;
    }
    let payment = await host.expireIfDue(found);
    if (payment.status === 'pending') payment = await settleByInquiry(host, connector, payment);
    logger.info({ paymentId: payment.id, status: payment.status }, 'buyer returned from antom');
    host.returnBuyerToMerchant(res, payment, returnKindOf(payment));
  });
}

function returnKindOf(payment: PaymentRecord): ReturnKind {
  switch (payment.status) {
    case 'captured':
    case 'authorized':
      return 'success';
    case 'pending':
    case 'failed':
    case 'expired':
    case 'cancelled':
      return 'cancel';
    default:
      return 'success';
  }
}

/**
 * inquiryPayment for a payment the notification has not settled yet, before its 14 minutes are up
 * (spec §6: the fallback). SUCCESS and FAIL are applied as a notification would be.
 */
async function settleByInquiry(
  host: AcquirerHost,
  connector: AntomConnector,
  payment: PaymentRecord,
): Promise<PaymentRecord> {
  const { logger } = host;
  const events = await host.store.listEvents(payment.id);
  const served = events.find((event) => event.type === 'checkout.served');
  const requestedAt = served ? new Date(String(served.data.requestedAt)) : payment.createdAt;
  if (host.now() >= antomPaymentExpiresAt(requestedAt)) return payment;
  let inquiry: Awaited<ReturnType<AntomConnector['inquirePayment']>>;
  try {
    inquiry = await connector.inquirePayment(payment);
  } catch (error) {
    if (!(error instanceof AcquirerUnavailableError)) throw error;
    logger.warn({ paymentId: payment.id, err: error }, 'antom inquiryPayment failed at the return');
    return payment;
  }
  if (!inquiry) return payment;
  const { status, answer } = inquiry;
  const antomPaymentId = typeof answer.body.paymentId === 'string' ? answer.body.paymentId : '';
  const amount = answer.body.paymentAmount as { currency?: unknown; value?: unknown } | undefined;
  if (
    antomPaymentId === '' ||
    amount?.currency !== 'JPY' ||
    amount.value !== String(payment.amount)
  ) {
    return payment;
  }
  const evidence = {
    type: 'antom.inquiry',
    data: { paymentStatus: status, paymentId: antomPaymentId },
  };
  if (status !== 'SUCCESS' && status !== 'FAIL') return payment;
  const paidAt =
    typeof answer.body.paymentTime === 'string' ? new Date(answer.body.paymentTime) : null;
  const applied = await host.applyVerifiedResult(
    payment.id,
    status === 'SUCCESS'
      ? {
          kind: 'succeeded',
          resultId: antomPaymentId,
          amount: payment.amount,
          acquirerReference: antomPaymentId,
          ...(paidAt && !Number.isNaN(paidAt.getTime()) && { paidAt }),
          evidence,
        }
      : {
          kind: 'failed',
          resultId: `${antomPaymentId}:F`,
          reason: String(answer.body.paymentResultCode ?? 'FAIL'),
          evidence,
        },
  );
  return applied.outcome === 'not_found' ? payment : applied.payment;
}
