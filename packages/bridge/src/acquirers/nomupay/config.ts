import {
  loadNomupayPrivateKey,
  NOMUPAY_KID,
  NomupayKeyError,
  nomupayPublicKeyOf,
} from '@au-pay/core/nomupay';
import { z } from 'zod';
import {
  ConfigReader,
  type Env,
  httpsUrlSchema,
  httpUrlSchema,
  issuedKeySchema,
  secretSchema,
} from '../../config-reader.js';
import type { ConfigSection, GeneralConfig } from '../registry.js';

export interface NomupayConfig {
  /** Base URL of NomuPay's API (`https://api.nomupay.com`); paths are appended to it. */
  apiUrl: string;
  /** The merchant's processing account, a 27-character KSUID (spec/nomupay-au.md §5.1). */
  processingAccountId: string;
  /** `kid` NomuPay issued for the merchant's public key (spec §3). */
  keyId: string;
  /** The merchant's P-256 private key, PKCS#8 PEM: signs every request (ES256, spec §3). */
  privateKey: string;
  /** NomuPay's shared key of its HS256 answers and webhooks (spec §4). */
  hmacKey: string;
  /** `PUBLIC_URL/nomupay/webhooks`: the endpoint registered with NomuPay, its webhooks' `aud`. */
  webhookUrl: string;
}

/**
 * NomuPay values used in sandbox mode when none are given. They are published here on purpose:
 * they only ever talk to the emulated NomuPay mounted at `/sandbox/nomupay`, which is given the
 * bridge's HMAC key and the public half of its private key (DESIGN.md, sandbox keys).
 */
export const NOMUPAY_SANDBOX_DEFAULTS = {
  processingAccountId: '2SandboxProcessingAccount01',
  keyId: '2SandboxMerchantSigningKey1',
  privateKey: [
    '-----BEGIN PRIVATE KEY-----',
    'MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgjooOhZVp2zfpP1K0',
    'qBdFFNDj+D1bUgu9qJAjVMkamPOhRANCAARs6bolw6IRdhkjymE/a186M82R1zdE',
    '84DP3CA5ziySUhtQwqAvviZGUtiaN6DD24+WefD3Bt9QI3myPhQuZfhJ',
    '-----END PRIVATE KEY-----',
    '',
  ].join('\n'),
  hmacKey: 'nomupay-sandbox-hmac-key-0123456789abcdef',
} as const;

/** Where the emulated NomuPay answers, relative to `PUBLIC_URL`. */
export const SANDBOX_NOMUPAY_PATH = '/sandbox/nomupay';

/** NomuPay's live API (spec/nomupay-au.md §2). */
export const NOMUPAY_LIVE_API_URL = 'https://api.nomupay.com';

// An HMAC key shorter than SHA-256's output gives less than its strength (RFC 2104 §3).
const MIN_NOMUPAY_HMAC_KEY_LENGTH = 32;

const ksuidSchema = z.string().regex(NOMUPAY_KID, 'must be a 27-character KSUID (letters, digits)');

/** A P-256 private key NomuPay can check signatures of; escaped `\n` in one-line values is read. */
const privateKeySchema = z.string().superRefine((value, context) => {
  try {
    loadNomupayPrivateKey(value);
  } catch (error) {
    if (!(error instanceof NomupayKeyError)) throw error;
    context.addIssue({ code: 'custom', message: `not a usable P-256 private key (${error.code})` });
  }
});

const sameKey = (a: string, b: string): boolean => {
  try {
    const exported = (key: string) =>
      nomupayPublicKeyOf(key).export({ type: 'spki', format: 'der' }).toString('base64');
    return exported(a) === exported(b);
  } catch {
    return false;
  }
};

/** The `NOMUPAY_*` variables: one line per problem, the live refusals included. */
export function readNomupayConfig(env: Env, general: GeneralConfig): ConfigSection<NomupayConfig> {
  const reader = new ConfigReader(env, general.mode === 'live');
  const live = reader.live;
  const sandboxApi =
    general.publicUrl === undefined ? undefined : `${general.publicUrl}${SANDBOX_NOMUPAY_PATH}`;
  // NomuPay talks HTTPS only (spec §2); live URLs must be https.
  const apiUrl = reader.check(
    'NOMUPAY_API_URL',
    live ? httpsUrlSchema : httpUrlSchema,
    live
      ? (reader.read('NOMUPAY_API_URL') ?? NOMUPAY_LIVE_API_URL)
      : (reader.read('NOMUPAY_API_URL') ?? sandboxApi),
  );
  const processingAccountId = reader.check(
    'NOMUPAY_PROCESSING_ACCOUNT_ID',
    live
      ? ksuidSchema.refine(
          (v) => v !== NOMUPAY_SANDBOX_DEFAULTS.processingAccountId,
          'must not be the sandbox processing account',
        )
      : ksuidSchema,
    reader.orDefault('NOMUPAY_PROCESSING_ACCOUNT_ID', NOMUPAY_SANDBOX_DEFAULTS.processingAccountId),
  );
  const keyId = reader.check(
    'NOMUPAY_KEY_ID',
    live
      ? ksuidSchema.refine(
          (v) => v !== NOMUPAY_SANDBOX_DEFAULTS.keyId,
          'must not be the sandbox key id',
        )
      : ksuidSchema,
    reader.orDefault('NOMUPAY_KEY_ID', NOMUPAY_SANDBOX_DEFAULTS.keyId),
  );
  const privateKeyText = reader.orDefault(
    'NOMUPAY_PRIVATE_KEY',
    NOMUPAY_SANDBOX_DEFAULTS.privateKey,
  );
  const privateKey = reader.check(
    'NOMUPAY_PRIVATE_KEY',
    live
      ? privateKeySchema.refine(
          (v) => !sameKey(v, NOMUPAY_SANDBOX_DEFAULTS.privateKey),
          'must not be the published sandbox key (anyone could sign requests with it)',
        )
      : privateKeySchema,
    // One-line environments write the PEM's line breaks as `\n`.
    privateKeyText?.replace(/\\n/g, '\n'),
  );
  const hmacKey = reader.check(
    'NOMUPAY_HMAC_KEY',
    live
      ? issuedKeySchema({
          name: 'HMAC key',
          sandboxValue: NOMUPAY_SANDBOX_DEFAULTS.hmacKey,
          signs: 'webhooks',
          minLength: MIN_NOMUPAY_HMAC_KEY_LENGTH,
          issuedAs: `NomuPay issued (at least ${MIN_NOMUPAY_HMAC_KEY_LENGTH} characters)`,
        })
      : secretSchema,
    reader.orDefault('NOMUPAY_HMAC_KEY', NOMUPAY_SANDBOX_DEFAULTS.hmacKey),
  );

  if (reader.problems.length > 0) return { config: null, problems: reader.problems };
  // Every value below was checked; the assertions only restate it for the compiler.
  return {
    config: {
      apiUrl: (apiUrl as string).replace(/\/+$/, ''),
      processingAccountId: processingAccountId as string,
      keyId: keyId as string,
      privateKey: privateKey as string,
      hmacKey: hmacKey as string,
      webhookUrl: `${general.publicUrl as string}/nomupay/webhooks`,
    },
    problems: [],
  };
}
