import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { clientAddressReader, type TrustProxy } from './client-address.js';

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

/** What the reader makes of a real request from 127.0.0.1 with this X-Forwarded-For. */
async function addressSeen(trust: TrustProxy, forwardedFor?: string): Promise<string> {
  const read = clientAddressReader(trust);
  const app = express();
  app.get('/', (req, res) => {
    res.send(read(req));
  });
  const server = await new Promise<Server>((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  servers.push(server);
  const { port } = server.address() as AddressInfo;
  const response = await fetch(`http://127.0.0.1:${port}/`, {
    headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor },
  });
  return response.text();
}

describe('clientAddressReader', () => {
  it('takes the connection address and ignores X-Forwarded-For when no proxy is trusted', async () => {
    expect(await addressSeen(false)).toBe('127.0.0.1');
    expect(await addressSeen(false, '203.0.113.9')).toBe('127.0.0.1');
  });

  it('takes the address a trusted proxy forwarded', async () => {
    expect(await addressSeen(['loopback'], '203.0.113.9')).toBe('203.0.113.9');
    expect(await addressSeen(['127.0.0.1/8'], '203.0.113.9')).toBe('203.0.113.9');
  });

  it('believes only as many hops as it trusts', async () => {
    // The client sent "198.51.100.1" itself; the proxy appended the address it saw.
    expect(await addressSeen(1, '198.51.100.1, 203.0.113.9')).toBe('203.0.113.9');
    expect(await addressSeen(['loopback'], '198.51.100.1, 203.0.113.9')).toBe('203.0.113.9');
    expect(await addressSeen(true, '198.51.100.1, 203.0.113.9')).toBe('198.51.100.1');
  });

  it('does not believe a proxy it does not trust', async () => {
    expect(await addressSeen(['10.0.0.0/8'], '203.0.113.9')).toBe('127.0.0.1');
  });
});
