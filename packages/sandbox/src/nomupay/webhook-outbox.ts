import { signNomupayMessage } from '@au-pay/core/nomupay';
import { newKsuid } from './identifiers.js';
import type { ResolvedNomupayOptions } from './options.js';

/** The webhook types the au flow sends (spec/nomupay-au.md §10). */
export type NomupayWebhookType = 'payment' | 'capture' | 'cancel' | 'refund';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

/**
 * Waits before retries 1–21 (spec §10): 2, 5, 8, 15, 30 min, 1, 2, 4 h, then 8 h thirteen times;
 * after that the notification is dropped.
 */
export const WEBHOOK_RETRY_WAITS_MS: readonly number[] = [
  2 * MINUTE_MS,
  5 * MINUTE_MS,
  8 * MINUTE_MS,
  15 * MINUTE_MS,
  30 * MINUTE_MS,
  HOUR_MS,
  2 * HOUR_MS,
  4 * HOUR_MS,
  ...Array.from({ length: 13 }, () => 8 * HOUR_MS),
];

export interface WebhookAttempt {
  readonly at: Date;
  readonly status?: number;
  readonly error?: string;
}

/** One notification and its delivery so far. */
export interface SandboxNomupayWebhook {
  /** The envelope's `id`: the merchant de-duplicates on it. */
  readonly id: string;
  readonly type: NomupayWebhookType;
  readonly url: string;
  /** The JSON body, the same bytes on every attempt. */
  readonly body: string;
  readonly attempts: WebhookAttempt[];
  state: 'due' | 'delivered' | 'dropped';
  /** When the next attempt is due (sandbox clock); unset once delivered or dropped. */
  nextAttemptAt?: Date;
}

/**
 * The webhooks of the emulated NomuPay: each is sent at once, and when no 2xx comes back within
 * the timeout it is retried on the schedule of spec §10, divided by `webhookRetryCompression`.
 * Retries are sent by `deliverDue()`, which reads the sandbox clock, so a test moves time instead
 * of waiting.
 */
export class WebhookOutbox {
  readonly #webhooks: SandboxNomupayWebhook[] = [];
  readonly #sending = new Set<string>();

  constructor(private readonly options: ResolvedNomupayOptions) {}

  list(): readonly SandboxNomupayWebhook[] {
    return this.#webhooks;
  }

  /** Queues a notification of `payload` and makes its first attempt. */
  async send(type: NomupayWebhookType, payload: object): Promise<void> {
    const url = this.options.webhookUrl;
    if (url === undefined) return;
    const id = newKsuid();
    const webhook: SandboxNomupayWebhook = {
      id,
      type,
      url,
      body: JSON.stringify({ id, type, live: false, payload }),
      attempts: [],
      state: 'due',
      nextAttemptAt: this.options.now(),
    };
    this.#webhooks.push(webhook);
    await this.#attempt(webhook);
  }

  /** Sends every webhook whose next attempt is due at the sandbox's `now`; answers how many. */
  async deliverDue(): Promise<number> {
    const now = this.options.now();
    const due = this.#webhooks.filter(
      (webhook) =>
        webhook.state === 'due' &&
        !this.#sending.has(webhook.id) &&
        webhook.nextAttemptAt !== undefined &&
        webhook.nextAttemptAt <= now,
    );
    await Promise.all(due.map((webhook) => this.#attempt(webhook)));
    return due.length;
  }

  async #attempt(webhook: SandboxNomupayWebhook): Promise<void> {
    this.#sending.add(webhook.id);
    const at = this.options.now();
    const attempt = await this.#post(webhook, at);
    webhook.attempts.push(attempt);
    this.#sending.delete(webhook.id);
    const log = { webhookId: webhook.id, type: webhook.type, attempt: webhook.attempts.length };
    if (attempt.status !== undefined && attempt.status >= 200 && attempt.status < 300) {
      webhook.state = 'delivered';
      delete webhook.nextAttemptAt;
      this.options.logger.info({ ...log, status: attempt.status }, 'NomuPay webhook delivered');
      return;
    }
    const retry = webhook.attempts.length; // the first attempt is not a retry
    const wait = WEBHOOK_RETRY_WAITS_MS[retry - 1];
    if (wait === undefined) {
      webhook.state = 'dropped';
      delete webhook.nextAttemptAt;
      this.options.logger.warn(log, 'NomuPay webhook dropped after its last retry (spec §10)');
      return;
    }
    webhook.nextAttemptAt = new Date(at.getTime() + wait / this.options.webhookRetryCompression);
    this.options.logger.warn(
      {
        ...log,
        status: attempt.status,
        error: attempt.error,
        nextAttemptAt: webhook.nextAttemptAt,
      },
      'NomuPay webhook not acknowledged with a 2xx; retry scheduled (spec §10)',
    );
  }

  async #post(webhook: SandboxNomupayWebhook, at: Date): Promise<WebhookAttempt> {
    const signature = signNomupayMessage({
      body: webhook.body,
      kid: this.options.hmacKid,
      hmacKey: this.options.hmacKey,
      now: at,
      audience: webhook.url,
    });
    try {
      const response = await this.options.fetch(webhook.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-signature': signature },
        body: webhook.body,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.options.webhookTimeoutMs),
      });
      await response.body?.cancel();
      return { at, status: response.status };
    } catch (error) {
      return { at, error: error instanceof Error ? error.message : String(error) };
    }
  }
}
