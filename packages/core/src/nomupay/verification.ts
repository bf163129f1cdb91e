import { NOMUPAY_KID } from './claims.js';
import { type DetachedJws, readDetachedJws } from './detached-jws.js';

// What a NomuPay verifier answers. Several X-Signature headers may arrive during a key rotation
// (spec §4): the message is authentic when any one verifies, and when none does, each one's reason
// is kept so that a rotation gone wrong can be told from a forged message.

/** X-Signature as HTTP libraries hand it over: Node's `req.headers[...]`, or fetch's `get()`. */
export type NomupayHeaderValue = string | readonly string[] | null | undefined;

/** Why a token was not accepted. */
export type NomupayVerificationFailure =
  | 'missing_signature'
  | 'malformed_signature'
  | 'wrong_algorithm'
  | 'invalid_kid'
  | 'unknown_key'
  | 'unexpected_claim'
  | 'signature_mismatch'
  | 'expired'
  | 'expiry_too_far'
  | 'wrong_audience';

export interface NomupayTokenFailure {
  readonly reason: NomupayVerificationFailure;
  readonly message: string;
}

/** The outcome of a verifier: the header that verified, or why none did. */
export type NomupayVerification<Header> =
  | { readonly ok: true; readonly header: Header }
  | {
      readonly ok: false;
      /** The reason of the first token (or `missing_signature` when there was none). */
      readonly reason: NomupayVerificationFailure;
      readonly message: string;
      /** One entry per X-Signature token, in the order received. */
      readonly failures: readonly NomupayTokenFailure[];
    };

export type TokenCheck<Header> =
  | { readonly ok: true; readonly header: Header }
  | NomupayTokenFailure;

/**
 * The tokens of every X-Signature header. Node joins repeated headers with ", " into one string;
 * a compact JWS never holds a comma or a space, so splitting on commas gives the tokens back.
 */
export function signatureTokens(value: NomupayHeaderValue): string[] {
  const values = typeof value === 'string' ? [value] : (value ?? []);
  return values
    .flatMap((header) => header.split(','))
    .map((token) => token.trim())
    .filter((token) => token !== '');
}

/** Checks each token with `check` and answers the first that verifies, else every reason. */
export function verifyAnyToken<Header>(
  value: NomupayHeaderValue,
  check: (token: string) => TokenCheck<Header>,
): NomupayVerification<Header> {
  const tokens = signatureTokens(value);
  if (tokens.length === 0) {
    const message =
      'No X-Signature header: NomuPay signs every response and webhook (spec §4). Do not process an unsigned message.';
    return { ok: false, reason: 'missing_signature', message, failures: [] };
  }
  const failures: NomupayTokenFailure[] = [];
  for (const token of tokens) {
    const result = check(token);
    if ('ok' in result) return result;
    failures.push(result);
  }
  const [first] = failures as [NomupayTokenFailure, ...NomupayTokenFailure[]];
  const message =
    failures.length === 1
      ? first.message
      : `None of the ${failures.length} X-Signature tokens verified. ${failures.map((failure, index) => `#${index + 1}: ${failure.message}`).join(' ')}`;
  return { ok: false, reason: first.reason, message, failures };
}

/** `exp` of a verified header, checked against `now` (and, for requests, the 5-minute cap). */
export function checkExpiry(
  jws: DetachedJws,
  now: Date,
  maxLifetimeSeconds?: number,
): NomupayTokenFailure | undefined {
  const { exp } = jws.header;
  if (typeof exp !== 'number' || !Number.isFinite(exp)) {
    return {
      reason: 'malformed_signature',
      message: 'The X-Signature header has no numeric exp (seconds since the epoch).',
    };
  }
  const nowSeconds = now.getTime() / 1000;
  if (exp <= nowSeconds) {
    return {
      reason: 'expired',
      message: `The X-Signature expired ${Math.ceil(nowSeconds - exp)} s before now (exp ${exp}). A replayed message, or a clock that is wrong: check NTP on this server.`,
    };
  }
  if (maxLifetimeSeconds !== undefined && exp > nowSeconds + maxLifetimeSeconds) {
    return {
      reason: 'expiry_too_far',
      message: `The X-Signature expires ${Math.floor(exp - nowSeconds)} s from now; NomuPay accepts at most ${maxLifetimeSeconds} s (spec §3). Shorten exp, or check the signer's clock.`,
    };
  }
  return undefined;
}

/** The failure for a token whose `alg` is not the one this direction uses. */
export function wrongAlgorithm(alg: unknown, expected: 'ES256' | 'HS256'): NomupayTokenFailure {
  const named = alg === undefined ? 'no alg' : `alg ${JSON.stringify(alg)}`;
  const why =
    alg === 'none'
      ? 'an unsigned token is never accepted'
      : expected === 'HS256'
        ? 'NomuPay signs responses and webhooks with HS256 only; any other alg is refused so that the HMAC key is never used in another role'
        : 'merchants sign requests with ES256 only (spec §3)';
  return {
    reason: 'wrong_algorithm',
    message: `The X-Signature names ${named}; expected exactly "${expected}": ${why}.`,
  };
}

/**
 * Reads one X-Signature token and checks what both directions share before the signature: a
 * detached JWS, `alg` exactly the one this direction uses, a KSUID `kid` (spec §3, §4).
 */
export function readSignatureToken(
  token: string,
  expected: 'ES256' | 'HS256',
): { readonly jws: DetachedJws; readonly kid: string } | NomupayTokenFailure {
  const read = readDetachedJws(token);
  if (!read.ok) return { reason: 'malformed_signature', message: read.message };
  const { jws } = read;
  const { alg, kid } = jws.header;
  if (alg !== expected) return wrongAlgorithm(alg, expected);
  if (typeof kid !== 'string' || !NOMUPAY_KID.test(kid)) {
    return { reason: 'invalid_kid', message: 'The X-Signature kid is not a 27-character KSUID.' };
  }
  return { jws, kid };
}
