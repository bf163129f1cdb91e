// What every test merchant (SBPS, Antom, NomuPay) shares: an Express app on 127.0.0.1 at an
// ephemeral port with the sandbox mounted at /sandbox, the clock the sandbox reads, the buyer's
// browser, and a close that waits for the sandbox's deliveries before stopping the server.

import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Express } from 'express';
import { createSandbox, type SandboxOptions, type SandboxRouter } from '../sandbox.js';
import { SandboxBuyer } from './sandbox-buyer.js';

/** What a test merchant asks of the sandbox: which acquirers it emulates, and its `fetch`. */
export type MerchantSandboxOptions = Omit<SandboxOptions, 'notificationOrigins' | 'now'>;

/**
 * Starts an Express app on 127.0.0.1 at a port the system picks, with the sandbox mounted at
 * /sandbox, reading `now` and posting notifications only to this app's origin (where the merchant's
 * receivers are). `options` gets the origin, for URLs the emulator is configured with.
 */
export async function serveSandbox(
  now: () => Date,
  options: (origin: string) => MerchantSandboxOptions,
): Promise<{ app: Express; server: Server; origin: string; sandbox: SandboxRouter }> {
  const app = express();
  const server = await new Promise<Server>((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const sandbox = createSandbox({ notificationOrigins: [origin], now, ...options(origin) });
  app.use('/sandbox', sandbox);
  return { app, server, origin, sandbox };
}

export abstract class SandboxMerchant {
  /** The sandbox's clock: tests set it, or move it with {@link advance}. */
  now: Date;
  readonly #server: Server;

  protected constructor(
    readonly origin: string,
    readonly sandbox: SandboxRouter,
    server: Server,
    start: Date,
  ) {
    this.#server = server;
    this.now = start;
  }

  /** The buyer's browser, on a desktop unless `userAgent` says otherwise. */
  browser(userAgent?: string): SandboxBuyer {
    return new SandboxBuyer(this.origin, userAgent === undefined ? {} : { userAgent });
  }

  advance(ms: number): void {
    this.now = new Date(this.now.getTime() + ms);
  }

  async close(): Promise<void> {
    await this.sandbox.whenIdle();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}
