import type { AcquirerId } from '@au-pay/core';
import type { Env } from '../config-reader.js';
import type { Logger } from '../logger.js';
import type { AcquirerConnector } from './acquirer.js';
import { antomConnectorDefinition } from './antom/index.js';
import { nomupayConnectorDefinition } from './nomupay/index.js';
import { sbpsConnectorDefinition } from './sbps/index.js';

/** What every connector's config section may depend on (read before the sections). */
export interface GeneralConfig {
  mode: 'sandbox' | 'live';
  /** The bridge's external URL (sandbox defaults point at its emulators); unset if invalid. */
  publicUrl: string | undefined;
}

/** A connector's configuration, or the problems that stop it (one line each, naming the variable). */
export interface ConfigSection<Config> {
  config: Config | null;
  problems: string[];
}

/** What `createBridge` gives a connector it creates. */
export interface ConnectorDeps {
  mode: 'sandbox' | 'live';
  logger: Logger;
  /** The bridge's clock (the sandbox clock in sandbox mode): what server calls are dated with, and
   * what signatures with an expiry count from. */
  now: () => Date;
  /** `fetch` for the acquirer's API (tests inject one). */
  fetch?: typeof fetch;
}

/** One acquirer as the bridge knows it: its variables, its config section and its connector. */
export interface ConnectorDefinition<Config> {
  id: AcquirerId;
  /** Prefix of its environment variables (`SBPS_`): one set configures the acquirer. */
  variablePrefix: string;
  readConfig(env: Env, general: GeneralConfig): ConfigSection<Config>;
  create(config: Config, deps: ConnectorDeps): AcquirerConnector;
}

/**
 * Every acquirer the bridge can talk to, keyed by id, in the order of preference when a payment
 * names none and `AU_PAY_DEFAULT_ACQUIRER` is unset. Adding an acquirer adds one line here.
 */
export const acquirerRegistry = {
  sbps: sbpsConnectorDefinition,
  antom: antomConnectorDefinition,
  nomupay: nomupayConnectorDefinition,
} as const;

export type RegisteredAcquirerId = keyof typeof acquirerRegistry;

/** Each registered acquirer's configuration, present when it is configured. */
export type AcquirerConfigs = {
  [Id in RegisteredAcquirerId]?: (typeof acquirerRegistry)[Id] extends ConnectorDefinition<infer C>
    ? C
    : never;
};

/** The registered definitions, in order. */
export function registeredDefinitions(): ConnectorDefinition<unknown>[] {
  return Object.values(acquirerRegistry) as ConnectorDefinition<unknown>[];
}
