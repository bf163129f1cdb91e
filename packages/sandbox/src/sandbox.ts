import express, { type Router } from 'express';
import { type AntomEmulatorState, createAntomEmulator } from './antom/antom-emulator.js';
import type { AntomEmulatorOptions } from './antom/options.js';
import type { EmulatorHost } from './emulator-host.js';
import { type SandboxLogger, silentLogger } from './logger.js';
import { createNomupayEmulator, type NomupayEmulatorState } from './nomupay/nomupay-emulator.js';
import type { NomupayEmulatorOptions } from './nomupay/options.js';
import type { SbpsEmulatorOptions } from './sbps/options.js';
import { createSbpsEmulator, type SbpsEmulatorState } from './sbps/sbps-emulator.js';

export interface SandboxOptions {
  /**
   * The only origins an emulator sends a server-to-server message to: the bridge that mounts the
   * sandbox (the origin of its `PUBLIC_URL`). A purchase request that names a notification URL on
   * any other origin is refused as the acquirer refuses a bad field, and nothing is sent there.
   */
  readonly notificationOrigins: readonly string[];
  /** The clock every rule reads; real time by default (the bridge passes its sandbox clock). */
  readonly now?: () => Date;
  /** Used for the server-to-server messages (SBPS: the A02-1). */
  readonly fetch?: typeof fetch;
  /**
   * Extra origins for the CSP `form-action` of the page that posts the buyer back to the shop,
   * e.g. the bridge's `RETURN_URL_ORIGINS`: browsers apply `form-action` to the redirect that the
   * return URL answers with too.
   */
  readonly formActionOrigins?: readonly string[];
  readonly logger?: SandboxLogger;
  /** The emulated SBPS, mounted at `/sbps`. */
  readonly sbps?: SbpsEmulatorOptions;
  /** The emulated Antom, mounted at `/antom`. */
  readonly antom?: AntomEmulatorOptions;
  /**
   * The emulated NomuPay, mounted at `/nomupay` (API at `/nomupay/v1/...`, NomuPay's own SBPS at
   * `/nomupay/sbps`).
   */
  readonly nomupay?: NomupayEmulatorOptions;
}

/** What the emulators hold, and a way to wait for their work. */
export interface Sandbox {
  /**
   * The emulated SBPS's purchases, contracts and notices, and `processDue()` (its monthly billing);
   * null when `sbps` was not given.
   */
  readonly sbps: SbpsEmulatorState | null;
  /** The emulated Antom's payments, refunds and notifications; null when `antom` was not given. */
  readonly antom: AntomEmulatorState | null;
  /** The emulated NomuPay's payments, operations and webhooks; null when `nomupay` was not given. */
  readonly nomupay: NomupayEmulatorState | null;
  /** Resolves when no emulator has a message on its way (the slow scenario's late A02-1). */
  whenIdle(): Promise<void>;
}

/** The sandbox as an Express router, plus its state. */
export type SandboxRouter = Router & Sandbox;

/**
 * The emulated acquirers behind one router, to mount at `/sandbox` beside the bridge:
 *
 * ```ts
 * const sandbox = createSandbox({
 *   notificationOrigins: ['http://127.0.0.1:3000'],
 *   sbps: { merchantId: '12345', serviceId: '001', hashKey, apiUser, apiPassword },
 *   nomupay: { processingAccountId, keys: { [kid]: merchantPublicKey }, hmacKey, webhookUrl },
 * });
 * app.use('/sandbox', sandbox); // SBPS at /sandbox/sbps/f01/FepBuyInfoReceive.do, Antom at
 *                               // /sandbox/antom/ams/sandbox/api/v1/payments/pay, NomuPay at
 *                               // /sandbox/nomupay/v1/payments, ...
 * ```
 *
 * Mount it before any body parser: the acquirers' messages are Shift_JIS bytes it reads itself.
 */
export function createSandbox(options: SandboxOptions): SandboxRouter {
  const host: EmulatorHost = {
    now: options.now ?? (() => new Date()),
    fetch: options.fetch ?? ((input, init) => fetch(input, init)),
    notificationOrigins: new Set(options.notificationOrigins.map(normalisedOrigin)),
    formActionOrigins: options.formActionOrigins ?? [],
    logger: options.logger ?? silentLogger,
  };
  const router = express.Router();
  const sbps = options.sbps ? createSbpsEmulator(options.sbps, host) : null;
  if (sbps) router.use('/sbps', sbps.router);
  const antom = options.antom ? createAntomEmulator(options.antom, host) : null;
  if (antom) router.use('/antom', antom.router);
  const nomupay = options.nomupay ? createNomupayEmulator(options.nomupay, host) : null;
  if (nomupay) router.use('/nomupay', nomupay.router);
  const background = [
    sbps?.background,
    antom?.background,
    nomupay?.background,
    nomupay?.carrierBackground,
  ].filter((set) => set !== undefined);

  const sandbox: Sandbox = {
    sbps: sbps?.state ?? null,
    antom: antom?.state ?? null,
    nomupay: nomupay?.state ?? null,
    async whenIdle() {
      while (background.some((set) => set.size > 0)) {
        await Promise.allSettled(background.flatMap((set) => [...set]));
      }
    },
  };
  return Object.assign(router, sandbox);
}

function normalisedOrigin(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new TypeError(`notificationOrigins: ${JSON.stringify(text)} is not a URL.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TypeError(`notificationOrigins: ${JSON.stringify(text)} is not an http(s) origin.`);
  }
  return url.origin;
}
