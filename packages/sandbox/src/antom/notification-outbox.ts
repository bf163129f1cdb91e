import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { loadAntomPrivateKey, signAntomRequest } from '@au-pay/core/antom';
import type { ResolvedAntomOptions } from './options.js';
import { canonicalJson } from './request-fields.js';
import { SUCCESS } from './result.js';
import { ANTOM_SANDBOX_PRIVATE_KEY } from './sandbox-keys.js';

const MINUTE_MS = 60 * 1000;
const HOUR_MS = 60 * MINUTE_MS;

/**
 * When each attempt is due, counted from the first: intervals 0 s, 2 min, 10 min, 10 min, 1 h,
 * 2 h, 6 h, 15 h, 8 attempts in all (spec/antom-au.md §5.2, §13). Read off the sandbox clock, so a
 * test moves the clock instead of waiting.
 */
export const RESEND_OFFSETS_MS: readonly number[] = [
  0,
  2 * MINUTE_MS,
  10 * MINUTE_MS,
  10 * MINUTE_MS,
  HOUR_MS,
  2 * HOUR_MS,
  6 * HOUR_MS,
  15 * HOUR_MS,
].map((_, index, intervals) =>
  intervals.slice(0, index + 1).reduce((sum, interval) => sum + interval, 0),
);

/** The only acknowledgement Antom takes (spec §5.2). */
export const ANTOM_ACK = JSON.stringify({ result: SUCCESS });
const ACK_CONTENT = canonicalJson({ result: SUCCESS });

export interface NotificationAttempt {
  readonly at: Date;
  /** The HTTP status, or null when no answer came (refused connection, timeout). */
  readonly status: number | null;
  /** The answer's body (first 2,000 characters) or the network error. */
  readonly answer: string;
  readonly acknowledged: boolean;
}

/** One notifyPayment or notifyRefund and every attempt to deliver it. */
export interface SentNotification {
  readonly id: number;
  readonly notifyType: 'PAYMENT_RESULT' | 'REFUND_RESULT';
  readonly url: string;
  /** The exact bytes posted (signed as they are). */
  readonly body: string;
  readonly paymentId: string;
  readonly refundId?: string;
  /** `ng@au.example`: signed with a key that is not Antom's, so a verifying merchant refuses it. */
  readonly wrongSignature: boolean;
  readonly firstDueAt: Date;
  readonly attempts: NotificationAttempt[];
  acknowledged: boolean;
  /** When the next attempt is due; null once acknowledged or after the 8th attempt. */
  nextAttemptAt: Date | null;
}

export interface QueuedNotification {
  readonly notifyType: SentNotification['notifyType'];
  readonly url: string;
  readonly body: object;
  readonly paymentId: string;
  readonly refundId?: string;
  readonly dueAt: Date;
  readonly wrongSignature?: boolean;
}

function isAck(status: number, text: string): boolean {
  if (status !== 200) return false;
  try {
    // Exactly these fields and values; spacing and key order are JSON's, not content.
    return canonicalJson(JSON.parse(text)) === ACK_CONTENT;
  } catch {
    return false;
  }
}

/**
 * Antom's notifications: signed with Antom's key over the notify URL's path (spec §3.2, §5), sent
 * only to a notification origin, resent on the §5.2 schedule until the exact acknowledgement.
 */
export class NotificationOutbox {
  readonly #sent: SentNotification[] = [];
  readonly #inFlight = new Set<SentNotification>();
  readonly background = new Set<Promise<unknown>>();
  readonly #privateKey: KeyObject = loadAntomPrivateKey(ANTOM_SANDBOX_PRIVATE_KEY);
  #wrongKey: KeyObject | undefined;

  constructor(private readonly options: ResolvedAntomOptions) {}

  queue(input: QueuedNotification): SentNotification {
    const notification: SentNotification = {
      id: this.#sent.length + 1,
      notifyType: input.notifyType,
      url: input.url,
      body: JSON.stringify(input.body),
      paymentId: input.paymentId,
      ...(input.refundId ? { refundId: input.refundId } : {}),
      wrongSignature: input.wrongSignature ?? false,
      firstDueAt: input.dueAt,
      attempts: [],
      acknowledged: false,
      nextAttemptAt: input.dueAt,
    };
    this.#sent.push(notification);
    return notification;
  }

  list(): readonly SentNotification[] {
    return this.#sent;
  }

  /** Sends one attempt of every notification due at the sandbox's `now`. */
  async deliverDue(): Promise<void> {
    const now = this.options.now();
    const due = this.#sent.filter(
      (n) => n.nextAttemptAt !== null && n.nextAttemptAt <= now && !this.#inFlight.has(n),
    );
    const deliveries = due.map((notification) => this.#attempt(notification));
    for (const delivery of deliveries) {
      this.background.add(delivery);
      void delivery.finally(() => this.background.delete(delivery));
    }
    await Promise.all(deliveries);
  }

  async #attempt(notification: SentNotification): Promise<void> {
    this.#inFlight.add(notification);
    const { options } = this;
    const at = options.now();
    const url = new URL(notification.url);
    let status: number | null = null;
    let answer: string;
    try {
      // Checked at the pay/refund request already; checked again so nothing else is ever reached.
      if (!options.notificationOrigins.has(url.origin)) {
        throw new Error(`${url.origin} is not a notification origin`);
      }
      const headers = signAntomRequest({
        method: 'POST',
        path: `${url.pathname}${url.search}`,
        clientId: options.clientId,
        requestTime: String(at.getTime()),
        body: notification.body,
        privateKey: notification.wrongSignature ? this.#wrongSigningKey() : this.#privateKey,
      });
      const response = await options.fetch(url.href, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json; charset=UTF-8' },
        body: notification.body,
        redirect: 'manual',
        signal: AbortSignal.timeout(options.notificationTimeoutMs),
      });
      status = response.status;
      answer = (await response.text()).slice(0, 2000);
    } catch (error) {
      answer = error instanceof Error ? error.message : String(error);
    }
    const acknowledged = status !== null && isAck(status, answer);
    notification.attempts.push({ at, status, answer, acknowledged });
    notification.acknowledged = acknowledged;
    const next = RESEND_OFFSETS_MS[notification.attempts.length];
    notification.nextAttemptAt =
      acknowledged || next === undefined
        ? null
        : new Date(notification.firstDueAt.getTime() + next);
    this.#inFlight.delete(notification);
    const log = {
      notifyType: notification.notifyType,
      paymentId: notification.paymentId,
      attempt: notification.attempts.length,
      status,
    };
    if (acknowledged) options.logger.info(log, 'Antom notification acknowledged');
    else
      options.logger.warn(
        log,
        'Antom notification not acknowledged with the exact body of spec §5.2',
      );
  }

  #wrongSigningKey(): KeyObject {
    this.#wrongKey ??= generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    return this.#wrongKey;
  }
}
