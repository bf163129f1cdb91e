import Database from 'better-sqlite3';
import {
  type ColumnCodec,
  paymentColumnNames,
  paymentFromRow,
  paymentToRow,
} from './payment-columns.js';
import type { NewWebhookMessage, PaymentRecord, WebhookMessage } from './payment-store.js';
import { newPublicId } from './public-id.js';
import {
  subscriptionColumnNames,
  subscriptionFromRow,
  subscriptionToRow,
} from './subscription-columns.js';
import {
  DuplicateSubscriptionError,
  type NewSubscriptionEvent,
  type SubscriptionChange,
  type SubscriptionEventRecord,
  type SubscriptionRecord,
  type SubscriptionStore,
} from './subscription-store.js';

type Row = Record<string, unknown>;

const insertSubscriptionSql = `INSERT INTO subscriptions (${subscriptionColumnNames.join(', ')})
  VALUES (${subscriptionColumnNames.map(() => '?').join(', ')})`;
const updateSubscriptionSql = `UPDATE subscriptions
  SET ${subscriptionColumnNames
    .slice(1)
    .map((column) => `${column} = ?`)
    .join(', ')}
  WHERE id = ? AND version = ?`;
const insertPaymentSql = `INSERT INTO payments (${paymentColumnNames.join(', ')})
  VALUES (${paymentColumnNames.map(() => '?').join(', ')})`;
const updatePaymentSql = `UPDATE payments
  SET ${paymentColumnNames
    .slice(1)
    .map((column) => `${column} = ?`)
    .join(', ')}
  WHERE id = ? AND version = ?`;

/**
 * The subscriptions part of `SqlitePaymentStore`, on its database handle. Every write runs in the
 * store's group commit (a savepoint of a `BEGIN IMMEDIATE` transaction), so a decision about a subscription and its payments is serialised
 * with every other write, across processes sharing the file too.
 */
export class SqliteSubscriptions implements SubscriptionStore {
  constructor(
    /** The store's group commit: a write in its own savepoint of one `BEGIN IMMEDIATE` transaction. */
    private readonly write: <T>(work: () => T) => Promise<T>,
    private readonly codec: ColumnCodec,
    private readonly sql: (source: string) => Database.Statement,
    private readonly webhookFromRow: (row: Row) => WebhookMessage,
  ) {}

  async insertSubscription(
    subscription: SubscriptionRecord,
    event: NewSubscriptionEvent,
  ): Promise<SubscriptionRecord> {
    const stored = { ...subscription, version: 1 };
    try {
      await this.write(() => {
        this.sql(insertSubscriptionSql).run(...subscriptionToRow(stored, this.codec));
        this.#insertEvents(stored.id, [event], stored.createdAt);
      });
    } catch (error) {
      if (
        error instanceof Database.SqliteError &&
        (error.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' ||
          error.code === 'SQLITE_CONSTRAINT_UNIQUE') &&
        /subscriptions\.(id|order_id)\b/.test(error.message)
      ) {
        throw new DuplicateSubscriptionError();
      }
      throw error;
    }
    return stored;
  }

  async getSubscription(id: string): Promise<SubscriptionRecord | null> {
    const row = this.sql('SELECT * FROM subscriptions WHERE id = ?').get(id) as Row | undefined;
    return row ? subscriptionFromRow(row, this.codec) : null;
  }

  async listSubscriptions(options: {
    limit: number;
    startingAfter?: { createdAt: Date; id: string };
  }): Promise<SubscriptionRecord[]> {
    const cursor = options.startingAfter;
    const rows = (
      cursor
        ? this.sql(
            `SELECT * FROM subscriptions WHERE (created_at, id) < (?, ?)
             ORDER BY created_at DESC, id DESC LIMIT ?`,
          ).all(cursor.createdAt.getTime(), cursor.id, options.limit)
        : this.sql('SELECT * FROM subscriptions ORDER BY created_at DESC, id DESC LIMIT ?').all(
            options.limit,
          )
    ) as Row[];
    return rows.map((row) => subscriptionFromRow(row, this.codec));
  }

  async listSubscriptionEvents(subscriptionId: string): Promise<SubscriptionEventRecord[]> {
    const rows = this.sql(
      'SELECT * FROM subscription_events WHERE subscription_id = ? ORDER BY seq',
    ).all(subscriptionId) as Row[];
    return rows.map((row) => ({
      id: row.id as string,
      subscriptionId: row.subscription_id as string,
      type: row.type as string,
      data: JSON.parse(row.data as string) as Record<string, unknown>,
      createdAt: new Date(row.created_at as number),
    }));
  }

  async listSubscriptionPayments(subscriptionId: string): Promise<PaymentRecord[]> {
    return this.#payments(subscriptionId);
  }

  async listSubscriptionWebhooks(subscriptionId: string): Promise<WebhookMessage[]> {
    const rows = this.sql(
      'SELECT * FROM webhook_outbox WHERE subscription_id = ? ORDER BY seq',
    ).all(subscriptionId) as Row[];
    return rows.map(this.webhookFromRow);
  }

  async listSubscriptionIds(options: {
    status: string;
    kind?: string;
    afterId?: string;
    limit: number;
  }): Promise<string[]> {
    return this.sql(
      `SELECT id FROM subscriptions
       WHERE status = @status AND (@kind IS NULL OR kind = @kind) AND id > @afterId
       ORDER BY id LIMIT @limit`,
    )
      .pluck()
      .all({
        status: options.status,
        kind: options.kind ?? null,
        afterId: options.afterId ?? '',
        limit: options.limit,
      }) as string[];
  }

  async updateSubscription(
    id: string,
    decide: (current: SubscriptionRecord, payments: PaymentRecord[]) => SubscriptionChange | null,
  ): Promise<{ subscription: SubscriptionRecord; changed: boolean } | null> {
    return this.write(() => {
      const row = this.sql('SELECT * FROM subscriptions WHERE id = ?').get(id) as Row | undefined;
      if (!row) return null;
      const current = subscriptionFromRow(row, this.codec);
      const change = decide(current, this.#payments(id));
      if (change === null) return { subscription: current, changed: false };
      if (change.subscription.id !== id) {
        throw new Error('decide must not change the subscription id');
      }
      const next = { ...change.subscription, version: current.version + 1 };
      const values = subscriptionToRow(next, this.codec).slice(1);
      const written = this.sql(updateSubscriptionSql).run(...values, id, current.version);
      if (written.changes !== 1) throw new Error(`subscription ${id} changed during its update`);
      this.#insertEvents(id, change.events, next.updatedAt);
      this.#insertWebhooks({ subscriptionId: id }, change.webhooks, next.updatedAt);
      for (const created of change.newPayments ?? []) {
        if (created.payment.subscriptionId !== id) {
          throw new Error('a new payment of a subscription must name it');
        }
        const payment = { ...created.payment, version: 1 };
        this.sql(insertPaymentSql).run(...paymentToRow(payment, this.codec));
        this.#insertPaymentEvent(payment.id, created.event, payment.createdAt);
        this.#insertWebhooks({ paymentId: payment.id }, created.webhooks ?? [], payment.createdAt);
      }
      for (const paymentChange of change.paymentChanges ?? []) {
        const payment = paymentChange.payment;
        if (payment.subscriptionId !== id) throw new Error(`payment ${payment.id} is not of ${id}`);
        // The version decide saw: the payment was read in this transaction.
        const values = paymentToRow({ ...payment, version: payment.version + 1 }, this.codec);
        const updated = this.sql(updatePaymentSql).run(
          ...values.slice(1),
          payment.id,
          payment.version,
        );
        if (updated.changes !== 1) throw new Error(`payment ${payment.id} changed meanwhile`);
        for (const event of paymentChange.events) {
          this.#insertPaymentEvent(payment.id, event, payment.updatedAt);
        }
        this.#insertWebhooks({ paymentId: payment.id }, paymentChange.webhooks, payment.updatedAt);
      }
      return { subscription: next, changed: true };
    });
  }

  #payments(subscriptionId: string): PaymentRecord[] {
    const rows = this.sql(
      'SELECT * FROM payments WHERE subscription_id = ? ORDER BY created_at, id',
    ).all(subscriptionId) as Row[];
    return rows.map((row) => paymentFromRow(row, this.codec));
  }

  #insertEvents(subscriptionId: string, events: NewSubscriptionEvent[], at: Date): void {
    const insert = this.sql(
      `INSERT INTO subscription_events (id, subscription_id, type, data, created_at)
       VALUES (?, ?, ?, ?, ?)`,
    );
    for (const event of events) {
      insert.run(
        newPublicId('sev'),
        subscriptionId,
        event.type,
        JSON.stringify(event.data),
        at.getTime(),
      );
    }
  }

  #insertPaymentEvent(paymentId: string, event: NewSubscriptionEvent, at: Date): void {
    this.sql(
      'INSERT INTO payment_events (id, payment_id, type, data, created_at) VALUES (?, ?, ?, ?, ?)',
    ).run(newPublicId('pev'), paymentId, event.type, JSON.stringify(event.data), at.getTime());
  }

  #insertWebhooks(
    about: { paymentId?: string; subscriptionId?: string },
    webhooks: NewWebhookMessage[],
    at: Date,
  ): void {
    const insert = this.sql(
      `INSERT INTO webhook_outbox
         (id, payment_id, subscription_id, type, payload, next_attempt_at, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    for (const webhook of webhooks) {
      insert.run(
        webhook.id,
        about.paymentId ?? null,
        about.subscriptionId ?? null,
        webhook.type,
        webhook.payload,
        at.getTime(),
        at.getTime(),
      );
    }
  }
}
