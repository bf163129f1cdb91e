import { describe, expect, it } from 'vitest';
import { ANTOM_SANDBOX_DEFAULTS } from './acquirers/antom/config.js';
import { NOMUPAY_SANDBOX_DEFAULTS } from './acquirers/nomupay/config.js';
import { ConfigError, DEFAULT_RATE_LIMITS, loadConfig, SANDBOX_DEFAULTS } from './config.js';
import { LIVE_ENV } from './testing/live-environment.js';

const liveEnv = {
  ...LIVE_ENV,
  DATABASE_URL: 'postgres://bridge:pw@db.internal:5432/bridge',
  RETURN_URL_ORIGINS: 'https://shop.example, https://www.shop.example/',
  SBPS_API_PASSWORD: 'api-password',
  PORT: '8080',
  HOST: '0.0.0.0',
};

/** The configuration a careful operator gives: it starts. */
const strongLiveEnv = {
  ...liveEnv,
  TRUST_PROXY: 'loopback, 10.0.0.0/8',
  AU_PAY_RATE_LIMIT: '120',
  SBPS_NOTIFY_ALLOWED_IPS: '61.215.213.47, 61.215.213.20',
};

function problemsOf(env: Record<string, string>): readonly string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('defaults to a sandbox on 127.0.0.1:3000 that points SBPS at the emulator', () => {
    expect(loadConfig({})).toEqual({
      mode: 'sandbox',
      port: 3000,
      host: '127.0.0.1',
      publicUrl: 'http://127.0.0.1:3000',
      secretKey: SANDBOX_DEFAULTS.secretKey,
      databaseUrl: 'sqlite:.au-pay/bridge.db',
      returnUrlOrigins: ['http://127.0.0.1:3000'],
      webhook: null,
      trustProxy: false,
      rateLimits: DEFAULT_RATE_LIMITS,
      defaultAcquirer: 'sbps',
      acquirers: {
        sbps: {
          merchantId: SANDBOX_DEFAULTS.merchantId,
          serviceId: SANDBOX_DEFAULTS.serviceId,
          hashKey: SANDBOX_DEFAULTS.hashKey,
          purchaseUrl: 'http://127.0.0.1:3000/sandbox/sbps/f01/FepBuyInfoReceive.do',
          // The D01-1 endpoint is assumed beside A01-1 (spec/sbps-au.md §17 item 10).
          applicationUrl: 'http://127.0.0.1:3000/sandbox/sbps/f01/FepPayInfoReceive.do',
          apiUrl: 'http://127.0.0.1:3000/sandbox/sbps/api/xmlapi.do',
          apiUser: '12345001',
          apiPassword: SANDBOX_DEFAULTS.apiPassword,
          notifyAllowedIps: null,
        },
        antom: expect.objectContaining({
          clientId: ANTOM_SANDBOX_DEFAULTS.clientId,
          apiUrl: 'http://127.0.0.1:3000/sandbox/antom',
          callbackBaseUrl: 'http://127.0.0.1:3000/antom',
          paymentMethodType: 'AU',
        }),
        nomupay: {
          apiUrl: 'http://127.0.0.1:3000/sandbox/nomupay',
          processingAccountId: NOMUPAY_SANDBOX_DEFAULTS.processingAccountId,
          keyId: NOMUPAY_SANDBOX_DEFAULTS.keyId,
          privateKey: NOMUPAY_SANDBOX_DEFAULTS.privateKey,
          hmacKey: NOMUPAY_SANDBOX_DEFAULTS.hmacKey,
          webhookUrl: 'http://127.0.0.1:3000/nomupay/webhooks',
        },
      },
    });
  });

  it('derives PUBLIC_URL from HOST and PORT, and the sandbox URLs from PUBLIC_URL', () => {
    expect(loadConfig({ HOST: 'localhost', PORT: '4000' }).publicUrl).toBe('http://localhost:4000');
    const mounted = loadConfig({ PUBLIC_URL: 'https://shop.example/pay/' });
    expect(mounted.publicUrl).toBe('https://shop.example/pay');
    expect(mounted.returnUrlOrigins).toEqual(['https://shop.example']);
    expect(mounted.acquirers.sbps?.purchaseUrl).toBe(
      'https://shop.example/pay/sandbox/sbps/f01/FepBuyInfoReceive.do',
    );
  });

  it('lets a sandbox use its own SBPS values (the emulator uses the same ones)', () => {
    const config = loadConfig({
      AU_PAY_MODE: 'sandbox',
      SBPS_HASH_KEY: 'my-own-key',
      SBPS_MERCHANT_ID: '99999',
    });
    expect(config.acquirers.sbps?.hashKey).toBe('my-own-key');
    expect(config.acquirers.sbps?.apiUser).toBe('99999001');
  });

  it('reads every variable in live mode: a strong live configuration starts', () => {
    expect(loadConfig(strongLiveEnv)).toEqual({
      mode: 'live',
      port: 8080,
      host: '0.0.0.0',
      publicUrl: 'https://pay.shop.example',
      secretKey: liveEnv.AU_PAY_SECRET_KEY,
      databaseUrl: liveEnv.DATABASE_URL,
      returnUrlOrigins: ['https://shop.example', 'https://www.shop.example'],
      webhook: { url: liveEnv.WEBHOOK_URL, secret: liveEnv.WEBHOOK_SECRET },
      trustProxy: ['loopback', '10.0.0.0/8'],
      rateLimits: { checkoutPerMinute: 120, wrongKeysPerMinute: 120 },
      defaultAcquirer: 'sbps',
      acquirers: {
        sbps: {
          merchantId: '30132',
          serviceId: '103',
          hashKey: liveEnv.SBPS_HASH_KEY,
          purchaseUrl: liveEnv.SBPS_PURCHASE_URL,
          applicationUrl: 'https://fep.sps-system.com/f01/FepPayInfoReceive.do',
          apiUrl: liveEnv.SBPS_API_URL,
          apiUser: '30132103',
          apiPassword: 'api-password',
          notifyAllowedIps: ['61.215.213.47', '61.215.213.20'],
        },
      },
    });
  });

  it('takes SBPS_APPLICATION_URL (D01-1) as given, https in live mode, else beside the purchase URL or none', () => {
    const given = loadConfig({
      ...strongLiveEnv,
      SBPS_APPLICATION_URL: 'https://fep.sps-system.com/f04/D01-1.do',
    });
    expect(given.acquirers.sbps?.applicationUrl).toBe('https://fep.sps-system.com/f04/D01-1.do');
    expect(
      problemsOf({ ...strongLiveEnv, SBPS_APPLICATION_URL: 'http://fep.sps-system.com/x' }),
    ).toEqual([expect.stringMatching(/^SBPS_APPLICATION_URL: /)]);
    const elsewhere = loadConfig({
      ...strongLiveEnv,
      SBPS_PURCHASE_URL: 'https://fep.sps-system.com/purchase',
    });
    expect(elsewhere.acquirers.sbps?.applicationUrl).toBeNull();
  });

  it('requires every credential in live mode, one line each', () => {
    expect(problemsOf({ AU_PAY_MODE: 'live', PUBLIC_URL: 'https://pay.shop.example' })).toEqual([
      'AU_PAY_SECRET_KEY: required in live mode',
      'SBPS_MERCHANT_ID: required in live mode',
      'SBPS_SERVICE_ID: required in live mode',
      'SBPS_HASH_KEY: required in live mode',
      'SBPS_PURCHASE_URL: required in live mode',
      'SBPS_API_URL: required in live mode',
      'SBPS_API_USER: required in live mode',
      'SBPS_API_PASSWORD: required in live mode',
      'ANTOM_CLIENT_ID: required in live mode',
      'ANTOM_PRIVATE_KEY: required in live mode',
      'ANTOM_PUBLIC_KEY: required in live mode',
      'ANTOM_API_URL: required in live mode',
      'NOMUPAY_PROCESSING_ACCOUNT_ID: required in live mode',
      'NOMUPAY_KEY_ID: required in live mode',
      'NOMUPAY_PRIVATE_KEY: required in live mode',
      'NOMUPAY_HMAC_KEY: required in live mode',
    ]);
  });

  it('reports every bad value on its own line, naming the variable', () => {
    const problems = problemsOf({
      ...liveEnv,
      AU_PAY_MODE: 'live',
      PORT: '70000',
      PUBLIC_URL: 'http://pay.shop.example',
      AU_PAY_SECRET_KEY: 'short',
      DATABASE_URL: 'mysql://db',
      RETURN_URL_ORIGINS: 'https://shop.example/path,ftp://x',
      WEBHOOK_SECRET: '',
      SBPS_MERCHANT_ID: '1234',
      SBPS_SERVICE_ID: 'abc',
      SBPS_API_URL: 'https://api.sps-system.com/api/xmlapi.do?x=1',
    });
    expect(problems).toEqual([
      'PORT: must be a port number (0-65535)',
      'PUBLIC_URL: must be an absolute https URL in live mode',
      'AU_PAY_SECRET_KEY: must be at least 32 characters',
      'DATABASE_URL: must be "sqlite:PATH" or "postgres://..."',
      'RETURN_URL_ORIGINS: "https://shop.example/path" is not an origin (scheme://host[:port], no path)',
      'RETURN_URL_ORIGINS: "ftp://x" is not an origin (scheme://host[:port], no path)',
      'WEBHOOK_SECRET: required when WEBHOOK_URL is set',
      'SBPS_MERCHANT_ID: must be exactly 5 digits',
      'SBPS_SERVICE_ID: must be exactly 3 digits',
      'SBPS_API_URL: must not carry a query string or a fragment',
    ]);
  });

  it('refuses an unknown mode and a lone WEBHOOK_URL', () => {
    expect(problemsOf({ AU_PAY_MODE: 'production' })).toEqual([
      'AU_PAY_MODE: must be "sandbox" or "live"',
    ]);
    expect(problemsOf({ WEBHOOK_URL: 'https://shop.example/hooks' })).toEqual([
      'WEBHOOK_SECRET: required when WEBHOOK_URL is set',
    ]);
  });

  it('lists the problems in the error message, one per line, without secret values', () => {
    try {
      loadConfig({ ...liveEnv, SBPS_HASH_KEY: 'has space', SBPS_MERCHANT_ID: 'x' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const message = (error as Error).message;
      expect(message.split('\n')).toEqual([
        'Invalid au-pay bridge configuration:',
        '  - SBPS_MERCHANT_ID: must be exactly 5 digits',
        '  - SBPS_HASH_KEY: must be printable ASCII without spaces',
      ]);
      expect(message).not.toContain('has space');
      expect(message).not.toContain(liveEnv.SBPS_API_PASSWORD);
    }
  });
});

describe('the mode', () => {
  it('is sandbox when nothing is set', () => {
    expect(loadConfig({}).mode).toBe('sandbox');
  });

  it('must be given when an SBPS variable is set, naming the variable', () => {
    expect(problemsOf({ SBPS_HASH_KEY: liveEnv.SBPS_HASH_KEY })).toEqual([
      'AU_PAY_MODE: required because SBPS_HASH_KEY is set: set AU_PAY_MODE=live to use real SBPS credentials, or AU_PAY_MODE=sandbox to use the emulator',
    ]);
  });

  it('must be given when Antom or NomuPay variables are set, naming every one found', () => {
    expect(
      problemsOf({
        SBPS_MERCHANT_ID: '30132',
        NOMUPAY_KEY_ID: '2LiveMerchantSigningKey0001',
        ANTOM_CLIENT_ID: 'SANDBOX_5YEZ0Y2Z0ZTJ00123',
        PORT: '8080',
      }),
    ).toEqual([
      'AU_PAY_MODE: required because ANTOM_CLIENT_ID, NOMUPAY_KEY_ID and SBPS_MERCHANT_ID are set: set AU_PAY_MODE=live to use real SBPS, Antom and NomuPay credentials, or AU_PAY_MODE=sandbox to use the emulator',
    ]);
  });

  it('is not asked for by empty acquirer variables', () => {
    expect(loadConfig({ SBPS_API_URL: '', ANTOM_CLIENT_ID: '  ' }).mode).toBe('sandbox');
  });

  it('runs the emulator with the given SBPS values when AU_PAY_MODE=sandbox is explicit', () => {
    const sandbox = loadConfig({
      AU_PAY_MODE: 'sandbox',
      SBPS_MERCHANT_ID: '30132',
      SBPS_SERVICE_ID: '103',
      SBPS_HASH_KEY: liveEnv.SBPS_HASH_KEY,
    });
    expect(sandbox.mode).toBe('sandbox');
    expect(sandbox.acquirers.sbps?.hashKey).toBe(liveEnv.SBPS_HASH_KEY);
    expect(sandbox.acquirers.sbps?.purchaseUrl).toBe(
      'http://127.0.0.1:3000/sandbox/sbps/f01/FepBuyInfoReceive.do',
    );
  });
});

describe('live mode refuses', () => {
  it.each([
    [
      'the published sandbox secret key',
      { AU_PAY_SECRET_KEY: SANDBOX_DEFAULTS.secretKey },
      'AU_PAY_SECRET_KEY: must not be the published sandbox key',
    ],
    [
      'a secret key under 32 characters',
      { AU_PAY_SECRET_KEY: 'sk_live_0123456789abcdef0123456' },
      'AU_PAY_SECRET_KEY: must be at least 32 characters',
    ],
    [
      'a secret key of 24 × "a"',
      { AU_PAY_SECRET_KEY: 'a'.repeat(24) },
      'AU_PAY_SECRET_KEY: must be at least 32 characters',
    ],
    [
      'a long secret key of one repeated character',
      { AU_PAY_SECRET_KEY: 'a'.repeat(64) },
      'AU_PAY_SECRET_KEY: must not be one repeated character',
    ],
    [
      'a webhook secret under 32 characters',
      { WEBHOOK_SECRET: 'whsec_0123456789abcdef' },
      'WEBHOOK_SECRET: must be at least 32 characters',
    ],
    [
      'a webhook secret of one repeated character',
      { WEBHOOK_SECRET: 'x'.repeat(40) },
      'WEBHOOK_SECRET: must not be one repeated character',
    ],
    [
      'the published sandbox hash key',
      { SBPS_HASH_KEY: SANDBOX_DEFAULTS.hashKey },
      'SBPS_HASH_KEY: must not be the published sandbox hash key (anyone could sign notifications with it)',
    ],
    [
      'a 1-character hash key',
      { SBPS_HASH_KEY: 'k' },
      'SBPS_HASH_KEY: must be the key SBPS issued (40 characters)',
    ],
    [
      'a hash key shorter than SBPS issues',
      { SBPS_HASH_KEY: 'c48e0e6f3a2ed7b1d39d9e9b0bff3f1eaa36d2b' },
      'SBPS_HASH_KEY: must be the key SBPS issued (40 characters)',
    ],
    [
      'a hash key of one repeated character',
      { SBPS_HASH_KEY: '0'.repeat(40) },
      'SBPS_HASH_KEY: must not be one repeated character',
    ],
    [
      'the published sandbox API password',
      { SBPS_API_PASSWORD: SANDBOX_DEFAULTS.apiPassword },
      'SBPS_API_PASSWORD: must not be the published sandbox password',
    ],
    [
      'a plain-http WEBHOOK_URL',
      { WEBHOOK_URL: 'http://shop.example/hooks/au-pay' },
      'WEBHOOK_URL: must be https in live mode (plain http only on loopback)',
    ],
    [
      'a plain-http origin in RETURN_URL_ORIGINS',
      { RETURN_URL_ORIGINS: 'https://shop.example, http://www.shop.example' },
      'RETURN_URL_ORIGINS: "http://www.shop.example" must be https in live mode (plain http only on loopback)',
    ],
  ])('%s', (_case, change, problem) => {
    expect(problemsOf({ ...strongLiveEnv, ...change })).toEqual([problem]);
  });

  it('lists every problem of a careless live configuration at once', () => {
    expect(
      problemsOf({
        ...liveEnv,
        AU_PAY_SECRET_KEY: 'a'.repeat(24),
        WEBHOOK_URL: 'http://shop.example/hooks',
        WEBHOOK_SECRET: 'short-secret-0123',
        RETURN_URL_ORIGINS: 'http://shop.example',
        SBPS_HASH_KEY: SANDBOX_DEFAULTS.hashKey,
        SBPS_API_PASSWORD: SANDBOX_DEFAULTS.apiPassword,
      }),
    ).toEqual([
      'AU_PAY_SECRET_KEY: must be at least 32 characters',
      'RETURN_URL_ORIGINS: "http://shop.example" must be https in live mode (plain http only on loopback)',
      'WEBHOOK_URL: must be https in live mode (plain http only on loopback)',
      'WEBHOOK_SECRET: must be at least 32 characters',
      'SBPS_HASH_KEY: must not be the published sandbox hash key (anyone could sign notifications with it)',
      'SBPS_API_PASSWORD: must not be the published sandbox password',
    ]);
  });

  it('lets plain http through on loopback (127.0.0.0/8, ::1, localhost)', () => {
    const config = loadConfig({
      ...strongLiveEnv,
      WEBHOOK_URL: 'http://127.0.0.1:4000/hooks',
      RETURN_URL_ORIGINS: 'http://localhost:3000, http://127.8.9.10, http://[::1]:8080',
    });
    expect(config.webhook?.url).toBe('http://127.0.0.1:4000/hooks');
    expect(config.returnUrlOrigins).toEqual([
      'http://localhost:3000',
      'http://127.8.9.10',
      'http://[::1]:8080',
    ]);
  });

  it('keeps sandbox mode as lenient as before (its keys only reach the emulator)', () => {
    const config = loadConfig({
      AU_PAY_MODE: 'sandbox',
      AU_PAY_SECRET_KEY: 'a'.repeat(24),
      WEBHOOK_URL: 'http://shop.example/hooks',
      WEBHOOK_SECRET: 'whsec_0123456789',
      SBPS_HASH_KEY: 'k',
    });
    expect(config.acquirers.sbps?.hashKey).toBe('k');
    expect(config.webhook?.url).toBe('http://shop.example/hooks');
  });
});

describe('TRUST_PROXY', () => {
  it('is off by default, and reads true, false, a hop count or a list', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadConfig({ TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(
      loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8 ,2001:db8::/32,192.0.2.7' }).trustProxy,
    ).toEqual(['loopback', '10.0.0.0/8', '2001:db8::/32', '192.0.2.7']);
  });

  it('refuses each bad entry on its own line', () => {
    expect(problemsOf({ TRUST_PROXY: 'yes, 10.0.0.0/40,10.0.0.1' })).toEqual([
      'TRUST_PROXY: "yes" is not true, false, a hop count, an address, a CIDR subnet or loopback/linklocal/uniquelocal',
      'TRUST_PROXY: "10.0.0.0/40" is not true, false, a hop count, an address, a CIDR subnet or loopback/linklocal/uniquelocal',
    ]);
    expect(problemsOf({ TRUST_PROXY: ' , ' })).toEqual(['TRUST_PROXY: lists nothing']);
  });
});

describe('AU_PAY_RATE_LIMIT', () => {
  it('defaults to 60 checkout requests and 20 wrong keys a minute per address', () => {
    expect(loadConfig({}).rateLimits).toEqual({ checkoutPerMinute: 60, wrongKeysPerMinute: 20 });
  });

  it('sets both limits, and 0 turns limiting off', () => {
    expect(loadConfig({ AU_PAY_RATE_LIMIT: '300' }).rateLimits).toEqual({
      checkoutPerMinute: 300,
      wrongKeysPerMinute: 300,
    });
    expect(loadConfig({ AU_PAY_RATE_LIMIT: '0' }).rateLimits).toBeNull();
  });

  it.each(['-1', '1.5', 'many', '1e3'])('refuses %s', (value) => {
    expect(problemsOf({ AU_PAY_RATE_LIMIT: value })).toEqual([
      'AU_PAY_RATE_LIMIT: must be a whole number of requests a minute (0 turns limiting off)',
    ]);
  });
});

describe('SBPS_NOTIFY_ALLOWED_IPS', () => {
  it('is unset by default (any address), and reads IPv4 and IPv6 addresses and CIDRs', () => {
    expect(loadConfig({}).acquirers.sbps?.notifyAllowedIps).toBeNull();
    expect(
      loadConfig({
        AU_PAY_MODE: 'sandbox',
        SBPS_NOTIFY_ALLOWED_IPS: '61.215.213.47, 61.215.213.0/24,2001:db8::1 , 2001:db8::/32',
      }).acquirers.sbps?.notifyAllowedIps,
    ).toEqual(['61.215.213.47', '61.215.213.0/24', '2001:db8::1', '2001:db8::/32']);
  });

  it('refuses each bad entry on its own line, and an empty list', () => {
    expect(
      problemsOf({
        AU_PAY_MODE: 'sandbox',
        SBPS_NOTIFY_ALLOWED_IPS: 'sbps.example, 61.215.213.47, 10.0.0.0/33, 2001:db8::/129, 1.2.3',
      }),
    ).toEqual([
      'SBPS_NOTIFY_ALLOWED_IPS: "sbps.example" is not an IPv4/IPv6 address or a CIDR subnet',
      'SBPS_NOTIFY_ALLOWED_IPS: "10.0.0.0/33" is not an IPv4/IPv6 address or a CIDR subnet',
      'SBPS_NOTIFY_ALLOWED_IPS: "2001:db8::/129" is not an IPv4/IPv6 address or a CIDR subnet',
      'SBPS_NOTIFY_ALLOWED_IPS: "1.2.3" is not an IPv4/IPv6 address or a CIDR subnet',
    ]);
    expect(problemsOf({ AU_PAY_MODE: 'sandbox', SBPS_NOTIFY_ALLOWED_IPS: ',' })).toEqual([
      'SBPS_NOTIFY_ALLOWED_IPS: lists nothing',
    ]);
  });
});

describe('AU_PAY_DEFAULT_ACQUIRER', () => {
  it('defaults to the first configured acquirer, and takes a configured one', () => {
    expect(loadConfig({}).defaultAcquirer).toBe('sbps');
    expect(loadConfig({ AU_PAY_DEFAULT_ACQUIRER: 'sbps' }).defaultAcquirer).toBe('sbps');
  });

  it('refuses an acquirer it does not know, and takes each it has a connector for', () => {
    expect(problemsOf({ AU_PAY_DEFAULT_ACQUIRER: 'paypay' })).toEqual([
      'AU_PAY_DEFAULT_ACQUIRER: must be one of the acquirers this bridge supports: sbps, antom, nomupay',
    ]);
    expect(loadConfig({ AU_PAY_DEFAULT_ACQUIRER: 'antom' }).defaultAcquirer).toBe('antom');
    expect(loadConfig({ AU_PAY_DEFAULT_ACQUIRER: 'nomupay' }).defaultAcquirer).toBe('nomupay');
  });
});
