import { DatabaseError, type Pool, type PoolClient } from 'pg';
import {
  type ColumnCodec,
  paymentColumnNames,
  paymentFromRow,
  paymentToRow,
} from './payment-columns.js';
import type { NewWebhookMessage, PaymentRecord, WebhookMessage } from './payment-store.js';
import { inTransaction } from './postgres-transaction.js';
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

const placeholders = (count: number, from = 1) =>
  Array.from({ length: count }, (_, index) => `$${index + from}`).join(', ');
const assignments = (columns: readonly string[]) =>
  columns
    .slice(1)
    .map((column, index) => `${column} = $${index + 1}`)
    .join(', ');

const insertSubscriptionSql = `INSERT INTO subscriptions (${subscriptionColumnNames.join(', ')})
  VALUES (${placeholders(subscriptionColumnNames.length)})`;
const updateSubscriptionSql = `UPDATE subscriptions SET ${assignments(subscriptionColumnNames)}
  WHERE id = $${subscriptionColumnNames.length} AND version = $${subscriptionColumnNames.length + 1}`;
const insertPaymentSql = `INSERT INTO payments (${paymentColumnNames.join(', ')})
  VALUES (${placeholders(paymentColumnNames.length)})`;
const updatePaymentSql = `UPDATE payments SET ${assignments(paymentColumnNames)}
  WHERE id = $${paymentColumnNames.length} AND version = $${paymentColumnNames.length + 1}`;

/**
 * The subscriptions part of `PostgresPaymentStore`, on its pool. A decision locks the subscription
 * row and then its payments (`FOR UPDATE`, always in that order), so instances deciding about one
 * subscription queue, and a payment of it is not changed under the decision by the payments API.
 */
export class PostgresSubscriptions implements SubscriptionStore {
  constructor(
    private readonly pool: Pool,
    private readonly codec: ColumnCodec,
    private readonly webhookFromRow: (row: Row) => WebhookMessage,
  ) {}

  async insertSubscription(
    subscription: SubscriptionRecord,
    event: NewSubscriptionEvent,
  ): Promise<SubscriptionRecord> {
    const stored = { ...subscription, version: 1 };
    try {
      await inTransaction(this.pool, async (client) => {
        await client.query(insertSubscriptionSql, subscriptionToRow(stored, this.codec));
        await insertEvents(client, stored.id, [event], stored.createdAt);
      });
    } catch (error) {
      if (
        error instanceof DatabaseError &&
        error.code === '23505' &&
        (error.constraint === 'subscriptions_pkey' ||
          error.constraint === 'subscriptions_order_id_key')
      ) {
        throw new DuplicateSubscriptionError();
      }
      throw error;
    }
    return stored;
  }

  async getSubscription(id: string): Promise<SubscriptionRecord | null> {
    const { rows } = await this.pool.query<Row>('SELECT * FROM subscriptions WHERE id = $1', [id]);
    return rows[0] ? subscriptionFromRow(rows[0], this.codec) : null;
  }

  async listSubscriptions(options: {
    limit: number;
    startingAfter?: { createdAt: Date; id: string };
  }): Promise<SubscriptionRecord[]> {
    const cursor = options.startingAfter;
    const { rows } = cursor
      ? await this.pool.query<Row>(
          `SELECT * FROM subscriptions WHERE (created_at, id) < ($1, $2)
           ORDER BY created_at DESC, id DESC LIMIT $3`,
          [cursor.createdAt, cursor.id, options.limit],
        )
      : await this.pool.query<Row>(
          'SELECT * FROM subscriptions ORDER BY created_at DESC, id DESC LIMIT $1',
          [options.limit],
        );
    return rows.map((row) => subscriptionFromRow(row, this.codec));
  }

  async listSubscriptionEvents(subscriptionId: string): Promise<SubscriptionEventRecord[]> {
    const { rows } = await this.pool.query<Row>(
      'SELECT * FROM subscription_events WHERE subscription_id = $1 ORDER BY seq',
      [subscriptionId],
    );
    return rows.map((row) => ({
      id: row.id as string,
      subscriptionId: row.subscription_id as string,
      type: row.type as string,
      data: row.data as Record<string, unknown>,
      createdAt: row.created_at as Date,
    }));
  }

  async listSubscriptionPayments(subscriptionId: string): Promise<PaymentRecord[]> {
    const { rows } = await this.pool.query<Row>(
      'SELECT * FROM payments WHERE subscription_id = $1 ORDER BY created_at, id',
      [subscriptionId],
    );
    return rows.map((row) => paymentFromRow(row, this.codec));
  }

  async listSubscriptionWebhooks(subscriptionId: string): Promise<WebhookMessage[]> {
    const { rows } = await this.pool.query<Row>(
      'SELECT * FROM webhook_outbox WHERE subscription_id = $1 ORDER BY seq',
      [subscriptionId],
    );
    return rows.map(this.webhookFromRow);
  }

  async listSubscriptionIds(options: {
    status: string;
    kind?: string;
    afterId?: string;
    limit: number;
  }): Promise<string[]> {
    const { rows } = await this.pool.query<{ id: string }>(
      `SELECT id FROM subscriptions
       WHERE status = $1 AND ($2::text IS NULL OR kind = $2) AND id > $3
       ORDER BY id LIMIT $4`,
      [options.status, options.kind ?? null, options.afterId ?? '', options.limit],
    );
    return rows.map((row) => row.id);
  }

  async updateSubscription(
    id: string,
    decide: (current: SubscriptionRecord, payments: PaymentRecord[]) => SubscriptionChange | null,
  ): Promise<{ subscription: SubscriptionRecord; changed: boolean } | null> {
    return inTransaction(this.pool, async (client) => {
      const { rows } = await client.query<Row>(
        'SELECT * FROM subscriptions WHERE id = $1 FOR UPDATE',
        [id],
      );
      if (!rows[0]) return null;
      const current = subscriptionFromRow(rows[0], this.codec);
      const payments = await client.query<Row>(
        'SELECT * FROM payments WHERE subscription_id = $1 ORDER BY created_at, id FOR UPDATE',
        [id],
      );
      const change = decide(
        current,
        payments.rows.map((row) => paymentFromRow(row, this.codec)),
      );
      if (change === null) return { subscription: current, changed: false };
      if (change.subscription.id !== id) {
        throw new Error('decide must not change the subscription id');
      }
      const next = { ...change.subscription, version: current.version + 1 };
      const values = subscriptionToRow(next, this.codec).slice(1);
      const written = await client.query(updateSubscriptionSql, [...values, id, current.version]);
      if (written.rowCount !== 1) throw new Error(`subscription ${id} changed during its update`);
      await insertEvents(client, id, change.events, next.updatedAt);
      await insertWebhooks(client, { subscriptionId: id }, change.webhooks, next.updatedAt);
      for (const created of change.newPayments ?? []) {
        if (created.payment.subscriptionId !== id) {
          throw new Error('a new payment of a subscription must name it');
        }
        const payment = { ...created.payment, version: 1 };
        await client.query(insertPaymentSql, paymentToRow(payment, this.codec));
        await insertPaymentEvent(client, payment.id, created.event, payment.createdAt);
        await insertWebhooks(
          client,
          { paymentId: payment.id },
          created.webhooks ?? [],
          payment.createdAt,
        );
      }
      for (const paymentChange of change.paymentChanges ?? []) {
        const payment = paymentChange.payment;
        if (payment.subscriptionId !== id) throw new Error(`payment ${payment.id} is not of ${id}`);
        // The version decide saw: the payment was read, and locked, in this transaction.
        const values = paymentToRow({ ...payment, version: payment.version + 1 }, this.codec);
        const updated = await client.query(updatePaymentSql, [
          ...values.slice(1),
          payment.id,
          payment.version,
        ]);
        if (updated.rowCount !== 1) throw new Error(`payment ${payment.id} changed meanwhile`);
        for (const event of paymentChange.events) {
          await insertPaymentEvent(client, payment.id, event, payment.updatedAt);
        }
        await insertWebhooks(
          client,
          { paymentId: payment.id },
          paymentChange.webhooks,
          payment.updatedAt,
        );
      }
      return { subscription: next, changed: true };
    });
  }
}

async function insertEvents(
  client: PoolClient,
  subscriptionId: string,
  events: NewSubscriptionEvent[],
  at: Date,
): Promise<void> {
  for (const event of events) {
    await client.query(
      `INSERT INTO subscription_events (id, subscription_id, type, data, created_at)
       VALUES ($1, $2, $3, $4, $5)`,
      [newPublicId('sev'), subscriptionId, event.type, JSON.stringify(event.data), at],
    );
  }
}

async function insertPaymentEvent(
  client: PoolClient,
  paymentId: string,
  event: NewSubscriptionEvent,
  at: Date,
): Promise<void> {
  await client.query(
    `INSERT INTO payment_events (id, payment_id, type, data, created_at)
     VALUES ($1, $2, $3, $4, $5)`,
    [newPublicId('pev'), paymentId, event.type, JSON.stringify(event.data), at],
  );
}

async function insertWebhooks(
  client: PoolClient,
  about: { paymentId?: string; subscriptionId?: string },
  webhooks: NewWebhookMessage[],
  at: Date,
): Promise<void> {
  for (const webhook of webhooks) {
    await client.query(
      `INSERT INTO webhook_outbox
         (id, payment_id, subscription_id, type, payload, next_attempt_at, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $6)`,
      [
        webhook.id,
        about.paymentId ?? null,
        about.subscriptionId ?? null,
        webhook.type,
        webhook.payload,
        at,
      ],
    );
  }
}
