import { pooledRandomBytes } from './random-pool.js';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
// 248 = 4 × 62: bytes at or above it are dropped so that every character is equally likely.
const UNBIASED_BYTE_LIMIT = 248;
const ID_LENGTH = 22;

/** A fresh id like `evt_3fQ9...`: the prefix, an underscore and 22 random base62 characters (~131 bits). */
export function newPublicId(prefix: string): string {
  let id = `${prefix}_`;
  let wanted = ID_LENGTH;
  while (wanted > 0) {
    // A few spare bytes, so that one draw almost always covers the dropped ones (8 in 256).
    const bytes = pooledRandomBytes(wanted + 4);
    for (let i = 0; i < bytes.length && wanted > 0; i += 1) {
      const byte = bytes[i] as number;
      if (byte < UNBIASED_BYTE_LIMIT) {
        id += BASE62[byte % 62];
        wanted -= 1;
      }
    }
  }
  return id;
}
