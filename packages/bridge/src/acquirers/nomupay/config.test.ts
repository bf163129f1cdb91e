import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { NOMUPAY_SANDBOX_DEFAULTS, readNomupayConfig } from './config.js';

const sandbox = { mode: 'sandbox', publicUrl: 'http://127.0.0.1:3000' } as const;
const live = { mode: 'live', publicUrl: 'https://pay.shop.example' } as const;

const ownKey = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  .privateKey.export({ type: 'pkcs8', format: 'pem' })
  .toString();
const liveEnv = {
  NOMUPAY_PROCESSING_ACCOUNT_ID: '2LiveProcessingAccount00001',
  NOMUPAY_KEY_ID: '2LiveMerchantSigningKey0001',
  NOMUPAY_PRIVATE_KEY: ownKey,
  NOMUPAY_HMAC_KEY: 'a-real-looking-nomupay-hmac-key-0123456789',
};

describe('NOMUPAY_* configuration', () => {
  it('sandbox: every value defaults, the API at the emulator, the webhook URL under PUBLIC_URL', () => {
    expect(readNomupayConfig({}, sandbox)).toEqual({
      config: {
        apiUrl: 'http://127.0.0.1:3000/sandbox/nomupay',
        processingAccountId: NOMUPAY_SANDBOX_DEFAULTS.processingAccountId,
        keyId: NOMUPAY_SANDBOX_DEFAULTS.keyId,
        privateKey: NOMUPAY_SANDBOX_DEFAULTS.privateKey,
        hmacKey: NOMUPAY_SANDBOX_DEFAULTS.hmacKey,
        webhookUrl: 'http://127.0.0.1:3000/nomupay/webhooks',
      },
      problems: [],
    });
  });

  it('live: the API defaults to NomuPay, the merchant values are taken as given', () => {
    expect(readNomupayConfig(liveEnv, live).config).toMatchObject({
      apiUrl: 'https://api.nomupay.com',
      keyId: liveEnv.NOMUPAY_KEY_ID,
      webhookUrl: 'https://pay.shop.example/nomupay/webhooks',
    });
  });

  it('reads a PEM written on one line with escaped line breaks', () => {
    const oneLine = ownKey.replace(/\n/g, '\\n');
    expect(readNomupayConfig({ NOMUPAY_PRIVATE_KEY: oneLine }, sandbox).config?.privateKey).toBe(
      ownKey,
    );
  });

  it.each([
    [{}, 'NOMUPAY_PROCESSING_ACCOUNT_ID: required in live mode'],
    [{ NOMUPAY_KEY_ID: 'short' }, 'NOMUPAY_KEY_ID: must be a 27-character KSUID (letters, digits)'],
    [
      { NOMUPAY_KEY_ID: NOMUPAY_SANDBOX_DEFAULTS.keyId },
      'NOMUPAY_KEY_ID: must not be the sandbox key id',
    ],
    [
      { NOMUPAY_PROCESSING_ACCOUNT_ID: NOMUPAY_SANDBOX_DEFAULTS.processingAccountId },
      'NOMUPAY_PROCESSING_ACCOUNT_ID: must not be the sandbox processing account',
    ],
    [
      { NOMUPAY_PRIVATE_KEY: NOMUPAY_SANDBOX_DEFAULTS.privateKey },
      'NOMUPAY_PRIVATE_KEY: must not be the published sandbox key (anyone could sign requests with it)',
    ],
    [
      {
        NOMUPAY_PRIVATE_KEY: generateKeyPairSync('rsa', { modulusLength: 2048 })
          .privateKey.export({ type: 'pkcs8', format: 'pem' })
          .toString(),
      },
      'NOMUPAY_PRIVATE_KEY: not a usable P-256 private key (not_p256)',
    ],
    [
      { NOMUPAY_HMAC_KEY: NOMUPAY_SANDBOX_DEFAULTS.hmacKey },
      'NOMUPAY_HMAC_KEY: must not be the published sandbox HMAC key (anyone could sign webhooks with it)',
    ],
    [
      { NOMUPAY_HMAC_KEY: 'short-key' },
      'NOMUPAY_HMAC_KEY: must be the key NomuPay issued (at least 32 characters)',
    ],
    [{ NOMUPAY_HMAC_KEY: 'x'.repeat(40) }, 'NOMUPAY_HMAC_KEY: must not be one repeated character'],
    [
      { NOMUPAY_API_URL: 'http://api.nomupay.com' },
      'NOMUPAY_API_URL: must be an absolute https URL in live mode',
    ],
  ])('live refuses %j: %s', (override, problem) => {
    const env = Object.keys(override).length === 0 ? {} : { ...liveEnv, ...override };
    const section = readNomupayConfig(env, live);
    expect(section.config).toBeNull();
    expect(section.problems).toContain(problem);
  });
});
