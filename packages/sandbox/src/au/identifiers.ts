import { randomBytes, randomInt } from 'node:crypto';

/** An unguessable handle for a buyer's au screens (it sits in the screen URLs). */
export function newSessionId(): string {
  return randomBytes(24).toString('base64url');
}

/** The 6-digit code KDDI "sends to the phone". */
export function newVerificationCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}
