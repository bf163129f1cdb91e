import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { SANDBOX_DEFAULTS } from './config.js';

const cli = fileURLToPath(new URL('./cli.ts', import.meta.url));
// tsx runs the TypeScript entry; `source` resolves @au-pay/core to its sources, as in the tests.
const tsx = createRequire(import.meta.url).resolve('tsx');

const running: ChildProcess[] = [];
const directories: string[] = [];
afterEach(() => {
  for (const child of running.splice(0)) child.kill('SIGKILL');
  for (const directory of directories.splice(0))
    rmSync(directory, { recursive: true, force: true });
});

function start(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--conditions=source', '--import', tsx, cli], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    exited,
    output: () => ({ stdout, stderr }),
    async waitFor(text: string, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      while (!stdout.includes(text)) {
        if (Date.now() > deadline || child.exitCode !== null) {
          throw new Error(`"${text}" not printed; stdout: ${stdout}; stderr: ${stderr}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
  };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return typeof address === 'object' && address ? address.port : 0;
}

describe('au-pay-bridge', () => {
  it('exits non-zero with one line per configuration problem', async () => {
    const run = start({ AU_PAY_MODE: 'live', PUBLIC_URL: 'https://pay.shop.example', PORT: 'x' });
    expect(await run.exited).toBe(78);
    const { stderr, stdout } = run.output();
    expect(stdout).toBe('');
    const lines = stderr.trim().split('\n');
    expect(lines[0]).toBe('au-pay-bridge: Invalid au-pay bridge configuration:');
    expect(lines).toContain('  - PORT: must be a port number (0-65535)');
    expect(lines).toContain('  - AU_PAY_SECRET_KEY: required in live mode');
    expect(lines).toContain('  - SBPS_HASH_KEY: required in live mode');
  }, 20_000);

  it('serves in sandbox mode, prints the URL and the test key, and stops on SIGTERM', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'au-pay-cli-'));
    directories.push(directory);
    const port = await freePort();
    const run = start({
      PORT: String(port),
      DATABASE_URL: `sqlite:${join(directory, 'bridge.db')}`,
    });
    await run.waitFor('listening on');
    const { stdout } = run.output();
    expect(stdout).toContain(`listening on http://127.0.0.1:${port}`);
    expect(stdout).toContain(SANDBOX_DEFAULTS.secretKey);

    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(await health.json()).toEqual({ ok: true });
    const created = await fetch(`http://127.0.0.1:${port}/v1/payments`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${SANDBOX_DEFAULTS.secretKey}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        amount: 500,
        currency: 'JPY',
        merchantReference: 'CLI-1',
        itemName: 'テスト',
        returnUrl: `http://127.0.0.1:${port}/done`,
      }),
    });
    expect(created.status).toBe(201);

    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
    // JSON logs on stdout, no secret among them.
    expect(run.output().stdout).toContain('"msg":"shutting down"');
  }, 30_000);
});
