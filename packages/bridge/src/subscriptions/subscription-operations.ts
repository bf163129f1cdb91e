import { randomBytes } from 'node:crypto';
import { subscriptionChargeSchema, transitionSubscription } from '@au-pay/core';
import { decodeSbpsErrorCode, type SbpsApiResponse } from '@au-pay/core/sbps';
import { z } from 'zod';
import { AcquirerUnavailableError } from '../acquirers/acquirer.js';
import { SbpsConnector } from '../acquirers/sbps/connector.js';
import type { BridgeContext } from '../bridge-context.js';
import { ApiError } from '../http/api-error.js';
import { hashClientSecret } from '../http/secret-compare.js';
import { withSettlementDeadline } from '../payments/authorization-expiry.js';
import { type ApiAnswer, errorAnswer } from '../payments/idempotency.js';
import { paymentChange, withoutFlag } from '../payments/payment-changes.js';
import { paymentView } from '../payments/payment-view.js';
import { refusalError } from '../payments/status-model.js';
import { checkItemName, parseBody } from '../routes/payments.js';
import type { PaymentRecord } from '../store/payment-store.js';
import { newPublicId } from '../store/public-id.js';
import type { SubscriptionRecord } from '../store/subscription-store.js';
import { newSubscriptionSecret } from './create-subscription.js';
import { findSubscription, subscriptionNotFound } from './find-subscription.js';
import { subscriptionChange } from './subscription-changes.js';
import { subscriptionView } from './subscription-view.js';

/**
 * Flag of an on-demand charge sent to SBPS whose answer is not recorded: written before the call,
 * cleared with the answer. SBPS has no inquiry (spec §8), so while it stays, no further charge of
 * the subscription is sent: the merchant checks SBPS's admin tool.
 */
export const CHARGE_OUTCOME_UNKNOWN = 'charge_outcome_unknown';

const noParameters = z.strictObject({});

/** The SBPS connector: subscriptions exist for SBPS only. */
export function sbpsConnectorOf(context: BridgeContext): SbpsConnector {
  const connector = context.connectors.get('sbps');
  if (!(connector instanceof SbpsConnector)) {
    throw new ApiError(
      400,
      'acquirer_not_configured',
      'SBPS is not configured on this bridge, and subscriptions are sold through SBPS only.',
      { message_ja: 'このブリッジには SBPS が設定されていません。' },
    );
  }
  return connector;
}

function outcomeUnknown(subscriptionId: string, what: { en: string; ja: string }): ApiError {
  return new ApiError(
    502,
    'acquirer_outcome_unknown',
    `SBPS did not answer the ${what.en} of ${subscriptionId} readably; it may or may not have been applied. Check it in SBPS's admin tool before trying again.`,
    {
      message_ja: `${subscriptionId} の${what.ja}に SBPS から正しい応答がなく、処理されたかどうか不明です。SBPS の管理画面で確認してから再度お試しください。`,
    },
  );
}

function acquirerRefused(response: SbpsApiResponse, what: { en: string; ja: string }): ApiError {
  const decoded = response.error ?? decodeSbpsErrorCode(response.errCode ?? '');
  return new ApiError(
    402,
    'acquirer_refused',
    `SBPS refused the ${what.en} (${decoded.code}): ${decoded.messages.en}`,
    {
      message_ja: `SBPS が${what.ja}を受け付けませんでした（${decoded.code}）：${decoded.messages.ja}`,
      acquirerCode: decoded.code,
      retryable: decoded.retryable,
    },
  );
}

const CHARGE = { en: 'charge', ja: '課金' };
const CANCELLATION = { en: 'cancellation', ja: '解約' };

/**
 * `POST /v1/subscriptions/:id/charges`: an ST01-00104-402 charge of an active on-demand contract
 * (spec §12) → an `authorized` payment, captured with `POST /v1/payments/:id/capture`. The payment
 * is recorded (pending, flagged) before SBPS is called; its answer authorizes or fails it. SBPS's
 * refusals (L0–L4, spec §8) come back as 402 `acquirer_refused` with its code.
 */
export async function chargeSubscription(
  context: BridgeContext,
  id: string,
  body: unknown,
): Promise<ApiAnswer> {
  const request = parseBody(subscriptionChargeSchema, body);
  const itemName = request.itemName;
  if (itemName !== undefined) checkItemName(itemName);
  const subscription = await findSubscription(context, id);
  const sbps = sbpsConnectorOf(context);
  const now = context.now();
  const check = transitionSubscription(subscription, { type: 'charge_requested' }, now);
  if (!check.ok) throw refusalError(check.refusal);

  const paymentId = newPublicId('pay');
  const payment: PaymentRecord = {
    id: paymentId,
    acquirer: 'sbps',
    status: 'pending',
    currency: 'JPY',
    amount: request.amount,
    capturedAmount: 0,
    refundedAmount: 0,
    // Fixed-term charges are specified sales: authorized, then settled (spec §12, §14).
    captureMode: 'manual',
    merchantReference: request.merchantReference,
    itemName: itemName ?? subscription.itemName,
    returnUrl: subscription.returnUrl,
    // Never checked out by a browser: a secret nobody holds.
    clientSecretHash: hashClientSecret(randomBytes(32).toString('base64url')),
    orderId: paymentId,
    custCode: subscription.customerId,
    acquirerReference: null,
    paidResultId: null,
    layout: null,
    checkoutCount: 0,
    partialCaptureCount: 0,
    refundCount: 0,
    flags: [CHARGE_OUTCOME_UNKNOWN],
    openOperation: null,
    createdAt: now,
    expiresAt: new Date(now.getTime() + context.settings.checkoutWindowMs),
    authorizedAt: null,
    capturedAt: null,
    updatedAt: now,
    version: 1,
    subscriptionId: subscription.id,
    cancelledAmount: 0,
    // The 90 days of a fixed-term charge count from its ST01-00104-402 request (spec §16).
    purchaseRequestedAt: now,
    settleBy: null,
  };
  let blocked: PaymentRecord | undefined;
  const opened = await context.store.updateSubscription(id, (current, payments) => {
    blocked = payments.find(
      (p) => p.status === 'pending' && p.flags.includes(CHARGE_OUTCOME_UNKNOWN),
    );
    if (blocked) return null;
    const recheck = transitionSubscription(current, { type: 'charge_requested' }, now);
    if (!recheck.ok) return null;
    return {
      ...subscriptionChange(context, current, now, [
        { type: 'charge.requested', data: { paymentId, amount: request.amount } },
      ]),
      newPayments: [
        {
          payment,
          event: {
            type: 'payment.created',
            data: {
              amount: request.amount,
              subscriptionId: id,
              merchantReference: request.merchantReference,
            },
          },
        },
      ],
    };
  });
  if (!opened) throw subscriptionNotFound(id);
  if (!opened.changed) {
    if (blocked) {
      throw new ApiError(
        409,
        'acquirer_outcome_unknown',
        `The charge ${blocked.id} of this subscription was sent to SBPS and its outcome is unknown, so no further charge is sent until it expires (${blocked.expiresAt.toISOString()}). Check it in SBPS's admin tool.`,
        {
          message_ja: `この契約の課金（${blocked.id}）の結果が不明のため、期限（${blocked.expiresAt.toISOString()}）まで新しい課金は送信しません。SBPS の管理画面で確認してください。`,
          paymentId: blocked.id,
        },
      );
    }
    throw new ApiError(
      409,
      'subscription_changed',
      'The subscription changed meanwhile; fetch it and try again.',
      {
        message_ja: '処理中に契約の状態が変わりました。取得し直してから再度お試しください。',
      },
    );
  }

  let response: SbpsApiResponse;
  try {
    response = await sbps.chargeContract(subscription, {
      orderId: paymentId,
      itemName: payment.itemName,
      amount: request.amount,
      requestedAt: now,
    });
  } catch (error) {
    if (!(error instanceof AcquirerUnavailableError)) throw error;
    const known = error.outcome === 'not_applied';
    await recordCharge(context, id, paymentId, (current) => ({
      next: known ? { ...withoutFlag(current, CHARGE_OUTCOME_UNKNOWN), status: 'failed' } : current,
      event: {
        type: known ? 'charge.not_sent' : 'charge.outcome_unknown',
        data: { reason: error.message },
      },
      webhook: known ? 'payment.failed' : undefined,
    }));
    context.logger.error({ subscriptionId: id, paymentId, err: error }, 'sbps charge failed');
    if (known) {
      return errorAnswer(
        new ApiError(
          502,
          'acquirer_unavailable',
          'SBPS could not be reached; nothing was charged. Try again later.',
          {
            message_ja:
              'SBPS に接続できませんでした。課金は行われていません。しばらくしてから再度お試しください。',
            paymentId,
          },
        ),
      );
    }
    return errorAnswer(outcomeUnknown(id, CHARGE));
  }

  if (response.result !== 'OK') {
    await recordCharge(context, id, paymentId, (current) => ({
      next: { ...withoutFlag(current, CHARGE_OUTCOME_UNKNOWN), status: 'failed' },
      event: { type: 'charge.refused', data: { errCode: response.errCode ?? '' } },
      webhook: 'payment.failed',
    }));
    return errorAnswer(acquirerRefused(response, CHARGE));
  }
  const trackingId = response.trackingId ?? '';
  const recorded = await recordCharge(context, id, paymentId, (current) => ({
    next: withSettlementDeadline({
      ...withoutFlag(current, CHARGE_OUTCOME_UNKNOWN),
      status: 'authorized',
      authorizedAt: now,
      acquirerReference: trackingId === '' ? null : trackingId,
      paidResultId: trackingId === '' ? null : trackingId,
    }),
    event: { type: 'payment.authorized', data: { trackingId, amount: current.amount } },
    webhook: 'payment.authorized',
    charged: true,
  }));
  context.logger.info({ subscriptionId: id, paymentId, trackingId }, 'subscription charged');
  return { status: 201, body: paymentView(recorded ?? payment) };
}

/** Writes SBPS's answer to a charge: the payment, and the contract's last charge when it was taken. */
async function recordCharge(
  context: BridgeContext,
  subscriptionId: string,
  paymentId: string,
  decide: (current: PaymentRecord) => {
    next: PaymentRecord;
    event: { type: string; data: Record<string, unknown> };
    webhook: 'payment.authorized' | 'payment.failed' | undefined;
    charged?: boolean;
  },
): Promise<PaymentRecord | undefined> {
  const now = context.now();
  let written: PaymentRecord | undefined;
  await context.store.updateSubscription(subscriptionId, (current, payments) => {
    const payment = payments.find((p) => p.id === paymentId);
    if (!payment) return null;
    const { next, event, webhook, charged } = decide(payment);
    const change = paymentChange(
      next,
      now,
      [event],
      webhook && {
        type: webhook,
        enabled: context.config.webhook !== null,
      },
    );
    written = change.payment;
    // The last payment process restarts the 365-day count (spec §14); a contract cancelled
    // meanwhile keeps its status (the charge happened before).
    const counted = charged
      ? transitionSubscription(current, { type: 'charge_requested' }, now)
      : undefined;
    const subscription =
      counted?.ok === true
        ? counted.subscription
        : charged
          ? { ...current, lastChargedAt: now }
          : current;
    return {
      ...subscriptionChange(context, subscription, now, []),
      paymentChanges: [change],
    };
  });
  return written;
}

/**
 * `POST /v1/subscriptions/:id/cancel`: ST02-00302-402 (monthly, spec §11) or ST02-00309-402
 * (on demand, §13) → `cancelled` with `subscription.cancelled`. SBPS's "already cancelled" (32, L7)
 * means the contract is cancelled: recorded as such. Cancelling again is harmless at SBPS, so an
 * unknown outcome is simply retried by the merchant.
 */
export async function cancelSubscription(
  context: BridgeContext,
  id: string,
  body: unknown,
): Promise<ApiAnswer> {
  parseBody(noParameters, body);
  const subscription = await findSubscription(context, id);
  const now = context.now();
  const check = transitionSubscription(subscription, { type: 'cancel_requested' }, now);
  if (!check.ok) throw refusalError(check.refusal);
  if (!check.changed) return { status: 200, body: subscriptionView(subscription, now) };
  const sbps = sbpsConnectorOf(context);
  let response: SbpsApiResponse;
  try {
    response = await sbps.cancelContract(subscription, now);
  } catch (error) {
    if (!(error instanceof AcquirerUnavailableError)) throw error;
    context.logger.error({ subscriptionId: id, err: error }, 'sbps cancellation failed');
    if (error.outcome === 'not_applied') {
      throw new ApiError(
        502,
        'acquirer_unavailable',
        'SBPS could not be reached; the subscription was not cancelled. Try again later.',
        {
          message_ja:
            'SBPS に接続できませんでした。解約されていません。しばらくしてから再度お試しください。',
        },
      );
    }
    return errorAnswer(outcomeUnknown(id, CANCELLATION));
  }
  const type = response.error?.type ?? decodeSbpsErrorCode(response.errCode ?? '').type;
  const alreadyCancelled = response.result !== 'OK' && (type === '32' || type === 'L7');
  if (response.result !== 'OK' && !alreadyCancelled) {
    return errorAnswer(acquirerRefused(response, CANCELLATION));
  }
  const result = await context.store.updateSubscription(id, (current) => {
    const decision = transitionSubscription(current, { type: 'cancel_requested' }, now);
    if (!decision.ok || !decision.changed) return null;
    return subscriptionChange(
      context,
      decision.subscription,
      now,
      [
        {
          type: 'subscription.cancelled',
          data: { by: 'merchant', errCode: response.errCode ?? '' },
        },
      ],
      { type: 'subscription.cancelled' },
    );
  });
  context.logger.info({ subscriptionId: id }, 'subscription cancelled');
  return { status: 200, body: subscriptionView(result?.subscription ?? subscription, now) };
}

/**
 * `POST /v1/subscriptions/:id/resume`: a cancelled on-demand contract goes back to `incomplete`
 * with a new client secret; the buyer re-applies through D01-1 `service_type=2` on the contract's
 * tracking id (spec §7, §15), under a new `order_id` (`<id>-r<n>`: SBPS keeps order ids unique).
 */
export async function resumeSubscription(
  context: BridgeContext,
  id: string,
  body: unknown,
): Promise<{ subscription: SubscriptionRecord; clientSecret: string }> {
  parseBody(noParameters, body);
  await findSubscription(context, id);
  sbpsConnectorOf(context);
  const now = context.now();
  const clientSecret = newSubscriptionSecret(id);
  const expiresAt = new Date(now.getTime() + context.settings.checkoutWindowMs);
  let refused: ApiError | undefined;
  const result = await context.store.updateSubscription(id, (current) => {
    const decision = transitionSubscription(current, { type: 'resume_requested', expiresAt }, now);
    if (!decision.ok) {
      refused = refusalError(decision.refusal);
      return null;
    }
    const resumeCount = current.resumeCount + 1;
    return subscriptionChange(
      context,
      {
        ...decision.subscription,
        resumeCount,
        orderId: `${current.id}-r${resumeCount}`,
        clientSecretHash: hashClientSecret(clientSecret),
        checkoutCount: 0,
      },
      now,
      [{ type: 'subscription.resume_requested', data: { resume: resumeCount } }],
    );
  });
  if (refused) throw refused;
  if (!result) throw subscriptionNotFound(id);
  return { subscription: result.subscription, clientSecret };
}
