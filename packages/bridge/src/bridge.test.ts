import express from 'express';
import { afterEach, expect, it } from 'vitest';
import { createBridge } from './bridge.js';
import { loadConfig } from './config.js';
import { createLogger } from './logger.js';
import { listen } from './testing/bridge-harness.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function serve(databaseUrl: string) {
  const config = loadConfig({ DATABASE_URL: databaseUrl, PUBLIC_URL: 'http://127.0.0.1:9' });
  const bridge = createBridge(config, {
    logger: createLogger({ level: 'silent' }),
    workers: false,
  });
  const app = express();
  app.use(bridge);
  const { server, url } = await listen(app);
  cleanups.push(async () => {
    server.closeAllConnections();
    await new Promise<void>((done) => server.close(() => done()));
    await bridge.close();
  });
  return { bridge, url };
}

it('answers 503 database_unavailable while its database cannot be prepared', async () => {
  // Port 9 (discard) on loopback: nothing listens, so the connection is refused at once.
  const { bridge, url } = await serve('postgres://au_pay@127.0.0.1:9/au_pay');
  await bridge.ready.catch(() => {});
  const response = await fetch(`${url}/openapi.json`);
  expect(response.status).toBe(503);
  const body = (await response.json()) as { error: { code: string } };
  expect(body.error.code).toBe('database_unavailable');
});

it('holds a request that arrives before the database is ready, then serves it', async () => {
  const { bridge, url } = await serve('sqlite::memory:');
  const early = fetch(`${url}/openapi.json`);
  await bridge.ready;
  expect((await early).status).toBe(200);
});
