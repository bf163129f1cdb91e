import type { SandboxLogger } from './logger.js';

/**
 * What `createSandbox` shares with every emulator it mounts (SBPS, Antom, NomuPay): one clock, one
 * `fetch` and one set of allowed origins, so that all of them follow the same sandbox clock and
 * post only where the sandbox allows (see `SandboxOptions`).
 */
export interface EmulatorHost {
  /** The clock every rule reads: deadlines, windows, resend and retry schedules. */
  readonly now: () => Date;
  /** Used to POST the merchant's notifications and webhooks (SBPS's A02-1, Antom's, NomuPay's). */
  readonly fetch: typeof fetch;
  /** The only origins a notification or webhook is ever posted to; normalised. */
  readonly notificationOrigins: ReadonlySet<string>;
  /** Extra origins for the return page's CSP `form-action`. */
  readonly formActionOrigins: readonly string[];
  readonly logger: SandboxLogger;
}
