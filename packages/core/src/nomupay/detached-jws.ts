import { decodeBase64url, encodeBase64url } from './base64url.js';

// JWS compact serialisation with a detached payload (RFC 7515 §7.1 and Appendix F), as NomuPay
// uses it both ways (spec/nomupay-au.md §3, §4): the token is `<header>..<signature>`; the
// signature covers `<header>.<BASE64URL(body)>`, the body being the raw bytes of the HTTP body.

/** A token split into its parts; nothing in it is verified yet. */
export interface DetachedJws {
  /** The protected header segment exactly as received (its bytes are signed). */
  readonly protectedHeader: string;
  /** The protected header, decoded. */
  readonly header: Readonly<Record<string, unknown>>;
  readonly signature: Buffer;
}

export type DetachedJwsRead =
  | { readonly ok: true; readonly jws: DetachedJws }
  | { readonly ok: false; readonly message: string };

const SHAPE = 'expected "<BASE64URL(header)>..<BASE64URL(signature)>" (a detached JWS)';

/** Splits a detached token. Never throws: a malformed token is a refusal, not an error. */
export function readDetachedJws(token: string): DetachedJwsRead {
  const segments = token.split('.');
  if (segments.length !== 3) {
    return {
      ok: false,
      message: `The X-Signature has ${segments.length} dot-separated segments; ${SHAPE}.`,
    };
  }
  const [protectedHeader = '', payload, encodedSignature = ''] = segments;
  if (payload !== '') {
    return {
      ok: false,
      message: `The X-Signature carries a payload between its dots; NomuPay sends the payload detached, ${SHAPE}. The body of the HTTP message is the payload.`,
    };
  }
  const headerBytes = decodeBase64url(protectedHeader);
  let header: unknown;
  try {
    header =
      headerBytes && protectedHeader !== '' ? JSON.parse(headerBytes.toString('utf8')) : undefined;
  } catch {
    header = undefined;
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) {
    return {
      ok: false,
      message: `The X-Signature header segment is not BASE64URL of a JSON object; ${SHAPE}.`,
    };
  }
  // An empty signature is read (alg "none" carries one) so the verifier can name the alg.
  const signature = decodeBase64url(encodedSignature);
  if (!signature) {
    return {
      ok: false,
      message: `The X-Signature signature segment is not BASE64URL without padding; ${SHAPE}.`,
    };
  }
  return {
    ok: true,
    jws: { protectedHeader, header: header as Record<string, unknown>, signature },
  };
}

/** The JWS signing input: `<protected header>.<BASE64URL(body)>` as ASCII bytes. */
export function jwsSigningInput(protectedHeader: string, body: string | Uint8Array): Buffer {
  return Buffer.from(`${protectedHeader}.${encodeBase64url(body)}`, 'ascii');
}

/**
 * Signs `header` over `body` with `sign` and returns the detached token. The header is serialised
 * with its members in the order given, which is the order the spec's examples show.
 */
export function signDetachedJws(
  header: Readonly<Record<string, unknown>>,
  body: string | Uint8Array,
  sign: (signingInput: Buffer) => Uint8Array,
): string {
  const protectedHeader = encodeBase64url(JSON.stringify(header));
  return `${protectedHeader}..${encodeBase64url(sign(jwsSigningInput(protectedHeader, body)))}`;
}
