import { randomInt } from 'node:crypto';

const ALPHANUMERIC = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** NomuPay's IDs are KSUID-like: 27 alphanumeric characters (spec/nomupay-au.md §2). */
export function newKsuid(): string {
  let id = '';
  while (id.length < 27) id += ALPHANUMERIC[randomInt(0, ALPHANUMERIC.length)];
  return id;
}

/** The opaque last segment of a tracking URL (spec §8), e.g. `Mjd5aVc5TWd6QnR3`. */
export function newTrackId(): string {
  return Buffer.from(newKsuid().slice(0, 12)).toString('base64url');
}
