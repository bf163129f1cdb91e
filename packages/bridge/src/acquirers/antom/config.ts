import { createPublicKey, type KeyObject } from 'node:crypto';
import { AntomKeyError, loadAntomPrivateKey, loadAntomPublicKey } from '@au-pay/core/antom';
import { z } from 'zod';
import { ConfigReader, type Env, httpsUrlSchema, httpUrlSchema } from '../../config-reader.js';
import type { ConfigSection, GeneralConfig } from '../registry.js';

export interface AntomConfig {
  /** `client-id` of every request; `SANDBOX_…` selects `/ams/sandbox/api` (spec/antom-au.md §2). */
  clientId: string;
  /** The merchant's RSA private key: signs every request. */
  privateKey: KeyObject;
  /** Its public half (what the merchant uploads to Antom; the sandbox emulator verifies with it). */
  merchantPublicKey: KeyObject;
  /** Antom's RSA public key: verifies every response and notification. */
  antomPublicKey: KeyObject;
  /** Origin (or base URL) the API paths are appended to. */
  apiUrl: string;
  /** `PUBLIC_URL/antom`, where the bridge mounts the Antom routes (notify and return URLs). */
  callbackBaseUrl: string;
  /** `paymentMethod.paymentMethodType` of au (spec §13: not published; confirm with Antom). */
  paymentMethodType: string;
}

/**
 * Antom values used in sandbox mode when none are given (DESIGN.md, sandbox keys). Published on
 * purpose: the merchant key is a test key that only ever talks to the emulator at
 * `/sandbox/antom`, and Antom's public key is the emulator's (`ANTOM_SANDBOX_PUBLIC_KEY` of
 * @au-pay/sandbox, copied so that live mode never loads the sandbox).
 */
export const ANTOM_SANDBOX_DEFAULTS = {
  clientId: 'SANDBOX_AUPAY0000000001',
  privateKey:
    'MIIEvAIBADANBgkqhkiG9w0BAQEFAASCBKYwggSiAgEAAoIBAQDUBQ/4bMqplmc7xYxRoZ86qrAiBBZPMtARFCft' +
    'L14Dv0eh7bx+PMlX1sYPKduVD42SwpWFf+X4QoBCOADi2VALJjf5oMaveultGLx+7wzflLe9WSfLkhQqiaPRYSGu' +
    'nndcjy/L6QMJoPEmmHQrqycnXlPTba8ZF5zI089vkoa0QbQfXFAOGLkZtSUZHnO08jrj3HWsPuffkerHAr0lf/ZH' +
    'aTk53yPQTuCboy65nfl7xM+HKovsJPis59YDci4tiiHaF0tQCsQkvGueHmGtbvTyJjtV6tVZLL3VAk1QaBQRwDw/' +
    '73sxg6sTYHRYZAimH3+1UWhPn641nDKLCR7/4HZjAgMBAAECggEAQkce2fLwW5lHxjiYB8C1bPqEuu16J+HjhyM8' +
    '4/lls1gtRWJzBSdtbYcXPRBBs1Q8Vn97jFMSCcyIGas2I7P5QLL+1os68QpERDVyX1/NL2tnEMr5FLsikLWcP0zU' +
    '4ahp+cZNE7pQl8b2+7C2yBvlznm/TJ3CGd72xRTpiKBOebRqRuCKGNkac5XTZADmkxhXe0wD+qylZAkwehObCwhP' +
    'ZL+76SjwKftp05+bZb/dJB79chJmPw5xXgczglnvSJyo7IeMpwx5+bIL/N9NeeC1jX5rG7NDd0uWuqZx5k2tEIg5' +
    'Rl4e5rYkQRoMbe6p0yAFiXrw3bMXkwHqP4GJjJGwMQKBgQD75mSx6d3y9OnscRLwIvTAN/wcAhMokdJqdlMNGpZm' +
    'Kofj3PNQf0AKBcPpvVgTwZc0FIhS5e/I4yyiJT77Hex0rak/JMIq3xUVl/8ntFdDXeSvQCsz2rnYDgOfBLBusuX/' +
    'WIrvePtnq/WBY2UfeG99KBGcRaPI9EaOqb57WhrhCQKBgQDXeH9yVtKBgjIpU4hgZRTgYO7qtN81ysxNjeB4MPUa' +
    'ii3C9t7WndMS067fjZuLYiGxE744wZKWQnU4RaWHBoUNnPxIvatgjUQy6XQBcKlwP7kJTZzA0FH1YaowurWxKfRY' +
    'CYaxePdJzHq8rQG2gsxBKV1oVw7it6NSqkAkY8QzCwKBgEc57zELYtHHBLnxgxxZlgEgE25L++TVzryBtpwW7331' +
    '+rSojjgtswridHIMMvJrI/j68U0XbUTNT5qNk5Bn9qtLS3bqSujaaVjQwLoWWTJYQ0h2iYDBERmRZN668bRra3NX' +
    'MvnhqJy419N9KmPKpyOph8k7O8Ofpq/COXUhlkYZAoGAAzSguMO/5/tW4bSDb+OxFtF6XHWKaJN2zKSStVcNHnL1' +
    '0VO45vp8HGiXzm2d5cn09Fx11QRUOPYOJmMq3kJjkltGiZKAzTPs0tEUT70sWCYqi4/jCB9RSNRGIul0MImOQA0M' +
    'OvGwxCFNpibwwpVZkpKZ+CZra0YOIPm1cJUnYxcCgYBGy2Y6CX3bO1j3x57iFz7WY67yExwaAHuE5zwQgcX6g6hw' +
    '3MsD3fDRqzKwTdgTpBvT4Tc0rw7BBD5ssoVF21uoGT8pJUWF0dQyN0yZaLwFQvmd4hKcGHWXDA+WuUKeDmWIXhKd' +
    'ZFsYd3qHBJ0QG1MXUO6FcxGn2NiBSFh83QdHbw==',
  antomPublicKey:
    'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA+b49o9rUksBnSs1MzVxjsJo8NGzWgpmPH4moz2RH4ixX' +
    'IjJ21R0tQc405itwxMxPRJjdzIoAlT0RXBrf/X96m8J6bvnGv5ItrNoP1impkPEySDXtrzQ2vLtAg/2++6GHYaV/' +
    '4nbd+2ZyGyt8JAJG/egI+VDAc572KOYRhXSptWqQY5+FnNxvK+dh4rlZpd09kOmHIljTRxHGVcEHWBwe/5fOM8O7' +
    'XnC2LdD+m5N2Ty02dT9YpKg+7cMedVYRrERCPiT8T5OE7ssMukpkpxVVF8KvfY1PZSoAC3qxOwmZM4MVF8nKlR5r' +
    'cmDr1uJbFOL1GUnisSuTLhVII/M1fsanQQIDAQAB',
  paymentMethodType: 'AU',
} as const;

/** Where the emulated Antom answers, relative to `PUBLIC_URL`. */
export const SANDBOX_ANTOM_PATH = '/sandbox/antom';

const clientIdSchema = z
  .string()
  .regex(
    /^[\w-]{1,64}$/,
    'must be the client ID from the Antom Dashboard (letters, digits, _ or -)',
  );

/** The `ANTOM_*` variables: one line per problem, the live refusals included. */
export function readAntomConfig(env: Env, general: GeneralConfig): ConfigSection<AntomConfig> {
  const reader = new ConfigReader(env, general.mode === 'live');
  const live = reader.live;
  const clientId = reader.check(
    'ANTOM_CLIENT_ID',
    live
      ? clientIdSchema.refine(
          (v) => !v.startsWith('SANDBOX_'),
          'must be a production client ID in live mode (SANDBOX_… is Antom’s sandbox)',
        )
      : clientIdSchema,
    reader.orDefault('ANTOM_CLIENT_ID', ANTOM_SANDBOX_DEFAULTS.clientId),
  );
  const privateKeyText = reader.orDefault('ANTOM_PRIVATE_KEY', ANTOM_SANDBOX_DEFAULTS.privateKey);
  const privateKey = readKey(reader, 'ANTOM_PRIVATE_KEY', privateKeyText, loadAntomPrivateKey);
  if (
    live &&
    privateKey &&
    sameKey(privateKey, loadAntomPrivateKey(ANTOM_SANDBOX_DEFAULTS.privateKey))
  ) {
    reader.problems.push(
      'ANTOM_PRIVATE_KEY: must not be the published sandbox key (anyone could sign requests with it)',
    );
  }
  const publicKeyText = reader.orDefault('ANTOM_PUBLIC_KEY', ANTOM_SANDBOX_DEFAULTS.antomPublicKey);
  const antomPublicKey = readKey(reader, 'ANTOM_PUBLIC_KEY', publicKeyText, loadAntomPublicKey);
  if (
    live &&
    antomPublicKey &&
    sameKey(antomPublicKey, loadAntomPublicKey(ANTOM_SANDBOX_DEFAULTS.antomPublicKey))
  ) {
    reader.problems.push(
      'ANTOM_PUBLIC_KEY: must not be the sandbox emulator’s key (its private half is published)',
    );
  }
  const sandboxApiUrl =
    general.publicUrl === undefined ? undefined : `${general.publicUrl}${SANDBOX_ANTOM_PATH}`;
  const apiUrl = reader.check(
    'ANTOM_API_URL',
    live ? httpsUrlSchema : httpUrlSchema,
    reader.orDefault('ANTOM_API_URL', sandboxApiUrl),
  );
  const paymentMethodType = reader.check(
    'ANTOM_AU_PAYMENT_METHOD_TYPE',
    z.string().regex(/^[A-Z0-9_]{1,64}$/, 'must be an Antom payment method type (A-Z, 0-9, _)'),
    reader.read('ANTOM_AU_PAYMENT_METHOD_TYPE') ?? ANTOM_SANDBOX_DEFAULTS.paymentMethodType,
  );

  if (reader.problems.length > 0) return { config: null, problems: reader.problems };
  // An invalid PUBLIC_URL is reported by the general section.
  if (general.publicUrl === undefined) return { config: null, problems: [] };
  // Every value below was checked; the assertions only restate it for the compiler.
  const key = privateKey as KeyObject;
  return {
    config: {
      clientId: clientId as string,
      privateKey: key,
      merchantPublicKey: createPublicKey(key),
      antomPublicKey: antomPublicKey as KeyObject,
      apiUrl: (apiUrl as string).replace(/\/$/, ''),
      callbackBaseUrl: `${general.publicUrl}/antom`,
      paymentMethodType: paymentMethodType as string,
    },
    problems: [],
  };
}

function readKey(
  reader: ConfigReader,
  name: string,
  text: string | undefined,
  load: (key: string) => KeyObject,
): KeyObject | undefined {
  if (text === undefined) return undefined;
  try {
    return load(text);
  } catch (error) {
    if (!(error instanceof AntomKeyError)) throw error;
    reader.problems.push(`${name}: ${error.message}`);
    return undefined;
  }
}

function sameKey(a: KeyObject, b: KeyObject): boolean {
  const spki = (key: KeyObject) =>
    (key.type === 'private' ? createPublicKey(key) : key).export({ format: 'der', type: 'spki' });
  return spki(a).equals(spki(b));
}
