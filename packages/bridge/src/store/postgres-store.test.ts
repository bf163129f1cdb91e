import { settlementDeadline } from '@au-pay/core';
import { createTestDatabase } from '@au-pay/test-postgres';
import { Client } from 'pg';
import { describe, expect, inject, it } from 'vitest';
import { describePaymentStoreConformance } from '../testing/store-conformance.js';
import { testPayment } from '../testing/test-payment.js';
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

  it("keeps working on its prepared statements after another instance's migration adds a column", async () => {
    const url = await createTestDatabase(server);
    const store = new PostgresPaymentStore(url);
    await store.migrate();
    const created = { type: 'payment.created', data: {} };
    // Every named statement prepared on the pool's connections.
    const first = await store.insertPayment(testPayment(), created);
    await store.updatePaymentByOrderId(first.orderId, (current) => ({
      payment: { ...current, status: 'authorized' },
      events: [{ type: 'payment.authorized', data: {} }],
      webhooks: [],
    }));

    // What a newer bridge's migration might do while this one runs.
    const client = new Client({ connectionString: url });
    await client.connect();
    await client.query('ALTER TABLE payments ADD COLUMN newer_field text');
    await client.end();

    const second = await store.insertPayment(testPayment(), created);
    const updated = await store.updatePaymentByOrderId(second.orderId, (current) => ({
      payment: { ...current, status: 'authorized' },
      events: [{ type: 'payment.authorized', data: {} }],
      webhooks: [],
    }));
    expect(updated?.payment.status).toBe('authorized');
    expect((await store.getPayment(first.id))?.status).toBe('authorized');
    await store.close();
  });

  it('gives authorizations stored before migration 5 their settlement deadline, counted from creation in Japan days', async () => {
    const url = await createTestDatabase(server);
    const client = new Client({ connectionString: url });
    await client.connect();
    await client.query(`CREATE TABLE schema_migrations (
      version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL)`);
    for (const migration of migrations.filter((m) => m.version < 5)) {
      await client.query(migration.postgres);
      await client.query('INSERT INTO schema_migrations VALUES ($1, $2, now())', [
        migration.version,
        migration.name,
      ]);
    }
    // 23:59:59.999 JST on 31 January and 00:00 JST on 1 February: a Japan day apart.
    const lastOfJanuary = new Date('2025-01-31T14:59:59.999Z');
    const firstOfFebruary = new Date('2025-01-31T15:00:00.000Z');
    const ids: string[] = [];
    for (const createdAt of [lastOfJanuary, firstOfFebruary]) {
      const { id } = testPayment();
      ids.push(id);
      await client.query(
        `INSERT INTO payments (id, acquirer, status, currency, amount, captured_amount,
           refunded_amount, capture_mode, merchant_reference, item_name, return_url,
           client_secret_hash, order_id, cust_code, checkout_count, partial_capture_count,
           refund_count, flags, created_at, expires_at, authorized_at, updated_at, version)
         VALUES ($1, 'sbps', 'authorized', 'JPY', 1000, 0, 0, 'manual', 'r', 'i',
           'https://shop.example/', 'h', $1, $1, 1, 0, 0, '{}', $2, $2, $2, $2, 1)`,
        [id, createdAt],
      );
    }
    await client.end();

    const store = new PostgresPaymentStore(url);
    await store.migrate();
    expect((await store.getPayment(ids[0] ?? ''))?.settleBy).toEqual(
      settlementDeadline(lastOfJanuary),
    );
    expect((await store.getPayment(ids[1] ?? ''))?.settleBy).toEqual(
      settlementDeadline(firstOfFebruary),
    );
    expect(settlementDeadline(firstOfFebruary)).toEqual(new Date('2025-05-02T00:00:00+09:00'));
    await store.close();
  });
});
