import { generateKeyPairSync } from 'node:crypto';
import { ANTOM_SANDBOX_PUBLIC_KEY } from '@au-pay/sandbox';
import { describe, expect, it } from 'vitest';
import { ANTOM_SANDBOX_DEFAULTS, readAntomConfig } from './config.js';

const PUBLIC_URL = 'https://pay.example.jp';
const sandbox = { mode: 'sandbox', publicUrl: PUBLIC_URL } as const;
const live = { mode: 'live', publicUrl: PUBLIC_URL } as const;

const merchant = generateKeyPairSync('rsa', { modulusLength: 2048 });
const antomKey = generateKeyPairSync('rsa', { modulusLength: 2048 });
const liveEnv = {
  ANTOM_CLIENT_ID: '2188120000000001',
  ANTOM_PRIVATE_KEY: merchant.privateKey
    .export({ format: 'der', type: 'pkcs8' })
    .toString('base64'),
  ANTOM_PUBLIC_KEY: antomKey.publicKey.export({ format: 'pem', type: 'spki' }).toString(),
  ANTOM_API_URL: 'https://open-sea-global.alipay.com',
};

describe('readAntomConfig', () => {
  it('sandbox: defaults to a test client, a test merchant key, the emulator and its public key', () => {
    const { config, problems } = readAntomConfig({}, sandbox);
    expect(problems).toEqual([]);
    expect(config?.clientId).toMatch(/^SANDBOX_/);
    expect(config?.apiUrl).toBe(`${PUBLIC_URL}/sandbox/antom`);
    expect(config?.callbackBaseUrl).toBe(`${PUBLIC_URL}/antom`);
    expect(config?.paymentMethodType).toBe('AU');
    expect(config?.antomPublicKey.export({ format: 'der', type: 'spki' }).toString('base64')).toBe(
      ANTOM_SANDBOX_PUBLIC_KEY,
    );
    expect(ANTOM_SANDBOX_DEFAULTS.antomPublicKey).toBe(ANTOM_SANDBOX_PUBLIC_KEY);
  });

  it('live: accepts Base64 PKCS#8 DER and PEM keys, an https origin and a payment method type', () => {
    const { config, problems } = readAntomConfig(
      { ...liveEnv, ANTOM_AU_PAYMENT_METHOD_TYPE: 'CARRIER_BILLING_AU' },
      live,
    );
    expect(problems).toEqual([]);
    expect(config?.paymentMethodType).toBe('CARRIER_BILLING_AU');
    expect(config?.merchantPublicKey.export({ format: 'pem', type: 'spki' })).toBe(
      merchant.publicKey.export({ format: 'pem', type: 'spki' }),
    );
  });

  it.each([
    [{ ANTOM_CLIENT_ID: undefined }, 'ANTOM_CLIENT_ID: required in live mode'],
    [{ ANTOM_CLIENT_ID: 'SANDBOX_123' }, 'ANTOM_CLIENT_ID: must be a production client ID'],
    [{ ANTOM_CLIENT_ID: 'has space' }, 'ANTOM_CLIENT_ID: must be the client ID'],
    [{ ANTOM_PRIVATE_KEY: undefined }, 'ANTOM_PRIVATE_KEY: required in live mode'],
    [{ ANTOM_PRIVATE_KEY: 'not a key' }, 'ANTOM_PRIVATE_KEY: '],
    [
      { ANTOM_PRIVATE_KEY: ANTOM_SANDBOX_DEFAULTS.privateKey },
      'ANTOM_PRIVATE_KEY: must not be the published sandbox key',
    ],
    [{ ANTOM_PUBLIC_KEY: undefined }, 'ANTOM_PUBLIC_KEY: required in live mode'],
    [{ ANTOM_PUBLIC_KEY: liveEnv.ANTOM_PRIVATE_KEY }, 'ANTOM_PUBLIC_KEY: '],
    [
      { ANTOM_PUBLIC_KEY: ANTOM_SANDBOX_PUBLIC_KEY },
      'ANTOM_PUBLIC_KEY: must not be the sandbox emulator’s key',
    ],
    [{ ANTOM_API_URL: undefined }, 'ANTOM_API_URL: required in live mode'],
    [
      { ANTOM_API_URL: 'http://open-sea-global.alipay.com' },
      'ANTOM_API_URL: must be an absolute https URL',
    ],
    [{ ANTOM_AU_PAYMENT_METHOD_TYPE: 'au pay' }, 'ANTOM_AU_PAYMENT_METHOD_TYPE: must be'],
  ])('live refuses %o with one line', (change, line) => {
    const { config, problems } = readAntomConfig({ ...liveEnv, ...change }, live);
    expect(config).toBeNull();
    expect(problems).toHaveLength(1);
    expect(problems[0]?.startsWith(line)).toBe(true);
  });

  it('refuses an RSA key shorter than 2048 bits', () => {
    const short = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const { problems } = readAntomConfig(
      {
        ANTOM_PRIVATE_KEY: short.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
      },
      sandbox,
    );
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^ANTOM_PRIVATE_KEY: /);
  });
});
