import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PostgresServer, startPostgres } from './postgres-server.js';
import { createTestDatabase } from './test-database.js';

async function query<T>(url: string, sql: string): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

describe('startPostgres', () => {
  let server: PostgresServer;
  beforeAll(async () => {
    server = await startPostgres();
  }, 60_000);
  afterAll(() => server.stop());

  it('answers on 127.0.0.1 as the postgres superuser', async () => {
    expect(server.url).toMatch(/^postgres:\/\/postgres@127\.0\.0\.1:\d+\/postgres$/);
    const [row] = await query<{ user: string; superuser: boolean }>(
      server.url,
      "SELECT current_user AS user, current_setting('is_superuser') = 'on' AS superuser",
    );
    expect(row).toEqual({ user: 'postgres', superuser: true });
  });

  it('createTestDatabase gives each caller an empty database of its own on that server', async () => {
    const first = await createTestDatabase(server.url);
    const second = await createTestDatabase(server.url);
    expect(new URL(first).host).toBe(new URL(server.url).host);
    expect(first).not.toBe(second);

    await query(first, 'CREATE TABLE payments (id text PRIMARY KEY)');
    const tablesIn = (url: string) =>
      query<{ name: string }>(
        url,
        "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public'",
      );
    expect(await tablesIn(first)).toEqual([{ name: 'payments' }]);
    expect(await tablesIn(second)).toEqual([]);
  });
});

describe('PostgresServer.stop', () => {
  it('stops the server, and a second call is harmless', async () => {
    const server = await startPostgres();
    await query(server.url, 'SELECT 1');

    await server.stop();
    await server.stop();

    await expect(query(server.url, 'SELECT 1')).rejects.toThrow(/ECONNREFUSED/);
  }, 60_000);
});
