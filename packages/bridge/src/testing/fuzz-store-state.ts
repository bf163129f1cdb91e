/**
 * What the endpoint fuzz reads of the bridge's database, from a connection of its own: a snapshot
 * of everything a request could change (payments, subscriptions, their events, the webhook outbox)
 * and a cheap change mark beside it, on SQLite or PostgreSQL.
 */
import Database from 'better-sqlite3';
import pg from 'pg';

/** The tables a request may write, as one string: equal strings, unchanged state. */
const SNAPSHOT_QUERIES = [
  'SELECT * FROM payments ORDER BY id',
  'SELECT count(*) AS count, max(seq) AS last FROM payment_events',
  'SELECT * FROM subscriptions ORDER BY id',
  'SELECT count(*) AS count, max(seq) AS last FROM subscription_events',
  'SELECT count(*) AS count, max(seq) AS last FROM webhook_outbox',
];

export interface StoreState {
  /** Cheap: the same mark, nothing committed (SQLite) or nothing changed (PostgreSQL). */
  mark(): Promise<string>;
  /** Everything a request could change, as one comparable string. */
  snapshot(): Promise<string>;
  close(): Promise<void>;
}

/** Opens `databaseUrl` (`sqlite:<file>` or a PostgreSQL URL) for reading. */
export async function openStoreState(databaseUrl: string): Promise<StoreState> {
  if (databaseUrl.startsWith('sqlite:')) {
    const database = new Database(databaseUrl.slice('sqlite:'.length), { readonly: true });
    const statements = SNAPSHOT_QUERIES.map((query) => database.prepare(query));
    // Moves whenever another connection (the bridge's) commits: sqlite.org/pragma.html#pragma_data_version
    const dataVersion = database.prepare('PRAGMA data_version').pluck();
    return {
      mark: async () => String(dataVersion.get()),
      snapshot: async () => JSON.stringify(statements.map((statement) => statement.all())),
      close: async () => {
        database.close();
      },
    };
  }
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  // One round trip for all the tables.
  const parts = SNAPSHOT_QUERIES.map((part) => `(SELECT json_agg(t) FROM (${part}) t)`);
  const query = `SELECT ${parts.map((part, index) => `${part} AS t${index}`).join(', ')}`;
  // The same tables digested on the server: 32 characters instead of every row.
  const digest = `SELECT md5(concat_ws('|', ${parts.map((part) => `coalesce(${part}::text, '')`).join(', ')})) AS mark`;
  return {
    mark: async () => String((await client.query(digest)).rows[0]?.mark),
    snapshot: async () => JSON.stringify((await client.query(query)).rows),
    close: () => client.end(),
  };
}
