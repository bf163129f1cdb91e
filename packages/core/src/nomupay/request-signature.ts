import { sign, verify } from 'node:crypto';
import {
  checkKid,
  checkRawBody,
  expiryOf,
  NOMUPAY_MAX_LIFETIME_SECONDS,
  NOMUPAY_REQUEST_LIFETIME_SECONDS,
  NomupaySigningError,
} from './claims.js';
import { jwsSigningInput, signDetachedJws } from './detached-jws.js';
import { loadNomupayPrivateKey, loadNomupayPublicKey, type NomupayKeyInput } from './keys.js';
import {
  checkExpiry,
  type NomupayHeaderValue,
  type NomupayVerification,
  readSignatureToken,
  type TokenCheck,
  verifyAnyToken,
} from './verification.js';

// Requests, merchant → NomuPay (spec/nomupay-au.md §3): X-Signature is an ES256 detached JWS over
// the request body exactly as sent (an empty string without a body), whose protected header holds
// exactly alg, kid, aud = "<METHOD> <path with query>" and exp, and nothing else.

/** The protected header of a request signature, members in the order the spec shows. */
export interface NomupayRequestHeader {
  readonly alg: 'ES256';
  readonly kid: string;
  readonly aud: string;
  readonly exp: number;
}

const REQUEST_CLAIMS = ['alg', 'kid', 'aud', 'exp'];
// ES256 in JWS is r‖s, two 32-byte integers (RFC 7518 §3.4), not DER.
const ES256_SIGNATURE_BYTES = 64;

/** Input of {@link signNomupayRequest}. */
export interface SignNomupayRequestInput {
  /** Upper case, as sent: `POST`, `GET`. */
  readonly method: string;
  /** Path and query string, without scheme and host: `/v1/payments?idempotencyKey=…`. */
  readonly path: string;
  /** The body exactly as it will be sent; `''` for a request without one (GET). */
  readonly body: string | Uint8Array;
  /** The KSUID NomuPay support issued for the key. */
  readonly kid: string;
  readonly privateKey: NomupayKeyInput;
  /** When the request is signed; `exp` counts from it. */
  readonly now: Date;
  /** 1 to 300; 180 (3 minutes) by default, as the integration kit recommends. */
  readonly lifetimeSeconds?: number;
}

function audienceOf(method: string, path: string): string {
  if (!/^[A-Z]+$/.test(method)) {
    throw new NomupaySigningError(
      'method',
      `The method must be upper case as sent ("POST", "GET"), not ${JSON.stringify(method)}: aud is compared case-sensitively.`,
    );
  }
  if (!path.startsWith('/') || /\s/.test(path)) {
    throw new NomupaySigningError(
      'path',
      `The path must be the path and query string without scheme and host (e.g. "/v1/payments?idempotencyKey=…"), not ${JSON.stringify(path)}.`,
    );
  }
  return `${method} ${path}`;
}

/**
 * The X-Signature value for a request: `<header>..<signature>`, ES256 over the body's bytes, with
 * the header `{"alg":"ES256","kid",…,"aud":"<METHOD> <path>","exp":…}`. Sign with the query
 * string that will be sent (`?idempotencyKey=…` included). Throws `NomupaySigningError` for an
 * input NomuPay would refuse and `NomupayKeyError` for an unusable key.
 */
export function signNomupayRequest(input: SignNomupayRequestInput): string {
  checkRawBody(input.body);
  checkKid(input.kid);
  const header: NomupayRequestHeader = {
    alg: 'ES256',
    kid: input.kid,
    aud: audienceOf(input.method, input.path),
    exp: expiryOf(input.now, input.lifetimeSeconds ?? NOMUPAY_REQUEST_LIFETIME_SECONDS),
  };
  const key = loadNomupayPrivateKey(input.privateKey);
  return signDetachedJws({ ...header }, input.body, (signingInput) =>
    sign('sha256', signingInput, { key, dsaEncoding: 'ieee-p1363' }),
  );
}

/** Input of {@link verifyNomupayRequest} (the emulator's side). */
export interface VerifyNomupayRequestInput {
  /** Every X-Signature value received. */
  readonly signatureHeader: NomupayHeaderValue;
  /** The method and the path with query of the request received. */
  readonly method: string;
  readonly path: string;
  /** The raw body as received, before any JSON parsing. */
  readonly body: string | Uint8Array;
  /** The registered public keys by kid. */
  readonly publicKeys: Readonly<Record<string, NomupayKeyInput>>;
  readonly now: Date;
}

const MISMATCH =
  'The ES256 signature does not match. Sign the body bytes exactly as sent (an empty string for a GET), as BASE64URL(header) + "." + BASE64URL(body), with the private key whose public key was registered under this kid.';

function checkRequestToken(
  token: string,
  input: VerifyNomupayRequestInput,
): TokenCheck<NomupayRequestHeader> {
  const read = readSignatureToken(token, 'ES256');
  if (!('jws' in read)) return read;
  const { jws, kid } = read;
  const { aud } = jws.header;
  if (!Object.hasOwn(input.publicKeys, kid)) {
    return {
      reason: 'unknown_key',
      message: `No public key is registered under kid ${kid}; NomuPay answers 401 until the key is registered.`,
    };
  }
  if (jws.signature.length !== ES256_SIGNATURE_BYTES) {
    return {
      reason: 'malformed_signature',
      message: `The ES256 signature is ${jws.signature.length} bytes; JWS wants the 64-byte r‖s. A 70–72-byte value is DER, which node:crypto and Java write by default: sign with dsaEncoding "ieee-p1363".`,
    };
  }
  const publicKey = loadNomupayPublicKey(input.publicKeys[kid] as NomupayKeyInput);
  const signingInput = jwsSigningInput(jws.protectedHeader, input.body);
  if (
    !verify('sha256', signingInput, { key: publicKey, dsaEncoding: 'ieee-p1363' }, jws.signature)
  ) {
    return { reason: 'signature_mismatch', message: MISMATCH };
  }
  const extra = Object.keys(jws.header).filter((claim) => !REQUEST_CLAIMS.includes(claim));
  if (extra.length > 0) {
    return {
      reason: 'unexpected_claim',
      message: `The X-Signature header holds ${extra.map((claim) => JSON.stringify(claim)).join(', ')}; NomuPay wants exactly alg, kid, aud and exp (spec §3): check that the JWT library adds nothing.`,
    };
  }
  const expiry = checkExpiry(jws, input.now, NOMUPAY_MAX_LIFETIME_SECONDS);
  if (expiry) return expiry;
  const expected = `${input.method} ${input.path}`;
  if (aud !== expected) {
    return {
      reason: 'wrong_audience',
      message: `The X-Signature aud is ${JSON.stringify(aud) ?? 'missing'}; this request is ${JSON.stringify(expected)}. aud is the method and the path with its query string (idempotencyKey included), without scheme and host (under a mounted Express router, req.originalUrl).`,
    };
  }
  return { ok: true, header: jws.header as unknown as NomupayRequestHeader };
}

/**
 * Verifies a merchant's request as NomuPay does (for the emulator): ES256 over the raw body, alg
 * exactly ES256, a registered kid, aud equal to method and path with query, exp in the future and
 * at most 5 minutes ahead, no other claim. Never throws for what the request carries; throws
 * `NomupayKeyError` for an unusable registered key.
 */
export function verifyNomupayRequest(
  input: VerifyNomupayRequestInput,
): NomupayVerification<NomupayRequestHeader> {
  checkRawBody(input.body);
  return verifyAnyToken(input.signatureHeader, (token) => checkRequestToken(token, input));
}
