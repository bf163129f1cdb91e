import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeSbpsForm, signSbpsResult } from '@au-pay/core/sbps';
import express from 'express';
import iconv from 'iconv-lite';
import { afterEach, describe, expect, it } from 'vitest';
import { createBridge } from '../../bridge.js';
import { loadConfig } from '../../config.js';
import { createLogger } from '../../logger.js';
import {
  BridgeHarness,
  type CreatedPaymentBody,
  listen,
  resultFields,
  TEST_HASH_KEY,
  TEST_SECRET_KEY,
} from '../../testing/bridge-harness.js';

// SBPS_NOTIFY_ALLOWED_IPS over HTTP. Every request comes from 127.0.0.1; a proxy in front is
// played with X-Forwarded-For, which only counts when TRUST_PROXY trusts the loopback proxy.

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function start(env: Record<string, string>): Promise<BridgeHarness> {
  const harness = await BridgeHarness.start({ env, webhooks: false });
  cleanups.push(() => harness.close());
  return harness;
}

/** Posts the signed A02-1 of a pending payment, as SBPS would, optionally through a proxy. */
async function notify(harness: BridgeHarness, id: string, forwardedFor?: string) {
  const payment = await harness.payment(id);
  const response = await fetch(`${harness.url}/sbps/notify`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded; charset=Shift_JIS',
      ...(forwardedFor !== undefined && { 'x-forwarded-for': forwardedFor }),
    },
    body: harness.notificationBody(payment),
  });
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    text: iconv.decode(Buffer.from(await response.arrayBuffer()), 'Shift_JIS'),
  };
}

function warnings(logs: readonly string[], message: string): Record<string, unknown>[] {
  return logs
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((entry) => entry.msg === message);
}

describe('POST /sbps/notify with SBPS_NOTIFY_ALLOWED_IPS', () => {
  it('takes a notification from an allowed address', async () => {
    const harness = await start({ SBPS_NOTIFY_ALLOWED_IPS: '61.215.213.47, 127.0.0.1' });
    const created = await harness.createPayment({ captureMode: 'manual' });
    expect((await notify(harness, created.id)).text).toBe('OK,');
    expect((await harness.payment(created.id)).status).toBe('authorized');
  });

  it('refuses another address with NG, before reading the body, and logs the address', async () => {
    const harness = await start({ SBPS_NOTIFY_ALLOWED_IPS: '61.215.213.0/24, 2001:db8::/32' });
    const created = await harness.createPayment({ captureMode: 'manual' });
    const refused = await notify(harness, created.id);
    expect(refused).toEqual({
      status: 200,
      contentType: 'text/plain; charset=Shift_JIS',
      text: 'NG,address not allowed',
    });
    expect((await harness.payment(created.id)).status).toBe('pending');
    expect(warnings(harness.logs, 'sbps notification refused: address not allowed')).toEqual([
      expect.objectContaining({ level: 40, address: '127.0.0.1' }),
    ]);

    // The body is never read: one larger than the route takes is refused the same way, not 413.
    const large = await fetch(`${harness.url}/sbps/notify`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `free1=${'x'.repeat(64 * 1024)}`,
    });
    expect(large.status).toBe(200);
    expect(await large.text()).toBe('NG,address not allowed');
  });

  it('checks the address a trusted proxy forwarded (TRUST_PROXY)', async () => {
    const harness = await start({
      SBPS_NOTIFY_ALLOWED_IPS: '61.215.213.47',
      TRUST_PROXY: 'loopback',
    });
    const created = await harness.createPayment({ captureMode: 'manual' });
    expect((await notify(harness, created.id, '203.0.113.9')).text).toBe('NG,address not allowed');
    expect((await notify(harness, created.id, '61.215.213.47')).text).toBe('OK,');
    expect((await harness.payment(created.id)).status).toBe('authorized');
  });

  it('ignores X-Forwarded-For when no proxy is trusted, so it cannot be forged', async () => {
    const harness = await start({ SBPS_NOTIFY_ALLOWED_IPS: '61.215.213.47' });
    const created = await harness.createPayment({ captureMode: 'manual' });
    expect((await notify(harness, created.id, '61.215.213.47')).text).toBe(
      'NG,address not allowed',
    );
    expect((await harness.payment(created.id)).status).toBe('pending');
  });
});

describe('client addresses of a bridge mounted in another app', () => {
  /** The bridge at /pay in a host app that trusts every proxy itself. */
  async function startMounted(env: Record<string, string>) {
    const directory = mkdtempSync(join(tmpdir(), 'au-pay-mounted-'));
    const app = express();
    app.set('trust proxy', true);
    const { server, url } = await listen(app);
    const bridge = createBridge(
      loadConfig({
        AU_PAY_MODE: 'sandbox',
        PUBLIC_URL: `${url}/pay`,
        AU_PAY_SECRET_KEY: TEST_SECRET_KEY,
        DATABASE_URL: `sqlite:${join(directory, 'bridge.db')}`,
        RETURN_URL_ORIGINS: 'https://shop.example',
        SBPS_HASH_KEY: TEST_HASH_KEY,
        SBPS_NOTIFY_ALLOWED_IPS: '61.215.213.47',
        ...env,
      }),
      { logger: createLogger({ level: 'silent' }), workers: false },
    );
    app.use('/pay', bridge);
    await bridge.ready;
    cleanups.push(async () => {
      await closeServer(server);
      await bridge.close();
      rmSync(directory, { recursive: true, force: true });
    });

    const api = (path: string, init: RequestInit = {}) =>
      fetch(`${url}/pay${path}`, {
        ...init,
        headers: { authorization: `Bearer ${TEST_SECRET_KEY}`, ...init.headers },
      });
    const created = (await (
      await api('/v1/payments', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          amount: 1100,
          currency: 'JPY',
          merchantReference: 'ORDER-MOUNTED',
          itemName: 'テスト商品',
          returnUrl: 'https://shop.example/return',
          captureMode: 'manual',
        }),
      })
    ).json()) as CreatedPaymentBody;
    const payment = await bridge.context.store.getPayment(created.id);
    if (!payment) throw new Error('payment not stored');
    const fields = resultFields(payment, bridge.context.now());
    const body = encodeSbpsForm(
      Object.entries({
        ...fields,
        sps_hashcode: signSbpsResult('notification', fields, TEST_HASH_KEY),
      }),
    );
    const notify = async (forwardedFor: string) =>
      (
        await fetch(`${url}/pay/sbps/notify`, {
          method: 'POST',
          headers: {
            'content-type': 'application/x-www-form-urlencoded; charset=Shift_JIS',
            'x-forwarded-for': forwardedFor,
          },
          body,
        })
      ).text();
    return { api, notify };
  }

  it("follows the bridge's TRUST_PROXY (off), not the host app's trust proxy", async () => {
    const mounted = await startMounted({ AU_PAY_RATE_LIMIT: '2' });
    expect(await mounted.notify('61.215.213.47')).toBe('NG,address not allowed');
    // Wrong keys from "other addresses" all count against 127.0.0.1.
    const wrong = (address: string) =>
      mounted.api('/v1/payments', {
        headers: { authorization: 'Bearer sk_wrong', 'x-forwarded-for': address },
      });
    expect((await wrong('203.0.113.1')).status).toBe(401);
    expect((await wrong('203.0.113.2')).status).toBe(401);
    expect((await wrong('203.0.113.3')).status).toBe(429);
  });

  it('honours TRUST_PROXY when mounted', async () => {
    const mounted = await startMounted({ TRUST_PROXY: 'loopback' });
    expect(await mounted.notify('203.0.113.9')).toBe('NG,address not allowed');
    expect(await mounted.notify('61.215.213.47')).toBe('OK,');
  });
});

async function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}
