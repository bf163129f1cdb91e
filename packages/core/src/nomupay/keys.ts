import { createPublicKey, type KeyObject } from 'node:crypto';
import {
  type KeyEncodingErrorCode,
  KeyError,
  type KeyInput,
  type KeyRoles,
  readKey,
} from '../key-encoding.js';

// NomuPay keys (spec/nomupay-au.md §3): the merchant generates a P-256 key pair, keeps the private
// key (PKCS#8 PEM), emails the public key to NomuPay support and receives a `kid` for it plus a
// shared HMAC key that verifies NomuPay's responses and webhooks (§4).

/** A key as configured: PEM, Base64 DER, or an already loaded `KeyObject`. */
export type NomupayKeyInput = KeyInput;

/** Why a key was refused. */
export type NomupayKeyErrorCode = KeyEncodingErrorCode | 'not_p256' | 'empty_hmac_key';

/** Thrown when a configured key cannot be used. The message never repeats the key. */
export class NomupayKeyError extends KeyError<NomupayKeyErrorCode> {
  override readonly name = 'NomupayKeyError';
}

const ROLES: KeyRoles = {
  name: {
    private: 'the merchant ES256 private key',
    public: "the merchant's ES256 public key",
  },
  purpose: {
    private: 'signs requests; a P-256 key as PKCS#8 PEM',
    public: 'verifies requests; the SPKI PEM registered with NomuPay support',
  },
};

function checkP256(key: KeyObject): KeyObject {
  if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    const got =
      key.asymmetricKeyType === 'ec'
        ? `an EC key on ${key.asymmetricKeyDetails?.namedCurve ?? 'another curve'}`
        : `a key of type "${key.asymmetricKeyType}"`;
    throw new NomupayKeyError(
      'not_p256',
      `Expected a key on NIST P-256 (ES256, spec §3); got ${got}. Generate one with: openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256`,
    );
  }
  return key;
}

const fail = (code: KeyEncodingErrorCode, message: string) => new NomupayKeyError(code, message);

/**
 * Loads the merchant's ES256 private key: PKCS#8 PEM (SEC1 "EC PRIVATE KEY" PEM and Base64 PKCS#8
 * DER load too), or a `KeyObject`. Throws {@link NomupayKeyError} for anything else, for a public
 * key and for a key that is not on P-256. Load it once at start-up and pass the `KeyObject`.
 */
export function loadNomupayPrivateKey(input: NomupayKeyInput): KeyObject {
  return checkP256(readKey(input, 'private', ROLES, fail));
}

/**
 * Loads an ES256 public key (the emulator's copy of the merchant's registered key): SPKI PEM,
 * Base64 SPKI DER (the PEM body alone, as the spec prints the test key), or a `KeyObject`. Throws
 * {@link NomupayKeyError} for a private key, so a public key is never derived by mistake.
 */
export function loadNomupayPublicKey(input: NomupayKeyInput): KeyObject {
  return checkP256(readKey(input, 'public', ROLES, fail));
}

/** The public key of the merchant's private key: what to register with NomuPay support. */
export function nomupayPublicKeyOf(privateKey: NomupayKeyInput): KeyObject {
  return createPublicKey(loadNomupayPrivateKey(privateKey));
}

/** The public key of the merchant's private key as SPKI PEM: what to email to NomuPay (spec §3). */
export function exportNomupayPublicKey(privateKey: NomupayKeyInput): string {
  return nomupayPublicKeyOf(privateKey).export({ format: 'pem', type: 'spki' }).toString();
}

/**
 * The bytes of the shared HMAC key NomuPay support gives (spec §4: the UTF-8 bytes of the key
 * string). Throws {@link NomupayKeyError} for an empty key, which would let anyone sign.
 */
export function nomupayHmacKeyBytes(hmacKey: string | Uint8Array): Buffer {
  const bytes = typeof hmacKey === 'string' ? Buffer.from(hmacKey, 'utf8') : Buffer.from(hmacKey);
  if (bytes.length === 0) {
    throw new NomupayKeyError(
      'empty_hmac_key',
      'The NomuPay HMAC key is empty; set the shared key NomuPay support gave with the kid.',
    );
  }
  return bytes;
}
