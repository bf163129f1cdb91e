import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { SANDBOX_DEFAULTS } from './config.js';
import { LIVE_ENV } from './testing/live-environment.js';

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

  it('does not print a sandbox secret key of your own', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'au-pay-cli-'));
    directories.push(directory);
    const port = await freePort();
    const ownKey = 'sk_test_my_own_sandbox_key_5f2c9e1a7b3d';
    const run = start({
      PORT: String(port),
      DATABASE_URL: `sqlite:${join(directory, 'bridge.db')}`,
      AU_PAY_SECRET_KEY: ownKey,
    });
    await run.waitFor('sandbox acquirer');
    const { stdout } = run.output();
    expect(stdout).toContain('sandbox secret key: your own AU_PAY_SECRET_KEY (not printed)');
    expect(stdout).not.toContain(ownKey);
    expect(stdout).not.toContain(SANDBOX_DEFAULTS.secretKey);
    // The key works all the same.
    const clock = await fetch(`http://127.0.0.1:${port}/sandbox/clock`, {
      headers: { authorization: `Bearer ${ownKey}` },
    });
    expect(clock.status).toBe(200);
  }, 30_000);

  it('refuses to start with SBPS credentials and no AU_PAY_MODE', async () => {
    const run = start({
      SBPS_MERCHANT_ID: '30132',
      SBPS_SERVICE_ID: '103',
      SBPS_HASH_KEY: LIVE_ENV.SBPS_HASH_KEY,
    });
    expect(await run.exited).toBe(78);
    const { stderr, stdout } = run.output();
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toEqual([
      'au-pay-bridge: Invalid au-pay bridge configuration:',
      '  - AU_PAY_MODE: required because SBPS_HASH_KEY, SBPS_MERCHANT_ID and SBPS_SERVICE_ID are set: set AU_PAY_MODE=live to use real SBPS credentials, or AU_PAY_MODE=sandbox to use the emulator',
    ]);
  }, 20_000);

  it('starts a strong live configuration, prints no secret, and warns once without an SBPS address allow-list', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'au-pay-cli-'));
    directories.push(directory);
    const port = await freePort();
    const run = start({
      ...LIVE_ENV,
      PORT: String(port),
      DATABASE_URL: `sqlite:${join(directory, 'bridge.db')}`,
    });
    await run.waitFor('listening on');
    const { stdout, stderr } = run.output();
    expect(stdout).toContain('au-pay bridge (live) listening on https://pay.shop.example');
    for (const secret of [
      LIVE_ENV.AU_PAY_SECRET_KEY,
      LIVE_ENV.WEBHOOK_SECRET,
      LIVE_ENV.SBPS_HASH_KEY,
      LIVE_ENV.SBPS_API_PASSWORD,
    ]) {
      expect(stdout).not.toContain(secret);
      expect(stderr).not.toContain(secret);
    }
    const warnings = stdout
      .split('\n')
      .filter((line) => line.includes('SBPS_NOTIFY_ALLOWED_IPS is not set'));
    expect(warnings).toHaveLength(1);
    expect(JSON.parse(warnings[0] as string)).toMatchObject({ level: 40 });
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    // No emulator in live mode.
    expect((await fetch(`http://127.0.0.1:${port}/sandbox/clock`)).status).toBe(404);
  }, 30_000);

  it('does not warn in live mode when SBPS_NOTIFY_ALLOWED_IPS is set', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'au-pay-cli-'));
    directories.push(directory);
    const port = await freePort();
    const run = start({
      ...LIVE_ENV,
      SBPS_NOTIFY_ALLOWED_IPS: '61.215.213.47, 61.215.213.20',
      PORT: String(port),
      DATABASE_URL: `sqlite:${join(directory, 'bridge.db')}`,
    });
    await run.waitFor('listening on');
    expect(run.output().stdout).not.toContain('SBPS_NOTIFY_ALLOWED_IPS');
  }, 30_000);
});
