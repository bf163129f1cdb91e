// The claims both directions carry in the protected header (spec/nomupay-au.md §3, §4): `kid`, a
// KSUID of 27 alphanumerics; `exp`, seconds since the epoch, at most 5 minutes ahead for requests
// (3 recommended). Core has no clock: every signer and verifier is given `now`.

/** `kid` values are KSUIDs: 27 letters and digits (spec §2, §4). */
export const NOMUPAY_KID = /^[A-Za-z0-9]{27}$/;

/** Longest `exp` NomuPay accepts on a request: 5 minutes ahead (spec §3). */
export const NOMUPAY_MAX_LIFETIME_SECONDS = 300;

/** What the integration kit recommends for requests: 3 minutes (spec §3). */
export const NOMUPAY_REQUEST_LIFETIME_SECONDS = 180;

/** Which input of a signer was refused. */
export type NomupaySigningInput =
  | 'method'
  | 'path'
  | 'kid'
  | 'lifetimeSeconds'
  | 'audience'
  | 'now';

/** Thrown by a signer given an input it cannot put in a token NomuPay would accept. */
export class NomupaySigningError extends Error {
  override readonly name = 'NomupaySigningError';
  readonly input: NomupaySigningInput;

  constructor(input: NomupaySigningInput, message: string) {
    super(message);
    this.input = input;
  }
}

export function checkKid(kid: string): void {
  if (!NOMUPAY_KID.test(kid)) {
    throw new NomupaySigningError(
      'kid',
      'The kid must be the 27-character KSUID NomuPay support issued with the key (letters and digits only).',
    );
  }
}

/** `exp` for a token signed at `now` that lives `lifetimeSeconds` (1 to 300). */
export function expiryOf(now: Date, lifetimeSeconds: number): number {
  if (!Number.isFinite(now.getTime())) {
    throw new NomupaySigningError('now', 'now is an invalid Date.');
  }
  if (
    !Number.isInteger(lifetimeSeconds) ||
    lifetimeSeconds < 1 ||
    lifetimeSeconds > NOMUPAY_MAX_LIFETIME_SECONDS
  ) {
    throw new NomupaySigningError(
      'lifetimeSeconds',
      `lifetimeSeconds must be a whole number from 1 to ${NOMUPAY_MAX_LIFETIME_SECONDS}: NomuPay refuses an exp more than 5 minutes ahead (spec §3).`,
    );
  }
  return Math.floor(now.getTime() / 1000) + lifetimeSeconds;
}

/** Refuses a body that is not the raw bytes: signatures cover bytes, not parsed JSON. */
export function checkRawBody(body: unknown): void {
  if (typeof body !== 'string' && !(body instanceof Uint8Array)) {
    throw new TypeError(
      'The body must be the raw bytes (or the exact string) of the HTTP body: it was parsed, and a body that is parsed and re-serialised no longer matches its signature. Read it with express.raw() or await response.arrayBuffer() before any JSON parsing.',
    );
  }
}
