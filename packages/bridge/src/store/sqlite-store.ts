import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { GroupCommit } from './group-commit.js';
import { claimOfRecordedKey } from './idempotency-claim.js';
import { migrations } from './migrations.js';
import {
  type ColumnCodec,
  paymentColumnNames,
  paymentFromRow,
  paymentFromValues,
  paymentToRow,
} from './payment-columns.js';
import {
  type AcquirerNotification,
  AUTHORIZATION_EXPIRING_FLAG,
  DuplicatePaymentError,
  type IdempotencyClaim,
  type ListCursor,
  type NewPaymentEvent,
  type NewWebhookMessage,
  type PaymentChange,
  type PaymentEvent,
  type PaymentRecord,
  type PaymentStore,
  type WebhookMessage,
} from './payment-store.js';
import { newPublicId } from './public-id.js';
import { SqliteSubscriptions } from './sqlite-subscriptions.js';
import type { SubscriptionStore } from './subscription-store.js';

type Row = Record<string, unknown>;

// Instants are integer milliseconds since the epoch: exact, and they sort as numbers.
const codec: ColumnCodec = {
  encodeInstant: (value) => value.getTime(),
  decodeInstant: (value) => new Date(value as number),
  encodeList: (value) => JSON.stringify(value),
  decodeList: (value) => JSON.parse(value as string) as string[],
  encodeJson: (text) => text,
  decodeJson: (value) => JSON.parse(value as string) as unknown,
};

const instantOrNull = (value: unknown): Date | null =>
  value === null ? null : new Date(value as number);

// The payment's columns by name, in the order paymentFromValues reads them (rows read as arrays).
const selectPayment = `SELECT ${paymentColumnNames.join(', ')} FROM payments`;
const selectPaymentById = `${selectPayment} WHERE id = ?`;
const selectPaymentByOrderId = `${selectPayment} WHERE order_id = ?`;

const insertPaymentSql = `INSERT INTO payments (${paymentColumnNames.join(', ')})
  VALUES (${paymentColumnNames.map(() => '?').join(', ')})`;

/**
 * The UPDATE of the columns whose values change, by their indexes in `paymentColumnNames`. SQLite
 * rewrites every index on a column the SET names, changed or not: naming only the changed columns
 * spares the payments table's five indexes on a status change (an update costs about a third).
 */
function updatePaymentSql(changed: readonly number[]): string {
  return `UPDATE payments SET ${changed.map((i) => `${paymentColumnNames[i]} = ?`).join(', ')}
    WHERE id = ? AND version = ?`;
}

/**
 * The embedded store: one SQLite file in WAL mode. Every write is a savepoint of a `BEGIN IMMEDIATE`
 * transaction that the writes of one event-loop turn share (group-commit.ts): the write lock is
 * held from the first read, which serialises read-decide-write even across processes sharing the
 * file, and a write is answered only once committed.
 */
export class SqlitePaymentStore implements PaymentStore {
  readonly #db: Database.Database;
  readonly #statements = new Map<string, Database.Statement>();
  readonly #updateStatements = new Map<string, Database.Statement>();
  readonly #subscriptions: SqliteSubscriptions;
  /** Every write goes through it: a savepoint in the turn's one transaction (group-commit.ts). */
  readonly #writes: GroupCommit;

  /** `filename` is a path (its directory is created) or `:memory:`. */
  constructor(filename: string) {
    if (filename !== ':memory:') mkdirSync(dirname(filename), { recursive: true });
    this.#db = new Database(filename);
    this.#db.pragma('journal_mode = WAL');
    // Another process holding the write lock makes us wait rather than fail at once.
    this.#db.pragma('busy_timeout = 5000');
    this.#db.pragma('foreign_keys = ON');
    // FULL (not NORMAL) so that a committed payment survives a power cut, WAL or not.
    this.#db.pragma('synchronous = FULL');
    // Up to 64 MiB of page cache instead of SQLite's 2 MiB (taken as pages are read, so a small
    // database uses little): a busy shop's payments and their indexes stay in memory, and a
    // notification's lookups and writes read far fewer pages from the file. Durability is the
    // same; measured at +10-15% requests per second on both hot routes (bench/throughput.ts).
    this.#db.pragma('cache_size = -65536');
    this.#writes = new GroupCommit(this.#db);
    this.#subscriptions = new SqliteSubscriptions(
      (work) => this.#writes.run(work),
      codec,
      (source) => this.#sql(source),
      webhookFromRow,
    );
  }

  // Subscriptions (sqlite-subscriptions.ts), on the same database and transactions.
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
    this.#db
      .transaction(() => {
        this.#db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
          version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL) STRICT`);
        const applied = new Set(
          this.#db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[],
        );
        for (const migration of migrations) {
          if (applied.has(migration.version)) continue;
          this.#db.exec(migration.sqlite);
          this.#db
            .prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)')
            .run(migration.version, migration.name, Date.now());
        }
      })
      .immediate();
  }

  async close(): Promise<void> {
    this.#writes.flush();
    this.#db.close();
  }

  async insertPayment(payment: PaymentRecord, event: NewPaymentEvent): Promise<PaymentRecord> {
    const stored = { ...payment, version: 1 };
    try {
      await this.#writes.run(() => {
        this.#sql(insertPaymentSql).run(...paymentToRow(stored, codec));
        this.#insertEvents(stored.id, [event], stored.createdAt);
      });
    } catch (error) {
      throw asDuplicatePaymentError(error) ?? error;
    }
    return stored;
  }

  async getPayment(id: string): Promise<PaymentRecord | null> {
    const values = this.#rows(selectPaymentById).get(id) as unknown[] | undefined;
    return values ? paymentFromValues(values, codec) : null;
  }

  async getPaymentByOrderId(orderId: string): Promise<PaymentRecord | null> {
    const values = this.#rows(selectPaymentByOrderId).get(orderId) as unknown[] | undefined;
    return values ? paymentFromValues(values, codec) : null;
  }

  async listPayments(options: {
    limit: number;
    startingAfter?: ListCursor;
  }): Promise<PaymentRecord[]> {
    const cursor = options.startingAfter;
    const rows = (
      cursor
        ? this.#sql(
            `SELECT * FROM payments WHERE (created_at, id) < (?, ?)
             ORDER BY created_at DESC, id DESC LIMIT ?`,
          ).all(cursor.createdAt.getTime(), cursor.id, options.limit)
        : this.#sql('SELECT * FROM payments ORDER BY created_at DESC, id DESC LIMIT ?').all(
            options.limit,
          )
    ) as Row[];
    return rows.map((row) => paymentFromRow(row, codec));
  }

  async listEvents(paymentId: string): Promise<PaymentEvent[]> {
    const rows = this.#sql('SELECT * FROM payment_events WHERE payment_id = ? ORDER BY seq').all(
      paymentId,
    ) as Row[];
    return rows.map((row) => ({
      id: row.id as string,
      paymentId: row.payment_id as string,
      type: row.type as string,
      data: JSON.parse(row.data as string) as Record<string, unknown>,
      createdAt: new Date(row.created_at as number),
    }));
  }

  async updatePayment(
    id: string,
    decide: (current: PaymentRecord) => PaymentChange | null,
  ): Promise<{ payment: PaymentRecord; changed: boolean } | null> {
    return this.#updateFound(selectPaymentById, id, decide);
  }

  async updatePaymentByOrderId(
    orderId: string,
    decide: (current: PaymentRecord) => PaymentChange | null,
  ): Promise<{ payment: PaymentRecord; changed: boolean } | null> {
    return this.#updateFound(selectPaymentByOrderId, orderId, decide);
  }

  /** updatePayment of the payment `select` finds by `key` (its id or its order id). */
  async #updateFound(
    select: string,
    key: string,
    decide: (current: PaymentRecord) => PaymentChange | null,
  ): Promise<{ payment: PaymentRecord; changed: boolean } | null> {
    try {
      return await this.#writes.run(() => {
        const values = this.#rows(select).get(key) as unknown[] | undefined;
        if (!values) return null;
        const current = paymentFromValues(values, codec);
        const id = current.id;
        const change = decide(current);
        if (change === null) return { payment: current, changed: false };
        if (change.payment.id !== id) throw new Error('decide must not change the payment id');
        const next = { ...change.payment, version: current.version + 1 };
        if (change.notification) {
          const recorded = this.#sql(
            `INSERT INTO acquirer_notifications (acquirer, notification_id, payment_id, applied_at)
             VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING`,
          ).run(change.notification.acquirer, change.notification.id, id, next.updatedAt.getTime());
          if (recorded.changes === 0) return { payment: current, changed: false };
        }
        const before = paymentToRow(current, codec);
        const after = paymentToRow(next, codec);
        // The version always changes; the id (index 0) never does.
        const changed = after.flatMap((value, i) => (i > 0 && value !== before[i] ? [i] : []));
        const written = this.#updatePayment(changed).run(
          ...changed.map((i) => after[i]),
          id,
          current.version,
        );
        // Unreachable while the write lock is held; kept so a lost update can never pass silently.
        if (written.changes !== 1) throw new Error(`payment ${id} changed during its update`);
        this.#insertEvents(id, change.events, next.updatedAt);
        this.#insertWebhooks(id, change.webhooks, next.updatedAt);
        return { payment: next, changed: true };
      });
    } catch (error) {
      throw asDuplicatePaymentError(error) ?? error;
    }
  }

  async hasAcquirerNotification(notification: AcquirerNotification): Promise<boolean> {
    const found = this.#sql(
      'SELECT 1 FROM acquirer_notifications WHERE acquirer = ? AND notification_id = ?',
    ).get(notification.acquirer, notification.id);
    return found !== undefined;
  }

  async listExpiredPending(now: Date, limit: number): Promise<string[]> {
    return this.#sql(
      `SELECT id FROM payments WHERE status = 'pending' AND expires_at <= ?
       ORDER BY expires_at, id LIMIT ?`,
    )
      .pluck()
      .all(now.getTime(), limit) as string[];
  }

  async listLapsingAuthorizations(now: Date, warnUntil: Date, limit: number): Promise<string[]> {
    // flags is a JSON array of strings.
    return this.#sql(
      `SELECT id FROM payments
       WHERE status = 'authorized' AND settle_by <= ?
         AND (settle_by <= ? OR NOT EXISTS (SELECT 1 FROM json_each(payments.flags) WHERE value = ?))
       ORDER BY settle_by, id LIMIT ?`,
    )
      .pluck()
      .all(warnUntil.getTime(), now.getTime(), AUTHORIZATION_EXPIRING_FLAG, limit) as string[];
  }

  async listOpenOperations(olderThan: Date, limit: number): Promise<string[]> {
    // ISO 8601 instants of one fixed format order as text.
    return this.#sql(
      `SELECT id FROM payments
       WHERE open_operation IS NOT NULL AND open_operation ->> '$.requestedAt' <= ?
       ORDER BY open_operation ->> '$.requestedAt', id LIMIT ?`,
    )
      .pluck()
      .all(olderThan.toISOString(), limit) as string[];
  }

  async claimIdempotencyKey(
    scope: string,
    key: string,
    requestHash: string,
    now: Date,
    inFlightTtlMs: number,
  ): Promise<IdempotencyClaim> {
    return this.#writes.run((): IdempotencyClaim => {
      // Inserts a new claim, or takes over one whose request died (same request, never completed).
      const claimed = this.#sql(
        `INSERT INTO idempotency_keys (scope, idempotency_key, request_hash, claimed_at)
         VALUES (?, ?, ?, ?)
         ON CONFLICT (scope, idempotency_key) DO UPDATE SET claimed_at = excluded.claimed_at
         WHERE idempotency_keys.response_status IS NULL
           AND idempotency_keys.request_hash = excluded.request_hash
           AND idempotency_keys.claimed_at < ?`,
      ).run(scope, key, requestHash, now.getTime(), now.getTime() - inFlightTtlMs);
      if (claimed.changes === 1) return { kind: 'claimed' };
      const recorded = this.#sql(
        `SELECT request_hash, response_status, response_body FROM idempotency_keys
         WHERE scope = ? AND idempotency_key = ?`,
      ).get(scope, key) as Row;
      return claimOfRecordedKey(
        {
          requestHash: recorded.request_hash as string,
          responseStatus: recorded.response_status as number | null,
          responseBody: recorded.response_body as string | null,
        },
        requestHash,
      );
    });
  }

  async completeIdempotencyKey(
    scope: string,
    key: string,
    response: { status: number; body: string },
  ): Promise<void> {
    await this.#writes.run(() => {
      this.#sql(
        `UPDATE idempotency_keys SET response_status = ?, response_body = ?
         WHERE scope = ? AND idempotency_key = ?`,
      ).run(response.status, response.body, scope, key);
    });
  }

  async releaseIdempotencyKey(scope: string, key: string): Promise<void> {
    // A completed key is never forgotten: its response must keep replaying.
    await this.#writes.run(() => {
      this.#sql(
        `DELETE FROM idempotency_keys
         WHERE scope = ? AND idempotency_key = ? AND response_status IS NULL`,
      ).run(scope, key);
    });
  }

  async pruneIdempotencyKeys(options: {
    completedBefore: Date;
    abandonedBefore: Date;
    limit: number;
  }): Promise<number> {
    // One statement under the write lock: a claim taken over meanwhile has a fresh claimed_at
    // and no longer matches.
    return this.#writes.run(
      () =>
        this.#sql(
          `DELETE FROM idempotency_keys WHERE rowid IN (
             SELECT rowid FROM idempotency_keys
             WHERE (response_status IS NOT NULL AND claimed_at < @completedBefore)
                OR (response_status IS NULL AND claimed_at < @abandonedBefore)
             LIMIT @limit)`,
        ).run({
          completedBefore: options.completedBefore.getTime(),
          abandonedBefore: options.abandonedBefore.getTime(),
          limit: options.limit,
        }).changes,
    );
  }

  async claimDueWebhooks(now: Date, limit: number, leaseMs: number): Promise<WebhookMessage[]> {
    return this.#writes.run(() => {
      const rows = this.#sql(
        `SELECT * FROM webhook_outbox
         WHERE delivered_at IS NULL AND abandoned_at IS NULL AND next_attempt_at <= @now
           AND (leased_until IS NULL OR leased_until <= @now)
         ORDER BY next_attempt_at, seq LIMIT @limit`,
      ).all({ now: now.getTime(), limit }) as Row[];
      const lease = this.#sql('UPDATE webhook_outbox SET leased_until = ? WHERE seq = ?');
      for (const row of rows) lease.run(now.getTime() + leaseMs, row.seq);
      return rows.map(webhookFromRow);
    });
  }

  async markWebhookDelivered(id: string, at: Date): Promise<void> {
    await this.#writes.run(() => {
      this.#sql(
        `UPDATE webhook_outbox SET delivered_at = ?, attempts = attempts + 1, leased_until = NULL
         WHERE id = ? AND delivered_at IS NULL`,
      ).run(at.getTime(), id);
    });
  }

  async markWebhookFailed(
    id: string,
    failure: { error: string; nextAttemptAt: Date; abandon: boolean; at: Date },
  ): Promise<void> {
    await this.#writes.run(() => {
      this.#sql(
        `UPDATE webhook_outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ?,
           abandoned_at = ?, leased_until = NULL
         WHERE id = ? AND delivered_at IS NULL AND abandoned_at IS NULL`,
      ).run(
        failure.error,
        failure.nextAttemptAt.getTime(),
        failure.abandon ? failure.at.getTime() : null,
        id,
      );
    });
  }

  async listWebhooks(paymentId: string): Promise<WebhookMessage[]> {
    const rows = this.#sql('SELECT * FROM webhook_outbox WHERE payment_id = ? ORDER BY seq').all(
      paymentId,
    ) as Row[];
    return rows.map(webhookFromRow);
  }

  #insertEvents(paymentId: string, events: NewPaymentEvent[], at: Date): void {
    if (events.length === 0) return;
    // One statement for all of a change's events (a notification writes two): rows are inserted
    // in order, so their seq keeps the events' order, and sqlite_sequence is written once.
    const insert = this.#sql(
      `INSERT INTO payment_events (id, payment_id, type, data, created_at) VALUES ${Array(
        events.length,
      )
        .fill('(?, ?, ?, ?, ?)')
        .join(', ')}`,
    );
    const createdAt = at.getTime();
    insert.run(
      events.flatMap((event) => [
        newPublicId('pev'),
        paymentId,
        event.type,
        JSON.stringify(event.data),
        createdAt,
      ]),
    );
  }

  #insertWebhooks(paymentId: string, webhooks: NewWebhookMessage[], at: Date): void {
    const insert = this.#sql(
      `INSERT INTO webhook_outbox (id, payment_id, type, payload, next_attempt_at, created_at)
       VALUES (?, ?, ?, ?, ?, ?)`,
    );
    for (const webhook of webhooks) {
      insert.run(webhook.id, paymentId, webhook.type, webhook.payload, at.getTime(), at.getTime());
    }
  }

  /** The prepared UPDATE of these changed columns, kept per set of columns (a few dozen at most). */
  #updatePayment(changed: readonly number[]): Database.Statement {
    const key = changed.join(',');
    let statement = this.#updateStatements.get(key);
    if (!statement) {
      statement = this.#db.prepare(updatePaymentSql(changed));
      this.#updateStatements.set(key, statement);
    }
    return statement;
  }

  /** A cached statement whose rows come back as arrays of column values. */
  #rows(source: string): Database.Statement {
    return this.#sql(source).raw(true);
  }

  #sql(source: string): Database.Statement {
    let statement = this.#statements.get(source);
    if (!statement) {
      statement = this.#db.prepare(source);
      this.#statements.set(source, statement);
    }
    return statement;
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
    nextAttemptAt: new Date(row.next_attempt_at as number),
    deliveredAt: instantOrNull(row.delivered_at),
    abandonedAt: instantOrNull(row.abandoned_at),
    lastError: row.last_error as string | null,
    createdAt: new Date(row.created_at as number),
  };
}

function asDuplicatePaymentError(error: unknown): DuplicatePaymentError | null {
  if (!(error instanceof Database.SqliteError)) return null;
  if (error.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' && error.message.includes('payments.id')) {
    return new DuplicatePaymentError('id');
  }
  if (error.code === 'SQLITE_CONSTRAINT_UNIQUE' && error.message.includes('payments.order_id')) {
    return new DuplicatePaymentError('orderId');
  }
  return null;
}
