import { createHmac, sign } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { CREATE_PAYMENT_REQUEST } from '../testing/nomupay-worked-examples.js';
import { ecTestKeyPair, type TestKeyPair } from '../testing/test-keys.js';
import { encodeBase64url } from './base64url.js';
import { NomupaySigningError } from './claims.js';
import { signDetachedJws } from './detached-jws.js';
import { NomupayKeyError } from './keys.js';
import {
  signNomupayRequest,
  type VerifyNomupayRequestInput,
  verifyNomupayRequest,
} from './request-signature.js';
import type { NomupayVerification } from './verification.js';

const { kid, method, path, body, exp } = CREATE_PAYMENT_REQUEST;
// The spec's exp is 3 minutes (the recommended lifetime) after this instant.
const signedAt = new Date((exp - 180) * 1000);
const atSecond = (seconds: number) => new Date(seconds * 1000);

// The §3 request as the emulator receives it.
const received: VerifyNomupayRequestInput = {
  signatureHeader: CREATE_PAYMENT_REQUEST.signature,
  method,
  path,
  body: Buffer.from(body, 'utf8'),
  publicKeys: { [kid]: CREATE_PAYMENT_REQUEST.publicKey },
  now: signedAt,
};

function failure<H>(result: NomupayVerification<H>) {
  if (result.ok) throw new Error('the request was accepted');
  return result;
}

let merchant: TestKeyPair;
beforeAll(() => {
  merchant = ecTestKeyPair();
});

/** A token over the §3 body with any header, ES256-signed with the test merchant key. */
const es256Token = (
  header: Record<string, unknown>,
  dsaEncoding: 'ieee-p1363' | 'der' = 'ieee-p1363',
) =>
  signDetachedJws(header, body, (input) =>
    sign('sha256', input, { key: merchant.privatePem, dsaEncoding }),
  );
const merchantKeys = () => ({ [kid]: merchant.publicPem });
/** The §3 request, signed with the test merchant key at `signedAt`. */
const signedRequest = () => ({
  method,
  path,
  body,
  kid,
  privateKey: merchant.privatePem,
  now: signedAt,
});

describe('signNomupayRequest', () => {
  it('writes the §3 protected header byte for byte, and an ES256 signature that verifies', () => {
    const token = signNomupayRequest(signedRequest());
    const [header, payload, signature = ''] = token.split('.');
    expect(header).toBe(encodeBase64url(CREATE_PAYMENT_REQUEST.header));
    expect(header).toBe(CREATE_PAYMENT_REQUEST.signature.split('.')[0]);
    expect(payload).toBe('');
    expect(Buffer.from(signature, 'base64url')).toHaveLength(64);
    const verified = verifyNomupayRequest({
      ...received,
      signatureHeader: token,
      publicKeys: merchantKeys(),
    });
    expect(verified).toEqual({ ok: true, header: JSON.parse(CREATE_PAYMENT_REQUEST.header) });
  });

  it('puts exactly alg, kid, aud and exp in the header, exp 3 minutes ahead unless told', () => {
    const token = signNomupayRequest({
      method: 'GET',
      path: '/v1/tracks/payments/Mjd5aVc5TWd6QnR3',
      body: '',
      kid,
      privateKey: merchant.privatePem,
      now: new Date(1763337600_500),
      lifetimeSeconds: 300,
    });
    const header = JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString());
    expect(Object.keys(header)).toEqual(['alg', 'kid', 'aud', 'exp']);
    expect(header).toEqual({
      alg: 'ES256',
      kid,
      aud: 'GET /v1/tracks/payments/Mjd5aVc5TWd6QnR3',
      exp: 1763337900,
    });
    const verified = verifyNomupayRequest({
      signatureHeader: token,
      method: 'GET',
      path: '/v1/tracks/payments/Mjd5aVc5TWd6QnR3',
      body: new Uint8Array(0),
      publicKeys: merchantKeys(),
      now: new Date(1763337600_500),
    });
    expect(verified.ok).toBe(true);
  });

  it.each([
    ['a lower-case method', { method: 'post' }, 'method', /upper case/],
    [
      'a full URL',
      { path: 'https://api.sandbox.nomupay.com/v1/payments' },
      'path',
      /without scheme and host/,
    ],
    ['a kid that is not a KSUID', { kid: 'my-key' }, 'kid', /27-character KSUID/],
    ['a lifetime over 5 minutes', { lifetimeSeconds: 301 }, 'lifetimeSeconds', /5 minutes/],
    ['a lifetime of 0', { lifetimeSeconds: 0 }, 'lifetimeSeconds', /1 to 300/],
    ['an invalid date', { now: new Date(Number.NaN) }, 'now', /invalid Date/],
  ] as const)('refuses %s', (_case, change, input, message) => {
    const attempt = () => signNomupayRequest({ ...signedRequest(), ...change });
    expect(attempt).toThrow(NomupaySigningError);
    expect(attempt).toThrow(message);
    try {
      attempt();
    } catch (error) {
      expect((error as NomupaySigningError).input).toBe(input);
    }
  });

  it('refuses a public key to sign with, and a parsed body', () => {
    const request = { ...signedRequest(), privateKey: merchant.publicPem };
    expect(() => signNomupayRequest(request)).toThrow(NomupayKeyError);
    const parsed = JSON.parse(body) as string;
    expect(() =>
      signNomupayRequest({ ...request, privateKey: merchant.privatePem, body: parsed }),
    ).toThrow(/raw bytes .* parsed and re-serialised/);
  });
});

describe('verifyNomupayRequest on the §3 worked example', () => {
  it('accepts the given X-Signature with the given test public key', () => {
    expect(verifyNomupayRequest(received)).toEqual({
      ok: true,
      header: JSON.parse(CREATE_PAYMENT_REQUEST.header),
    });
  });

  it('accepts it until the second before exp, and refuses it from exp on', () => {
    expect(verifyNomupayRequest({ ...received, now: atSecond(exp - 1) }).ok).toBe(true);
    const expired = failure(verifyNomupayRequest({ ...received, now: atSecond(exp) }));
    expect(expired.reason).toBe('expired');
    expect(expired.message).toMatch(/clock/);
  });

  it('refuses an exp more than 5 minutes ahead', () => {
    expect(verifyNomupayRequest({ ...received, now: atSecond(exp - 300) }).ok).toBe(true);
    const result = failure(verifyNomupayRequest({ ...received, now: atSecond(exp - 301) }));
    expect(result.reason).toBe('expiry_too_far');
  });

  it.each([
    [
      'the path without its query string',
      { path: '/v1/payments' },
      'wrong_audience',
      /idempotencyKey/,
    ],
    ['another method', { method: 'PUT' }, 'wrong_audience', /"PUT \/v1\/payments/],
    [
      'a changed body',
      { body: body.replace('1980', '1981') },
      'signature_mismatch',
      /body bytes exactly as sent/,
    ],
    [
      'a re-serialised body',
      { body: JSON.stringify(JSON.parse(body), null, 2) },
      'signature_mismatch',
      /body bytes/,
    ],
    [
      'an unregistered kid',
      { publicKeys: { '2J0bq9WcP3xQk7LmN4vRt8sYz1E': CREATE_PAYMENT_REQUEST.publicKey } },
      'unknown_key',
      /401/,
    ],
    ['no X-Signature', { signatureHeader: undefined }, 'missing_signature', /unsigned/],
  ] as const)('refuses it with %s', (_case, change, reason, message) => {
    const result = failure(verifyNomupayRequest({ ...received, ...change }));
    expect(result.reason).toBe(reason);
    expect(result.message).toMatch(message);
  });

  it('refuses it verified with another public key under the same kid', () => {
    const result = failure(verifyNomupayRequest({ ...received, publicKeys: merchantKeys() }));
    expect(result.reason).toBe('signature_mismatch');
  });
});

describe('verifyNomupayRequest refusals of crafted tokens', () => {
  const header = JSON.parse(CREATE_PAYMENT_REQUEST.header) as Record<string, unknown>;
  const check = (signatureHeader: string) =>
    failure(verifyNomupayRequest({ ...received, signatureHeader, publicKeys: merchantKeys() }));

  it('refuses HS256 keyed with the public key (algorithm confusion) and "none"', () => {
    const confused = signDetachedJws({ ...header, alg: 'HS256' }, body, (input) =>
      createHmac('sha256', merchant.publicPem).update(input).digest(),
    );
    expect(check(confused).reason).toBe('wrong_algorithm');
    const unsigned = signDetachedJws({ ...header, alg: 'none' }, body, () => new Uint8Array(0));
    expect(check(unsigned)).toMatchObject({
      reason: 'wrong_algorithm',
      message: expect.stringMatching(/never accepted/),
    });
  });

  it('refuses a claim beyond alg, kid, aud and exp', () => {
    const result = check(es256Token({ ...header, iat: exp - 180 }));
    expect(result.reason).toBe('unexpected_claim');
    expect(result.message).toMatch(/"iat"/);
  });

  it('refuses a DER-encoded signature and says how to get r‖s', () => {
    const result = check(es256Token(header, 'der'));
    expect(result.reason).toBe('malformed_signature');
    expect(result.message).toMatch(/ieee-p1363/);
  });

  it('refuses a kid that is not a KSUID, a missing exp and a missing aud', () => {
    expect(check(es256Token({ ...header, kid: '../../etc/passwd' })).reason).toBe('invalid_kid');
    const { exp: _exp, ...withoutExp } = header;
    expect(check(es256Token(withoutExp)).reason).toBe('malformed_signature');
    const { aud: _aud, ...withoutAud } = header;
    expect(check(es256Token(withoutAud))).toMatchObject({
      reason: 'wrong_audience',
      message: expect.stringMatching(/aud is missing/),
    });
  });
});
