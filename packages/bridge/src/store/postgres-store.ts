import { DatabaseError, Pool, TypeOverrides, types } from 'pg';
import { claimOfRecordedKey } from './idempotency-claim.js';
import { migrations } from './migrations.js';
import {
  type ColumnCodec,
  paymentColumnNames,
  paymentFromRow,
  paymentToRow,
} from './payment-columns.js';
import {
  type AcquirerNotification,
  AUTHORIZATION_EXPIRING_FLAG,
  DuplicatePaymentError,
  type IdempotencyClaim,
  type ListCursor,
  type NewPaymentEvent,
  type PaymentChange,
  type PaymentEvent,
  type PaymentRecord,
  type PaymentStore,
  type WebhookMessage,
} from './payment-store.js';
import { PostgresSubscriptions } from './postgres-subscriptions.js';
import { inTransaction } from './postgres-transaction.js';
import { newPublicId } from './public-id.js';
import type { SubscriptionStore } from './subscription-store.js';

type Row = Record<string, unknown>;

// pg hands back timestamptz as Date and text[] as arrays already.
const codec: ColumnCodec = {
  encodeInstant: (value) => value,
  decodeInstant: (value) => value as Date,
  encodeList: (value) => value,
  decodeList: (value) => value as string[],
  encodeJson: (text) => text,
  decodeJson: (value) => value,
};

// bigint columns hold yen and sequence numbers, far below 2^53: read them as numbers, not strings.
const typeParsers = new TypeOverrides();
typeParsers.setTypeParser(types.builtins.INT8, Number);

// Any fixed number shared by every bridge instance: it names the lock that serialises migrations.
const MIGRATION_LOCK = 4_173_620_519;

const insertPaymentSql = `INSERT INTO payments (${paymentColumnNames.join(', ')})
  VALUES (${paymentColumnNames.map((_, index) => `$${index + 1}`).join(', ')})`;
// The busiest statements are named: each pooled connection has PostgreSQL parse and plan them once,
// not per request. They name their columns (no `*`): a prepared statement whose result would
// change shape after another instance's migration added a column fails instead of reading it.
// The statements below take the payment's columns first; their own parameters come after.
const N = paymentColumnNames.length;
// The payment and its first event in one statement: atomic without BEGIN and COMMIT, one round
// trip instead of four. The event's foreign key is checked at the statement's end.
const insertPaymentWithEvent = {
  name: 'au_pay_insert_payment',
  text: `WITH payment AS (${insertPaymentSql} RETURNING id)
  INSERT INTO payment_events (id, payment_id, type, data, created_at)
  SELECT $${N + 1}, id, $${N + 2}, $${N + 3}, $${N + 4} FROM payment`,
};

/**
 * A decided change in one statement (one round trip instead of one per row): the acquirer's
 * notification recorded (when there is one), then, only if that recorded it, the payment updated
 * from its read version, its events and webhooks added in their order. It answers how many
 * notifications it recorded and payments it updated.
 */
const writeChange = {
  name: 'au_pay_write_change',
  text: `WITH noted AS (
    INSERT INTO acquirer_notifications (acquirer, notification_id, payment_id, applied_at)
    SELECT $${N + 2}::text, $${N + 3}::text, $${N}, $${N + 4}::timestamptz
    WHERE $${N + 2}::text IS NOT NULL
    ON CONFLICT DO NOTHING RETURNING 1
  ), updated AS (
    UPDATE payments SET ${paymentColumnNames
      .slice(1)
      .map((column, index) => `${column} = $${index + 1}`)
      .join(', ')}
    WHERE id = $${N} AND version = $${N + 1}
      AND ($${N + 2}::text IS NULL OR EXISTS (SELECT 1 FROM noted))
    RETURNING id
  ), events AS (
    INSERT INTO payment_events (id, payment_id, type, data, created_at)
    SELECT event.id, updated.id, event.type, event.data, $${N + 4}::timestamptz
    FROM updated, unnest($${N + 5}::text[], $${N + 6}::text[], $${N + 7}::jsonb[])
      WITH ORDINALITY AS event (id, type, data, position)
    ORDER BY event.position
  ), webhooks AS (
    INSERT INTO webhook_outbox (id, payment_id, type, payload, next_attempt_at, created_at)
    SELECT webhook.id, updated.id, webhook.type, webhook.payload, $${N + 4}::timestamptz,
      $${N + 4}::timestamptz
    FROM updated, unnest($${N + 8}::text[], $${N + 9}::text[], $${N + 10}::text[])
      WITH ORDINALITY AS webhook (id, type, payload, position)
    ORDER BY webhook.position
  )
  SELECT (SELECT count(*) FROM noted)::int AS noted, (SELECT count(*) FROM updated)::int AS updated`,
};
const selectPayment = `SELECT ${paymentColumnNames.join(', ')} FROM payments`;
const selectPaymentForUpdate = {
  id: { name: 'au_pay_lock_payment', text: `${selectPayment} WHERE id = $1 FOR UPDATE` },
  order_id: {
    name: 'au_pay_lock_payment_by_order',
    text: `${selectPayment} WHERE order_id = $1 FOR UPDATE`,
  },
};

/**
 * The store for several bridge instances behind a load balancer. Read-decide-write runs under
 * `SELECT ... FOR UPDATE`, so concurrent updates of one payment queue on its row lock, and
 * webhook leases use `FOR UPDATE SKIP LOCKED`, so instances never wait on each other's outbox rows.
 */
export class PostgresPaymentStore implements PaymentStore {
  readonly #pool: Pool;
  readonly #subscriptions: PostgresSubscriptions;

  constructor(connectionString: string) {
    this.#pool = new Pool({ connectionString, types: typeParsers });
    this.#subscriptions = new PostgresSubscriptions(this.#pool, codec, webhookFromRow);
    // An idle connection that dies (server restart, network) is dropped by the pool and replaced
    // on the next query; without a listener, the event would crash the process.
    this.#pool.on('error', () => {});
  }

  // Subscriptions (postgres-subscriptions.ts), on the same pool.
  insertSubscription: SubscriptionStore['insertSubscription'] = (...args) =>
    this.#subscriptions.insertSubscription(...args);
  getSubscription: SubscriptionStore['getSubscription'] = (...args) =>
    this.#subscriptions.getSubscription(...args);
  listSubscriptions: SubscriptionStore['listSubscriptions'] = (...args) =>
    this.#subscriptions.listSubscriptions(...args);
  listSubscriptionEvents: SubscriptionStore['listSubscriptionEvents'] = (...args) =>
    this.#subscriptions.listSubscriptionEvents(...args);
  listSubscriptionPayments: SubscriptionStore['listSubscriptionPayments'] = (...args) =>
    this.#subscriptions.listSubscriptionPayments(...args);
  listSubscriptionWebhooks: SubscriptionStore['listSubscriptionWebhooks'] = (...args) =>
    this.#subscriptions.listSubscriptionWebhooks(...args);
  listSubscriptionIds: SubscriptionStore['listSubscriptionIds'] = (...args) =>
    this.#subscriptions.listSubscriptionIds(...args);
  updateSubscription: SubscriptionStore['updateSubscription'] = (...args) =>
    this.#subscriptions.updateSubscription(...args);

  async migrate(): Promise<void> {
    await inTransaction(this.#pool, async (client) => {
      // Instances starting together queue here; the later ones then find every step recorded.
      await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
        version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL)`);
      const { rows } = await client.query<{ version: number }>(
        'SELECT version FROM schema_migrations',
      );
      const applied = new Set(rows.map((row) => row.version));
      for (const migration of migrations) {
        if (applied.has(migration.version)) continue;
        await client.query(migration.postgres);
        await client.query(
          'INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, now())',
          [migration.version, migration.name],
        );
      }
    });
  }

  async close(): Promise<void> {
    await this.#pool.end();
  }

  async insertPayment(payment: PaymentRecord, event: NewPaymentEvent): Promise<PaymentRecord> {
    const stored = { ...payment, version: 1 };
    try {
      await this.#pool.query({
        ...insertPaymentWithEvent,
        values: [
          ...paymentToRow(stored, codec),
          newPublicId('pev'),
          event.type,
          JSON.stringify(event.data),
          stored.createdAt,
        ],
      });
    } catch (error) {
      throw asDuplicatePaymentError(error) ?? error;
    }
    return stored;
  }

  async getPayment(id: string): Promise<PaymentRecord | null> {
    const { rows } = await this.#pool.query<Row>('SELECT * FROM payments WHERE id = $1', [id]);
    return rows[0] ? paymentFromRow(rows[0], codec) : null;
  }

  async getPaymentByOrderId(orderId: string): Promise<PaymentRecord | null> {
    const { rows } = await this.#pool.query<Row>('SELECT * FROM payments WHERE order_id = $1', [
      orderId,
    ]);
    return rows[0] ? paymentFromRow(rows[0], codec) : null;
  }

  async listPayments(options: {
    limit: number;
    startingAfter?: ListCursor;
  }): Promise<PaymentRecord[]> {
    const cursor = options.startingAfter;
    // A row comparison, so that the (created_at, id) index serves it and ties go by id.
    const { rows } = cursor
      ? await this.#pool.query<Row>(
          `SELECT * FROM payments WHERE (created_at, id) < ($1, $2)
           ORDER BY created_at DESC, id DESC LIMIT $3`,
          [cursor.createdAt, cursor.id, options.limit],
        )
      : await this.#pool.query<Row>(
          'SELECT * FROM payments ORDER BY created_at DESC, id DESC LIMIT $1',
          [options.limit],
        );
    return rows.map((row) => paymentFromRow(row, codec));
  }

  async listEvents(paymentId: string): Promise<PaymentEvent[]> {
    const { rows } = await this.#pool.query<Row>(
      'SELECT * FROM payment_events WHERE payment_id = $1 ORDER BY seq',
      [paymentId],
    );
    return rows.map((row) => ({
      id: row.id as string,
      paymentId: row.payment_id as string,
      type: row.type as string,
      data: row.data as Record<string, unknown>,
      createdAt: row.created_at as Date,
    }));
  }

  async updatePayment(
    id: string,
    decide: (current: PaymentRecord) => PaymentChange | null,
  ): Promise<{ payment: PaymentRecord; changed: boolean } | null> {
    return this.#updateFound('id', id, decide);
  }

  async updatePaymentByOrderId(
    orderId: string,
    decide: (current: PaymentRecord) => PaymentChange | null,
  ): Promise<{ payment: PaymentRecord; changed: boolean } | null> {
    return this.#updateFound('order_id', orderId, decide);
  }

  /** updatePayment of the payment found by `key` in `column` (its id or its order id). */
  async #updateFound(
    column: 'id' | 'order_id',
    key: string,
    decide: (current: PaymentRecord) => PaymentChange | null,
  ): Promise<{ payment: PaymentRecord; changed: boolean } | null> {
    try {
      return await inTransaction(this.#pool, async (client) => {
        const { rows } = await client.query<Row>({
          ...selectPaymentForUpdate[column],
          values: [key],
        });
        if (!rows[0]) return null;
        const current = paymentFromRow(rows[0], codec);
        const id = current.id;
        const change = decide(current);
        if (change === null) return { payment: current, changed: false };
        if (change.payment.id !== id) throw new Error('decide must not change the payment id');
        const next = { ...change.payment, version: current.version + 1 };
        const values = paymentToRow(next, codec).slice(1); // all but the id
        const notification = change.notification ?? null;
        const { rows: counts } = await client.query<{ noted: number; updated: number }>({
          ...writeChange,
          values: [
            ...values,
            id,
            current.version,
            notification?.acquirer ?? null,
            notification?.id ?? null,
            next.updatedAt,
            change.events.map(() => newPublicId('pev')),
            change.events.map((event) => event.type),
            change.events.map((event) => JSON.stringify(event.data)),
            change.webhooks.map((webhook) => webhook.id),
            change.webhooks.map((webhook) => webhook.type),
            change.webhooks.map((webhook) => webhook.payload),
          ],
        });
        const { noted, updated } = counts[0] as { noted: number; updated: number };
        // Another transaction recorded the same notification first (it held the key until it
        // ended): nothing was written.
        if (notification && noted === 0) return { payment: current, changed: false };
        // Unreachable while the row lock is held; kept so a lost update can never pass silently.
        if (updated !== 1) throw new Error(`payment ${id} changed during its update`);
        return { payment: next, changed: true };
      });
    } catch (error) {
      throw asDuplicatePaymentError(error) ?? error;
    }
  }

  async hasAcquirerNotification(notification: AcquirerNotification): Promise<boolean> {
    const { rowCount } = await this.#pool.query(
      'SELECT 1 FROM acquirer_notifications WHERE acquirer = $1 AND notification_id = $2',
      [notification.acquirer, notification.id],
    );
    return rowCount !== null && rowCount > 0;
  }

  async listExpiredPending(now: Date, limit: number): Promise<string[]> {
    const { rows } = await this.#pool.query<{ id: string }>(
      `SELECT id FROM payments WHERE status = 'pending' AND expires_at <= $1
       ORDER BY expires_at, id LIMIT $2`,
      [now, limit],
    );
    return rows.map((row) => row.id);
  }

  async listLapsingAuthorizations(now: Date, warnUntil: Date, limit: number): Promise<string[]> {
    const { rows } = await this.#pool.query<{ id: string }>(
      `SELECT id FROM payments
       WHERE status = 'authorized' AND settle_by <= $2
         AND (settle_by <= $1 OR NOT ($3 = ANY (flags)))
       ORDER BY settle_by, id LIMIT $4`,
      [now, warnUntil, AUTHORIZATION_EXPIRING_FLAG, limit],
    );
    return rows.map((row) => row.id);
  }

  async listOpenOperations(olderThan: Date, limit: number): Promise<string[]> {
    const { rows } = await this.#pool.query<{ id: string }>(
      `SELECT id FROM payments
       WHERE open_operation IS NOT NULL
         AND (open_operation ->> 'requestedAt')::timestamptz <= $1
       ORDER BY (open_operation ->> 'requestedAt')::timestamptz, id LIMIT $2`,
      [olderThan, limit],
    );
    return rows.map((row) => row.id);
  }

  async claimIdempotencyKey(
    scope: string,
    key: string,
    requestHash: string,
    now: Date,
    inFlightTtlMs: number,
  ): Promise<IdempotencyClaim> {
    // Loops only when a claim is released between the two statements: the key is then free.
    for (;;) {
      // Inserts a new claim, or takes over one whose request died (same request, never completed).
      // Concurrent claimers queue on the row: the first wins, the rest see a fresh claim.
      const claimed = await this.#pool.query(
        `INSERT INTO idempotency_keys (scope, idempotency_key, request_hash, claimed_at)
         VALUES ($1, $2, $3, $4)
         ON CONFLICT (scope, idempotency_key) DO UPDATE SET claimed_at = excluded.claimed_at
         WHERE idempotency_keys.response_status IS NULL
           AND idempotency_keys.request_hash = excluded.request_hash
           AND idempotency_keys.claimed_at < $5`,
        [scope, key, requestHash, now, new Date(now.getTime() - inFlightTtlMs)],
      );
      if (claimed.rowCount === 1) return { kind: 'claimed' };
      const { rows } = await this.#pool.query<Row>(
        `SELECT request_hash, response_status, response_body FROM idempotency_keys
         WHERE scope = $1 AND idempotency_key = $2`,
        [scope, key],
      );
      const recorded = rows[0];
      if (!recorded) continue;
      return claimOfRecordedKey(
        {
          requestHash: recorded.request_hash as string,
          responseStatus: recorded.response_status as number | null,
          responseBody: recorded.response_body as string | null,
        },
        requestHash,
      );
    }
  }

  async completeIdempotencyKey(
    scope: string,
    key: string,
    response: { status: number; body: string },
  ): Promise<void> {
    await this.#pool.query(
      `UPDATE idempotency_keys SET response_status = $1, response_body = $2
       WHERE scope = $3 AND idempotency_key = $4`,
      [response.status, response.body, scope, key],
    );
  }

  async releaseIdempotencyKey(scope: string, key: string): Promise<void> {
    // A completed key is never forgotten: its response must keep replaying.
    await this.#pool.query(
      `DELETE FROM idempotency_keys
       WHERE scope = $1 AND idempotency_key = $2 AND response_status IS NULL`,
      [scope, key],
    );
  }

  async pruneIdempotencyKeys(options: {
    completedBefore: Date;
    abandonedBefore: Date;
    limit: number;
  }): Promise<number> {
    // SKIP LOCKED: instances pruning together take different rows, and a row a claimer is taking
    // over right now is left alone (the condition is checked again on the locked row).
    const { rowCount } = await this.#pool.query(
      `DELETE FROM idempotency_keys WHERE (scope, idempotency_key) IN (
         SELECT scope, idempotency_key FROM idempotency_keys
         WHERE (response_status IS NOT NULL AND claimed_at < $1)
            OR (response_status IS NULL AND claimed_at < $2)
         LIMIT $3
         FOR UPDATE SKIP LOCKED)`,
      [options.completedBefore, options.abandonedBefore, options.limit],
    );
    return rowCount ?? 0;
  }

  async claimDueWebhooks(now: Date, limit: number, leaseMs: number): Promise<WebhookMessage[]> {
    const { rows } = await this.#pool.query<Row>(
      `UPDATE webhook_outbox SET leased_until = $2
       WHERE seq IN (
         SELECT seq FROM webhook_outbox
         WHERE delivered_at IS NULL AND abandoned_at IS NULL AND next_attempt_at <= $1
           AND (leased_until IS NULL OR leased_until <= $1)
         ORDER BY next_attempt_at, seq LIMIT $3
         FOR UPDATE SKIP LOCKED)
       RETURNING *`,
      [now, new Date(now.getTime() + leaseMs), limit],
    );
    // RETURNING has no order of its own.
    rows.sort(
      (a, b) =>
        (a.next_attempt_at as Date).getTime() - (b.next_attempt_at as Date).getTime() ||
        (a.seq as number) - (b.seq as number),
    );
    return rows.map(webhookFromRow);
  }

  async markWebhookDelivered(id: string, at: Date): Promise<void> {
    await this.#pool.query(
      `UPDATE webhook_outbox SET delivered_at = $1, attempts = attempts + 1, leased_until = NULL
       WHERE id = $2 AND delivered_at IS NULL`,
      [at, id],
    );
  }

  async markWebhookFailed(
    id: string,
    failure: { error: string; nextAttemptAt: Date; abandon: boolean; at: Date },
  ): Promise<void> {
    await this.#pool.query(
      `UPDATE webhook_outbox SET attempts = attempts + 1, last_error = $1, next_attempt_at = $2,
         abandoned_at = $3, leased_until = NULL
       WHERE id = $4 AND delivered_at IS NULL AND abandoned_at IS NULL`,
      [failure.error, failure.nextAttemptAt, failure.abandon ? failure.at : null, id],
    );
  }

  async listWebhooks(paymentId: string): Promise<WebhookMessage[]> {
    const { rows } = await this.#pool.query<Row>(
      'SELECT * FROM webhook_outbox WHERE payment_id = $1 ORDER BY seq',
      [paymentId],
    );
    return rows.map(webhookFromRow);
  }
}

function webhookFromRow(row: Row): WebhookMessage {
  return {
    id: row.id as string,
    type: row.type as WebhookMessage['type'],
    payload: row.payload as string,
    paymentId: row.payment_id as string | null,
    ...(row.subscription_id != null && { subscriptionId: row.subscription_id as string }),
    attempts: row.attempts as number,
    nextAttemptAt: row.next_attempt_at as Date,
    deliveredAt: row.delivered_at as Date | null,
    abandonedAt: row.abandoned_at as Date | null,
    lastError: row.last_error as string | null,
    createdAt: row.created_at as Date,
  };
}

function asDuplicatePaymentError(error: unknown): DuplicatePaymentError | null {
  if (!(error instanceof DatabaseError) || error.code !== '23505') return null; // unique_violation
  if (error.constraint === 'payments_pkey') return new DuplicatePaymentError('id');
  if (error.constraint === 'payments_order_id_key') return new DuplicatePaymentError('orderId');
  return null;
}
