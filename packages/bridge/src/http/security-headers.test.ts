import type { AddressInfo } from 'node:net';
import express from 'express';
import helmet from 'helmet';
import { afterAll, describe, expect, it } from 'vitest';
import { securityHeaderWriter } from './security-headers.js';

const servers: Array<{ close(): void }> = [];
afterAll(() => {
  for (const server of servers) server.close();
});

async function headersOf(middleware: express.RequestHandler): Promise<Record<string, string>> {
  const app = express();
  app.use(middleware);
  app.get('/', (_req, res) => {
    res.json({ ok: true });
  });
  const server = app.listen(0, '127.0.0.1');
  servers.push(server);
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  const response = await fetch(`http://127.0.0.1:${port}/`);
  const headers = Object.fromEntries(response.headers);
  // Per-response values, not security headers.
  for (const name of ['date', 'etag', 'content-length', 'connection', 'keep-alive'])
    delete headers[name];
  return headers;
}

describe('securityHeaderWriter', () => {
  it('sets exactly what helmet() sets, and removes X-Powered-By as it does', async () => {
    const write = securityHeaderWriter();
    const replayed = await headersOf((_req, res, next) => {
      write(res);
      next();
    });
    expect(replayed).toEqual(await headersOf(helmet()));
    expect(replayed['content-security-policy']).toContain("default-src 'self'");
    expect(replayed['x-content-type-options']).toBe('nosniff');
    expect(replayed).not.toHaveProperty('x-powered-by');
  });
});
