import {
  getAcquirerProfile,
  type PaymentStatusEvent,
  type Refusal,
  type TransitionResult,
  transition,
} from '@au-pay/core';
import { ApiError } from '../http/api-error.js';
import type { PaymentRecord } from '../store/payment-store.js';

/** core's status model applied to a stored payment, at the payment's own acquirer. */
export function applyStatusEvent(
  payment: PaymentRecord,
  event: PaymentStatusEvent,
  now: Date,
): TransitionResult<PaymentRecord> {
  return transition(payment, event, now, getAcquirerProfile(payment.acquirer));
}

/** The merchant-API error of a status-model refusal: its code and both messages. */
export function refusalError(refusal: Refusal): ApiError {
  return new ApiError(
    // Refusals about the amount are the merchant's input (422); the others are about the
    // payment's state or its time windows (409).
    refusal.code.startsWith('amount_') ? 422 : 409,
    refusal.code,
    refusal.message.en,
    {
      message_ja: refusal.message.ja,
      ...(refusal.at && { at: refusal.at.toISOString() }),
      ...(refusal.limit !== undefined && { limit: refusal.limit }),
    },
  );
}
