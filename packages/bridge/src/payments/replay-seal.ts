import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import type { IdempotencyOptions } from './idempotency.js';

/**
 * Seals the client secret inside a stored idempotent response. A merchant retrying a create with
 * the same Idempotency-Key must get the same answer, client secret included, yet the database must
 * never hold the secret in clear: it is kept AES-256-GCM encrypted under a key derived from the
 * bridge's secret key, bound to the payment id.
 */
export class ReplaySeal {
  readonly #key: Buffer;

  constructor(secretKey: string) {
    this.#key = Buffer.from(
      hkdfSync('sha256', secretKey, 'au-pay', 'idempotent response client secret', 32),
    );
  }

  seal(plaintext: string, paymentId: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv);
    cipher.setAAD(Buffer.from(paymentId, 'utf8'));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return `sealed.v1.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`;
  }

  /** Null when the value was not sealed by this key (for example after a key rotation). */
  open(sealed: string, paymentId: string): string | null {
    if (!sealed.startsWith('sealed.v1.')) return null;
    const raw = Buffer.from(sealed.slice('sealed.v1.'.length), 'base64url');
    if (raw.length < 28) return null;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.#key, raw.subarray(0, 12));
      decipher.setAAD(Buffer.from(paymentId, 'utf8'));
      decipher.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    } catch {
      return null;
    }
  }

  /**
   * How an idempotent answer carrying `{ id, clientSecret }` (a created payment or subscription)
   * is stored: the secret sealed under its object's id, opened again for a replay.
   */
  storedForm(): NonNullable<IdempotencyOptions['storedForm']> {
    return {
      write: (answer) => {
        const body = answer.body as { id?: string; clientSecret?: string };
        return JSON.stringify(
          body.id !== undefined && body.clientSecret !== undefined
            ? { ...body, clientSecret: this.seal(body.clientSecret, body.id) }
            : body,
        );
      },
      read: (stored, status) => {
        const body = JSON.parse(stored) as { id?: string; clientSecret?: string };
        if (body.id === undefined || body.clientSecret === undefined) return { status, body };
        const clientSecret = this.open(body.clientSecret, body.id);
        return clientSecret === null ? null : { status, body: { ...body, clientSecret } };
      },
    };
  }
}
