// The `signature` header (spec/antom-au.md §3.1, §3.3):
//
//   algorithm=RSA256,keyVersion=1,signature=<URL-encoded standard Base64>
//
// The SDKs write it without spaces; Antom's docs example puts a space after each comma, so the
// parser takes both. `keyVersion` may be left out (Antom then uses the newest key of the client
// ID); the SDKs send 1.

/** The only algorithm Antom signs with: RSASSA-PKCS1-v1_5 with SHA-256 (spec §3.3). */
export const ANTOM_SIGNATURE_ALGORITHM = 'RSA256';

/** The key version the SDKs send when none is configured (spec §3.1). */
export const ANTOM_DEFAULT_KEY_VERSION = 1;

/** A parsed `signature` header. */
export interface AntomSignatureHeader {
  readonly algorithm: typeof ANTOM_SIGNATURE_ALGORITHM;
  /** `undefined` when the sender left it out: the newest key of the client ID. */
  readonly keyVersion: number | undefined;
  /** The signature in standard Base64, URL-decoded. */
  readonly signature: string;
}

/** Why a `signature` header was refused. */
export type AntomSignatureHeaderErrorCode =
  | 'empty'
  | 'malformed'
  | 'duplicate_parameter'
  | 'missing_parameter'
  | 'unsupported_algorithm'
  | 'invalid_key_version'
  | 'invalid_signature_encoding';

/** Thrown when a `signature` header cannot be read without guessing. */
export class AntomSignatureHeaderError extends Error {
  override readonly name = 'AntomSignatureHeaderError';
  readonly code: AntomSignatureHeaderErrorCode;

  constructor(code: AntomSignatureHeaderErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

const SHAPE = 'expected "algorithm=RSA256,keyVersion=1,signature=<URL-encoded Base64>"';
const PARAMETER_NAME = /^[A-Za-z]+$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const KEY_VERSION = /^[1-9][0-9]{0,8}$/;

function readParameters(header: string): Map<string, string> {
  const parameters = new Map<string, string>();
  // "," or ", " between parameters (spec §3.1); a tab is optional whitespace in HTTP too.
  for (const item of header.split(',')) {
    const trimmed = item.replace(/^[ \t]+|[ \t]+$/g, '');
    const equals = trimmed.indexOf('=');
    const name = trimmed.slice(0, equals);
    if (equals < 0 || !PARAMETER_NAME.test(name)) {
      throw new AntomSignatureHeaderError(
        'malformed',
        `The signature header has a part that is not name=value (${SHAPE}).`,
      );
    }
    if (parameters.has(name)) {
      throw new AntomSignatureHeaderError(
        'duplicate_parameter',
        `The signature header gives "${name}" twice; a message carries exactly one signature.`,
      );
    }
    parameters.set(name, trimmed.slice(equals + 1));
  }
  return parameters;
}

function decodeSignature(encoded: string): string {
  let base64: string;
  try {
    // Percent-decoding only: "+" stays "+", so a sender that forgot to URL-encode still works.
    base64 = decodeURIComponent(encoded);
  } catch {
    throw new AntomSignatureHeaderError(
      'invalid_signature_encoding',
      'The signature in the signature header is not valid URL-encoding (a "%" not followed by two hex digits).',
    );
  }
  if (base64 === '' || !BASE64.test(base64)) {
    throw new AntomSignatureHeaderError(
      'invalid_signature_encoding',
      'The signature in the signature header is not standard Base64 once URL-decoded (spec §3.3: Base64, then URL-encoding). A "+" turned into a space by a form decoder is a common cause.',
    );
  }
  return base64;
}

/**
 * Reads a `signature` header, accepting `,` and `, ` between parameters and ignoring parameters
 * Antom may add later. Throws {@link AntomSignatureHeaderError} when the header is empty,
 * malformed, gives a parameter twice, lacks `algorithm` or `signature`, names another algorithm
 * than `RSA256`, or carries a signature that is not URL-encoded Base64.
 */
export function parseAntomSignatureHeader(header: string): AntomSignatureHeader {
  if (header.trim() === '') {
    throw new AntomSignatureHeaderError(
      'empty',
      `The signature header is empty (${SHAPE}). Antom signs every response and notification; an unsigned message must not be trusted.`,
    );
  }
  const parameters = readParameters(header);
  const algorithm = parameters.get('algorithm');
  const signature = parameters.get('signature');
  if (algorithm === undefined || signature === undefined) {
    throw new AntomSignatureHeaderError(
      'missing_parameter',
      `The signature header lacks ${algorithm === undefined ? '"algorithm"' : '"signature"'} (${SHAPE}).`,
    );
  }
  if (algorithm !== ANTOM_SIGNATURE_ALGORITHM) {
    throw new AntomSignatureHeaderError(
      'unsupported_algorithm',
      `The signature header names algorithm ${JSON.stringify(algorithm)}; Antom signs with RSA256 only (SHA256withRSA, spec §3.3).`,
    );
  }
  const keyVersion = parameters.get('keyVersion');
  if (keyVersion !== undefined && !KEY_VERSION.test(keyVersion)) {
    throw new AntomSignatureHeaderError(
      'invalid_key_version',
      'The keyVersion in the signature header is not a positive whole number (the SDKs send "1").',
    );
  }
  return {
    algorithm: ANTOM_SIGNATURE_ALGORITHM,
    keyVersion: keyVersion === undefined ? undefined : Number(keyVersion),
    signature: decodeSignature(signature),
  };
}

/**
 * The `signature` header for a standard-Base64 signature, written as the SDKs write it:
 * `algorithm=RSA256,keyVersion=<keyVersion>,signature=<URL-encoded signature>`.
 */
export function formatAntomSignatureHeader(
  signature: string,
  keyVersion: number = ANTOM_DEFAULT_KEY_VERSION,
): string {
  if (!BASE64.test(signature) || signature === '') {
    throw new RangeError('The signature to put in the header must be standard Base64.');
  }
  if (!KEY_VERSION.test(String(keyVersion))) {
    throw new RangeError(`keyVersion must be a positive whole number, not ${keyVersion}.`);
  }
  // encodeURIComponent escapes exactly "+", "/" and "=" of Base64, like Java's URLEncoder.
  return `algorithm=${ANTOM_SIGNATURE_ALGORITHM},keyVersion=${keyVersion},signature=${encodeURIComponent(signature)}`;
}
