import { createTestDatabase } from '@au-pay/test-postgres';
import { Client } from 'pg';
import { describe, expect, inject, it } from 'vitest';
import { describePaymentStoreConformance, testPayment } from '../testing/store-conformance.js';
import { migrations } from './migrations.js';
import { PostgresPaymentStore } from './postgres-store.js';

const server = inject('postgresUrl');

describePaymentStoreConformance(
  'PostgreSQL',
  async () => new PostgresPaymentStore(await createTestDatabase(server)),
);

describe('PostgresPaymentStore', () => {
  it('migrates once when several instances start at the same time', async () => {
    const url = await createTestDatabase(server);
    const instances = Array.from({ length: 4 }, () => new PostgresPaymentStore(url));

    await Promise.all(instances.map((store) => store.migrate()));

    const client = new Client({ connectionString: url });
    await client.connect();
    const { rows } = await client.query('SELECT version FROM schema_migrations ORDER BY version');
    await client.end();
    expect(rows.map((row) => row.version)).toEqual(migrations.map((m) => m.version));
    const [first, second] = instances as [PostgresPaymentStore, PostgresPaymentStore];
    const payment = await first.insertPayment(testPayment(), { type: 'payment.created', data: {} });
    expect(await second.getPayment(payment.id)).toEqual(payment);
    await Promise.all(instances.map((store) => store.close()));
  });
});
