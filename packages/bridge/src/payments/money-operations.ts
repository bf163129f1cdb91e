import { type PaymentStatusEvent, refundEvent } from '@au-pay/core';
import { type AcquirerOutcome, AcquirerUnavailableError } from '../acquirers/acquirer.js';
import type { BridgeContext } from '../bridge-context.js';
import { ApiError } from '../http/api-error.js';
import type { PaymentRecord, WebhookEventType } from '../store/payment-store.js';
import { expireIfDue } from './expiry.js';
import { type ApiAnswer, errorAnswer } from './idempotency.js';
import { paymentChange, withFlag, withoutFlag } from './payment-changes.js';
import { paymentView } from './payment-view.js';
import { applyStatusEvent, refusalError } from './status-model.js';

/** A merchant's request to move money on an existing payment. */
export type MoneyOperation =
  | { type: 'capture'; amount?: number }
  | { type: 'cancel' }
  | { type: 'refund'; amount?: number };

const DONE: Record<MoneyOperation['type'], { event: string; webhook: WebhookEventType }> = {
  capture: { event: 'payment.captured', webhook: 'payment.captured' },
  cancel: { event: 'payment.cancelled', webhook: 'payment.cancelled' },
  refund: { event: 'payment.refunded', webhook: 'payment.refunded' },
};

// Serialises money operations on one payment across requests and bridge instances: a capture and
// a refund (or two refunds) never reach the acquirer at the same time. Built on the store's
// idempotency claims, so it works with several instances on PostgreSQL; a claim left by a dead
// instance lapses after the in-flight TTL.
const OPERATION_LOCK_SCOPE = 'payment-operation-lock';

/**
 * Capture, cancel or refund, in the only safe order: the bridge's own rules and Japan-time windows
 * first (a refusal costs nothing and calls nobody), then the acquirer, then the state change,
 * its event and its webhook in one store transaction that re-checks the state.
 *
 * Throws `ApiError` when nothing happened (the idempotency claim is released); returns the answer
 * once the acquirer was called, whatever it said (kept for replays).
 */
export async function runMoneyOperation(
  context: BridgeContext,
  paymentId: string,
  operation: MoneyOperation,
): Promise<ApiAnswer> {
  const { store } = context;
  const lock = await store.claimIdempotencyKey(
    OPERATION_LOCK_SCOPE,
    paymentId,
    'lock',
    context.now(),
    context.settings.idempotencyInFlightTtlMs,
  );
  if (lock.kind !== 'claimed') {
    throw new ApiError(
      409,
      'payment_busy',
      'Another capture, cancel or refund of this payment is in progress; retry when it has finished.',
      {
        message_ja:
          'この決済に対する別の売上確定・取消・返金を処理中です。完了後に再試行してください。',
      },
    );
  }
  try {
    const found = await store.getPayment(paymentId);
    if (!found) throw paymentNotFound(paymentId);
    const payment = await expireIfDue(context, found);
    // One instant for the check and the re-check: the acquirer accepted the request as of now.
    const decidedAt = context.now();
    const event = statusEventOf(payment, operation);
    const check = applyStatusEvent(payment, event, decidedAt);
    if (!check.ok) throw refusalError(check.refusal);
    // The same capture, cancel or refund is already done: nothing to send.
    if (!check.changed) return { status: 200, body: paymentView(payment) };
    const amount = operationAmount(payment, check.payment, operation);
    return await sendAndRecord(context, payment, operation, event, amount, decidedAt);
  } finally {
    await store.releaseIdempotencyKey(OPERATION_LOCK_SCOPE, paymentId);
  }
}

const OUTCOME_UNKNOWN = 'acquirer_outcome_unknown';

/**
 * The acquirer call between two writes. First the intent is recorded (event + the
 * `acquirer_outcome_unknown` flag), so that whatever happens next — a timeout, a crash, the
 * database failing right after SBPS said OK — the payment shows that SBPS may have acted. The
 * flag is cleared again when the answer is recorded (unless an earlier request left it).
 */
async function sendAndRecord(
  context: BridgeContext,
  payment: PaymentRecord,
  operation: MoneyOperation,
  event: PaymentStatusEvent,
  amount: OperationAmount,
  decidedAt: Date,
): Promise<ApiAnswer> {
  const { store, logger } = context;
  const paymentId = payment.id;
  const requested = { amount: amount.value, partial: amount.partial };
  const flaggedBefore = payment.flags.includes(OUTCOME_UNKNOWN);
  const settle = (current: PaymentRecord): PaymentRecord =>
    flaggedBefore ? current : withoutFlag(current, OUTCOME_UNKNOWN);
  await store.updatePayment(paymentId, (current) =>
    paymentChange(withFlag(current, OUTCOME_UNKNOWN), context.now(), [
      { type: `${operation.type}.requested`, data: requested },
    ]),
  );

  let outcome: AcquirerOutcome | 'unknown';
  try {
    outcome = await callAcquirer(context, payment, operation, amount, decidedAt);
  } catch (error) {
    // Certainly not applied (ApiError from callAcquirer): say so, then refuse.
    await store.updatePayment(paymentId, (current) =>
      paymentChange(settle(current), context.now(), [
        { type: `${operation.type}.not_sent`, data: requested },
      ]),
    );
    throw error;
  }

  try {
    if (outcome === 'unknown') {
      await store.updatePayment(paymentId, (current) =>
        paymentChange(current, context.now(), [
          { type: `${operation.type}.outcome_unknown`, data: requested },
        ]),
      );
      return errorAnswer(
        new ApiError(
          502,
          'acquirer_outcome_unknown',
          `SBPS did not answer the ${operation.type} request readably; it may or may not have been applied. Check the payment in the SBPS admin tool before retrying.`,
          {
            message_ja:
              'SBPS から正しい応答がなく、処理結果が不明です。再試行の前に SBPS 管理画面で状態を確認してください。',
          },
        ),
      );
    }
    if (!outcome.ok) {
      const refused = outcome;
      await store.updatePayment(paymentId, (current) =>
        paymentChange(settle(current), context.now(), [
          {
            type: `${operation.type}.refused`,
            data: {
              ...requested,
              acquirerCode: refused.code,
              message: refused.message.en,
              message_ja: refused.message.ja,
              retryable: refused.retryable,
            },
          },
        ]),
      );
      logger.warn(
        { paymentId, operation: operation.type, acquirerCode: refused.code },
        'acquirer refused the operation',
      );
      return errorAnswer(
        new ApiError(
          refused.retryable ? 503 : 422,
          'acquirer_refused',
          `SBPS refused the ${operation.type}: ${refused.message.en}`,
          {
            message_ja: `SBPS が処理を受け付けませんでした: ${refused.message.ja}`,
            acquirerCode: refused.code,
            retryable: refused.retryable,
          },
        ),
      );
    }

    const webhooksEnabled = context.config.webhook !== null;
    const data = { ...requested, acquirerTransactionId: outcome.transactionId };
    const written = await store.updatePayment(paymentId, (current) => {
      const now = context.now();
      const decision = applyStatusEvent(current, event, decidedAt);
      if (!decision.ok || !decision.changed) {
        // The acquirer did it, yet the payment moved meanwhile: never hide money that moved.
        return paymentChange(withFlag(current, 'acquirer_state_conflict'), now, [
          {
            type: `${operation.type}.conflict`,
            data: { ...data, refusal: decision.ok ? 'already_applied' : decision.refusal.code },
          },
        ]);
      }
      return paymentChange(
        settle(decision.payment),
        now,
        [{ type: DONE[operation.type].event, data }],
        { type: DONE[operation.type].webhook, enabled: webhooksEnabled, extra: data },
      );
    });
    if (!written) throw paymentNotFound(paymentId);
    logger.info(
      { paymentId, operation: operation.type, status: written.payment.status },
      'payment updated',
    );
    return { status: 200, body: paymentView(written.payment) };
  } catch (error) {
    // SBPS answered but the answer could not be recorded. The payment keeps its
    // acquirer_outcome_unknown flag; this answer is returned (not thrown) so that a retry under
    // the same Idempotency-Key replays it instead of asking SBPS again.
    logger.error(
      { paymentId, operation: operation.type, err: error },
      'the acquirer answered but the answer could not be recorded',
    );
    return errorAnswer(
      new ApiError(
        500,
        'acquirer_answer_not_recorded',
        `SBPS answered the ${operation.type} request but the bridge could not record it. Check the payment in the SBPS admin tool before retrying.`,
        {
          message_ja:
            'SBPS の応答を記録できませんでした。再試行の前に SBPS 管理画面で状態を確認してください。',
        },
      ),
    );
  }
}

/** The status-model event of an operation (a refund names the total refunded once it is done). */
function statusEventOf(payment: PaymentRecord, operation: MoneyOperation): PaymentStatusEvent {
  switch (operation.type) {
    case 'capture':
      return {
        type: 'capture',
        ...(operation.amount !== undefined && { amount: operation.amount }),
      };
    case 'cancel':
      return { type: 'cancel' };
    case 'refund':
      return refundEvent(payment, operation.amount);
  }
}

/**
 * What an operation moves: `value` yen; `partial` as the status model counts it (what the events
 * and webhooks say); `rest` when it moves all that is left, so that the acquirer is sent no amount
 * (spec §9 row 6: the whole authorization; §10 row 6: all that remains).
 */
interface OperationAmount {
  value: number;
  partial: boolean;
  rest: boolean;
}

/** How much this operation moves, and whether it is partial, read off the status model's result. */
function operationAmount(
  before: PaymentRecord,
  after: PaymentRecord,
  operation: MoneyOperation,
): OperationAmount {
  switch (operation.type) {
    case 'capture': {
      const partial = after.capturedAmount < before.amount;
      return { value: after.capturedAmount, partial, rest: !partial };
    }
    case 'cancel':
      return { value: before.amount, partial: false, rest: true };
    case 'refund': {
      const value = after.refundedAmount - before.refundedAmount;
      return {
        value,
        // core's meaning (status.ts, refund): only one refund of everything captured is not
        // partial; the rest after a partial refund is a partial refund of the payment.
        partial: value < before.capturedAmount,
        rest: after.refundedAmount === before.capturedAmount,
      };
    }
  }
}

async function callAcquirer(
  context: BridgeContext,
  payment: PaymentRecord,
  operation: MoneyOperation,
  amount: OperationAmount,
  now: Date,
): Promise<AcquirerOutcome | 'unknown'> {
  const { acquirer, logger } = context;
  // No amount = the whole authorization (spec §9 row 6) or all that remains (§10 row 6); an amount
  // is sent only for a partial settlement or a refund of less than what remains.
  const sentAmount = amount.rest ? undefined : amount.value;
  try {
    switch (operation.type) {
      case 'capture':
        return await acquirer.capture(payment, sentAmount, now);
      case 'cancel':
        return await acquirer.cancel(payment, now);
      case 'refund':
        return await acquirer.refund(payment, sentAmount, now);
    }
  } catch (error) {
    if (!(error instanceof AcquirerUnavailableError)) throw error;
    logger.error(
      { paymentId: payment.id, operation: operation.type, outcome: error.outcome, err: error },
      'acquirer unavailable',
    );
    if (error.outcome === 'not_applied') {
      throw new ApiError(502, 'acquirer_unavailable', `SBPS could not be used: ${error.message}`, {
        message_ja: 'SBPS に接続できませんでした。しばらくしてから再試行してください。',
      });
    }
    return 'unknown';
  }
}

export function paymentNotFound(id: string): ApiError {
  return new ApiError(404, 'payment_not_found', `No payment ${JSON.stringify(id)} exists.`, {
    message_ja: '指定された決済が見つかりません。',
  });
}
