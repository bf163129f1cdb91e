import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { describePaymentStoreConformance, testPayment } from '../testing/store-conformance.js';
import { migrations } from './migrations.js';
import { paymentColumnNames, paymentToRow } from './payment-columns.js';
import { SqlitePaymentStore } from './sqlite-store.js';

const directory = mkdtempSync(join(tmpdir(), 'au-pay-sqlite-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

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

  it('upgrades a database of the first schema: no open operation, and a paid SBPS payment keeps its tracking id as its result id', async () => {
    const file = newFile();
    const first = new SqlitePaymentStore(file);
    await first.close(); // creates the directory and the file
    const db = new Database(file);
    const [v1] = migrations;
    if (!v1) throw new Error('no first migration');
    db.exec(`CREATE TABLE schema_migrations (
      version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL) STRICT`);
    db.exec(v1.sqlite);
    db.prepare('INSERT INTO schema_migrations VALUES (1, ?, 0)').run(v1.name);
    const payment = { ...testPayment(), acquirerReference: '12345678901234' };
    // Columns of later migrations.
    const later = ['open_operation', 'paid_result_id', 'subscription_id', 'billing_month'];
    const columns = paymentColumnNames.filter((column) => !later.includes(column));
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
    db.close();

    const upgraded = new SqlitePaymentStore(file);
    await upgraded.migrate();
    expect(await upgraded.getPayment(payment.id)).toEqual({
      ...payment,
      openOperation: null,
      paidResultId: '12345678901234',
    });
    expect(await upgraded.listOpenOperations(new Date('2100-01-01T00:00:00Z'), 10)).toEqual([]);
    await upgraded.close();
  });
});
