import { createHmac, timingSafeEqual } from 'node:crypto';
import {
  checkKid,
  checkRawBody,
  expiryOf,
  NOMUPAY_MAX_LIFETIME_SECONDS,
  NomupaySigningError,
} from './claims.js';
import { jwsSigningInput, signDetachedJws } from './detached-jws.js';
import { nomupayHmacKeyBytes } from './keys.js';
import {
  checkExpiry,
  type NomupayHeaderValue,
  type NomupayVerification,
  readSignatureToken,
  type TokenCheck,
  verifyAnyToken,
} from './verification.js';

// Responses and webhooks, NomuPay → merchant (spec/nomupay-au.md §4): X-Signature is an HS256
// detached JWS over the raw body with the shared HMAC key; alg exactly HS256, kid a KSUID, exp in
// the future, and on webhooks aud = the URL NomuPay posted to. Several headers may come during a
// key rotation; one that verifies is enough.

/** The protected header of a response or webhook signature, in the order the spec shows. */
export interface NomupayMessageHeader {
  readonly alg: 'HS256';
  readonly kid: string;
  readonly exp: number;
  /** Webhooks only: the URL of the endpoint NomuPay posted to. */
  readonly aud?: string;
}

function hs256(key: Buffer, signingInput: Buffer): Buffer {
  return createHmac('sha256', key).update(signingInput).digest();
}

/** Input of {@link signNomupayMessage}. */
export interface SignNomupayMessageInput {
  /** The body exactly as it will be sent. */
  readonly body: string | Uint8Array;
  readonly kid: string;
  /** The shared HMAC key (its UTF-8 bytes when a string). */
  readonly hmacKey: string | Uint8Array;
  readonly now: Date;
  /** 1 to 300; 300 by default, as in the spec's test vector. */
  readonly lifetimeSeconds?: number;
  /** For a webhook: the URL it is posted to. */
  readonly audience?: string;
}

/**
 * The X-Signature NomuPay would send with this response or webhook body (for the emulator, and for
 * merchants' tests of their webhook handler): `<header>..<signature>`, HS256, header
 * `{"alg":"HS256","kid",…,"exp":…,"aud"?:…}`. Reproduces the test vector of spec §4.
 */
export function signNomupayMessage(input: SignNomupayMessageInput): string {
  checkRawBody(input.body);
  checkKid(input.kid);
  if (input.audience !== undefined && !/^https?:\/\/\S+$/.test(input.audience)) {
    throw new NomupaySigningError(
      'audience',
      'The audience of a webhook is the full URL of the endpoint it is posted to (https://…).',
    );
  }
  const header: NomupayMessageHeader = {
    alg: 'HS256',
    kid: input.kid,
    exp: expiryOf(input.now, input.lifetimeSeconds ?? NOMUPAY_MAX_LIFETIME_SECONDS),
    ...(input.audience === undefined ? {} : { aud: input.audience }),
  };
  const key = nomupayHmacKeyBytes(input.hmacKey);
  return signDetachedJws({ ...header }, input.body, (signingInput) => hs256(key, signingInput));
}

/** Input of {@link verifyNomupayMessage}. */
export interface VerifyNomupayMessageInput {
  /** Every X-Signature value received (an array, or Node's comma-joined string). */
  readonly signatureHeader: NomupayHeaderValue;
  /** The raw body as received, before any JSON parsing. */
  readonly body: string | Uint8Array;
  readonly hmacKey: string | Uint8Array;
  readonly now: Date;
  /** Webhooks: the URL NomuPay posts to, which `aud` must equal. Left out for API responses. */
  readonly audience?: string;
}

function mismatchMessage(hmacKey: string | Uint8Array): string {
  const whitespace =
    typeof hmacKey === 'string' && hmacKey !== hmacKey.trim()
      ? ' The HMAC key starts or ends with whitespace: check that it was copied exactly.'
      : '';
  return `The HS256 signature does not match this body. Verify the raw body bytes as received, before any JSON parsing (a body that was parsed and re-serialised no longer matches: use express.raw() or await response.arrayBuffer()), with the HMAC key NomuPay support gave.${whitespace}`;
}

function checkMessageToken(
  token: string,
  key: Buffer,
  input: VerifyNomupayMessageInput,
): TokenCheck<NomupayMessageHeader> {
  const read = readSignatureToken(token, 'HS256');
  if (!('jws' in read)) return read;
  const { jws } = read;
  const { aud } = jws.header;
  // RFC 7515 §4.1.11: a receiver that understands no extension must refuse a "crit" header.
  if ('crit' in jws.header) {
    return {
      reason: 'unexpected_claim',
      message: 'The X-Signature header names critical extensions ("crit"); none is understood.',
    };
  }
  const expected = hs256(key, jwsSigningInput(jws.protectedHeader, input.body));
  if (jws.signature.length !== expected.length || !timingSafeEqual(jws.signature, expected)) {
    return { reason: 'signature_mismatch', message: mismatchMessage(input.hmacKey) };
  }
  const expiry = checkExpiry(jws, input.now);
  if (expiry) return expiry;
  if (input.audience !== undefined && aud !== input.audience) {
    return {
      reason: 'wrong_audience',
      message: `The X-Signature aud is ${JSON.stringify(aud) ?? 'missing'}; this endpoint is ${JSON.stringify(input.audience)}. A webhook is signed for the exact URL NomuPay was told to call (scheme, host, path).`,
    };
  }
  return { ok: true, header: jws.header as unknown as NomupayMessageHeader };
}

/**
 * Verifies an API response or a webhook from NomuPay over the raw body bytes: any one of the
 * X-Signature tokens must carry alg exactly HS256 (never "none", never ES256 with the HMAC key), a
 * KSUID kid, a valid HS256 signature, an exp after `now`, and for webhooks `aud` equal to
 * `audience`. Never throws for what the message carries; throws `NomupayKeyError` for an empty key.
 */
export function verifyNomupayMessage(
  input: VerifyNomupayMessageInput,
): NomupayVerification<NomupayMessageHeader> {
  checkRawBody(input.body);
  const key = nomupayHmacKeyBytes(input.hmacKey);
  return verifyAnyToken(input.signatureHeader, (token) => checkMessageToken(token, key, input));
}
