import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { settlementDeadline } from '@au-pay/core';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { describePaymentStoreConformance } from '../testing/store-conformance.js';
import { testPayment } from '../testing/test-payment.js';
import { migrations } from './migrations.js';
import { paymentColumnNames, paymentToRow } from './payment-columns.js';
import type { PaymentRecord } from './payment-store.js';
import { newPublicId } from './public-id.js';
import { SqlitePaymentStore } from './sqlite-store.js';

const directory = mkdtempSync(join(tmpdir(), 'au-pay-sqlite-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

const created = { type: 'payment.created', data: {} };
const T1 = new Date('2025-03-01T01:00:00Z');

let files = 0;
const newFile = () => join(directory, `store-${++files}`, 'bridge.db');

describePaymentStoreConformance('SQLite', async () => new SqlitePaymentStore(newFile()));

describe('SqlitePaymentStore', () => {
  it('keeps payments, history and outbox in its file across reopening', async () => {
    const file = newFile();
    const first = new SqlitePaymentStore(file);
    await first.migrate();
    const payment = await first.insertPayment(testPayment(), { type: 'payment.created', data: {} });
    await first.close();

    const reopened = new SqlitePaymentStore(file);
    await reopened.migrate();
    expect(await reopened.getPayment(payment.id)).toEqual(payment);
    expect((await reopened.listEvents(payment.id)).map((e) => e.type)).toEqual(['payment.created']);
    await reopened.close();
  });

  /** A database file of the first schema holding `payments`, as an early bridge left it. */
  async function firstSchemaFile(payments: PaymentRecord[]): Promise<string> {
    const file = newFile();
    await new SqlitePaymentStore(file).close(); // creates the directory and the file
    const db = new Database(file);
    const [v1] = migrations;
    if (!v1) throw new Error('no first migration');
    db.exec(`CREATE TABLE schema_migrations (
      version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL) STRICT`);
    db.exec(v1.sqlite);
    db.prepare('INSERT INTO schema_migrations VALUES (1, ?, 0)').run(v1.name);
    // Columns of later migrations.
    const later = [
      'open_operation',
      'paid_result_id',
      'purchase_requested_at',
      'settle_by',
      'cancelled_amount',
      'subscription_id',
      'billing_month',
    ];
    const columns = paymentColumnNames.filter((column) => !later.includes(column));
    for (const payment of payments) {
      const values = paymentToRow(payment, {
        encodeInstant: (value) => value.getTime(),
        decodeInstant: (value) => new Date(value as number),
        encodeList: (value) => JSON.stringify(value),
        decodeList: (value) => JSON.parse(value as string) as string[],
        encodeJson: (text) => text,
        decodeJson: (value) => value,
      }).filter((_, index) => !later.includes(paymentColumnNames[index] ?? ''));
      db.prepare(
        `INSERT INTO payments (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
      ).run(...values);
    }
    db.close();
    return file;
  }

  it('upgrades a database of the first schema: no open operation, nothing partially cancelled, and a paid SBPS payment keeps its tracking id as its result id', async () => {
    const payment = { ...testPayment(), acquirerReference: '12345678901234', cancelledAmount: 0 };
    const upgraded = new SqlitePaymentStore(await firstSchemaFile([payment]));
    await upgraded.migrate();
    expect(await upgraded.getPayment(payment.id)).toEqual({
      ...payment,
      openOperation: null,
      paidResultId: '12345678901234',
    });
    expect(await upgraded.listOpenOperations(new Date('2100-01-01T00:00:00Z'), 10)).toEqual([]);
    await upgraded.close();
  });

  it('upgrades an authorization of the first schema: its settlement deadline counts from creation, in Japan days', async () => {
    // 23:59:59.999 JST on 31 January: day 90 ends at 00:00 JST on 1 May (core's settlementDeadline).
    const createdAt = new Date('2025-01-31T14:59:59.999Z');
    const authorized = testPayment({
      status: 'authorized',
      captureMode: 'manual',
      createdAt,
      authorizedAt: createdAt,
    });
    const pending = testPayment();
    const upgraded = new SqlitePaymentStore(await firstSchemaFile([authorized, pending]));
    await upgraded.migrate();
    expect(await upgraded.getPayment(authorized.id)).toMatchObject({
      purchaseRequestedAt: null,
      settleBy: settlementDeadline(createdAt),
    });
    expect(settlementDeadline(createdAt)).toEqual(new Date('2025-05-01T00:00:00+09:00'));
    expect(await upgraded.getPayment(pending.id)).toMatchObject({ settleBy: null });
    await upgraded.close();
  });

  it('keeps the webhook outbox through its rebuild for subscriptions (migration 4)', async () => {
    const file = newFile();
    const first = new SqlitePaymentStore(file);
    await first.close();
    const db = new Database(file);
    db.exec(`CREATE TABLE schema_migrations (
      version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL) STRICT`);
    for (const migration of migrations.filter((m) => m.version < 4)) {
      db.exec(migration.sqlite);
      db.prepare('INSERT INTO schema_migrations VALUES (?, ?, 0)').run(
        migration.version,
        migration.name,
      );
    }
    const payment = testPayment();
    // Columns of migrations 4 and later.
    const later = [
      'subscription_id',
      'billing_month',
      'purchase_requested_at',
      'settle_by',
      'cancelled_amount',
    ];
    const columns = paymentColumnNames.filter((column) => !later.includes(column));
    const values = paymentToRow(payment, {
      encodeInstant: (value) => value.getTime(),
      decodeInstant: (value) => new Date(value as number),
      encodeList: (value) => JSON.stringify(value),
      decodeList: (value) => JSON.parse(value as string) as string[],
      encodeJson: (text) => text,
      decodeJson: (value) => value,
    }).filter((_, index) => columns.includes(paymentColumnNames[index] ?? ''));
    db.prepare(
      `INSERT INTO payments (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
    ).run(...values);
    db.prepare(
      `INSERT INTO webhook_outbox (id, payment_id, type, payload, attempts, next_attempt_at, created_at)
       VALUES ('evt_before_v4', ?, 'payment.captured', '{}', 2, 5, 1)`,
    ).run(payment.id);
    db.close();

    const upgraded = new SqlitePaymentStore(file);
    await upgraded.migrate();
    expect(await upgraded.listWebhooks(payment.id)).toMatchObject([
      { id: 'evt_before_v4', paymentId: payment.id, attempts: 2, type: 'payment.captured' },
    ]);
    const [due] = await upgraded.claimDueWebhooks(new Date(10), 10, 1000);
    expect(due?.id).toBe('evt_before_v4');
    await upgraded.close();
  });
  it('writes every field a change makes, whichever fields it changes', async () => {
    const store = new SqlitePaymentStore(newFile());
    await store.migrate();
    // Each field alone, then all of them at once: a changed column left out would read back old.
    const changes: Array<Partial<PaymentRecord>> = [
      { status: 'authorized' },
      { amount: 2500 },
      { capturedAmount: 100 },
      { refundedAmount: 50 },
      { cancelledAmount: 30 },
      { captureMode: 'manual' },
      { merchantReference: 'order-2002' },
      { itemName: '紅茶 100g' },
      { returnUrl: 'https://shop.example/done' },
      { clientSecretHash: 'd'.repeat(64) },
      { orderId: newPublicId('ord') },
      { custCode: 'customer-7' },
      { acquirerReference: '12345678901234' },
      { paidResultId: '12345678901234' },
      { layout: 'wap' },
      { checkoutCount: 2 },
      { partialCaptureCount: 1 },
      { refundCount: 3 },
      { flags: ['late_success'] },
      {
        openOperation: {
          id: newPublicId('op'),
          kind: 'refund',
          amount: 100,
          partial: true,
          idempotencyKey: 'key-12345678',
          requestedAt: new Date('2025-03-01T00:00:00Z'),
        },
      },
      { createdAt: new Date('2025-02-01T00:00:00Z') },
      { expiresAt: new Date('2025-02-02T00:00:00Z') },
      { authorizedAt: new Date('2025-02-03T00:00:00Z') },
      { capturedAt: new Date('2025-02-04T00:00:00Z') },
      { purchaseRequestedAt: new Date('2025-02-05T00:00:00Z') },
      { settleBy: new Date('2025-05-01T00:00:00Z') },
      { updatedAt: new Date('2025-02-06T00:00:00Z') },
      { billingMonth: '2025-02' },
    ];
    const all = { ...Object.assign({}, ...changes), orderId: newPublicId('ord') };
    for (const change of [...changes, all]) {
      const payment = await store.insertPayment(testPayment(), created);
      const expected = { ...payment, ...change };
      const written = await store.updatePayment(payment.id, () => ({
        payment: expected,
        events: [],
        webhooks: [],
      }));
      expect(written?.payment).toEqual({ ...expected, version: 2 });
      expect(await store.getPayment(payment.id)).toEqual({ ...expected, version: 2 });
    }
    await store.close();
  });

  it('names only the changed columns in its UPDATE, so the indexes on the others are not rewritten', async () => {
    const file = newFile();
    const store = new SqlitePaymentStore(file);
    await store.migrate();
    const payment = await store.insertPayment(testPayment(), created);
    // An UPDATE OF trigger fires when its column is named in the SET, changed or not.
    const db = new Database(file);
    db.exec(`CREATE TABLE named_columns (name TEXT NOT NULL);
      CREATE TRIGGER order_id_named AFTER UPDATE OF order_id ON payments
        BEGIN INSERT INTO named_columns VALUES ('order_id'); END;
      CREATE TRIGGER created_at_named AFTER UPDATE OF created_at ON payments
        BEGIN INSERT INTO named_columns VALUES ('created_at'); END;
      CREATE TRIGGER status_named AFTER UPDATE OF status ON payments
        BEGIN INSERT INTO named_columns VALUES ('status'); END;`);
    await store.updatePayment(payment.id, (current) => ({
      payment: { ...current, status: 'authorized', authorizedAt: T1 },
      events: [],
      webhooks: [],
    }));
    expect(db.prepare('SELECT name FROM named_columns').pluck().all()).toEqual(['status']);
    db.close();
    await store.close();
  });
});
