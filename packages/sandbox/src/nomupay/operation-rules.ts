import {
  cancellationDeadline,
  partialRefundOpensAt,
  refundDeadline,
  settlementDeadline,
} from '@au-pay/core';
import { apiError, type NomupayApiError } from './api-error.js';
import type {
  NomupayLedger,
  NomupayOperationKind,
  NomupayOperationStatus,
  SandboxNomupayOperation,
  SandboxNomupayPayment,
} from './ledger.js';

/** What an accepted capture, cancel or refund will take. */
export interface PlannedOperation {
  readonly amount: number;
  readonly partial: boolean;
}

const refuse = (code: string, message: string, messageJa: string): NomupayApiError =>
  apiError(400, code, message, messageJa);

/**
 * Checks a capture, cancel or refund against spec/nomupay-au.md §6: full or ONE partial capture
 * (the rest is released), full or one partial cancel before any capture, full or one partial
 * refund of what was captured; the SBPS au windows (§6 [assume]: 90 days for capture and cancel,
 * refund until the end of the month after next, a partial refund only from the 1st of the month
 * after the capture). `requested` undefined = everything that remains.
 */
export function planOperation(
  kind: NomupayOperationKind,
  payment: SandboxNomupayPayment,
  ledger: NomupayLedger,
  requested: number | undefined,
  now: Date,
): PlannedOperation | NomupayApiError {
  const earlier = ledger.operationsOf(payment);
  if (earlier.some((operation) => operation.status === 'pending')) {
    return apiError(
      409,
      'operation_in_progress',
      'Another operation on this payment is still being processed; read its tracking URL first.',
      'この支払いの別の処理が実行中です。先にトラッキング URL で結果を確認してください。',
    );
  }
  const done = (of: NomupayOperationKind): SandboxNomupayOperation[] =>
    earlier.filter((operation) => operation.kind === of);
  const open = payment.authorizedAmount - payment.cancelledAmount;

  let available: number;
  switch (kind) {
    case 'capture':
      if (done('capture').length > 0) {
        return refuse(
          'multiple_partial_captures_not_supported',
          'This payment has been captured already: au Kantan Kessai allows one capture, full or partial, and releases the rest.',
          'この支払いは売上確定済みです。auかんたん決済の売上確定は全額または一部の 1 回のみで、残額は解放されます。',
        );
      }
      if (!['approved', 'partially_cancelled'].includes(payment.status))
        return wrongStatus(kind, payment);
      if (now >= settlementDeadline(payment.authorizedAt ?? payment.createdAt)) {
        return refuse(
          'capture_window_closed',
          'The capture window has closed: until the 90th day including the purchase date (Japan time).',
          '売上確定の期限（購入日を含めて 90 日目まで、日本時間）を過ぎています。',
        );
      }
      available = open;
      break;
    case 'cancel':
      if (done('cancel').some((operation) => operation.partial)) {
        return refuse(
          'multiple_partial_cancels_not_supported',
          'This payment has been partially cancelled already: au Kantan Kessai allows one partial cancel.',
          'この支払いは一部取消済みです。auかんたん決済の一部取消は 1 回のみです。',
        );
      }
      if (payment.status !== 'approved') return wrongStatus(kind, payment);
      if (now >= cancellationDeadline(payment.authorizedAt ?? payment.createdAt)) {
        return refuse(
          'cancel_window_closed',
          'The cancel window has closed: until the 90th day including the purchase date (Japan time).',
          '取消の期限（購入日を含めて 90 日目まで、日本時間）を過ぎています。',
        );
      }
      available = open;
      break;
    case 'refund': {
      if (done('refund').length > 0) {
        return refuse(
          'multiple_partial_refunds_not_supported',
          'This payment has been refunded already: au Kantan Kessai allows one refund, full or partial.',
          'この支払いは返金済みです。auかんたん決済の返金は全額または一部の 1 回のみです。',
        );
      }
      if (!['captured', 'partially_captured'].includes(payment.status)) {
        return wrongStatus(kind, payment);
      }
      const capturedAt = payment.capturedAt ?? payment.createdAt;
      if (now >= refundDeadline(capturedAt)) {
        return refuse(
          'refund_window_closed',
          'The refund window has closed: until the last day of the month after next, counting from the capture (Japan time).',
          '返金の期限（売上確定月の翌々月末日まで、日本時間）を過ぎています。',
        );
      }
      available = payment.capturedAmount;
      if (
        requested !== undefined &&
        requested < available &&
        now < partialRefundOpensAt(capturedAt)
      ) {
        return refuse(
          'partial_refund_not_yet_open',
          'A partial refund is possible only from the 1st of the month after the capture (Japan time); refund in full, or wait.',
          '一部返金は売上確定月の翌月 1 日（日本時間）から可能です。全額返金するか、それまでお待ちください。',
        );
      }
      break;
    }
  }
  const amount = requested ?? available;
  if (amount > available) {
    return refuse(
      'amount_too_large',
      `The amount ${amount} is more than the ${available} yen this payment has left to ${kind}.`,
      `金額 ${amount} 円が、この支払いで可能な ${available} 円を超えています。`,
    );
  }
  return { amount, partial: amount < available };
}

function wrongStatus(kind: NomupayOperationKind, payment: SandboxNomupayPayment): NomupayApiError {
  return refuse(
    'invalid_payment_status',
    `A ${kind} is not possible on a payment whose status is ${payment.status}.`,
    `ステータスが ${payment.status} の支払いには、この処理（${kind}）を実行できません。`,
  );
}

/** Applies a processed operation to its payment; answers the status both now carry (spec §7). */
export function applyOperation(
  operation: SandboxNomupayOperation,
  payment: SandboxNomupayPayment,
  now: Date,
): NomupayOperationStatus {
  switch (operation.kind) {
    case 'capture':
      payment.capturedAmount = operation.amount;
      payment.capturedAt = now;
      payment.status = operation.partial ? 'partially_captured' : 'captured';
      break;
    case 'cancel':
      payment.cancelledAmount += operation.amount;
      payment.status = operation.partial ? 'partially_cancelled' : 'cancelled';
      break;
    case 'refund':
      payment.refundedAmount = operation.amount;
      payment.status = operation.partial ? 'partially_refunded' : 'refunded';
      break;
  }
  payment.updatedAt = now;
  return payment.status as NomupayOperationStatus;
}
