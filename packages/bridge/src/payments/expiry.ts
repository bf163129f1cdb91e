import type { BridgeContext } from '../bridge-context.js';
import type { PaymentRecord } from '../store/payment-store.js';
import { sweepSubscriptions } from '../subscriptions/subscription-sweep.js';
import { sweepLapsingAuthorizations } from './authorization-expiry.js';
import { pruneIdempotencyKeys } from './idempotency-pruning.js';
import { resolveOpenOperations } from './operation-resolver.js';
import { paymentChange } from './payment-changes.js';
import { applyStatusEvent } from './status-model.js';

/**
 * Expires a pending payment whose limit has passed (event + `payment.expired` webhook), exactly
 * once even when the sweep and a read race. Returns the payment as it now stands.
 */
export async function expireIfDue(
  context: BridgeContext,
  payment: PaymentRecord,
): Promise<PaymentRecord> {
  const now = context.now();
  if (!isDue(payment, now)) return payment;
  const result = await context.store.updatePayment(payment.id, (current) => {
    if (!isDue(current, now)) return null;
    const decision = applyStatusEvent(current, { type: 'expire' }, now);
    if (!decision.ok || !decision.changed) return null;
    return paymentChange(
      decision.payment,
      now,
      [{ type: 'payment.expired', data: { expiresAt: current.expiresAt.toISOString() } }],
      { type: 'payment.expired', enabled: context.config.webhook !== null },
    );
  });
  if (result?.changed) {
    context.logger.info({ paymentId: payment.id }, 'payment expired');
  }
  return result?.payment ?? payment;
}

function isDue(payment: PaymentRecord, now: Date): boolean {
  return payment.status === 'pending' && payment.expiresAt.getTime() <= now.getTime();
}

/**
 * Periodically expires pending payments past their limit, warns about and expires authorizations
 * near and past their settlement deadline (authorization-expiry.ts), records subscriptions' billed
 * months and expires subscriptions (subscriptions/subscription-sweep.ts), runs the open-operation
 * resolver (operation-resolver.ts) and prunes idempotency keys past 24 hours
 * (idempotency-pruning.ts); several instances may run it.
 */
export class ExpirySweeper {
  readonly #context: BridgeContext;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<number> | undefined;

  constructor(context: BridgeContext) {
    this.#context = context;
  }

  start(): void {
    if (this.#timer) return;
    this.#timer = setInterval(() => {
      this.sweep().catch((error: unknown) => {
        this.#context.logger.error({ err: error }, 'expiry sweep failed');
      });
    }, this.#context.settings.expirySweepIntervalMs);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#running?.catch(() => {});
  }

  /**
   * Expires what is due now (pending payments, then authorizations), then resolves open
   * operations, then prunes old idempotency keys; returns how many payments it looked at. One
   * pass at a time.
   */
  sweep(): Promise<number> {
    this.#running ??= this.#sweepAll().finally(() => {
      this.#running = undefined;
    });
    return this.#running;
  }

  async #sweepAll(): Promise<number> {
    let seen = 0;
    // Bounded, so a payment that cannot be expired never keeps a pass spinning.
    for (let batch = 0; batch < 10; batch += 1) {
      const ids = await this.#context.store.listExpiredPending(this.#context.now(), 100);
      for (const id of ids) {
        const payment = await this.#context.store.getPayment(id);
        if (payment) await expireIfDue(this.#context, payment);
      }
      seen += ids.length;
      if (ids.length < 100) break;
    }
    seen += await sweepLapsingAuthorizations(this.#context);
    seen += await sweepSubscriptions(this.#context);
    seen += await resolveOpenOperations(this.#context);
    await pruneIdempotencyKeys(this.#context);
    return seen;
  }
}
