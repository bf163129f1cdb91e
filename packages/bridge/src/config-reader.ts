import { isIPv4 } from 'node:net';
import proxyaddr from 'proxy-addr';
import { z } from 'zod';
import { parseAddressListEntry } from './http/address-list.js';

export type Env = Record<string, string | undefined>;

// Secrets the bridge signs or authenticates with: 32 printable characters is at least 128 bits
// when they are random, which a generator gives (`openssl rand -hex 16` is 32 characters).
export const MIN_LIVE_SECRET_LENGTH = 32;

/**
 * Reads environment variables and collects one line per problem, each naming its variable, so an
 * operator fixes them all in one go. Used by config.ts and by each connector's config section.
 */
export class ConfigReader {
  readonly problems: string[] = [];

  constructor(
    readonly env: Env,
    /** Live mode: `required` and `orDefault` insist on a value. */
    public live = false,
  ) {}

  /** The trimmed value; an empty one counts as unset. */
  read(name: string): string | undefined {
    const value = this.env[name]?.trim();
    return value === '' ? undefined : value;
  }

  /** A missing value was reported where it is required (or follows from one already reported). */
  check<T>(name: string, schema: z.ZodType<T>, value: unknown): T | undefined {
    if (value === undefined) return undefined;
    const parsed = schema.safeParse(value);
    if (parsed.success) return parsed.data;
    this.problems.push(`${name}: ${parsed.error.issues[0]?.message ?? 'invalid value'}`);
    return undefined;
  }

  /** A comma-separated list: one line per bad entry. */
  checkList(
    name: string,
    text: string,
    entrySchema: z.ZodType<string>,
    problemOf: (entry: string) => string,
  ): string[] | undefined {
    const entries = text
      .split(',')
      .map((entry) => entry.trim())
      .filter((entry) => entry !== '');
    if (entries.length === 0) {
      this.problems.push(`${name}: lists nothing`);
      return undefined;
    }
    const bad = entries.filter((entry) => !entrySchema.safeParse(entry).success);
    for (const entry of bad) this.problems.push(`${name}: ${problemOf(entry)}`);
    return bad.length === 0 ? entries : undefined;
  }

  required(name: string): string | undefined {
    const value = this.read(name);
    if (value === undefined) this.problems.push(`${name}: required in live mode`);
    return value;
  }

  /** Required in live mode; in sandbox mode, `sandboxValue` when unset. */
  orDefault(name: string, sandboxValue: string | undefined): string | undefined {
    return this.live ? this.required(name) : (this.read(name) ?? sandboxValue);
  }
}

/** Plain http to anything but this machine (127.0.0.0/8, ::1, localhost). */
export function isPlainHttp(value: string): boolean {
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

export function isOneRepeatedCharacter(value: string): boolean {
  return /^(.)\1*$/s.test(value);
}

export const portSchema = z
  .string()
  .regex(/^\d{1,5}$/, 'must be a port number (0-65535)')
  .transform(Number)
  .refine((port) => port <= 65535, 'must be a port number (0-65535)');

export const hostSchema = z
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

export const httpUrlSchema = urlSchema(['http:', 'https:'], 'must be an absolute http(s) URL');
// SBPS talks HTTPS on port 443 only (spec §2); live URLs must be https.
export const httpsUrlSchema = urlSchema(['https:'], 'must be an absolute https URL in live mode');

export const originSchema = z.string().refine((value) => {
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

export const secretSchema = z
  .string({ error: 'required' })
  .regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces');

/** A secret the bridge relies on: long enough, and not one character typed over and over. */
export const strongSecretSchema = (minLength: number) =>
  secretSchema
    .min(minLength, `must be at least ${minLength} characters`)
    .refine((value) => !isOneRepeatedCharacter(value), 'must not be one repeated character');

/**
 * A signing key the acquirer issued, in live mode: never the published sandbox value (anyone could
 * forge what it signs), as long as the acquirer's keys are, and not one character typed over.
 */
export const issuedKeySchema = (key: {
  /** e.g. `hash key`, `HMAC key`. */
  name: string;
  sandboxValue: string;
  /** What a forger could sign with the published value, e.g. `notifications`. */
  signs: string;
  minLength: number;
  /** The length rule as the operator reads it, e.g. `SBPS issued (40 characters)`. */
  issuedAs: string;
}) =>
  secretSchema
    .refine(
      (v) => v !== key.sandboxValue,
      `must not be the published sandbox ${key.name} (anyone could sign ${key.signs} with it)`,
    )
    .refine((v) => v.length >= key.minLength, `must be the key ${key.issuedAs}`)
    .refine((v) => !isOneRepeatedCharacter(v), 'must not be one repeated character');

/** `TRUST_PROXY` as Express reads it: `true`, `false` or a hop count; otherwise a list. */
export const trustProxySchema = z.union([
  z.enum(['true', 'false']).transform((value) => value === 'true'),
  z
    .string()
    .regex(/^\d{1,3}$/)
    .transform(Number),
]);

/** One `TRUST_PROXY` list entry: whatever proxy-addr (Express's own parser) accepts. */
export const trustedProxySchema = z.string().refine((entry) => {
  try {
    proxyaddr.compile(entry);
    return true;
  } catch {
    return false;
  }
});

export const rateLimitSchema = z
  .string()
  .regex(/^\d{1,9}$/, 'must be a whole number of requests a minute (0 turns limiting off)')
  .transform(Number);

export const addressListEntrySchema = z
  .string()
  .refine((entry) => parseAddressListEntry(entry) !== null);

export const databaseUrlSchema = z
  .string()
  .refine(
    (value) => /^sqlite:(?!\/\/).+/.test(value) || /^postgres(ql)?:\/\/.+/.test(value),
    'must be "sqlite:PATH" or "postgres://..."',
  );

export const digits = (count: number) =>
  z
    .string({ error: 'required' })
    .regex(new RegExp(`^\\d{${count}}$`), `must be exactly ${count} digits`);
