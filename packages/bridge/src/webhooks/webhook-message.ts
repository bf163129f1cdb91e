import type { NewWebhookMessage, WebhookEventType } from '../store/payment-store.js';
import { newPublicId } from '../store/public-id.js';

/** What the merchant's endpoint receives: the JSON body of a webhook, and what `verifyWebhook` returns. */
export interface WebhookEvent {
  /** `evt_...`, the same on every retry: the merchant's key for de-duplication. */
  id: string;
  type: WebhookEventType;
  /** When it happened, ISO 8601 in UTC. */
  created: string;
  data: Record<string, unknown>;
}

/** The exact body that is signed and sent; the keys always come in this order. */
export function serializeWebhookEvent(event: WebhookEvent): string {
  const { id, type, created, data } = event;
  return JSON.stringify({ id, type, created, data });
}

/** A new outbox message for an event that happened at `now`. */
export function buildWebhookMessage(
  type: WebhookEventType,
  data: Record<string, unknown>,
  now: Date,
): NewWebhookMessage {
  const id = newPublicId('evt');
  return {
    id,
    type,
    payload: serializeWebhookEvent({ id, type, created: now.toISOString(), data }),
  };
}
