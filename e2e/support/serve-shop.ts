/**
 * Playwright's web server: the demo shop with the bridge and the sandbox acquirer, on a store
 * nobody has used before. `E2E_STORE=sqlite` (a new file in a temporary directory) or
 * `E2E_STORE=postgres` (a throwaway Debian PostgreSQL server, started here); `PORT` as usual.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startShop } from '@au-pay/demo-shop';
import { startPostgres } from '@au-pay/test-postgres';

const store = process.env.E2E_STORE ?? 'sqlite';
const directory = mkdtempSync(join(tmpdir(), `au-pay-e2e-${store}-`));
const postgres = store === 'postgres' ? await startPostgres() : null;
const databaseUrl = postgres ? postgres.url : `sqlite:${join(directory, 'shop.db')}`;

const shop = await startShop({
  env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' },
  dataDir: directory,
});
process.stdout.write(`e2e shop (${store}): ${shop.url}/\n`);

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await shop.close();
  await postgres?.stop();
  rmSync(directory, { recursive: true, force: true });
  process.exit(0);
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
