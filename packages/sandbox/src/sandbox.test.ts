import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { createSandbox } from './sandbox.js';
import { API_PASSWORD, API_USER, HASH_KEY, MERCHANT_ID, SERVICE_ID } from './testing/index.js';

const sbps = {
  merchantId: MERCHANT_ID,
  serviceId: SERVICE_ID,
  hashKey: HASH_KEY,
  apiUser: API_USER,
  apiPassword: API_PASSWORD,
};

let server: Server | undefined;
afterEach(() => {
  server?.close();
  server = undefined;
});

async function serve(app: express.Express): Promise<string> {
  const listening = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => listening.once('listening', resolve));
  server = listening;
  return `http://127.0.0.1:${(listening.address() as AddressInfo).port}`;
}

describe('createSandbox', () => {
  it('mounts the emulated SBPS at /sbps and nothing else', async () => {
    const app = express();
    const sandbox = createSandbox({ notificationOrigins: ['http://127.0.0.1:3000'], sbps });
    app.use('/sandbox', sandbox);
    app.use((_req, res) => {
      res.status(404).send('not the sandbox');
    });
    const url = await serve(app);
    const api = await fetch(`${url}/sandbox/sbps/api/xmlapi.do`, { method: 'POST' });
    expect(api.status).toBe(401);
    expect(api.headers.get('www-authenticate')).toMatch(/^Basic realm="SBPS API"/);
    const elsewhere = await fetch(`${url}/sandbox/antom/ams/api/v1/payments/pay`, {
      method: 'POST',
    });
    expect(await elsewhere.text()).toBe('not the sandbox');
    expect(sandbox.sbps?.purchases()).toEqual([]);
  });

  it('holds no emulator it was not given', async () => {
    const sandbox = createSandbox({ notificationOrigins: [] });
    expect(sandbox.sbps).toBeNull();
    await expect(sandbox.whenIdle()).resolves.toBeUndefined();
  });

  it.each([
    ['a path', '/sbps/notify'],
    ['another scheme', 'ftp://127.0.0.1'],
  ])('refuses %s as a notification origin', (_, origin) => {
    expect(() => createSandbox({ notificationOrigins: [origin], sbps })).toThrow(
      /notificationOrigins: .* is not (a URL|an http\(s\) origin)/,
    );
  });
});
