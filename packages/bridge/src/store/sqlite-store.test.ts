import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { describePaymentStoreConformance, testPayment } from '../testing/store-conformance.js';
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
});
