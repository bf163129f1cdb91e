import { z } from 'zod';

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
  sbps: SbpsConfig;
}

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

const MIN_LIVE_SECRET_LENGTH = 24;

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

  const mode = check(
    'AU_PAY_MODE',
    z.enum(['sandbox', 'live'], { error: 'must be "sandbox" or "live"' }),
    read('AU_PAY_MODE') ?? 'sandbox',
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
      ? secretSchema
          .min(MIN_LIVE_SECRET_LENGTH, `must be at least ${MIN_LIVE_SECRET_LENGTH} characters`)
          .refine((v) => v !== SANDBOX_DEFAULTS.secretKey, 'must not be the sandbox test key')
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
    if (bad.length === 0 && origins.length > 0) {
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
    const url = check('WEBHOOK_URL', httpUrlSchema, webhookUrl);
    const secret = check(
      'WEBHOOK_SECRET',
      secretSchema.min(16, 'must be at least 16 characters'),
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
    secretSchema,
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
    secretSchema,
    orDefault('SBPS_API_PASSWORD', SANDBOX_DEFAULTS.apiPassword),
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
    sbps: {
      merchantId: merchantId as string,
      serviceId: serviceId as string,
      hashKey: hashKey as string,
      purchaseUrl: purchaseUrl as string,
      apiUrl: apiUrl as string,
      apiUser: apiUser as string,
      apiPassword: apiPassword as string,
    },
  };
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
