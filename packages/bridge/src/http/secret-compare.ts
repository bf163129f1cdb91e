import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * A constant-time check against one secret. Both sides are SHA-256 digests, so the comparison
 * takes the same time whatever the lengths (timingSafeEqual itself requires equal lengths); the
 * expected digest is computed once.
 */
export function secretMatcher(expected: string): (given: string) => boolean {
  const expectedDigest = createHash('sha256').update(expected, 'utf8').digest();
  return (given) =>
    timingSafeEqual(createHash('sha256').update(given, 'utf8').digest(), expectedDigest);
}

/** SHA-256 hex of a client secret, the only form in which the bridge keeps it. */
export function hashClientSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Constant-time check of a client secret against its stored SHA-256 hex. */
export function clientSecretMatches(given: string, storedHash: string): boolean {
  const a = createHash('sha256').update(given, 'utf8').digest();
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}
