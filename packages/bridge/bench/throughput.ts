/**
 * Throughput of the bridge's two hot endpoints, each as a ratio to a bare Express 5 JSON route
 * measured in the same run, on the same machine, with the same client (autocannon, keep-alive,
 * loopback only). Bounded: under 30 seconds in all.
 *
 *   POST /v1/payments   bearer auth, zod validation, Shift_JIS check, SQLite insert + event
 *   POST /sbps/notify   Shift_JIS decode, SHA-1 verify, lookup, transition in a transaction
 *                       (each body names another payment, so most requests apply a first-time
 *                       notification; once all are applied the rest are repeats)
 *
 * SQLite runs on /dev/shm when there is one: what is measured is the bridge, not the disk's fsync.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { formatSbpsDate } from '@au-pay/core';
import { encodeSbpsForm, signSbpsResult } from '@au-pay/core/sbps';
import { SANDBOX_DEFAULTS } from '../src/config.js';
import { openPaymentStore } from '../src/store/open-store.js';
import type { PaymentRecord } from '../src/store/payment-store.js';
import { newPublicId } from '../src/store/public-id.js';

const require = createRequire(import.meta.url);
const autocannon = require('autocannon') as (options: Record<string, unknown>) => Promise<{
  requests: { average: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}>;

const CONNECTIONS = 10;
const DURATION_S = 4;
const WARMUP_S = 2;
const NOTIFIED_PAYMENTS = 4000;

const directory = mkdtempSync(
  join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'au-pay-bench-'),
);
const databaseUrl = `sqlite:${join(directory, 'bridge.db')}`;
let servers: ChildProcess | undefined;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return typeof address === 'object' && address ? address.port : 0;
}

/** Pending payments to notify, written straight to the store, and their signed A02-1 bodies. */
async function notificationBodies(): Promise<string[]> {
  const store = openPaymentStore(databaseUrl);
  await store.migrate();
  const now = new Date();
  const date = formatSbpsDate(now);
  const bodies: string[] = [];
  for (let i = 0; i < NOTIFIED_PAYMENTS; i += 1) {
    const id = newPublicId('pay');
    const payment: PaymentRecord = {
      id,
      acquirer: 'sbps',
      status: 'pending',
      currency: 'JPY',
      amount: 1100,
      capturedAmount: 0,
      refundedAmount: 0,
      cancelledAmount: 0,
      captureMode: 'automatic',
      merchantReference: `BENCH-${i}`,
      itemName: 'テスト商品',
      returnUrl: 'http://127.0.0.1/return',
      clientSecretHash: '0'.repeat(64),
      orderId: id,
      custCode: id,
      acquirerReference: null,
      paidResultId: null,
      layout: 'web',
      checkoutCount: 1,
      partialCaptureCount: 0,
      refundCount: 0,
      flags: [],
      openOperation: null,
      createdAt: now,
      expiresAt: new Date(now.getTime() + 3600_000),
      authorizedAt: null,
      capturedAt: null,
      purchaseRequestedAt: null,
      settleBy: null,
      updatedAt: now,
      version: 0,
    };
    await store.insertPayment(payment, { type: 'payment.created', data: {} });
    // spec §5 field set of a successful au purchase.
    const fields: Record<string, string> = {
      pay_method: 'auone',
      merchant_id: SANDBOX_DEFAULTS.merchantId,
      service_id: SANDBOX_DEFAULTS.serviceId,
      cust_code: id,
      order_id: id,
      item_id: id,
      item_name: 'テスト商品',
      amount: '1100',
      pay_type: '0',
      service_type: '0',
      terminal_type: '0',
      request_date: date,
      res_pay_method: 'auone',
      res_result: 'OK',
      res_tracking_id: String(10_000_000_000_000 + i),
      res_payment_date: date,
      res_date: date,
      limit_second: '600',
    };
    const hash = signSbpsResult('notification', fields, SANDBOX_DEFAULTS.hashKey);
    bodies.push(encodeSbpsForm(Object.entries({ ...fields, sps_hashcode: hash })));
  }
  await store.close();
  return bodies;
}

async function startServers(port: number): Promise<{ baseline: string; bridge: string }> {
  const script = fileURLToPath(new URL('./servers.ts', import.meta.url));
  servers = spawn(
    process.execPath,
    [
      ...(process.env.BENCH_PROFILE ? ['--cpu-prof', '--cpu-prof-dir=/tmp/au-pay-prof'] : []),
      '--conditions=source',
      '--import',
      require.resolve('tsx'),
      script,
      databaseUrl,
      `http://127.0.0.1:${port}`,
      String(port),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const lines = createInterface({ input: servers.stdout as NodeJS.ReadableStream });
  for await (const line of lines) return JSON.parse(line) as { baseline: string; bridge: string };
  throw new Error('the benchmark servers did not start');
}

async function measure(name: string, options: Record<string, unknown>): Promise<number> {
  const result = await autocannon({
    connections: CONNECTIONS,
    duration: DURATION_S,
    warmup: { connections: CONNECTIONS, duration: WARMUP_S },
    ...options,
  });
  const rps = result.requests.average;
  const problems = result.non2xx + result.errors + result.timeouts;
  process.stdout.write(
    `${name.padEnd(34)} ${rps.toFixed(0).padStart(8)} req/s${problems ? `  (${problems} failed!)` : ''}\n`,
  );
  if (problems > 0) process.exitCode = 1;
  return rps;
}

const createBody = (publicUrl: string) =>
  JSON.stringify({
    amount: 1100,
    currency: 'JPY',
    merchantReference: 'ORDER-BENCH',
    itemName: 'テスト商品',
    // RETURN_URL_ORIGINS defaults to the bridge's own origin.
    returnUrl: `${publicUrl}/return`,
  });

try {
  const started = Date.now();
  const bodies = await notificationBodies();
  const port = await freePort();
  const urls = await startServers(port);
  process.stdout.write(
    `au-pay bridge throughput: ${CONNECTIONS} keep-alive connections, ${DURATION_S}s each after ${WARMUP_S}s warm-up, loopback, SQLite in ${directory}\n`,
  );

  const measureBaseline = () =>
    measure('bare Express 5 JSON route', {
      url: `${urls.baseline}/echo`,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: createBody(urls.bridge),
    });
  const baselineBefore = await measureBaseline();
  const create = await measure('POST /v1/payments', {
    url: `${urls.bridge}/v1/payments`,
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${SANDBOX_DEFAULTS.secretKey}`,
    },
    body: createBody(urls.bridge),
  });
  let next = 0;
  const notify = await measure('POST /sbps/notify', {
    url: `${urls.bridge}/sbps/notify`,
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    requests: [
      {
        setupRequest: (request: Record<string, unknown>) => {
          const body = bodies[next % bodies.length];
          next += 1;
          return { ...request, body };
        },
      },
    ],
  });

  // Measured before and after, so a machine that slows down or speeds up during the run
  // does not tilt the ratios.
  const baseline = (baselineBefore + (await measureBaseline())) / 2;

  process.stdout.write(
    `\nratio POST /v1/payments / baseline: ${(create / baseline).toFixed(2)}\n` +
      `ratio POST /sbps/notify  / baseline: ${(notify / baseline).toFixed(2)}\n` +
      `(target >= 0.50; ${((Date.now() - started) / 1000).toFixed(1)}s in all)\n`,
  );
} finally {
  servers?.kill('SIGTERM');
  await new Promise((resolve) => setTimeout(resolve, 200));
  rmSync(directory, { recursive: true, force: true });
}
