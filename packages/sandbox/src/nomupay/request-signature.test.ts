import { generateKeyPairSync } from 'node:crypto';
import { signNomupayRequest } from '@au-pay/core/nomupay';
import { describe, expect, it } from 'vitest';
import { NOMUPAY_KID, NomupayTestMerchant } from '../testing/index.js';
import { merchantForEachTest } from '../testing/merchant-per-test.js';

// spec/nomupay-au.md §3: every request carries an ES256 detached JWS; anything wrong is a 401,
// and the 401 itself is signed (§4).

let shop: NomupayTestMerchant;
merchantForEachTest(NomupayTestMerchant.start, (merchant) => {
  shop = merchant;
});

const PAYMENTS = '/sandbox/nomupay/v1/payments';

describe('request signatures', () => {
  it('accepts a request signed with the registered key for its method, path and query', async () => {
    const answer = await shop.call('GET', '/v1/payments?from=2025-01-01T00:00:00Z');
    expect(answer.status).toBe(200);
    expect(answer.verification.ok).toBe(true);
    expect(answer.json).toEqual({ payments: [] });
  });

  it.each([
    ['no X-Signature', { signature: null }, 'missing_signature'],
    ['a garbled token', { signature: 'not-a-jws' }, 'malformed_signature'],
    ['an expired exp', { signedAt: new Date('2025-03-01T02:50:00Z') }, 'expired'],
    [
      'an aud for another path',
      { signedFor: { method: 'GET', path: `${PAYMENTS}/other` } },
      'wrong_audience',
    ],
    [
      'an aud without the query string',
      { signedFor: { method: 'GET', path: PAYMENTS } },
      'wrong_audience',
    ],
    [
      'an aud for another method',
      { signedFor: { method: 'POST', path: `${PAYMENTS}?from=x` } },
      'wrong_audience',
    ],
  ] as const)('answers 401 to %s', async (_, options, reason) => {
    const answer = await shop.call('GET', '/v1/payments?from=x', undefined, options);
    expect(answer.status).toBe(401);
    expect(answer.verification.ok).toBe(true);
    expect(answer.json).toMatchObject({ error: { code: reason } });
    expect((answer.json.error as { message_ja: string }).message_ja).not.toBe('');
  });

  it('answers 401 to a signature by a key that is not registered under the kid', async () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const signature = signNomupayRequest({
      method: 'GET',
      path: PAYMENTS,
      body: '',
      kid: NOMUPAY_KID,
      privateKey: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
      now: shop.now,
    });
    const answer = await shop.call('GET', '/v1/payments', undefined, { signature });
    expect(answer.status).toBe(401);
    expect(answer.json).toMatchObject({ error: { code: 'signature_mismatch' } });
  });

  it('answers 401 to a body that differs from the one signed, and creates nothing', async () => {
    const body = JSON.stringify({ merchantReference: 'a' });
    const signature = signNomupayRequest({
      method: 'POST',
      path: PAYMENTS,
      body,
      kid: NOMUPAY_KID,
      privateKey: shop.privateKeyPem,
      now: shop.now,
    });
    const answer = await shop.call(
      'POST',
      '/v1/payments',
      { merchantReference: 'b' },
      { signature },
    );
    expect(answer.status).toBe(401);
    expect(answer.json).toMatchObject({ error: { code: 'signature_mismatch' } });
    expect(shop.sandbox.nomupay?.payments()).toHaveLength(0);
  });

  it('answers 401 to an unknown kid', async () => {
    const signature = signNomupayRequest({
      method: 'GET',
      path: PAYMENTS,
      body: '',
      kid: '2UnknownKid0000000000000000',
      privateKey: shop.privateKeyPem,
      now: shop.now,
    });
    const answer = await shop.call('GET', '/v1/payments', undefined, { signature });
    expect(answer.status).toBe(401);
    expect(answer.json).toMatchObject({ error: { code: 'unknown_key' } });
  });
});

describe('unreadable bodies', () => {
  it('answers a body over the limit with a signed 413', async () => {
    const answer = await shop.call('POST', '/v1/payments', { padding: 'x'.repeat(70_000) });
    expect(answer.status).toBe(413);
    expect(answer.verification.ok).toBe(true);
    expect(answer.json).toMatchObject({ error: { code: 'invalid_request' } });
  });
});
