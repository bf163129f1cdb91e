import type { IncomingMessage } from 'node:http';
import { type AcquirerId, getAcquirerProfile } from '@au-pay/core';
import type { AcquirerConnector } from './acquirers/acquirer.js';
import type { BridgeConfig } from './config.js';
import type { BridgeRateLimits } from './http/rate-limits.js';
import type { Logger } from './logger.js';
import type { PaymentStore } from './store/payment-store.js';

/** Everything a route needs, built once by `createBridge`. */
export interface BridgeContext {
  config: BridgeConfig;
  store: PaymentStore;
  logger: Logger;
  now: () => Date;
  /** The configured acquirers' connectors by id; each payment uses its own `acquirer`'s. */
  connectors: Map<AcquirerId, AcquirerConnector>;
  settings: PaymentSettings;
  /** The client's address, with `TRUST_PROXY` honoured (see http/client-address.ts). */
  clientAddress: (req: IncomingMessage) => string;
  /** The per-address limits routes put in front of themselves. */
  rateLimits: BridgeRateLimits;
}

/** Timing and size choices of the bridge (not environment variables; see `createBridge` options). */
export interface PaymentSettings {
  /**
   * How long after creation a payment may be checked out. A pending payment expires at
   * `createdAt + checkoutWindowMs`, or later while a served checkout can still complete (below).
   */
  checkoutWindowMs: number;
  /**
   * Time after the last moment the acquirer can complete a purchase (the connector's
   * `pendingExpiresAt`; SBPS: request_date + limit_second + the 4-minute au rule) before the bridge
   * gives up on the notification.
   */
  notificationGraceMs: number;
  /** How often pending payments past their limit are expired. */
  expirySweepIntervalMs: number;
  /** Body-size limits of the parsers. */
  jsonBodyLimit: string;
  formBodyLimit: string;
  /** How long an Idempotency-Key claim may stay in flight before a retry can take it over. */
  idempotencyInFlightTtlMs: number;
  /**
   * How old an open operation must be before the resolver asks the acquirer about it (or, without
   * an inquiry, announces it as unknown): longer than an acquirer call may take.
   */
  openOperationInquiryDelayMs: number;
}

export const DEFAULT_PAYMENT_SETTINGS: PaymentSettings = {
  checkoutWindowMs: 30 * 60 * 1000,
  notificationGraceMs: 2 * 60 * 1000,
  expirySweepIntervalMs: 30 * 1000,
  jsonBodyLimit: '16kb',
  formBodyLimit: '32kb',
  idempotencyInFlightTtlMs: 2 * 60 * 1000,
  openOperationInquiryDelayMs: 60 * 1000,
};

/**
 * The connector of a payment's acquirer. A payment is only created for a configured acquirer, so
 * a missing one means the bridge was restarted without it: an operator's error, said plainly.
 */
export function connectorOf(context: BridgeContext, acquirer: AcquirerId): AcquirerConnector {
  const connector = context.connectors.get(acquirer);
  if (!connector) {
    throw new Error(
      `${getAcquirerProfile(acquirer).name.en} is not configured on this bridge, yet a payment uses it`,
    );
  }
  return connector;
}
