import {
  cancelEvent,
  getAcquirerProfile,
  type PaymentStatusEvent,
  refundEvent,
} from '@au-pay/core';
import type { BridgeContext } from '../bridge-context.js';
import { ApiError } from '../http/api-error.js';
import type {
  NewPaymentEvent,
  OpenOperation,
  OperationKind,
  PaymentChange,
  PaymentRecord,
  WebhookEventType,
} from '../store/payment-store.js';
import { paymentChange, withFlag, withoutFlag } from './payment-changes.js';
import { openOperationView } from './payment-view.js';
import { applyStatusEvent } from './status-model.js';

// The open operation of a payment (DESIGN.md "Money operations whose outcome is unknown"): a
// capture, cancel or refund recorded before the acquirer is called and settled by exactly one of
// the acquirer's answer, the merchant's `resolve`, or the acquirer's answer to an inquiry. While it
// is open, nothing else is sent for the payment. Whoever settles one holds the payment's operation
// lock (operation-lock.ts).

/** Set exactly while an operation is open, for merchants who read `flags`. */
export const OUTCOME_UNKNOWN_FLAG = 'acquirer_outcome_unknown';

const DONE: Record<OperationKind, { event: string; webhook: WebhookEventType }> = {
  capture: { event: 'payment.captured', webhook: 'payment.captured' },
  cancel: { event: 'payment.cancelled', webhook: 'payment.cancelled' },
  refund: { event: 'payment.refunded', webhook: 'payment.refunded' },
};

const KIND_TEXT: Record<OperationKind, { en: string; ja: string }> = {
  capture: { en: 'capture', ja: '売上確定' },
  cancel: { en: 'cancellation', ja: '取消' },
  refund: { en: 'refund', ja: '返金' },
};

/** What the history says of an operation. */
export function operationData(operation: OpenOperation): Record<string, unknown> {
  return { operationId: operation.id, amount: operation.amount, partial: operation.partial };
}

export function withOpenOperation(payment: PaymentRecord, operation: OpenOperation): PaymentRecord {
  return { ...withFlag(payment, OUTCOME_UNKNOWN_FLAG), openOperation: operation };
}

export function withoutOpenOperation(payment: PaymentRecord): PaymentRecord {
  return { ...withoutFlag(payment, OUTCOME_UNKNOWN_FLAG), openOperation: null };
}

/**
 * The write of an operation the acquirer applied (its OK, the merchant's `resolve`, an inquiry):
 * the status model moves the payment as of the instant the operation was requested, the operation
 * is closed, and the usual event and webhook go out. `leading` events come first.
 */
export function appliedChange(
  context: BridgeContext,
  current: PaymentRecord,
  operation: OpenOperation,
  leading: NewPaymentEvent[],
  data: Record<string, unknown>,
): PaymentChange {
  const now = context.now();
  const stillOpen = current.openOperation?.id === operation.id;
  const decision = stillOpen
    ? applyStatusEvent(current, statusEventOf(current, operation), operation.requestedAt)
    : null;
  if (decision === null || !decision.ok || !decision.changed) {
    // The acquirer did it, yet the payment moved meanwhile (or the operation was settled another
    // way): never hide money that moved.
    const refusal =
      decision === null
        ? 'operation_already_settled'
        : decision.ok
          ? 'already_applied'
          : decision.refusal.code;
    const base = stillOpen ? withoutOpenOperation(current) : current;
    return paymentChange(withFlag(base, 'acquirer_state_conflict'), now, [
      ...leading,
      { type: `${operation.kind}.conflict`, data: { ...data, refusal } },
    ]);
  }
  const done = DONE[operation.kind];
  return paymentChange(
    withoutOpenOperation(decision.payment),
    now,
    [...leading, { type: done.event, data }],
    { type: done.webhook, enabled: context.config.webhook !== null, extra: data },
  );
}

/** The write of an operation certainly not applied (refused, never sent, resolved as not applied). */
export function notAppliedChange(
  context: BridgeContext,
  current: PaymentRecord,
  operation: OpenOperation,
  event: NewPaymentEvent,
): PaymentChange {
  const next = current.openOperation?.id === operation.id ? withoutOpenOperation(current) : current;
  return paymentChange(next, context.now(), [event]);
}

/**
 * Settles the payment's open operation once its outcome is known, the same way for the merchant's
 * `resolve` and the inquiry resolver: applied → as if the acquirer had said OK; not applied →
 * closed, nothing else changes. Either way a `<kind>.resolved` event records who settled it. The
 * caller holds the payment's operation lock. Returns the payment as it now stands.
 */
export async function settleOpenOperation(
  context: BridgeContext,
  payment: PaymentRecord,
  operation: OpenOperation,
  applied: boolean,
  by: 'merchant' | 'inquiry' | 'notification',
): Promise<PaymentRecord> {
  const data = { ...operationData(operation), resolvedBy: by };
  const resolved = { type: `${operation.kind}.resolved`, data: { ...data, applied } };
  const written = await context.store.updatePayment(payment.id, (current) => {
    if (current.openOperation?.id !== operation.id) return null;
    return applied
      ? appliedChange(context, current, operation, [resolved], data)
      : notAppliedChange(context, current, operation, resolved);
  });
  if (written?.changed) {
    context.logger.info(
      { paymentId: payment.id, operationId: operation.id, applied, by },
      'open operation settled',
    );
  }
  return written?.payment ?? payment;
}

/**
 * Tells the merchant that an operation's outcome is unknown: a `<kind>.outcome_unknown` event and a
 * `payment.operation_unknown` webhook, once per operation, whether the acquirer failed to answer or
 * the bridge died waiting (found later by a refused request or the resolver). The caller holds the
 * payment's operation lock, so the history it reads cannot change meanwhile.
 */
export async function announceOutcomeUnknown(
  context: BridgeContext,
  paymentId: string,
  operation: OpenOperation,
): Promise<void> {
  const type = `${operation.kind}.outcome_unknown`;
  const events = await context.store.listEvents(paymentId);
  if (events.some((event) => event.type === type && event.data.operationId === operation.id)) {
    return;
  }
  await context.store.updatePayment(paymentId, (current) =>
    current.openOperation?.id !== operation.id
      ? null
      : paymentChange(current, context.now(), [{ type, data: operationData(operation) }], {
          type: 'payment.operation_unknown',
          enabled: context.config.webhook !== null,
        }),
  );
}

/**
 * The refusal while an operation is open (409), or the answer of the request whose outcome just
 * became unknown (502): what to do next, and the operation itself.
 */
export function outcomeUnknownError(
  payment: PaymentRecord,
  operation: OpenOperation,
  status: 409 | 502,
): ApiError {
  const acquirer = getAcquirerProfile(payment.acquirer).name;
  const kind = KIND_TEXT[operation.kind];
  const path = `POST /v1/payments/${payment.id}/resolve`;
  const what =
    status === 502
      ? {
          en: `${acquirer.en} did not answer the ${kind.en} ${operation.id} readably; it may or may not have been applied, so nothing more is sent for this payment.`,
          ja: `${acquirer.ja} から${kind.ja}（${operation.id}）への正しい応答がなく、処理されたかどうか不明です。この決済ではこれ以上何も送信しません。`,
        }
      : {
          en: `The ${kind.en} ${operation.id} of this payment was sent to ${acquirer.en}, but its outcome is unknown, so nothing more is sent for this payment.`,
          ja: `この決済の${kind.ja}（${operation.id}）は${acquirer.ja}に送信されましたが、結果が不明のため、この決済ではこれ以上何も送信しません。`,
        };
  return new ApiError(
    status,
    'acquirer_outcome_unknown',
    `${what.en} Check the payment in ${acquirer.en}'s admin tool, then record what you found with ${path} {"applied": true} (it was applied) or {"applied": false} (it was not).`,
    {
      message_ja: `${what.ja}${acquirer.ja}の管理画面で状態を確認し、${path} に {"applied": true}（処理済み）または {"applied": false}（未処理）を送ってください。`,
      openOperation: openOperationView(operation),
    },
  );
}

/**
 * The status-model event of an open operation (a refund, and a partial cancel, name the total once
 * done).
 */
function statusEventOf(payment: PaymentRecord, operation: OpenOperation): PaymentStatusEvent {
  switch (operation.kind) {
    case 'capture':
      return { type: 'capture', amount: operation.amount };
    case 'cancel':
      return operation.partial ? cancelEvent(payment, operation.amount) : { type: 'cancel' };
    case 'refund':
      return refundEvent(payment, operation.amount);
  }
}
