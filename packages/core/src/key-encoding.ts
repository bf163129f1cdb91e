import { createPrivateKey, createPublicKey, KeyObject } from 'node:crypto';

// Reading asymmetric keys as acquirers hand them out (Node only; never imported by the browser
// entry). Dashboards give Base64 DER without armour (Antom, spec/antom-au.md §3.3), openssl writes
// PEM (NomuPay, spec/nomupay-au.md §3), and a PEM pasted into an environment variable often
// arrives with "\n" escapes instead of line breaks. Every refusal says what was expected and
// never repeats the key.

/** A key as configured: Base64 DER, PEM, or an already loaded `KeyObject`. */
export type KeyInput = string | KeyObject;

export type KeyKind = 'private' | 'public';

/** Why a key text was refused, whatever the algorithm. */
export type KeyEncodingErrorCode =
  | 'unrecognised_format'
  | 'escaped_line_breaks'
  | 'encrypted'
  | 'wrong_key_kind';

/** How an acquirer's module names its keys in messages. */
export interface KeyRoles {
  /** e.g. `the merchant private key`, `Antom's public key`. */
  readonly name: Readonly<Record<KeyKind, string>>;
  /** What the key is for and where it comes from, e.g. `signs requests; from the Dashboard`. */
  readonly purpose: Readonly<Record<KeyKind, string>>;
}

/**
 * The base of each acquirer's key error (`AntomKeyError`, `NomupayKeyError`): a code the merchant
 * can switch on and a message that never repeats the key.
 */
export abstract class KeyError<Code extends string> extends Error {
  readonly code: Code;

  constructor(code: Code, message: string) {
    super(message);
    this.code = code;
  }
}

type Fail = (code: KeyEncodingErrorCode, message: string) => Error;

const PEM_LABEL = /^-----BEGIN ([A-Z0-9 ]+)-----/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const DER_NAME: Readonly<Record<KeyKind, string>> = { private: 'PKCS#8', public: 'SPKI' };

const role = (roles: KeyRoles, kind: KeyKind) => `${roles.name[kind]} (${roles.purpose[kind]})`;

/** The message for a key of the other kind: a public key never stands in for a private one. */
export function wrongKindMessage(roles: KeyRoles, wanted: KeyKind): string {
  return wanted === 'private'
    ? `This is a public key, but signing needs ${roles.name.private}.`
    : `This is a private key, but verifying needs ${roles.name.public}; never give a private key where a public one is expected.`;
}

function parseDer(der: Buffer, kind: KeyKind): KeyObject | undefined {
  try {
    return kind === 'private'
      ? createPrivateKey({ key: der, format: 'der', type: 'pkcs8' })
      : createPublicKey({ key: der, format: 'der', type: 'spki' });
  } catch {
    return undefined;
  }
}

function readPem(text: string, kind: KeyKind, roles: KeyRoles, fail: Fail): KeyObject {
  if (text.includes('\\n')) {
    throw fail(
      'escaped_line_breaks',
      `The PEM given as ${role(roles, kind)} holds the two characters "\\n" instead of line breaks (common when a PEM is put in an environment variable): replace them with real line breaks.`,
    );
  }
  const label = PEM_LABEL.exec(text)?.[1] ?? '';
  if (label.includes('ENCRYPTED') || text.includes('Proc-Type: 4,ENCRYPTED')) {
    throw fail(
      'encrypted',
      `The PEM given as ${role(roles, kind)} is encrypted; give the unencrypted key (openssl pkcs8 -topk8 -nocrypt).`,
    );
  }
  if (label.includes('PRIVATE') !== (kind === 'private')) {
    throw fail('wrong_key_kind', `${wrongKindMessage(roles, kind)} (PEM "${label}")`);
  }
  try {
    return kind === 'private' ? createPrivateKey(text) : createPublicKey(text);
  } catch {
    throw fail(
      'unrecognised_format',
      `The PEM given as ${role(roles, kind)} could not be read; check that it was copied whole, armour lines included.`,
    );
  }
}

function readBase64Der(text: string, kind: KeyKind, roles: KeyRoles, fail: Fail): KeyObject {
  // Copies wrapped at 64 or 76 characters load like the one-line form.
  const compact = text.replace(/\s+/g, '');
  const der = BASE64.test(compact) ? Buffer.from(compact, 'base64') : undefined;
  const key = der && parseDer(der, kind);
  if (key) return key;
  if (der && parseDer(der, kind === 'private' ? 'public' : 'private')) {
    throw fail('wrong_key_kind', wrongKindMessage(roles, kind));
  }
  throw fail(
    'unrecognised_format',
    `Expected ${role(roles, kind)}, as Base64 ${DER_NAME[kind]} DER (no armour) or as PEM; got something that is neither.`,
  );
}

/**
 * Loads a private or public key from PEM, Base64 DER (PKCS#8 for private keys, SPKI for public
 * ones) or a `KeyObject`, refusing a key of the other kind: a public key is never derived from a
 * private key given by mistake. `fail` builds the module's own error. The algorithm is the
 * caller's to check.
 */
export function readKey(input: KeyInput, kind: KeyKind, roles: KeyRoles, fail: Fail): KeyObject {
  let key: KeyObject;
  if (input instanceof KeyObject) key = input;
  else if (typeof input !== 'string') {
    throw fail('unrecognised_format', `Expected ${role(roles, kind)} as a string or a KeyObject.`);
  } else {
    const text = input.trim();
    key = text.startsWith('-----BEGIN')
      ? readPem(text, kind, roles, fail)
      : readBase64Der(text, kind, roles, fail);
  }
  if (key.type !== kind) {
    throw fail(
      'wrong_key_kind',
      key.type === 'secret'
        ? `Expected ${role(roles, kind)}; got a secret key.`
        : wrongKindMessage(roles, kind),
    );
  }
  return key;
}
