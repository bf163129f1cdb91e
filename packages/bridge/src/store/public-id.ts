import { randomBytes } from 'node:crypto';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
// 248 = 4 × 62: bytes at or above it are dropped so that every character is equally likely.
const UNBIASED_BYTE_LIMIT = 248;

/** A fresh id like `evt_3fQ9...`: the prefix, an underscore and 22 random base62 characters (~131 bits). */
export function newPublicId(prefix: string): string {
  let id = `${prefix}_`;
  const end = id.length + 22;
  while (id.length < end) {
    for (const byte of randomBytes(32)) {
      if (byte < UNBIASED_BYTE_LIMIT && id.length < end) id += BASE62[byte % 62];
    }
  }
  return id;
}
