import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { PAYMENT_WEBHOOK } from '../testing/nomupay-worked-examples.js';
import { NomupaySigningError } from './claims.js';
import { signDetachedJws } from './detached-jws.js';
import { NomupayKeyError } from './keys.js';
import {
  signNomupayMessage,
  type VerifyNomupayMessageInput,
  verifyNomupayMessage,
} from './message-signature.js';
import type { NomupayVerification } from './verification.js';

const { hmacKey, now, body, kid, audience, exp } = PAYMENT_WEBHOOK;
const atSecond = (seconds: number) => new Date(seconds * 1000);

// The §4 webhook as the bridge receives it: the raw body as bytes.
const webhook: VerifyNomupayMessageInput = {
  signatureHeader: PAYMENT_WEBHOOK.signature,
  body: Buffer.from(body, 'utf8'),
  hmacKey,
  now,
  audience,
};

function failure<H>(result: NomupayVerification<H>) {
  if (result.ok) throw new Error('the message was accepted');
  return result;
}

const header = JSON.parse(PAYMENT_WEBHOOK.header) as Record<string, unknown>;
/** A token over the §4 body with any header, HMAC-signed with the §4 key. */
const hmacToken = (claims: Record<string, unknown>, key: string = hmacKey) =>
  signDetachedJws(claims, body, (input) => createHmac('sha256', key).update(input).digest());
/** Another valid-looking token: the same claims, signed with a rotated-out key. */
const oldKeyToken = () => hmacToken(header, 'whsec-old-key-0000000000000000');

describe('signNomupayMessage', () => {
  it('reproduces the §4 X-Signature byte for byte', () => {
    expect(signNomupayMessage({ body, kid, hmacKey, now, lifetimeSeconds: 300, audience })).toBe(
      PAYMENT_WEBHOOK.signature,
    );
    // 300 s is the default lifetime, and the body may be given as bytes.
    expect(signNomupayMessage({ body: Buffer.from(body), kid, hmacKey, now, audience })).toBe(
      PAYMENT_WEBHOOK.signature,
    );
  });

  it('leaves aud out of an API response, which then verifies without an audience', () => {
    const token = signNomupayMessage({ body, kid, hmacKey, now, lifetimeSeconds: 60 });
    const verified = verifyNomupayMessage({
      ...webhook,
      signatureHeader: token,
      audience: undefined,
    });
    expect(verified).toEqual({ ok: true, header: { alg: 'HS256', kid, exp: exp - 240 } });
  });

  it('refuses an audience that is not a URL, a bad kid and an empty key', () => {
    expect(() =>
      signNomupayMessage({ body, kid, hmacKey, now, audience: '/nomupay/webhooks' }),
    ).toThrow(NomupaySigningError);
    expect(() => signNomupayMessage({ body, kid: 'kid', hmacKey, now })).toThrow(/KSUID/);
    expect(() => signNomupayMessage({ body, kid, hmacKey: '', now })).toThrow(NomupayKeyError);
  });
});

describe('verifyNomupayMessage on the §4 worked example', () => {
  it('accepts the webhook over its raw bytes, its string, and with the key as bytes', () => {
    const expected = { ok: true, header };
    expect(verifyNomupayMessage(webhook)).toEqual(expected);
    expect(verifyNomupayMessage({ ...webhook, body })).toEqual(expected);
    expect(verifyNomupayMessage({ ...webhook, hmacKey: Buffer.from(hmacKey) })).toEqual(expected);
  });

  it('accepts it until the second before exp, and refuses it from exp on', () => {
    expect(verifyNomupayMessage({ ...webhook, now: atSecond(exp - 1) }).ok).toBe(true);
    expect(failure(verifyNomupayMessage({ ...webhook, now: atSecond(exp) })).reason).toBe(
      'expired',
    );
  });

  it.each([
    [
      'another endpoint',
      { audience: 'https://shop.example.jp/nomupay/webhooks/' },
      'wrong_audience',
      /exact URL/,
    ],
    [
      'a changed body',
      { body: body.replace('approved', 'captured') },
      'signature_mismatch',
      /raw body bytes/,
    ],
    [
      'a body parsed and re-serialised',
      { body: JSON.stringify(JSON.parse(body), null, 2) },
      'signature_mismatch',
      /parsed and re-serialised/,
    ],
    [
      'another HMAC key',
      { hmacKey: 'whsec-test-only-0123456789abcdeF' },
      'signature_mismatch',
      /HMAC key NomuPay support gave\.$/,
    ],
    [
      'an HMAC key with a trailing newline',
      { hmacKey: `${hmacKey}\n` },
      'signature_mismatch',
      /whitespace/,
    ],
    ['no X-Signature', { signatureHeader: undefined }, 'missing_signature', /Do not process/],
    ['an empty X-Signature', { signatureHeader: '' }, 'missing_signature', /unsigned/],
    ['fetch answering null', { signatureHeader: null }, 'missing_signature', /unsigned/],
  ] as const)('refuses it with %s', (_case, change, reason, message) => {
    const result = failure(verifyNomupayMessage({ ...webhook, ...change }));
    expect(result.reason).toBe(reason);
    expect(result.message).toMatch(message);
  });

  it('refuses a webhook signed without aud when the endpoint expects one', () => {
    const { aud: _aud, ...withoutAud } = header;
    const result = failure(
      verifyNomupayMessage({ ...webhook, signatureHeader: hmacToken(withoutAud) }),
    );
    expect(result.reason).toBe('wrong_audience');
    expect(result.message).toMatch(/aud is missing/);
  });
});

describe('verifyNomupayMessage with several X-Signature headers (key rotation, spec §4)', () => {
  it('accepts when any one verifies, whichever comes first', () => {
    expect(
      verifyNomupayMessage({
        ...webhook,
        signatureHeader: [oldKeyToken(), PAYMENT_WEBHOOK.signature],
      }).ok,
    ).toBe(true);
    expect(
      verifyNomupayMessage({ ...webhook, signatureHeader: [PAYMENT_WEBHOOK.signature, 'garbage'] })
        .ok,
    ).toBe(true);
  });

  it('accepts the headers as Node joins them: one string, comma-separated', () => {
    const joined = `${oldKeyToken()}, ${PAYMENT_WEBHOOK.signature}`;
    expect(verifyNomupayMessage({ ...webhook, signatureHeader: joined }).ok).toBe(true);
  });

  it('refuses when none verifies, giving each one its reason', () => {
    const none = hmacToken({ ...header, alg: 'none' });
    const result = failure(
      verifyNomupayMessage({ ...webhook, signatureHeader: [oldKeyToken(), none] }),
    );
    expect(result.reason).toBe('signature_mismatch');
    expect(result.failures.map((failed) => failed.reason)).toEqual([
      'signature_mismatch',
      'wrong_algorithm',
    ]);
    expect(result.message).toMatch(/^None of the 2 X-Signature tokens verified\. #1: .* #2: /);
  });
});

describe('verifyNomupayMessage refusals of crafted tokens', () => {
  const check = (signatureHeader: string) =>
    failure(verifyNomupayMessage({ ...webhook, signatureHeader }));

  it.each([
    [
      '"none" with no signature',
      signDetachedJws({ ...header, alg: 'none' }, body, () => new Uint8Array(0)),
      /never accepted/,
    ],
    [
      'ES256 signed with the HMAC key',
      hmacToken({ ...header, alg: 'ES256' }),
      /HMAC key is never used in another role/,
    ],
    ['HS512', hmacToken({ ...header, alg: 'HS512' }), /exactly "HS256"/],
    ['hs256 in lower case', hmacToken({ ...header, alg: 'hs256' }), /exactly "HS256"/],
    ['no alg', hmacToken({ kid, exp, aud: audience }), /names no alg/],
  ])('refuses alg %s', (_case, token, message) => {
    const result = check(token);
    expect(result.reason).toBe('wrong_algorithm');
    expect(result.message).toMatch(message);
  });

  it('refuses a kid that is not a KSUID, a "crit" header and an exp that is not a number', () => {
    expect(check(hmacToken({ ...header, kid: 'kid-1' })).reason).toBe('invalid_kid');
    expect(check(hmacToken({ ...header, crit: ['b64'], b64: false })).reason).toBe(
      'unexpected_claim',
    );
    expect(check(hmacToken({ ...header, exp: String(exp) })).reason).toBe('malformed_signature');
  });

  it('refuses a token with the body attached instead of detached', () => {
    const attached = PAYMENT_WEBHOOK.signature.replace(
      '..',
      `.${Buffer.from(body).toString('base64url')}.`,
    );
    expect(check(attached).reason).toBe('malformed_signature');
  });

  it('throws when given a parsed body or an empty key: those are bugs, not forged messages', () => {
    const parsed = JSON.parse(body) as string;
    expect(() => verifyNomupayMessage({ ...webhook, body: parsed })).toThrow(TypeError);
    expect(() => verifyNomupayMessage({ ...webhook, hmacKey: '' })).toThrow(NomupayKeyError);
  });
});
