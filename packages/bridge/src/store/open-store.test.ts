import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { createTestDatabase } from '@au-pay/test-postgres';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { testPayment } from '../testing/test-payment.js';
import { openPaymentStore } from './open-store.js';
import type { PaymentStore } from './payment-store.js';
import { PostgresPaymentStore } from './postgres-store.js';
import { SqlitePaymentStore } from './sqlite-store.js';

const directory = mkdtempSync(join(tmpdir(), 'au-pay-open-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

async function roundTrip(store: PaymentStore): Promise<void> {
  await store.migrate();
  const payment = await store.insertPayment(testPayment(), { type: 'payment.created', data: {} });
  expect(await store.getPayment(payment.id)).toEqual(payment);
  await store.close();
}

describe('openPaymentStore', () => {
  it('opens a SQLite file relative to the working directory, creating its directory', async () => {
    const file = join(directory, 'nested', '.au-pay', 'bridge.db');

    const store = openPaymentStore(`sqlite:${relative(process.cwd(), file)}`);

    expect(store).toBeInstanceOf(SqlitePaymentStore);
    await roundTrip(store);
    expect(existsSync(file)).toBe(true);
  });

  it('opens an in-memory SQLite database for tests', async () => {
    await roundTrip(openPaymentStore('sqlite::memory:'));
  });

  it.each(['postgres://', 'postgresql://'])('opens PostgreSQL for %s URLs', async (scheme) => {
    const url = await createTestDatabase(inject('postgresUrl'));

    const store = openPaymentStore(url.replace(/^postgres:\/\//, scheme));

    expect(store).toBeInstanceOf(PostgresPaymentStore);
    await roundTrip(store);
  });

  it.each([
    ['another database', 'mysql://shop:hunter2@db.internal/shop', 'mysql:'],
    ['a bare path', '.au-pay/bridge.db', 'no scheme'],
    ['an empty SQLite path', 'sqlite:', 'sqlite:'],
  ])('refuses %s, naming the accepted forms and not the password', (_, url, shown) => {
    const open = () => openPaymentStore(url);

    expect(open).toThrow(`DATABASE_URL (${shown}) is not a database the bridge can open`);
    expect(open).toThrow(/`sqlite:PATH`.*`postgres:\/\/USER:PASSWORD@HOST:PORT\/DATABASE`/);
    expect(open).not.toThrow(/hunter2/);
  });
});
