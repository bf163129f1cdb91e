import { isIPv4 } from 'node:net';
import proxyaddr from 'proxy-addr';
import { z } from 'zod';
import { parseAddressListEntry } from './http/address-list.js';
import type { TrustProxy } from './http/client-address.js';

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
  sbps: SbpsConfig;
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

export interface SbpsConfig {
  merchantId: string;
  serviceId: string;
  hashKey: string;
  /** A01-1 endpoint the checkout form posts to. */
  purchaseUrl: string;
  /** API-type endpoint (`.../api/xmlapi.do`). */
  apiUrl: string;
  apiUser: string;
  apiPassword: string;
  /**
   * Addresses and CIDR subnets allowed to post `/sbps/notify` (`SBPS_NOTIFY_ALLOWED_IPS`);
   * `null` allows any.
   */
  notifyAllowedIps: string[] | null;
}

/**
 * Values used in sandbox mode when none are given. They are published here on purpose: they only
 * ever talk to the emulated acquirer mounted at `/sandbox/sbps`. The hash key is the made-up key of
 * the worked examples in spec/sbps-au.md, not an SBPS value.
 */
export const SANDBOX_DEFAULTS = {
  secretKey: 'sk_test_aupay_sandbox_0000000000000000',
  merchantId: '12345',
  serviceId: '001',
  hashKey: '0123456789abcdef0123456789abcdef01234567',
  apiPassword: 'sandbox-api-password',
} as const;

/** Where the emulated SBPS answers, relative to `PUBLIC_URL`. */
export const SANDBOX_SBPS_PATH = '/sandbox/sbps';

export class ConfigError extends Error {
  /** One human sentence per problem, each naming its variable. */
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(`Invalid au-pay bridge configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

type Env = Record<string, string | undefined>;

// Secrets the bridge signs or authenticates with: 32 printable characters is at least 128 bits
// when they are random, which a generator gives (`openssl rand -hex 16` is 32 characters).
const MIN_LIVE_SECRET_LENGTH = 32;
// SBPS issues its hash key as 40 hexadecimal characters (spec/sbps-au.md §1, [C]); anything
// shorter was not issued by SBPS.
const MIN_SBPS_HASH_KEY_LENGTH = 40;

/** The variables that configure an acquirer: one set means real credentials may be in play. */
const ACQUIRER_VARIABLES: readonly { prefix: string; name: string }[] = [
  { prefix: 'SBPS_', name: 'SBPS' },
  { prefix: 'ANTOM_', name: 'Antom' },
  { prefix: 'NOMUPAY_', name: 'NomuPay' },
];

/** Reads and checks the configuration. Throws `ConfigError` listing every problem found. */
export function loadConfig(env: Env = process.env): BridgeConfig {
  const problems: string[] = [];
  const read = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value === '' ? undefined : value;
  };
  // A missing value was reported where it is required (or follows from one already reported).
  const check = <T>(name: string, schema: z.ZodType<T>, value: unknown): T | undefined => {
    if (value === undefined) return undefined;
    const parsed = schema.safeParse(value);
    if (parsed.success) return parsed.data;
    problems.push(`${name}: ${parsed.error.issues[0]?.message ?? 'invalid value'}`);
    return undefined;
  };
  // A comma-separated list: one line per bad entry.
  const checkList = (
    name: string,
    text: string,
    entrySchema: z.ZodType<string>,
    problemOf: (entry: string) => string,
  ): string[] | undefined => {
    const entries = text
      .split(',')
      .map((entry) => entry.trim())
      .filter((entry) => entry !== '');
    if (entries.length === 0) {
      problems.push(`${name}: lists nothing`);
      return undefined;
    }
    const bad = entries.filter((entry) => !entrySchema.safeParse(entry).success);
    for (const entry of bad) problems.push(`${name}: ${problemOf(entry)}`);
    return bad.length === 0 ? entries : undefined;
  };

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
  const required = (name: string): string | undefined => {
    const value = read(name);
    if (value === undefined) problems.push(`${name}: required in live mode`);
    return value;
  };

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

  const orDefault = (name: string, sandboxValue: string | undefined): string | undefined =>
    live ? required(name) : (read(name) ?? sandboxValue);
  const merchantId = check(
    'SBPS_MERCHANT_ID',
    digits(5),
    orDefault('SBPS_MERCHANT_ID', SANDBOX_DEFAULTS.merchantId),
  );
  const serviceId = check(
    'SBPS_SERVICE_ID',
    digits(3),
    orDefault('SBPS_SERVICE_ID', SANDBOX_DEFAULTS.serviceId),
  );
  const hashKey = check(
    'SBPS_HASH_KEY',
    live
      ? secretSchema
          .refine(
            (v) => v !== SANDBOX_DEFAULTS.hashKey,
            'must not be the published sandbox hash key (anyone could sign notifications with it)',
          )
          .refine(
            (v) => v.length >= MIN_SBPS_HASH_KEY_LENGTH,
            `must be the key SBPS issued (${MIN_SBPS_HASH_KEY_LENGTH} characters)`,
          )
          .refine((v) => !isOneRepeatedCharacter(v), 'must not be one repeated character')
      : secretSchema,
    orDefault('SBPS_HASH_KEY', SANDBOX_DEFAULTS.hashKey),
  );
  const sandboxBase = publicUrl === undefined ? undefined : `${publicUrl}${SANDBOX_SBPS_PATH}`;
  const purchaseUrl = check(
    'SBPS_PURCHASE_URL',
    live ? httpsUrlSchema : httpUrlSchema,
    orDefault('SBPS_PURCHASE_URL', sandboxBase && `${sandboxBase}/f01/FepBuyInfoReceive.do`),
  );
  const apiUrl = check(
    'SBPS_API_URL',
    live ? httpsUrlSchema : httpUrlSchema,
    orDefault('SBPS_API_URL', sandboxBase && `${sandboxBase}/api/xmlapi.do`),
  );
  // SBPS issues the Basic-auth user as merchant_id + service_id in practice (spec §1).
  const apiUser = check(
    'SBPS_API_USER',
    z.string().regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces'),
    orDefault('SBPS_API_USER', merchantId && serviceId ? `${merchantId}${serviceId}` : undefined),
  );
  const apiPassword = check(
    'SBPS_API_PASSWORD',
    live
      ? secretSchema.refine(
          (v) => v !== SANDBOX_DEFAULTS.apiPassword,
          'must not be the published sandbox password',
        )
      : secretSchema,
    orDefault('SBPS_API_PASSWORD', SANDBOX_DEFAULTS.apiPassword),
  );

  const trustProxyText = read('TRUST_PROXY');
  let trustProxy: TrustProxy | undefined = false;
  if (trustProxyText !== undefined) {
    const simple = trustProxySchema.safeParse(trustProxyText);
    if (simple.success) {
      trustProxy = simple.data;
    } else {
      trustProxy = checkList(
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

  const allowedIpsText = read('SBPS_NOTIFY_ALLOWED_IPS');
  const notifyAllowedIps =
    allowedIpsText === undefined
      ? null
      : checkList(
          'SBPS_NOTIFY_ALLOWED_IPS',
          allowedIpsText,
          addressListEntrySchema,
          (entry) => `"${entry}" is not an IPv4/IPv6 address or a CIDR subnet`,
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
    sbps: {
      merchantId: merchantId as string,
      serviceId: serviceId as string,
      hashKey: hashKey as string,
      purchaseUrl: purchaseUrl as string,
      apiUrl: apiUrl as string,
      apiUser: apiUser as string,
      apiPassword: apiPassword as string,
      notifyAllowedIps: notifyAllowedIps ?? null,
    },
  };
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

/** Plain http to anything but this machine (127.0.0.0/8, ::1, localhost). */
function isPlainHttp(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false; // not a URL at all: refused as such
  }
  if (url.protocol !== 'http:') return false;
  const host = url.hostname;
  const loopback =
    host === 'localhost' || host === '[::1]' || (isIPv4(host) && host.startsWith('127.'));
  return !loopback;
}

function isOneRepeatedCharacter(value: string): boolean {
  return /^(.)\1*$/s.test(value);
}

const portSchema = z
  .string()
  .regex(/^\d{1,5}$/, 'must be a port number (0-65535)')
  .transform(Number)
  .refine((port) => port <= 65535, 'must be a port number (0-65535)');

const hostSchema = z
  .string()
  .regex(/^[A-Za-z0-9.:\-[\]]+$/, 'must be a host name or an IP address');

const urlSchema = (protocols: readonly string[], message: string) =>
  z
    .string({ error: 'required' })
    .refine((value) => {
      try {
        const url = new URL(value);
        return protocols.includes(url.protocol) && url.username === '' && url.password === '';
      } catch {
        return false;
      }
    }, message)
    .refine((value) => {
      try {
        const url = new URL(value);
        return url.search === '' && url.hash === '';
      } catch {
        return true;
      }
    }, 'must not carry a query string or a fragment');

const httpUrlSchema = urlSchema(['http:', 'https:'], 'must be an absolute http(s) URL');
// SBPS talks HTTPS on port 443 only (spec §2); live URLs must be https.
const httpsUrlSchema = urlSchema(['https:'], 'must be an absolute https URL in live mode');

const originSchema = z.string().refine((value) => {
  try {
    const url = new URL(value);
    return (
      (url.protocol === 'http:' || url.protocol === 'https:') &&
      value.replace(/\/$/, '') === url.origin
    );
  } catch {
    return false;
  }
});

const secretSchema = z
  .string({ error: 'required' })
  .regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces');

/** A secret the bridge relies on: long enough, and not one character typed over and over. */
const strongSecretSchema = (minLength: number) =>
  secretSchema
    .min(minLength, `must be at least ${minLength} characters`)
    .refine((value) => !isOneRepeatedCharacter(value), 'must not be one repeated character');

/** `TRUST_PROXY` as Express reads it: `true`, `false` or a hop count; otherwise a list. */
const trustProxySchema = z.union([
  z.enum(['true', 'false']).transform((value) => value === 'true'),
  z
    .string()
    .regex(/^\d{1,3}$/)
    .transform(Number),
]);

/** One `TRUST_PROXY` list entry: whatever proxy-addr (Express's own parser) accepts. */
const trustedProxySchema = z.string().refine((entry) => {
  try {
    proxyaddr.compile(entry);
    return true;
  } catch {
    return false;
  }
});

const rateLimitSchema = z
  .string()
  .regex(/^\d{1,9}$/, 'must be a whole number of requests a minute (0 turns limiting off)')
  .transform(Number);

const addressListEntrySchema = z.string().refine((entry) => parseAddressListEntry(entry) !== null);

const databaseUrlSchema = z
  .string()
  .refine(
    (value) => /^sqlite:(?!\/\/).+/.test(value) || /^postgres(ql)?:\/\/.+/.test(value),
    'must be "sqlite:PATH" or "postgres://..."',
  );

const digits = (count: number) =>
  z
    .string({ error: 'required' })
    .regex(new RegExp(`^\\d{${count}}$`), `must be exactly ${count} digits`);
