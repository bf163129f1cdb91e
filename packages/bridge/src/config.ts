import { type AcquirerId, acquirerIds } from '@au-pay/core';
import { z } from 'zod';
import {
  type AcquirerConfigs,
  acquirerRegistry,
  type RegisteredAcquirerId,
  registeredDefinitions,
} from './acquirers/registry.js';
import { SBPS_SANDBOX_DEFAULTS } from './acquirers/sbps/config.js';
import {
  ConfigReader,
  databaseUrlSchema,
  type Env,
  hostSchema,
  httpsUrlSchema,
  httpUrlSchema,
  isPlainHttp,
  MIN_LIVE_SECRET_LENGTH,
  originSchema,
  portSchema,
  rateLimitSchema,
  secretSchema,
  strongSecretSchema,
  trustedProxySchema,
  trustProxySchema,
} from './config-reader.js';
import type { TrustProxy } from './http/client-address.js';

export type { SbpsConfig } from './acquirers/sbps/config.js';
export { SANDBOX_SBPS_PATH } from './acquirers/sbps/config.js';

/**
 * The bridge's configuration, read from the environment variables listed in DESIGN.md
 * ("Bridge configuration") and nothing else. Every problem is reported on its own line, so an
 * operator fixes them all in one go.
 */
export interface BridgeConfig {
  mode: 'sandbox' | 'live';
  port: number;
  host: string;
  /** The bridge's external URL, without a trailing slash, including any mount path. */
  publicUrl: string;
  /** Bearer key of the merchant API (`/v1/...`). */
  secretKey: string;
  /** `sqlite:PATH` or `postgres://...`. */
  databaseUrl: string;
  /** Origins (`https://shop.example`) allowed in a payment's `returnUrl`. */
  returnUrlOrigins: string[];
  /** Where payment webhooks go; `null` sends none. */
  webhook: { url: string; secret: string } | null;
  /** Which proxies are believed about the client's address (`TRUST_PROXY`); `false` by default. */
  trustProxy: TrustProxy;
  /** Requests a minute per client address (`AU_PAY_RATE_LIMIT`); `null` turns limiting off. */
  rateLimits: RateLimits | null;
  /** Each configured acquirer's section (`SBPS_*` → `sbps`), read by its connector definition. */
  acquirers: AcquirerConfigs;
  /**
   * The acquirer of a payment created without one (`AU_PAY_DEFAULT_ACQUIRER`, else the first
   * configured of sbps, antom, nomupay).
   */
  defaultAcquirer: RegisteredAcquirerId;
}

export interface RateLimits {
  /** `POST /checkout/:id` and `POST /checkout/:id/state` together. */
  checkoutPerMinute: number;
  /** Answers 401 (a missing or wrong secret key) on `/v1/...` and `/sandbox/clock` together. */
  wrongKeysPerMinute: number;
}

/**
 * Without `AU_PAY_RATE_LIMIT`. A buyer's checkout takes two requests (the state, then the page),
 * so 60 leaves room for many buyers behind one address (mobile carriers share addresses); a
 * merchant server that sends its own key never gets a 401, so 20 wrong keys a minute only slows
 * someone who guesses.
 */
export const DEFAULT_RATE_LIMITS: RateLimits = { checkoutPerMinute: 60, wrongKeysPerMinute: 20 };

/**
 * Values used in sandbox mode when none are given: the published test key of the merchant API and
 * SBPS's sandbox values (acquirers/sbps/config.ts). They only ever talk to the emulators.
 */
export const SANDBOX_DEFAULTS = {
  secretKey: 'sk_test_aupay_sandbox_0000000000000000',
  ...SBPS_SANDBOX_DEFAULTS,
} as const;

export class ConfigError extends Error {
  /** One human sentence per problem, each naming its variable. */
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(`Invalid au-pay bridge configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

/** The variables that configure an acquirer: one set means real credentials may be in play. */
const ACQUIRER_VARIABLES: readonly { prefix: string; name: string }[] = [
  { prefix: 'SBPS_', name: 'SBPS' },
  { prefix: 'ANTOM_', name: 'Antom' },
  { prefix: 'NOMUPAY_', name: 'NomuPay' },
];

/** Reads and checks the configuration. Throws `ConfigError` listing every problem found. */
export function loadConfig(env: Env = process.env): BridgeConfig {
  const reader = new ConfigReader(env);
  const { problems } = reader;
  const read = (name: string) => reader.read(name);
  const check = <T>(name: string, schema: z.ZodType<T>, value: unknown) =>
    reader.check(name, schema, value);
  const required = (name: string) => reader.required(name);

  // Sandbox is the default only without acquirer variables: real credentials with no mode would
  // otherwise run the emulator, which signs with the real hash key and authorizes unpaid payments.
  const modeText = read('AU_PAY_MODE');
  if (modeText === undefined) {
    const acquirerVariables = Object.keys(env)
      .filter((name) => ACQUIRER_VARIABLES.some(({ prefix }) => name.startsWith(prefix)))
      .filter((name) => read(name) !== undefined)
      .sort();
    if (acquirerVariables.length > 0) problems.push(modeRequired(acquirerVariables));
  }
  const mode = check(
    'AU_PAY_MODE',
    z.enum(['sandbox', 'live'], { error: 'must be "sandbox" or "live"' }),
    modeText ?? 'sandbox',
  );
  const live = mode === 'live';
  reader.live = live;

  const port = check('PORT', portSchema, read('PORT') ?? '3000');
  const host = check('HOST', hostSchema, read('HOST') ?? '127.0.0.1');
  const defaultPublicUrl =
    port !== undefined && host !== undefined
      ? `http://${host.includes(':') ? `[${host}]` : host}:${port}`
      : undefined;
  const publicUrl = check(
    'PUBLIC_URL',
    live ? httpsUrlSchema : httpUrlSchema,
    read('PUBLIC_URL') ?? defaultPublicUrl,
  )?.replace(/\/+$/, '');

  const secretKey = check(
    'AU_PAY_SECRET_KEY',
    live
      ? strongSecretSchema(MIN_LIVE_SECRET_LENGTH).refine(
          (v) => v !== SANDBOX_DEFAULTS.secretKey,
          'must not be the published sandbox key',
        )
      : secretSchema,
    live
      ? required('AU_PAY_SECRET_KEY')
      : (read('AU_PAY_SECRET_KEY') ?? SANDBOX_DEFAULTS.secretKey),
  );

  const databaseUrl = check(
    'DATABASE_URL',
    databaseUrlSchema,
    read('DATABASE_URL') ?? 'sqlite:.au-pay/bridge.db',
  );

  const originsText = read('RETURN_URL_ORIGINS');
  let returnUrlOrigins: string[] | undefined;
  if (originsText === undefined) {
    returnUrlOrigins = publicUrl === undefined ? undefined : [new URL(publicUrl).origin];
  } else {
    const origins = originsText
      .split(',')
      .map((origin) => origin.trim())
      .filter((origin) => origin !== '');
    const bad = origins.filter((origin) => !originSchema.safeParse(origin).success);
    if (origins.length === 0) problems.push('RETURN_URL_ORIGINS: lists no origin');
    for (const origin of bad) {
      problems.push(
        `RETURN_URL_ORIGINS: "${origin}" is not an origin (scheme://host[:port], no path)`,
      );
    }
    const plain = live
      ? origins.filter((origin) => !bad.includes(origin) && isPlainHttp(origin))
      : [];
    for (const origin of plain) {
      problems.push(
        `RETURN_URL_ORIGINS: "${origin}" must be https in live mode (plain http only on loopback)`,
      );
    }
    if (bad.length === 0 && plain.length === 0 && origins.length > 0) {
      returnUrlOrigins = origins.map((origin) => new URL(origin).origin);
    }
  }

  const webhookUrl = read('WEBHOOK_URL');
  const webhookSecret = read('WEBHOOK_SECRET');
  let webhook: BridgeConfig['webhook'] = null;
  if (webhookUrl !== undefined || webhookSecret !== undefined) {
    if (webhookUrl === undefined) problems.push('WEBHOOK_URL: required when WEBHOOK_SECRET is set');
    if (webhookSecret === undefined)
      problems.push('WEBHOOK_SECRET: required when WEBHOOK_URL is set');
    const url = check(
      'WEBHOOK_URL',
      live
        ? httpUrlSchema.refine(
            (value) => !isPlainHttp(value),
            'must be https in live mode (plain http only on loopback)',
          )
        : httpUrlSchema,
      webhookUrl,
    );
    const secret = check(
      'WEBHOOK_SECRET',
      live
        ? strongSecretSchema(MIN_LIVE_SECRET_LENGTH)
        : secretSchema.min(16, 'must be at least 16 characters'),
      webhookSecret,
    );
    if (url !== undefined && secret !== undefined) webhook = { url, secret };
  }

  const trustProxyText = read('TRUST_PROXY');
  let trustProxy: TrustProxy | undefined = false;
  if (trustProxyText !== undefined) {
    const simple = trustProxySchema.safeParse(trustProxyText);
    if (simple.success) {
      trustProxy = simple.data;
    } else {
      trustProxy = reader.checkList(
        'TRUST_PROXY',
        trustProxyText,
        trustedProxySchema,
        (entry) =>
          `"${entry}" is not true, false, a hop count, an address, a CIDR subnet or loopback/linklocal/uniquelocal`,
      );
    }
  }

  const rateLimitText = read('AU_PAY_RATE_LIMIT');
  const rateLimit = check('AU_PAY_RATE_LIMIT', rateLimitSchema, rateLimitText);
  const rateLimits: RateLimits | null =
    rateLimitText === undefined
      ? DEFAULT_RATE_LIMITS
      : rateLimit
        ? { checkoutPerMinute: rateLimit, wrongKeysPerMinute: rateLimit }
        : null;

  // Each registered acquirer reads its own section. In live mode an acquirer is configured when
  // one of its variables is set; with none set at all, every one reports what it requires. In
  // sandbox mode each points at its emulator.
  const general = { mode: mode ?? 'sandbox', publicUrl } as const;
  const definitions = registeredDefinitions();
  const withVariables = definitions.filter((definition) =>
    Object.keys(env).some(
      (name) => name.startsWith(definition.variablePrefix) && read(name) !== undefined,
    ),
  );
  const readSections = live && withVariables.length > 0 ? withVariables : definitions;
  const acquirers: Record<string, unknown> = {};
  for (const definition of readSections) {
    const section = definition.readConfig(env, general);
    problems.push(...section.problems);
    if (section.config !== null) acquirers[definition.id] = section.config;
  }
  const configured = readSections.map((definition) => definition.id);
  const defaultAcquirer = check(
    'AU_PAY_DEFAULT_ACQUIRER',
    defaultAcquirerSchema(configured),
    read('AU_PAY_DEFAULT_ACQUIRER') ?? firstByPreference(configured),
  );

  if (problems.length > 0) throw new ConfigError(problems);
  // Every value below was checked; the assertions only restate it for the compiler.
  return {
    mode: mode as BridgeConfig['mode'],
    port: port as number,
    host: host as string,
    publicUrl: publicUrl as string,
    secretKey: secretKey as string,
    databaseUrl: databaseUrl as string,
    returnUrlOrigins: returnUrlOrigins as string[],
    webhook,
    trustProxy: trustProxy as TrustProxy,
    rateLimits,
    acquirers: acquirers as AcquirerConfigs,
    defaultAcquirer: defaultAcquirer as RegisteredAcquirerId,
  };
}

/** DESIGN.md's order of preference: sbps, antom, nomupay. */
function firstByPreference(configured: readonly AcquirerId[]): string | undefined {
  return acquirerIds.find((id) => configured.includes(id));
}

/** A registered acquirer that is configured. */
function defaultAcquirerSchema(configured: readonly AcquirerId[]) {
  const registered = Object.keys(acquirerRegistry);
  return z
    .string()
    .refine(
      (id) => registered.includes(id),
      `must be one of the acquirers this bridge supports: ${registered.join(', ')}`,
    )
    .refine(
      (id) => !registered.includes(id) || configured.includes(id as AcquirerId),
      `must name a configured acquirer (configured: ${configured.join(', ') || 'none'})`,
    );
}

function modeRequired(variables: readonly string[]): string {
  const acquirers = ACQUIRER_VARIABLES.filter(({ prefix }) =>
    variables.some((name) => name.startsWith(prefix)),
  ).map(({ name }) => name);
  const named = variables.length === 1 ? `${variables[0]} is` : `${sentenceList(variables)} are`;
  return (
    `AU_PAY_MODE: required because ${named} set: set AU_PAY_MODE=live to use real ` +
    `${sentenceList(acquirers)} credentials, or AU_PAY_MODE=sandbox to use the emulator`
  );
}

/** `a`, `a and b`, `a, b and c`. */
function sentenceList(items: readonly string[]): string {
  return items.length <= 1
    ? (items[0] ?? '')
    : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
