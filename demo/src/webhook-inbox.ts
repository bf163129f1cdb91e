import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** One webhook the shop accepted, as the orders page lists it. */
export interface ReceivedWebhook {
  /** `evt_...`: the bridge sends the same id on every retry. */
  id: string;
  type: string;
  /** When the event happened, from the payload. */
  created: string;
  /** When the shop first received it. */
  receivedAt: string;
  paymentId: string | null;
  /** The subscription it is about (`subscription.*` events, and charges of a subscription). */
  subscriptionId?: string | null;
  /** Later deliveries of the same event, answered 2xx and otherwise ignored. */
  duplicates: number;
}

/**
 * The webhooks the shop received, de-duplicated by event id. A real shop would keep these in its
 * own database; the demo keeps them in memory and, when given a file, in a small JSON file under
 * `.au-pay/` so the orders page still shows them after a restart.
 */
export class WebhookInbox {
  private readonly events = new Map<string, ReceivedWebhook>();

  constructor(private readonly file: string | null = null) {
    if (file) this.load(file);
  }

  /** Records an event; returns false when its id was seen before (a retry or a duplicate). */
  record(event: { id: string; type: string; created: string; data: unknown }, now: Date): boolean {
    const seen = this.events.get(event.id);
    if (seen) {
      seen.duplicates += 1;
      this.save();
      return false;
    }
    this.events.set(event.id, {
      id: event.id,
      type: event.type,
      created: event.created,
      receivedAt: now.toISOString(),
      paymentId: paymentIdOf(event.data),
      subscriptionId: subscriptionIdOf(event.data),
      duplicates: 0,
    });
    this.save();
    return true;
  }

  /** The webhooks of one payment, in the order they happened. */
  forPayment(paymentId: string): ReceivedWebhook[] {
    return [...this.events.values()]
      .filter((event) => event.paymentId === paymentId)
      .sort((a, b) => a.created.localeCompare(b.created));
  }

  /** The webhooks of one subscription, in the order they happened. */
  forSubscription(subscriptionId: string): ReceivedWebhook[] {
    return [...this.events.values()]
      .filter((event) => event.subscriptionId === subscriptionId)
      .sort((a, b) => a.created.localeCompare(b.created));
  }

  private load(file: string): void {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      return; // First start: nothing received yet.
    }
    try {
      const list = JSON.parse(text) as ReceivedWebhook[];
      for (const event of list) this.events.set(event.id, event);
    } catch {
      // A damaged file only loses the demo's list; the bridge keeps its own outbox.
    }
  }

  private save(): void {
    if (!this.file) return;
    mkdirSync(dirname(this.file), { recursive: true });
    // Write then rename, so a crash never leaves half a file.
    const temporary = `${this.file}.tmp`;
    writeFileSync(temporary, JSON.stringify([...this.events.values()], null, 2));
    renameSync(temporary, this.file);
  }
}

/** The payment an event is about: `data.payment.id`, `data.paymentId` or `data.id`. */
function paymentIdOf(data: unknown): string | null {
  if (typeof data !== 'object' || data === null) return null;
  const record = data as Record<string, unknown>;
  const payment = record.payment as Record<string, unknown> | undefined;
  for (const candidate of [payment?.id, record.paymentId, record.id]) {
    if (typeof candidate === 'string' && candidate.startsWith('pay_')) return candidate;
  }
  return null;
}

/**
 * The subscription an event is about: `data.subscription.id`, `data.subscriptionId`, `data.id`,
 * or the `subscriptionId` of the payment it carries.
 */
function subscriptionIdOf(data: unknown): string | null {
  if (typeof data !== 'object' || data === null) return null;
  const record = data as Record<string, unknown>;
  const subscription = record.subscription as Record<string, unknown> | undefined;
  const payment = record.payment as Record<string, unknown> | undefined;
  for (const candidate of [
    subscription?.id,
    record.subscriptionId,
    record.id,
    payment?.subscriptionId,
  ]) {
    if (typeof candidate === 'string' && candidate.startsWith('sub_')) return candidate;
  }
  return null;
}
