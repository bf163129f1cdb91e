/**
 * The bridge the endpoint fuzz runs against: sandbox mode as a merchant runs it (every acquirer at
 * its emulator, the sandbox clock), no background jobs (so any change to the store is a request's
 * own), payments seeded in each status through the emulators, and SBPS subscriptions seeded in each
 * status through the emulated SBPS, on SQLite or PostgreSQL; its state read by `fuzz-store-state.ts`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SandboxBuyer } from '@au-pay/sandbox/testing';
import express from 'express';
import { type BridgeRouter, createBridge } from '../bridge.js';
import { type BridgeConfig, loadConfig } from '../config.js';
import { createLogger } from '../logger.js';
import { listen } from './bridge-harness.js';
import type { FuzzState } from './fuzz-batch.js';
import { openStoreState, type StoreState } from './fuzz-store-state.js';

export interface SeededPayment {
  readonly id: string;
  readonly clientSecret: string;
  readonly acquirer: 'sbps' | 'antom' | 'nomupay';
  readonly status: string;
}

export interface SeededSubscription {
  readonly id: string;
  readonly clientSecret: string;
  readonly kind: 'monthly' | 'on_demand';
  readonly status: string;
}

/** What the fuzz's client needs to aim at the seeded bridge. */
export interface SeededBridge {
  readonly url: string;
  readonly secretKey: string;
  readonly seeded: readonly SeededPayment[];
  readonly subscriptions: readonly SeededSubscription[];
}

export class FuzzedBridge implements SeededBridge, FuzzState {
  readonly seeded: SeededPayment[] = [];
  readonly subscriptions: SeededSubscription[] = [];
  /** Log lines of unexpected errors (the last-resort 500s) and fatal ones. */
  readonly unexpected: string[] = [];
  url = '';
  config!: BridgeConfig;
  /** `sqlite:<file>` of its own, or the PostgreSQL URL it was given. */
  databaseUrl = '';
  #server: Server | undefined;
  #bridge: BridgeRouter | undefined;
  #directory: string | undefined;
  #state: StoreState | undefined;

  /** Starts on `databaseUrl` (PostgreSQL), or on a SQLite file of its own. */
  static async start(databaseUrl?: string): Promise<FuzzedBridge> {
    const fuzzed = new FuzzedBridge();
    await fuzzed.#start(databaseUrl);
    return fuzzed;
  }

  get secretKey(): string {
    return this.config.secretKey;
  }

  async #start(postgresUrl: string | undefined): Promise<void> {
    const app = express();
    const { server, url } = await listen(app);
    this.#server = server;
    this.url = url;
    let databaseUrl = postgresUrl;
    if (databaseUrl === undefined) {
      this.#directory = mkdtempSync(join(tmpdir(), 'au-pay-fuzz-'));
      databaseUrl = `sqlite:${join(this.#directory, 'bridge.db')}`;
    }
    this.databaseUrl = databaseUrl;
    this.config = loadConfig({
      AU_PAY_MODE: 'sandbox',
      // The fuzz sends thousands of requests from one address; the limits have their own tests.
      AU_PAY_RATE_LIMIT: '0',
      PUBLIC_URL: url,
      DATABASE_URL: databaseUrl,
      RETURN_URL_ORIGINS: 'https://shop.example',
    });
    this.#bridge = createBridge(this.config, {
      workers: false,
      logger: createLogger({
        // Errors only: a warn line per refused body costs more than the request on a busy machine.
        level: 'error',
        destination: {
          write: (line: string) => {
            if (line.includes('"unexpected error"') || line.includes('"level":60')) {
              this.unexpected.push(line);
            }
          },
        },
      }),
    });
    app.use(this.#bridge);
    await this.#bridge.ready;
    await this.#seed();
  }

  /**
   * Waits for what the emulators still send on their own after an earlier request (SBPS's
   * cancellation notice after ST02-00302-402), so that it is not taken for the next request's.
   */
  async settled(): Promise<void> {
    await this.#bridge?.sandbox?.whenIdle();
  }

  /** A merchant-API call with the bridge's secret key; throws on anything but a 2xx. */
  async api(method: string, path: string, body?: unknown): Promise<Record<string, unknown>> {
    const response = await fetch(`${this.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${this.secretKey}`,
        'content-type': 'application/json',
      },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    const answer = (await response.json()) as Record<string, unknown>;
    if (response.status >= 300) throw new Error(`${method} ${path}: ${JSON.stringify(answer)}`);
    return answer;
  }

  /** Read over a connection of its own, opened on first use. */
  async #stateNow(): Promise<StoreState> {
    this.#state ??= await openStoreState(this.databaseUrl);
    return this.#state;
  }

  async mark(): Promise<string> {
    return (await this.#stateNow()).mark();
  }

  async snapshot(): Promise<string> {
    return (await this.#stateNow()).snapshot();
  }

  async #create(acquirer: SeededPayment['acquirer'], captureMode: 'manual' | 'automatic') {
    return (await this.api('POST', '/v1/payments', {
      acquirer,
      captureMode,
      amount: 1500,
      currency: 'JPY',
      merchantReference: `FUZZ-${this.seeded.length}`,
      itemName: 'テスト商品',
      returnUrl: 'https://shop.example/orders/return',
    })) as { id: string; clientSecret: string };
  }

  async #record(
    payment: { id: string; clientSecret: string },
    acquirer: SeededPayment['acquirer'],
  ): Promise<void> {
    const stored = await this.api('GET', `/v1/payments/${payment.id}`);
    this.seeded.push({ ...payment, acquirer, status: String(stored.status) });
  }

  /**
   * SBPS and NomuPay: pending, authorized, captured, cancelled, left by the buyer (and SBPS
   * refunded); Antom (automatic capture only): pending at its checkout, captured, failed.
   */
  async #seed(): Promise<void> {
    const buyer = () => new SandboxBuyer(this.url);
    for (const acquirer of ['sbps', 'nomupay'] as const) {
      await this.#record(await this.#create(acquirer, 'automatic'), acquirer);
      const authorized = await this.#create(acquirer, 'manual');
      await buyer().pay(authorized);
      await this.#record(authorized, acquirer);
      const captured = await this.#create(acquirer, 'automatic');
      await buyer().pay(captured);
      await this.#record(captured, acquirer);
      const cancelled = await this.#create(acquirer, 'manual');
      await buyer().pay(cancelled);
      await this.api('POST', `/v1/payments/${cancelled.id}/cancel`, {});
      await this.#record(cancelled, acquirer);
      // The buyer cancels on the au screens: still pending (the cancel return is a hint only).
      const left = await this.#create(acquirer, 'automatic');
      await buyer().pay(left, { cancelAt: 'login' });
      await this.#record(left, acquirer);
    }
    const refunded = await this.#create('sbps', 'automatic');
    await buyer().pay(refunded);
    await this.api('POST', `/v1/payments/${refunded.id}/refunds`, {});
    await this.#record(refunded, 'sbps');
    for (const journey of ['none', 'pay', 'cancel'] as const) {
      const antom = await this.#create('antom', 'automatic');
      const checkout = await fetch(`${this.url}/checkout/${antom.id}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ client_secret: antom.clientSecret, layout: 'web' }).toString(),
        redirect: 'manual',
      });
      const normalUrl = checkout.headers.get('location') ?? '';
      // Antom reports the buyer's cancel: the payment fails.
      if (journey !== 'none') {
        await buyer().payFrom(normalUrl, journey === 'cancel' ? { cancelAt: 'login' } : {});
      }
      await this.#record(antom, 'antom');
    }
    await this.#seedSubscriptions(buyer);
    await this.#bridge?.sandbox?.whenIdle();
  }

  /**
   * SBPS subscriptions: incomplete (monthly, and on demand without an amount: a D01-1), active
   * (monthly; on demand with a first charge), cancelled (on demand, so that resume has one).
   */
  async #seedSubscriptions(buyer: () => SandboxBuyer): Promise<void> {
    const subscribe = async (kind: SeededSubscription['kind'], amount?: number) =>
      (await this.api('POST', '/v1/subscriptions', {
        kind,
        ...(amount !== undefined && { amount }),
        itemName: '会員プラン',
        merchantReference: `FUZZ-SUB-${this.subscriptions.length}`,
        customerId: `FUZZ-CUST-${this.subscriptions.length}`,
        returnUrl: 'https://shop.example/subscriptions/return',
      })) as { id: string; clientSecret: string };
    const record = async (
      created: { id: string; clientSecret: string },
      kind: SeededSubscription['kind'],
    ) => {
      const stored = await this.api('GET', `/v1/subscriptions/${created.id}`);
      this.subscriptions.push({ ...created, kind, status: String(stored.status) });
    };
    await record(await subscribe('monthly', 980), 'monthly');
    await record(await subscribe('on_demand'), 'on_demand');
    const monthly = await subscribe('monthly', 500);
    await buyer().pay(monthly);
    await record(monthly, 'monthly');
    const onDemand = await subscribe('on_demand', 300);
    await buyer().pay(onDemand);
    await record(onDemand, 'on_demand');
    const cancelled = await subscribe('on_demand', 200);
    await buyer().pay(cancelled);
    await this.api('POST', `/v1/subscriptions/${cancelled.id}/cancel`, {});
    await record(cancelled, 'on_demand');
  }

  async close(): Promise<void> {
    await this.#state?.close();
    if (this.#server) {
      this.#server.closeAllConnections();
      const server = this.#server;
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    await this.#bridge?.close();
    if (this.#directory) rmSync(this.#directory, { recursive: true, force: true });
  }
}
