/**
 * Throughput of the bridge's two hot endpoints, each as a ratio to a bare Express 5 JSON route
 * measured in the same run, on the same machine, with the same client (autocannon, keep-alive,
 * loopback only), plus each route's p50/p99 latency. Three stores, each with its own server process
 * and its own baseline (measured before and after the bridge's routes):
 *
 *   1. SQLite on /dev/shm (the target: each route >= 0.50): what is measured is the bridge, not
 *      the disk's fsync. Same settings as a merchant's file database (WAL, synchronous=FULL).
 *   2. PostgreSQL: the throwaway server of @au-pay/test-postgres (no target).
 *   3. SQLite on a real disk, the store's default durability (WAL, synchronous=FULL: an fsync per
 *      commit) (no target).
 *
 *   POST /v1/payments   bearer auth, zod validation, Shift_JIS check, insert + event in a transaction
 *   POST /sbps/notify   Shift_JIS decode, SHA-1 verify, lookup, transition in a transaction; each
 *                       body names another pending payment (first notifications; the output says
 *                       if the run ever ran out of them and sent repeats)
 *
 * The /dev/shm store is measured in three rounds and the ratios are their medians, so that a
 * burst of other work on the machine during one route's seconds does not decide its figure.
 * Bounded: about 85 seconds in all.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { createTestDatabase, type PostgresServer, startPostgres } from '@au-pay/test-postgres';
import { SANDBOX_DEFAULTS } from '../src/config.js';
import { seedNotifications } from './notifications.js';
import { type Measured, markdownTable, ratios, type StoreRun } from './report.js';

const require = createRequire(import.meta.url);
const autocannon = require('autocannon') as (options: Record<string, unknown>) => Promise<{
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}>;

const CONNECTIONS = 10;
const TARGET = 0.5;

interface StoreSetup {
  name: string;
  /** Where the data lives and how durable a commit is. */
  setting: string;
  databaseUrl: string;
  warmupS: number;
  durationS: number;
  /** Rounds of (payments, notify, baseline) after a first baseline; the table takes medians. */
  rounds: number;
  /** Pending payments to notify: more than the run can send, so every notification is a first. */
  notified: number;
}

const started = Date.now();
const cleanups: Array<() => Promise<void> | void> = [];
let servers: ChildProcess | undefined;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return typeof address === 'object' && address ? address.port : 0;
}

async function startServers(
  databaseUrl: string,
  port: number,
): Promise<{ baseline: string; bridge: string }> {
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

async function stopServers(): Promise<void> {
  const running = servers;
  servers = undefined;
  if (!running || running.exitCode !== null) return;
  const exited = new Promise((resolve) => running.once('exit', resolve));
  running.kill('SIGTERM');
  await exited;
}

async function measure(
  name: string,
  setup: StoreSetup,
  options: Record<string, unknown>,
): Promise<Measured> {
  const result = await autocannon({
    connections: CONNECTIONS,
    duration: setup.durationS,
    warmup: { connections: CONNECTIONS, duration: setup.warmupS },
    ...options,
  });
  const measured = {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
  };
  const problems = result.non2xx + result.errors + result.timeouts;
  process.stdout.write(
    `  ${name.padEnd(30)} ${measured.rps.toFixed(0).padStart(7)} req/s   p50 ${measured.p50} ms   p99 ${measured.p99} ms${problems ? `  (${problems} failed!)` : ''}\n`,
  );
  if (problems > 0) process.exitCode = 1;
  return measured;
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

/**
 * One store: its own server process; rounds of the baseline and the two routes, and the baseline
 * once more at the end, so that each round's routes sit between two baseline measurements (a
 * machine that slows down or speeds up during the run does not tilt their ratios).
 */
async function runStore(setup: StoreSetup, bodies: string[]): Promise<StoreRun> {
  process.stdout.write(`\n${setup.name} (${setup.setting})\n`);
  const urls = await startServers(setup.databaseUrl, await freePort());
  try {
    const measureBaseline = () =>
      measure('bare Express 5 JSON route', setup, {
        url: `${urls.baseline}/echo`,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: createBody(urls.bridge),
      });
    const measureCreate = () =>
      measure('POST /v1/payments', setup, {
        url: `${urls.bridge}/v1/payments`,
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${SANDBOX_DEFAULTS.secretKey}`,
        },
        body: createBody(urls.bridge),
      });
    let sent = 0;
    const measureNotify = () =>
      measure('POST /sbps/notify', setup, {
        url: `${urls.bridge}/sbps/notify`,
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        requests: [
          {
            setupRequest: (request: Record<string, unknown>) => {
              const body = bodies[sent % bodies.length];
              sent += 1;
              return { ...request, body };
            },
          },
        ],
      });

    const rounds: StoreRun['rounds'] = [];
    let baselineBefore = await measureBaseline();
    for (let round = 0; round < setup.rounds; round += 1) {
      const create = await measureCreate();
      const notify = await measureNotify();
      const baselineAfter = await measureBaseline();
      rounds.push({ baseline: [baselineBefore, baselineAfter], create, notify });
      baselineBefore = baselineAfter;
    }
    if (sent > bodies.length) {
      process.stdout.write(
        `  (ran out of pending payments: ${sent - bodies.length} of ${sent} notifications were repeats)\n`,
      );
    }
    return { name: setup.name, setting: setup.setting, rounds };
  } finally {
    await stopServers();
  }
}

/** A directory on a real disk: the system's temporary directory unless it is in memory. */
function realDiskDirectory(): { directory: string; filesystem: string } {
  for (const parent of [tmpdir(), fileURLToPath(new URL('../.bench-disk/', import.meta.url))]) {
    mkdirSync(parent, { recursive: true });
    const filesystem = execFileSync('stat', ['-f', '-c', '%T', parent], {
      encoding: 'utf8',
    }).trim();
    if (filesystem !== 'tmpfs' && filesystem !== 'ramfs') {
      return { directory: mkdtempSync(join(parent, 'au-pay-bench-')), filesystem };
    }
  }
  throw new Error('no directory on a real disk for the SQLite-on-disk run');
}

try {
  const memory = mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'au-pay-bench-'));
  cleanups.push(() => rmSync(memory, { recursive: true, force: true }));
  process.stdout.write(
    `au-pay bridge throughput: ${CONNECTIONS} keep-alive connections, loopback, ${cpus().length} CPUs (${cpus()[0]?.model.trim() ?? 'unknown'}), Node ${process.version}\n`,
  );
  const runs: StoreRun[] = [];

  const inMemory: StoreSetup = {
    name: 'SQLite, /dev/shm',
    setting: `${memory}, WAL, synchronous=FULL as for any file database`,
    databaseUrl: `sqlite:${join(memory, 'bridge.db')}`,
    warmupS: 1,
    durationS: 2,
    rounds: 3,
    notified: 15_000,
  };
  runs.push(
    await runStore(inMemory, await seedNotifications(inMemory.databaseUrl, inMemory.notified)),
  );

  let postgres: PostgresServer | undefined;
  try {
    postgres = await startPostgres();
  } catch (error) {
    process.stdout.write(`\nPostgreSQL: skipped (${(error as Error).message})\n`);
  }
  if (postgres) {
    const server = postgres;
    cleanups.push(() => server.stop());
    const onPostgres: StoreSetup = {
      name: 'PostgreSQL',
      setting: "@au-pay/test-postgres's throwaway server: fsync=off, synchronous_commit=off",
      databaseUrl: await createTestDatabase(server.url),
      warmupS: 1,
      durationS: 3,
      rounds: 1,
      notified: 6_000,
    };
    runs.push(
      await runStore(
        onPostgres,
        await seedNotifications(onPostgres.databaseUrl, onPostgres.notified),
      ),
    );
    await server.stop();
  }

  const disk = realDiskDirectory();
  cleanups.push(() => rmSync(disk.directory, { recursive: true, force: true }));
  const onDisk: StoreSetup = {
    name: 'SQLite, real disk',
    setting: `${disk.directory} (${disk.filesystem}), WAL, synchronous=FULL: the store's default, an fsync per commit`,
    databaseUrl: `sqlite:${join(disk.directory, 'bridge.db')}`,
    warmupS: 1,
    durationS: 3,
    rounds: 1,
    notified: 6_000,
  };
  // Written in memory, then copied: thousands of one-row commits with an fsync each would take
  // most of the bench's time before it measured anything.
  const seedFile = join(memory, 'disk-seed.db');
  const diskBodies = await seedNotifications(`sqlite:${seedFile}`, onDisk.notified);
  copyFileSync(seedFile, join(disk.directory, 'bridge.db'));
  runs.push(await runStore(onDisk, diskBodies));

  process.stdout.write(`\n${markdownTable(runs)}\n`);
  const [target] = runs;
  if (target) {
    const { create, notify } = ratios(target);
    process.stdout.write(
      `\nratio POST /v1/payments / baseline: ${create.toFixed(2)}\n` +
        `ratio POST /sbps/notify  / baseline: ${notify.toFixed(2)}\n` +
        `(SQLite on /dev/shm, median of ${target.rounds.length} rounds; target >= ${TARGET.toFixed(2)}; ${((Date.now() - started) / 1000).toFixed(1)}s in all)\n`,
    );
  }
} finally {
  await stopServers();
  for (const cleanup of cleanups.reverse()) await cleanup();
}
