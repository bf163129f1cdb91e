import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, SANDBOX_DEFAULTS } from './config.js';

const liveEnv = {
  AU_PAY_MODE: 'live',
  PUBLIC_URL: 'https://pay.shop.example',
  AU_PAY_SECRET_KEY: 'sk_live_0123456789abcdef0123456789',
  DATABASE_URL: 'postgres://bridge:pw@db.internal:5432/bridge',
  RETURN_URL_ORIGINS: 'https://shop.example, https://www.shop.example/',
  WEBHOOK_URL: 'https://shop.example/hooks/au-pay',
  WEBHOOK_SECRET: 'whsec_0123456789abcdef',
  SBPS_MERCHANT_ID: '30132',
  SBPS_SERVICE_ID: '103',
  SBPS_HASH_KEY: 'c48e0e6f3a2ed7b1d39d9e9b0bff3f1eaa36d2b1',
  SBPS_PURCHASE_URL: 'https://fep.sps-system.com/f01/FepBuyInfoReceive.do',
  SBPS_API_URL: 'https://api.sps-system.com/api/xmlapi.do',
  SBPS_API_USER: '30132103',
  SBPS_API_PASSWORD: 'api-password',
  PORT: '8080',
  HOST: '0.0.0.0',
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
      sbps: {
        merchantId: SANDBOX_DEFAULTS.merchantId,
        serviceId: SANDBOX_DEFAULTS.serviceId,
        hashKey: SANDBOX_DEFAULTS.hashKey,
        purchaseUrl: 'http://127.0.0.1:3000/sandbox/sbps/f01/FepBuyInfoReceive.do',
        apiUrl: 'http://127.0.0.1:3000/sandbox/sbps/api/xmlapi.do',
        apiUser: '12345001',
        apiPassword: SANDBOX_DEFAULTS.apiPassword,
      },
    });
  });

  it('derives PUBLIC_URL from HOST and PORT, and the sandbox URLs from PUBLIC_URL', () => {
    expect(loadConfig({ HOST: 'localhost', PORT: '4000' }).publicUrl).toBe('http://localhost:4000');
    const mounted = loadConfig({ PUBLIC_URL: 'https://shop.example/pay/' });
    expect(mounted.publicUrl).toBe('https://shop.example/pay');
    expect(mounted.returnUrlOrigins).toEqual(['https://shop.example']);
    expect(mounted.sbps.purchaseUrl).toBe(
      'https://shop.example/pay/sandbox/sbps/f01/FepBuyInfoReceive.do',
    );
  });

  it('lets a sandbox use its own SBPS values (the emulator uses the same ones)', () => {
    const config = loadConfig({ SBPS_HASH_KEY: 'my-own-key', SBPS_MERCHANT_ID: '99999' });
    expect(config.sbps.hashKey).toBe('my-own-key');
    expect(config.sbps.apiUser).toBe('99999001');
  });

  it('reads every variable in live mode', () => {
    expect(loadConfig(liveEnv)).toEqual({
      mode: 'live',
      port: 8080,
      host: '0.0.0.0',
      publicUrl: 'https://pay.shop.example',
      secretKey: liveEnv.AU_PAY_SECRET_KEY,
      databaseUrl: liveEnv.DATABASE_URL,
      returnUrlOrigins: ['https://shop.example', 'https://www.shop.example'],
      webhook: { url: liveEnv.WEBHOOK_URL, secret: liveEnv.WEBHOOK_SECRET },
      sbps: {
        merchantId: '30132',
        serviceId: '103',
        hashKey: liveEnv.SBPS_HASH_KEY,
        purchaseUrl: liveEnv.SBPS_PURCHASE_URL,
        apiUrl: liveEnv.SBPS_API_URL,
        apiUser: '30132103',
        apiPassword: 'api-password',
      },
    });
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
      'AU_PAY_SECRET_KEY: must be at least 24 characters',
      'DATABASE_URL: must be "sqlite:PATH" or "postgres://..."',
      'RETURN_URL_ORIGINS: "https://shop.example/path" is not an origin (scheme://host[:port], no path)',
      'RETURN_URL_ORIGINS: "ftp://x" is not an origin (scheme://host[:port], no path)',
      'WEBHOOK_SECRET: required when WEBHOOK_URL is set',
      'SBPS_MERCHANT_ID: must be exactly 5 digits',
      'SBPS_SERVICE_ID: must be exactly 3 digits',
      'SBPS_API_URL: must not carry a query string or a fragment',
    ]);
  });

  it('refuses an unknown mode, the sandbox key in live mode, and a lone WEBHOOK_URL', () => {
    expect(problemsOf({ AU_PAY_MODE: 'production' })).toEqual([
      'AU_PAY_MODE: must be "sandbox" or "live"',
    ]);
    expect(problemsOf({ ...liveEnv, AU_PAY_SECRET_KEY: SANDBOX_DEFAULTS.secretKey })).toEqual([
      'AU_PAY_SECRET_KEY: must not be the sandbox test key',
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
