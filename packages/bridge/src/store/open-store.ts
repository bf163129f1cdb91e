import { resolve } from 'node:path';
import type { PaymentStore } from './payment-store.js';
import { PostgresPaymentStore } from './postgres-store.js';
import { SqlitePaymentStore } from './sqlite-store.js';

const ACCEPTED_FORMS =
  '`sqlite:PATH` (relative to the working directory, e.g. `sqlite:.au-pay/bridge.db`; ' +
  '`sqlite::memory:` for tests) or `postgres://USER:PASSWORD@HOST:PORT/DATABASE` ' +
  '(`postgresql://` also works)';

/**
 * The store a `DATABASE_URL` names. It is not migrated yet: call `migrate()` before use.
 */
export function openPaymentStore(databaseUrl: string): PaymentStore {
  if (databaseUrl.startsWith('postgres://') || databaseUrl.startsWith('postgresql://')) {
    return new PostgresPaymentStore(databaseUrl);
  }
  if (databaseUrl.startsWith('sqlite:')) {
    const path = databaseUrl.slice('sqlite:'.length);
    if (path === ':memory:') return new SqlitePaymentStore(':memory:');
    if (path !== '' && !path.startsWith('//')) return new SqlitePaymentStore(resolve(path));
  }
  // The URL may carry a password: name only its scheme.
  const scheme = /^[a-z][a-z0-9+.-]*:/i.exec(databaseUrl)?.[0] ?? 'no scheme';
  throw new Error(
    `DATABASE_URL (${scheme}) is not a database the bridge can open: use ${ACCEPTED_FORMS}.`,
  );
}
