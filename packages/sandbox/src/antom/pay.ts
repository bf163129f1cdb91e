import type { BuyerSessions } from '../au/buyer-sessions.js';
import type { AntomPayment } from './antom-ledger.js';
import { repeatedRequest } from './idempotency.js';
import { type PaymentResultContext, paymentFields, paymentResult } from './payment-results.js';
import {
  canonicalJson,
  type JsonObject,
  jpyAmount,
  notifyUrlField,
  objectField,
  requiredText,
  textField,
  urlField,
} from './request-fields.js';
import { AntomRefusal } from './result.js';

/** au on Antom: 1 to 500,000 yen (spec §1). */
const MAX_AMOUNT = 500_000;

export interface PayContext extends PaymentResultContext {
  readonly sessions: BuyerSessions;
}

/** The pay reply for a payment, now or on an idempotent repeat (spec §4.2). */
function payReply(payment: AntomPayment): object {
  return {
    result: paymentResult(payment),
    ...paymentFields(payment),
    ...(payment.status === 'PROCESSING'
      ? {
          normalUrl: payment.normalUrl,
          redirectActionForm: {
            method: 'GET',
            redirectUrl: payment.normalUrl,
            actionFormType: 'RedirectActionForm',
          },
        }
      : {}),
  };
}

function terminal(env: JsonObject): 'WEB' | 'WAP' {
  const terminalType = env.terminalType;
  if (terminalType !== 'WEB' && terminalType !== 'WAP') {
    throw new AntomRefusal(
      'PARAM_ILLEGAL',
      'env.terminalType must be WEB or WAP: au is a redirect method for browsers (spec §4.1).',
    );
  }
  if (terminalType === 'WAP' && env.osType !== 'IOS' && env.osType !== 'ANDROID') {
    throw new AntomRefusal(
      'PARAM_ILLEGAL',
      'env.osType must be IOS or ANDROID when env.terminalType is WAP.',
    );
  }
  return terminalType;
}

/**
 * pay (CASHIER_PAYMENT, spec §4): checks the fields as §12 lists them, answers `U`
 * `PAYMENT_IN_PROCESS` with a `normalUrl` to the au screens, and is idempotent on
 * `paymentRequestId` (a repeat with other content: `REPEAT_REQ_INCONSISTENT`).
 */
export function pay(ctx: PayContext, body: JsonObject, baseUrl: string): object {
  const { options, ledger } = ctx;
  const paymentRequestId = requiredText(body, 'paymentRequestId', 64);
  const fingerprint = canonicalJson(body);
  const earlier = repeatedRequest(
    ledger.findPayment({ paymentRequestId }),
    fingerprint,
    'paymentRequestId',
  );
  if (earlier) return payReply(earlier);
  if (body.productCode !== 'CASHIER_PAYMENT') {
    throw new AntomRefusal(
      'PARAM_ILLEGAL',
      'productCode must be CASHIER_PAYMENT (One-time Payments).',
    );
  }
  const order = objectField(body, 'order') as JsonObject;
  requiredText(order, 'referenceOrderId', 64);
  const orderDescription = requiredText(order, 'orderDescription', 256);
  jpyAmount(order, 'orderAmount');
  const amount = jpyAmount(body, 'paymentAmount');
  if (amount > MAX_AMOUNT) {
    throw new AntomRefusal(
      'PAYMENT_AMOUNT_EXCEED_LIMIT',
      `au on Antom takes at most ${MAX_AMOUNT} JPY (spec §1).`,
    );
  }
  const method = objectField(body, 'paymentMethod') as JsonObject;
  if (textField(method, 'paymentMethodType', 64) !== options.paymentMethodType) {
    throw new AntomRefusal(
      'PARAM_ILLEGAL',
      `paymentMethod.paymentMethodType must be ${options.paymentMethodType} (the configured au type).`,
    );
  }
  const terminalType = terminal(objectField(body, 'env') as JsonObject);
  const paymentRedirectUrl = (urlField(body, 'paymentRedirectUrl', true) as URL).href;
  const paymentNotifyUrl = notifyUrlField(body, 'paymentNotifyUrl', options.notificationOrigins);

  const now = options.now();
  const session = ctx.sessions.create({
    request: { paymentRequestId },
    pairs: [],
    orderId: paymentRequestId,
    purchase: { itemName: orderDescription, amount, endsContract: false },
    layout: terminalType === 'WAP' ? 'wap' : 'web',
    now,
  });
  const payment = ledger.addPayment({
    paymentId: ledger.newPaymentId(now),
    paymentRequestId,
    fingerprint,
    amount,
    orderDescription,
    paymentRedirectUrl,
    paymentNotifyUrl,
    terminalType,
    createdAt: now,
    normalUrl: `${baseUrl}/au/${session.id}/login`,
    sessionId: session.id,
    status: 'PROCESSING',
    resultCode: 'PAYMENT_IN_PROCESS',
    resultMessage: 'payment in process',
  });
  options.logger.info({ paymentId: payment.paymentId, terminalType }, 'Antom pay accepted');
  return payReply(payment);
}
