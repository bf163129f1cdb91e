import type {
  NewPaymentEvent,
  PaymentChange,
  PaymentRecord,
  WebhookEventType,
} from '../store/payment-store.js';
import { buildWebhookMessage } from '../webhooks/webhook-message.js';
import { paymentView } from './payment-view.js';

/**
 * Builds one store write: the next payment, its history entries and, when the merchant has a
 * webhook endpoint, the webhook telling them. `now` is the write's time (`updatedAt`, event time).
 */
export function paymentChange(
  next: PaymentRecord,
  now: Date,
  events: NewPaymentEvent[],
  webhook?: { type: WebhookEventType; enabled: boolean; extra?: Record<string, unknown> },
): PaymentChange {
  const payment = { ...next, updatedAt: now };
  return {
    payment,
    events,
    webhooks:
      webhook?.enabled === true
        ? [
            buildWebhookMessage(
              webhook.type,
              { payment: paymentView(payment), ...webhook.extra },
              now,
            ),
          ]
        : [],
  };
}

/** Adds a flag once; flags are things the merchant must look at. */
export function withFlag(payment: PaymentRecord, flag: string): PaymentRecord {
  return payment.flags.includes(flag) ? payment : { ...payment, flags: [...payment.flags, flag] };
}

export function withoutFlag(payment: PaymentRecord, flag: string): PaymentRecord {
  return payment.flags.includes(flag)
    ? { ...payment, flags: payment.flags.filter((existing) => existing !== flag) }
    : payment;
}
