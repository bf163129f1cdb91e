import type { Logger } from 'pino';
import type { PaymentStore, WebhookMessage } from '../store/payment-store.js';
import { signWebhook, WEBHOOK_SIGNATURE_HEADER } from './signature.js';

/** Sent with every delivery; the same id is inside the payload. */
export const WEBHOOK_EVENT_ID_HEADER = 'AuPay-Event-Id';
const USER_AGENT = 'au-pay-bridge-webhooks/1';
// Messages leased and sent in parallel per pass: enough to drain a backlog, few enough to be
// gentle on the merchant's endpoint.
const BATCH_SIZE = 20;
// Margin on top of the request timeout for marking the result, so a lease never ends mid-delivery.
const LEASE_MARGIN_MS = 60_000;

export interface WebhookDispatcherOptions {
  store: PaymentStore;
  /** The merchant's endpoint (`WEBHOOK_URL`). Never logged: it may carry a token. */
  url: string;
  /** The signing secret (`WEBHOOK_SECRET`). Never logged. */
  secret: string;
  logger: Logger;
  /**
   * The clock of the outbox: which messages are due, leases, retry times. It must be the clock the
   * messages were written with (`next_attempt_at` of a new message is its event's time), or
   * messages written ahead of it would wait. Default real time.
   */
  now?: () => Date;
  /**
   * The clock of the signature's `t=`, which the merchant's `verifyWebhook` checks against its own
   * real clock within a tolerance of minutes. Default `now`. The sandbox's test clock runs ahead
   * of real time, so in sandbox mode `createBridge` signs with real time while the outbox follows
   * the test clock.
   */
  signatureNow?: () => Date;
  fetch?: typeof fetch;
  /** Attempts before a message is abandoned (it stays in the outbox for operators). Default 12. */
  maxAttempts?: number;
  /** Longest wait after the first failure; it doubles with each failure. Default 1 minute. */
  baseDelayMs?: number;
  /** Ceiling of that doubling. Default 12 hours. */
  maxDelayMs?: number;
  /** How often `start()` looks for due messages. Default 2 seconds. */
  pollIntervalMs?: number;
  /** A delivery not answered in time counts as failed. Default 10 seconds. */
  requestTimeoutMs?: number;
  /** Jitter source in [0, 1); tests pin it. Default Math.random. */
  random?: () => number;
}

/**
 * Delivers the webhook outbox to the merchant: each due message is leased (so that several bridge
 * instances never send it at the same time), signed, POSTed, and marked delivered on a 2xx answer.
 * Anything else is retried with exponential backoff and full jitter, then abandoned. Delivery is
 * at least once: merchants de-duplicate by event id.
 */
export class WebhookDispatcher {
  readonly #store: PaymentStore;
  readonly #url: string;
  readonly #secret: string;
  readonly #logger: Logger;
  readonly #now: () => Date;
  readonly #signatureNow: () => Date;
  readonly #fetch: typeof fetch;
  readonly #maxAttempts: number;
  readonly #baseDelayMs: number;
  readonly #maxDelayMs: number;
  readonly #pollIntervalMs: number;
  readonly #requestTimeoutMs: number;
  readonly #random: () => number;
  #timer: NodeJS.Timeout | undefined;
  #pass: Promise<void> | undefined;

  constructor(options: WebhookDispatcherOptions) {
    new URL(options.url); // fails now, not at the first delivery
    if (options.secret === '') throw new TypeError('The webhook signing secret is empty.');
    this.#store = options.store;
    this.#url = options.url;
    this.#secret = options.secret;
    this.#logger = options.logger;
    this.#now = options.now ?? (() => new Date());
    this.#signatureNow = options.signatureNow ?? this.#now;
    this.#fetch = options.fetch ?? fetch;
    this.#maxAttempts = options.maxAttempts ?? 12;
    this.#baseDelayMs = options.baseDelayMs ?? 60_000;
    this.#maxDelayMs = options.maxDelayMs ?? 12 * 60 * 60_000;
    this.#pollIntervalMs = options.pollIntervalMs ?? 2_000;
    this.#requestTimeoutMs = options.requestTimeoutMs ?? 10_000;
    this.#random = options.random ?? Math.random;
  }

  /** Delivers what is due now, then polls; the timer does not keep the process alive. */
  start(): void {
    if (this.#timer) return;
    this.#timer = setInterval(() => this.#poll(), this.#pollIntervalMs);
    this.#timer.unref();
    this.#poll();
  }

  /** Stops polling and waits for the pass in progress to finish. */
  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#pass;
  }

  /** One pass: leases the due messages, delivers them, and answers how many were delivered. */
  async deliverDue(): Promise<number> {
    const leaseMs = this.#requestTimeoutMs + LEASE_MARGIN_MS;
    const messages = await this.#store.claimDueWebhooks(this.#now(), BATCH_SIZE, leaseMs);
    const outcomes = await Promise.allSettled(messages.map((message) => this.#deliver(message)));
    let delivered = 0;
    for (const outcome of outcomes) {
      if (outcome.status === 'fulfilled') delivered += outcome.value ? 1 : 0;
      // The store failed to record the result: the lease runs out and the message is sent again.
      else this.#logger.error({ err: outcome.reason }, 'could not record a webhook delivery');
    }
    return delivered;
  }

  #poll(): void {
    if (this.#pass) return; // the previous pass is still sending
    this.#pass = this.deliverDue()
      .then(
        () => undefined,
        (error: unknown) => this.#logger.error({ err: error }, 'webhook pass failed'),
      )
      .finally(() => {
        this.#pass = undefined;
      });
  }

  async #deliver(message: WebhookMessage): Promise<boolean> {
    const attempt = message.attempts + 1;
    const log = this.#logger.child({
      paymentId: message.paymentId,
      eventId: message.id,
      eventType: message.type,
      attempt,
    });
    const timestamp = Math.floor(this.#signatureNow().getTime() / 1000);
    let status: number | undefined;
    let failure: string;
    try {
      const response = await this.#fetch(this.#url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': USER_AGENT,
          [WEBHOOK_SIGNATURE_HEADER]: signWebhook(message.payload, this.#secret, timestamp),
          [WEBHOOK_EVENT_ID_HEADER]: message.id,
        },
        body: message.payload,
        // A redirect would turn the POST into a GET on some other URL: report it instead.
        redirect: 'manual',
        signal: AbortSignal.timeout(this.#requestTimeoutMs),
      });
      status = response.status;
      await response.body?.cancel(); // only the status matters
      if (response.ok) {
        await this.#store.markWebhookDelivered(message.id, this.#now());
        log.info({ status }, 'webhook delivered');
        return true;
      }
      failure =
        status >= 300 && status < 400
          ? `HTTP ${status}: redirects are not followed; set WEBHOOK_URL to the final address`
          : `HTTP ${status}`;
    } catch (error) {
      failure = describeRequestFailure(error, this.#requestTimeoutMs);
    }

    const at = this.#now();
    const abandon = attempt >= this.#maxAttempts;
    const nextAttemptAt = abandon ? at : new Date(at.getTime() + this.#retryDelayMs(attempt));
    await this.#store.markWebhookFailed(message.id, { error: failure, nextAttemptAt, abandon, at });
    if (abandon) {
      log.error({ status, error: failure }, `webhook abandoned after ${attempt} attempts`);
    } else {
      log.warn({ status, error: failure, nextAttemptAt }, 'webhook delivery failed; will retry');
    }
    return false;
  }

  /** Full jitter: anywhere between 0 and a ceiling that doubles with each failed attempt. */
  #retryDelayMs(attempt: number): number {
    const ceiling = Math.min(this.#maxDelayMs, this.#baseDelayMs * 2 ** (attempt - 1));
    return Math.floor(this.#random() * ceiling);
  }
}

function describeRequestFailure(error: unknown, timeoutMs: number): string {
  if (!(error instanceof Error)) return String(error);
  if (error.name === 'TimeoutError') return `no answer within ${timeoutMs} ms`;
  // fetch reports network failures as "fetch failed", with the system error as its cause.
  return error.cause instanceof Error ? `${error.message}: ${error.cause.message}` : error.message;
}
