import type { WebhookEventType } from '../store/payment-store.js';
import { newPublicId } from '../store/public-id.js';
import { signWebhook, WEBHOOK_SIGNATURE_HEADER } from './signature.js';
import { serializeWebhookEvent } from './webhook-message.js';

export interface TestWebhook {
  /** The raw body, to send exactly as it is. */
  payload: string;
  /** The `AuPay-Signature` value. */
  header: string;
  headers: { 'content-type': 'application/json'; [WEBHOOK_SIGNATURE_HEADER]: string };
}

/**
 * A webhook signed like the bridge signs them, for testing the merchant's own handler:
 * `fetch(url, { method: 'POST', headers: hook.headers, body: hook.payload })`.
 */
export function generateTestWebhook(options: {
  type: WebhookEventType;
  data: Record<string, unknown>;
  secret: string;
  /** Unix seconds; defaults to now. */
  timestamp?: number;
  id?: string;
}): TestWebhook {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const payload = serializeWebhookEvent({
    id: options.id ?? newPublicId('evt'),
    type: options.type,
    created: new Date(timestamp * 1000).toISOString(),
    data: options.data,
  });
  const header = signWebhook(payload, options.secret, timestamp);
  return {
    payload,
    header,
    headers: { 'content-type': 'application/json', [WEBHOOK_SIGNATURE_HEADER]: header },
  };
}
