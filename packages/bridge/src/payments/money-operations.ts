import { getAcquirerProfile, type PaymentStatusEvent, refundEvent } from '@au-pay/core';
import {
  type AcquirerConnector,
  type AcquirerOutcome,
  AcquirerUnavailableError,
} from '../acquirers/acquirer.js';
import { type BridgeContext, connectorOf } from '../bridge-context.js';
import { ApiError } from '../http/api-error.js';
import type { OpenOperation, PaymentRecord } from '../store/payment-store.js';
import { newPublicId } from '../store/public-id.js';
import { refuseMonthlyPartialRefund } from '../subscriptions/monthly-refund.js';
import { expireIfDue } from './expiry.js';
import { type ApiAnswer, errorAnswer } from './idempotency.js';
import {
  announceOutcomeUnknown,
  appliedChange,
  notAppliedChange,
  operationData,
  outcomeUnknownError,
  withOpenOperation,
} from './open-operations.js';
import { paymentBusy, underOperationLock } from './operation-lock.js';
import { paymentChange } from './payment-changes.js';
import { openOperationView, paymentView } from './payment-view.js';
import { applyStatusEvent, refusalError } from './status-model.js';

/** A merchant's request to move money on an existing payment. */
export type MoneyOperation =
  | { type: 'capture'; amount?: number }
  | { type: 'cancel' }
  | { type: 'refund'; amount?: number };

/**
 * Capture, cancel or refund, in the only safe order: the bridge's own rules and Japan-time windows
 * first (a refusal costs nothing and calls nobody), then the open operation recorded on the
 * payment, then the acquirer, then its answer recorded with the state change, its event and its
 * webhook in one store transaction that re-checks the state. While an earlier operation's outcome
 * is unknown, nothing is sent (DESIGN.md "Money operations whose outcome is unknown").
 *
 * Throws `ApiError` when nothing was sent (the idempotency claim is released); returns the answer
 * once the acquirer was called, whatever it said (kept for replays).
 */
export async function runMoneyOperation(
  context: BridgeContext,
  paymentId: string,
  operation: MoneyOperation,
  idempotencyKey: string | null,
): Promise<ApiAnswer> {
  const locked = await underOperationLock(context, paymentId, async () => {
    const found = await context.store.getPayment(paymentId);
    if (!found) throw paymentNotFound(paymentId);
    const payment = await expireIfDue(context, found);
    const open = payment.openOperation;
    if (open) {
      // Whoever opened it has finished or died (it no longer holds the lock): its outcome is
      // unknown. A retry under its own Idempotency-Key after the in-flight TTL lands here too.
      await announceOutcomeUnknown(context, payment.id, open);
      throw outcomeUnknownError(payment, open, 409);
    }
    // One instant for the check and the re-check: the acquirer accepted the request as of now.
    const decidedAt = context.now();
    refuseMonthlyPartialRefund(payment, operation);
    const check = applyStatusEvent(payment, statusEventOf(payment, operation), decidedAt);
    if (!check.ok) throw refusalError(check.refusal);
    // The same capture, cancel or refund is already done: nothing to send.
    if (!check.changed) return { status: 200, body: paymentView(payment) };
    const amount = operationAmount(payment, check.payment, operation);
    const opened: OpenOperation = {
      id: newPublicId('op'),
      kind: operation.type,
      amount: amount.value,
      partial: amount.partial,
      idempotencyKey,
      requestedAt: decidedAt,
    };
    return sendAndRecord(context, payment, opened, amount.rest);
  });
  if (!locked.ran) throw paymentBusy();
  return locked.value;
}

/**
 * The acquirer call between two writes. First the open operation is recorded (with its event and
 * the `acquirer_outcome_unknown` flag), so that whatever happens next (a timeout, a crash, the
 * database failing right after the acquirer said OK) the payment shows that the acquirer may have
 * acted, and nothing more is sent until that is settled. The answer closes it; an unknown outcome
 * leaves it open.
 */
async function sendAndRecord(
  context: BridgeContext,
  payment: PaymentRecord,
  operation: OpenOperation,
  rest: boolean,
): Promise<ApiAnswer> {
  const { store, logger } = context;
  const paymentId = payment.id;
  const connector = connectorOf(context, payment.acquirer);
  const acquirer = getAcquirerProfile(payment.acquirer).name;
  const requested = operationData(operation);
  await store.updatePayment(paymentId, (current) =>
    paymentChange(withOpenOperation(current, operation), context.now(), [
      { type: `${operation.kind}.requested`, data: requested },
    ]),
  );

  let outcome: AcquirerOutcome | 'unknown';
  try {
    outcome = await callAcquirer(context, connector, payment, operation, rest);
  } catch (error) {
    // Certainly not applied (ApiError from callAcquirer): say so, then refuse.
    await store.updatePayment(paymentId, (current) =>
      notAppliedChange(context, current, operation, {
        type: `${operation.kind}.not_sent`,
        data: requested,
      }),
    );
    throw error;
  }

  if (outcome === 'unknown') {
    try {
      await announceOutcomeUnknown(context, paymentId, operation);
    } catch (error) {
      // The operation stays open whatever this write does: the refusals stand.
      logger.error({ paymentId, err: error }, 'could not record the unknown outcome');
    }
    return errorAnswer(outcomeUnknownError(payment, operation, 502));
  }

  try {
    if (!outcome.ok) {
      const refused = outcome;
      await store.updatePayment(paymentId, (current) =>
        notAppliedChange(context, current, operation, {
          type: `${operation.kind}.refused`,
          data: {
            ...requested,
            acquirerCode: refused.code,
            message: refused.message.en,
            message_ja: refused.message.ja,
            retryable: refused.retryable,
          },
        }),
      );
      logger.warn(
        { paymentId, operation: operation.kind, acquirerCode: refused.code },
        'acquirer refused the operation',
      );
      return errorAnswer(
        new ApiError(
          refused.retryable ? 503 : 422,
          'acquirer_refused',
          `${acquirer.en} refused the ${operation.kind}: ${refused.message.en}`,
          {
            message_ja: `${acquirer.ja} が処理を受け付けませんでした: ${refused.message.ja}`,
            acquirerCode: refused.code,
            retryable: refused.retryable,
          },
        ),
      );
    }

    const data = { ...requested, acquirerTransactionId: outcome.transactionId };
    const written = await store.updatePayment(paymentId, (current) =>
      appliedChange(context, current, operation, [], data),
    );
    if (!written) throw paymentNotFound(paymentId);
    logger.info(
      { paymentId, operation: operation.kind, status: written.payment.status },
      'payment updated',
    );
    return { status: 200, body: paymentView(written.payment) };
  } catch (error) {
    // The acquirer answered but the answer could not be recorded. The operation stays open, so
    // nothing is sent again until the merchant resolves it; this answer is returned (not thrown)
    // so that a retry under the same Idempotency-Key replays it.
    logger.error(
      { paymentId, operation: operation.kind, err: error },
      'the acquirer answered but the answer could not be recorded',
    );
    return errorAnswer(
      new ApiError(
        500,
        'acquirer_answer_not_recorded',
        `${acquirer.en} answered the ${operation.kind} request but the bridge could not record it. Check the payment in the ${acquirer.en} admin tool, then record what you found with POST /v1/payments/${paymentId}/resolve.`,
        {
          message_ja: `${acquirer.ja} の応答を記録できませんでした。${acquirer.ja} 管理画面で状態を確認し、POST /v1/payments/${paymentId}/resolve で結果を記録してください。`,
          openOperation: openOperationView(operation),
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
  connector: AcquirerConnector,
  payment: PaymentRecord,
  operation: OpenOperation,
  rest: boolean,
): Promise<AcquirerOutcome | 'unknown'> {
  const { logger } = context;
  // No amount = the whole authorization (spec §9 row 6) or all that remains (§10 row 6); an amount
  // is sent only for a partial settlement or a refund of less than what remains.
  const call = {
    id: operation.id,
    kind: operation.kind,
    ...(!rest && { amount: operation.amount }),
    requestedAt: operation.requestedAt,
  };
  try {
    switch (operation.kind) {
      case 'capture':
        return await connector.capture(payment, call);
      case 'cancel':
        return await connector.cancel(payment, call);
      case 'refund':
        return await connector.refund(payment, call);
    }
  } catch (error) {
    if (!(error instanceof AcquirerUnavailableError)) throw error;
    logger.error(
      { paymentId: payment.id, operation: operation.kind, outcome: error.outcome, err: error },
      'acquirer unavailable',
    );
    if (error.outcome === 'not_applied') {
      const acquirer = getAcquirerProfile(payment.acquirer).name;
      throw new ApiError(
        502,
        'acquirer_unavailable',
        `${acquirer.en} could not be used: ${error.message}`,
        {
          message_ja: `${acquirer.ja} に接続できませんでした。しばらくしてから再試行してください。`,
        },
      );
    }
    return 'unknown';
  }
}

export function paymentNotFound(id: string): ApiError {
  return new ApiError(404, 'payment_not_found', `No payment ${JSON.stringify(id)} exists.`, {
    message_ja: '指定された決済が見つかりません。',
  });
}
