import { type AntomKeyInput, loadAntomPublicKey } from './keys.js';
import { signAntomContent, verifyAntomContent } from './rsa256.js';
import {
  AntomSignatureHeaderError,
  formatAntomSignatureHeader,
  parseAntomSignatureHeader,
} from './signature-header.js';
import { AntomMessageError, antomStringToSign } from './string-to-sign.js';

// Signing and verifying whole messages (spec/antom-au.md §3). Requests and notifications are
// signed over `request-time`, responses over `response-time`; a notification is verified over
// the path of the merchant's notify URL (§5), a response over the path of the request it answers.

/** What a signer needs besides the time. */
interface AntomSigningInput {
  /** `POST` for every Antom API (spec §2). */
  readonly method: string;
  /** Path and query without scheme and host (spec §3.2). */
  readonly path: string;
  readonly clientId: string;
  /** The body exactly as it will be sent. */
  readonly body: string | Uint8Array;
  /** The signer's private key (see `loadAntomPrivateKey`). */
  readonly privateKey: AntomKeyInput;
  /** Sent as `keyVersion`; 1 when left out, as the SDKs do (spec §3.1). */
  readonly keyVersion?: number;
}

/** Input of {@link signAntomRequest}. */
export interface SignAntomRequestInput extends AntomSigningInput {
  /** Milliseconds since the epoch as a decimal string, as the SDKs send it (spec §3.1). */
  readonly requestTime: string;
}

/** Input of {@link signAntomResponse}. */
export interface SignAntomResponseInput extends AntomSigningInput {
  /** When the response was signed, sent as `response-time` (spec §3.1). */
  readonly responseTime: string;
}

/** Headers that carry a request's or notification's signature (spec §3.1). */
export interface AntomRequestSignatureHeaders {
  readonly 'client-id': string;
  readonly 'request-time': string;
  readonly signature: string;
}

/** Headers that carry a response's signature (spec §3.1). */
export interface AntomResponseSignatureHeaders {
  readonly 'client-id': string;
  readonly 'response-time': string;
  readonly signature: string;
}

function signatureHeaderFor(input: AntomSigningInput, time: string): string {
  const content = antomStringToSign({ ...input, time });
  return formatAntomSignatureHeader(signAntomContent(content, input.privateKey), input.keyVersion);
}

/**
 * Signs an API request (merchant → Antom) or a notification (Antom → merchant, for the emulator
 * and for merchants' tests) and returns the headers to send with it. Throws `AntomMessageError`
 * for a part that cannot be signed and `AntomKeyError` for an unusable key.
 */
export function signAntomRequest(input: SignAntomRequestInput): AntomRequestSignatureHeaders {
  return {
    'client-id': input.clientId,
    'request-time': input.requestTime,
    signature: signatureHeaderFor(input, input.requestTime),
  };
}

/** Signs an API response (Antom → merchant; used by the emulator) and returns its headers. */
export function signAntomResponse(input: SignAntomResponseInput): AntomResponseSignatureHeaders {
  return {
    'client-id': input.clientId,
    'response-time': input.responseTime,
    signature: signatureHeaderFor(input, input.responseTime),
  };
}

/** A header as HTTP libraries hand it over: Node's `req.headers[...]`, or fetch's `get()`. */
export type AntomHeaderValue = string | readonly string[] | null | undefined;

interface AntomVerificationCommon {
  /** The method of the request: `POST`. */
  readonly method: string;
  /**
   * For a notification, the path of your notify URL (e.g. `/antom/notify`); for a response, the
   * path of the request it answers (spec §3.2, §5).
   */
  readonly path: string;
  /** The `client-id` header received. Compare it with your configured client ID as well. */
  readonly clientId: AntomHeaderValue;
  /** The raw body as received, before any JSON parsing. */
  readonly body: string | Uint8Array;
  /** The `signature` header received. */
  readonly signatureHeader: AntomHeaderValue;
  /** The other side's public key (see `loadAntomPublicKey`). */
  readonly publicKey: AntomKeyInput;
}

/**
 * Input of {@link verifyAntomMessage}: `requestTime` (the `request-time` header) for a request or
 * a notification, `responseTime` (the `response-time` header) for a response.
 */
export type VerifyAntomMessageInput = AntomVerificationCommon &
  (
    | { readonly requestTime: AntomHeaderValue; readonly responseTime?: never }
    | { readonly responseTime: AntomHeaderValue; readonly requestTime?: never }
  );

/** Why a message was not accepted as signed by the holder of the key. */
export type AntomVerificationFailure =
  | 'missing_header'
  | 'repeated_header'
  | 'malformed_signature_header'
  | 'unsupported_algorithm'
  | 'invalid_message'
  | 'signature_mismatch';

/** The outcome of {@link verifyAntomMessage}. */
export type AntomVerification =
  | { readonly ok: true; readonly keyVersion: number | undefined }
  | { readonly ok: false; readonly reason: AntomVerificationFailure; readonly message: string };

const MISMATCH =
  'The signature does not match this message. Check that the body is the raw bytes as received (a body that was parsed and re-serialised, or decoded and re-encoded, no longer matches its signature); that the path is the one Antom signed (for a notification the path of your notify URL, e.g. "/antom/notify"; for a response the path of the request, "/ams/sandbox/api/..." in sandbox; under a mounted Express router that is req.originalUrl, not req.url); that client-id and request-time (response-time for a response) are the headers as received; and that the key is Antom\'s public key for this client ID, not your own.';

type HeaderRead = { ok: true; value: string } | Extract<AntomVerification, { ok: false }>;

function readHeader(value: AntomHeaderValue, name: string): HeaderRead {
  const values = typeof value === 'string' ? [value] : (value ?? []);
  const [first, ...more] = values;
  if (more.length > 0) {
    return {
      ok: false,
      reason: 'repeated_header',
      message: `The ${name} header was sent ${values.length} times; a signed message carries it once.`,
    };
  }
  if (first === undefined || first.trim() === '') {
    return {
      ok: false,
      reason: 'missing_header',
      message:
        name === 'signature'
          ? 'The signature header is missing or empty. Antom signs every response and notification (spec §3.3): refuse a message without it rather than skipping verification.'
          : `The ${name} header is missing or empty; it is part of what Antom signs (spec §3.2).`,
    };
  }
  return { ok: true, value: first };
}

/**
 * Verifies a response or notification signed by Antom (or, on the emulator's side, a request
 * signed by the merchant) over the raw body. Answers `{ ok: true }` or the reason it failed,
 * with a message that says what to check; never throws for anything the message carries. Throws
 * `AntomKeyError` for an unusable key (configuration, not the message, is wrong then).
 */
export function verifyAntomMessage(input: VerifyAntomMessageInput): AntomVerification {
  const publicKey = loadAntomPublicKey(input.publicKey);
  const timeHeader = 'responseTime' in input ? 'response-time' : 'request-time';
  const signature = readHeader(input.signatureHeader, 'signature');
  if (!signature.ok) return signature;
  const clientId = readHeader(input.clientId, 'client-id');
  if (!clientId.ok) return clientId;
  const time = readHeader(input.requestTime ?? input.responseTime, timeHeader);
  if (!time.ok) return time;
  try {
    const header = parseAntomSignatureHeader(signature.value);
    const content = antomStringToSign({
      method: input.method,
      path: input.path,
      clientId: clientId.value,
      time: time.value,
      body: input.body,
    });
    return verifyAntomContent(content, header.signature, publicKey)
      ? { ok: true, keyVersion: header.keyVersion }
      : { ok: false, reason: 'signature_mismatch', message: MISMATCH };
  } catch (error) {
    if (error instanceof AntomSignatureHeaderError) {
      const reason =
        error.code === 'unsupported_algorithm'
          ? 'unsupported_algorithm'
          : 'malformed_signature_header';
      return { ok: false, reason, message: error.message };
    }
    if (error instanceof AntomMessageError) {
      return { ok: false, reason: 'invalid_message', message: error.message };
    }
    throw error;
  }
}
