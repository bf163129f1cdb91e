import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { chown, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { Client } from 'pg';

export interface PostgresServer {
  /** `postgres://postgres@127.0.0.1:PORT/postgres`, trust authentication. */
  url: string;
  /** Stops the server and deletes its files; safe to call twice. */
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 10_000;

/**
 * Starts a throwaway PostgreSQL server: a fresh cluster in a temporary directory, listening only on
 * 127.0.0.1 (a free port) and on a unix socket inside that directory, with fsync off and trust
 * authentication. It is for tests: nothing it stores survives `stop()`.
 */
export async function startPostgres(): Promise<PostgresServer> {
  const binaries = findPostgresBinaries();
  // postgres refuses to run as root; Debian's package creates the `postgres` user to run it.
  const owner = process.getuid?.() === 0 ? postgresUser() : undefined;
  const directory = await mkdtemp(join(tmpdir(), 'au-pay-postgres-'));
  const removeDirectory = () => rmSync(directory, { recursive: true, force: true });
  // Even when the test run is interrupted, the server must not outlive it.
  let server: ChildProcess | undefined;
  const killOnExit = () => {
    server?.kill('SIGKILL');
    removeDirectory();
  };
  process.once('exit', killOnExit);

  const stop = async () => {
    process.removeListener('exit', killOnExit);
    if (server) await stopProcess(server);
    await rm(directory, { recursive: true, force: true });
  };

  try {
    if (owner) await chown(directory, owner.uid, owner.gid);
    const dataDirectory = join(directory, 'data');
    await run(
      join(binaries, 'initdb'),
      ['-D', dataDirectory, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '-N'],
      { owner, cwd: directory },
    );
    const port = await freePort();
    server = spawn(
      join(binaries, 'postgres'),
      [
        ...['-D', dataDirectory, '-p', String(port), '-k', directory],
        ...['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
        // Durability is pointless for a database deleted at the end of the run.
        ...['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'],
      ],
      { cwd: directory, stdio: ['ignore', 'pipe', 'pipe'], ...owner },
    );
    const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
    await waitUntilReady(server, url);
    return { url, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

function findPostgresBinaries(): string {
  // Debian and Ubuntu keep each major version apart; take the newest installed.
  const debianRoot = '/usr/lib/postgresql';
  const versions = existsSync(debianRoot)
    ? readdirSync(debianRoot)
        .filter((version) => existsSync(join(debianRoot, version, 'bin', 'postgres')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions[0]) return join(debianRoot, versions[0], 'bin');
  // Elsewhere (Homebrew, other distributions) the server binaries are on PATH.
  const onPath = (process.env.PATH ?? '')
    .split(delimiter)
    .find((dir) => existsSync(join(dir, 'postgres')) && existsSync(join(dir, 'initdb')));
  if (onPath) return onPath;
  throw new Error(
    'PostgreSQL is not installed, and the store tests run against a real PostgreSQL server. ' +
      'Install it with `apt-get install postgresql` (Debian/Ubuntu; .ci/run does this on CI), ' +
      'or put its `initdb` and `postgres` binaries on PATH.',
  );
}

function postgresUser(): { uid: number; gid: number } {
  try {
    const id = (flag: string) =>
      Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }));
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    throw new Error(
      'The tests run as root, and PostgreSQL refuses to; they run it as the `postgres` user, ' +
        'which does not exist here. `apt-get install postgresql` creates it.',
    );
  }
}

async function run(
  command: string,
  args: string[],
  options: { owner: { uid: number; gid: number } | undefined; cwd: string },
): Promise<void> {
  const child = spawn(command, args, {
    cwd: options.cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
    ...options.owner,
  });
  const output = collectOutput(child);
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', resolve);
  });
  if (code !== 0) throw new Error(`${command} failed (exit ${code}):\n${output()}`);
}

/** Keeps draining the child's pipes (a full pipe would block it) and remembers the last output. */
function collectOutput(child: ChildProcess): () => string {
  let output = '';
  const append = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-8_000);
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  return () => output;
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve, reject) => {
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', resolve);
  });
  const address = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no TCP port was assigned');
  return address.port;
}

async function waitUntilReady(server: ChildProcess, url: string): Promise<void> {
  const output = collectOutput(server);
  let failure: string | undefined;
  server.once('exit', (code) => {
    failure = `exited with code ${code}`;
  });
  server.once('error', (error) => {
    failure = error.message;
  });
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (failure !== undefined) {
      throw new Error(`PostgreSQL did not start (${failure}):\n${output()}`);
    }
    const client = new Client({ connectionString: url });
    try {
      await client.connect();
      await client.end();
      return;
    } catch {
      await client.end().catch(() => {});
    }
    if (Date.now() > deadline) {
      throw new Error(`PostgreSQL did not accept connections within 30 s:\n${output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  // SIGINT is PostgreSQL's "fast shutdown": it ends sessions and exits cleanly.
  child.kill('SIGINT');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}
