import { randomBytes } from 'node:crypto';

/** Bytes drawn from the operating system's CSPRNG at once; one draw serves many ids. */
const POOL_SIZE = 4096;

let pool = randomBytes(POOL_SIZE);
let offset = 0;

/**
 * `size` cryptographically random bytes (at most 4096), each handed out once. One `randomBytes`
 * call per id cost more than the id itself on the hot routes (every payment and event has one):
 * the bytes come from a pool drawn in one call, as Node's own `randomUUID` does. An exhausted pool
 * is replaced, never refilled in place, so bytes already handed out are never overwritten.
 */
export function pooledRandomBytes(size: number): Buffer {
  if (size > POOL_SIZE) throw new RangeError(`at most ${POOL_SIZE} pooled random bytes at a time`);
  if (offset + size > POOL_SIZE) {
    pool = randomBytes(POOL_SIZE);
    offset = 0;
  }
  const bytes = pool.subarray(offset, offset + size);
  offset += size;
  return bytes;
}
