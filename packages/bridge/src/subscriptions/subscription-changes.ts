import type { BridgeContext } from '../bridge-context.js';
import type { WebhookEventType } from '../store/payment-store.js';
import type {
  NewSubscriptionEvent,
  SubscriptionChange,
  SubscriptionRecord,
} from '../store/subscription-store.js';
import { buildWebhookMessage } from '../webhooks/webhook-message.js';
import { subscriptionView } from './subscription-view.js';

/**
 * Builds one store write about a subscription: the next subscription, its history entries and,
 * when the merchant has a webhook endpoint, the webhook telling them (`extra` beside the
 * subscription in `data`). `now` is the write's time.
 */
export function subscriptionChange(
  context: BridgeContext,
  next: SubscriptionRecord,
  now: Date,
  events: NewSubscriptionEvent[],
  webhook?: { type: WebhookEventType; extra?: Record<string, unknown> },
): SubscriptionChange {
  const subscription = { ...next, updatedAt: now };
  return {
    subscription,
    events,
    webhooks:
      webhook && context.config.webhook !== null
        ? [
            buildWebhookMessage(
              webhook.type,
              { subscription: subscriptionView(subscription, now), ...webhook.extra },
              now,
            ),
          ]
        : [],
  };
}

/** Adds a flag once; flags are things the merchant must look at. */
export function withSubscriptionFlag(
  subscription: SubscriptionRecord,
  flag: string,
): SubscriptionRecord {
  return subscription.flags.includes(flag)
    ? subscription
    : { ...subscription, flags: [...subscription.flags, flag] };
}
