/**
 * The servers the throughput benchmark measures, in a process of their own so that the load
 * generator does not share their event loop: a bare Express 5 JSON route (the baseline) and the
 * bridge on SQLite. Prints one JSON line `{ baseline, bridge }` with their URLs once listening.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { pino } from 'pino';
import { createBridge } from '../src/bridge.js';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';

const databaseUrl = process.argv[2];
const publicUrl = process.argv[3];
const port = Number(process.argv[4]);
if (!databaseUrl || !publicUrl || !port)
  throw new Error('usage: servers.ts DATABASE_URL PUBLIC_URL PORT');

async function listen(app: express.Express, onPort = 0): Promise<string> {
  const server = await new Promise<Server>((resolve) => {
    const listening = app.listen(onPort, '127.0.0.1', () => resolve(listening));
  });
  server.keepAliveTimeout = 60_000;
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

// The baseline: what any Express 5 JSON endpoint costs (parse a JSON body, answer JSON).
const baseline = express();
baseline.post('/echo', express.json(), (req, res) => {
  res.status(201).json({ ok: true, received: Object.keys(req.body as object).length });
});

// The bridge as a merchant runs it: helmet, auth, validation, SQLite, info-level JSON logs (to
// /dev/null here, so the terminal is not what is measured). Rate limiting is off: all the load
// comes from one address.
const config = loadConfig({
  DATABASE_URL: databaseUrl,
  PUBLIC_URL: publicUrl,
  PORT: String(port),
  AU_PAY_RATE_LIMIT: '0',
});
const bridge = createBridge(config, {
  // The CLI's own logger (its redaction included), writing to /dev/null.
  logger: createLogger({
    level: 'info',
    destination: pino.destination({ dest: '/dev/null', sync: false }),
  }),
  workers: false,
});
// As the CLI runs it (src/cli.ts).
const app = express();
app.disable('x-powered-by');
app.set('etag', false);
app.use(bridge);
await bridge.ready;

const urls = { baseline: await listen(baseline), bridge: await listen(app, port) };
process.stdout.write(`${JSON.stringify(urls)}\n`);
process.on('SIGTERM', () => {
  bridge.close().finally(() => process.exit(0));
});
