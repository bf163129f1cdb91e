import { hash, timingSafeEqual } from 'node:crypto';

// `crypto.hash` (one call, no Hash object) rather than createHash().update().digest(): these run
// on every merchant API request and every created payment.
const sha256 = (text: string): Buffer => hash('sha256', text, 'buffer');

/**
 * A constant-time check against one secret. Both sides are SHA-256 digests, so the comparison
 * takes the same time whatever the lengths (timingSafeEqual itself requires equal lengths); the
 * expected digest is computed once.
 */
export function secretMatcher(expected: string): (given: string) => boolean {
  const expectedDigest = sha256(expected);
  return (given) => timingSafeEqual(sha256(given), expectedDigest);
}

/** SHA-256 hex of a client secret, the only form in which the bridge keeps it. */
export function hashClientSecret(secret: string): string {
  return hash('sha256', secret, 'hex');
}

/** Constant-time check of a client secret against its stored SHA-256 hex. */
export function clientSecretMatches(given: string, storedHash: string): boolean {
  const a = sha256(given);
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}
