/**
 * The real `au-pay-bridge` process for acceptance tests that need several bridges, a crash, or
 * both: started from the sources (as `pnpm start` runs it) in sandbox mode on 127.0.0.1, with the
 * caller's environment (database, scripted acquirer, webhooks).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SANDBOX_DEFAULTS } from '../config.js';

const PACKAGE_DIRECTORY = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const STARTUP_TIMEOUT_MS = 60_000;

export interface BridgeProcess {
  url: string;
  /** A merchant-API call with the sandbox secret key; answers the status and the JSON body. */
  api: (
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ) => Promise<{ status: number; body: Record<string, unknown> }>;
  /** SIGKILL, as a crash or an out-of-memory killer does it; resolves once the process is gone. */
  kill: () => Promise<void>;
  /** The last few kilobytes of its output, for a failure message. */
  output: () => string;
}

/** Starts the bridge and waits until `/healthz` answers. `onExit` registers its kill for cleanup. */
export async function startBridgeProcess(
  env: Record<string, string>,
  onExit: (kill: () => Promise<void>) => void,
): Promise<BridgeProcess> {
  const port = await freePort();
  const child: ChildProcess = spawn(
    process.execPath,
    ['--conditions=source', '--import', 'tsx', 'src/cli.ts'],
    {
      cwd: PACKAGE_DIRECTORY,
      env: {
        ...process.env,
        ...env,
        AU_PAY_MODE: 'sandbox',
        HOST: '127.0.0.1',
        PORT: String(port),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-8_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const kill = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  };
  onExit(kill);

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the bridge exited:\n${output}`);
    const health = await fetch(`${url}/healthz`).catch(() => null);
    if (health?.ok) break;
    if (Date.now() > deadline) throw new Error(`the bridge did not start:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  const api: BridgeProcess['api'] = async (method, path, body, headers = {}) => {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${SANDBOX_DEFAULTS.secretKey}`,
        ...(body !== undefined && { 'content-type': 'application/json' }),
        ...headers,
      },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  return { url, api, kill, output: () => output };
}

/** An HTTP server on 127.0.0.1, port 0; `onClose` registers its closing for cleanup. */
export async function listenOnLoopback(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
  onClose: (close: () => Promise<void>) => void,
): Promise<{ server: Server; url: string }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  onClose(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return { server, url: `http://127.0.0.1:${address.port}` };
}

export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

async function freePort(): Promise<number> {
  const probe = createNetServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}
