import { apiError, type NomupayApiError } from './api-error.js';

/** The resources whose requests take an `idempotencyKey` (spec/nomupay-au.md §9). */
export type IdempotentResource = 'payments' | 'captures' | 'cancels' | 'refunds';

/** A stored answer: what the first request with the key was answered. */
export interface StoredAnswer {
  readonly status: number;
  readonly body: string;
}

interface Entry extends StoredAnswer {
  /** What the request was (path and body): the same key with another payload is a 409. */
  readonly fingerprint: string;
  readonly storedAt: Date;
}

/** Keys are kept one week, then may be reused (spec §9). */
const RETENTION_MS = 7 * 24 * 60 * 60 * 1000;

/** Whether `key` is a usable idempotency key: 8 to 50 characters inclusive (spec §9). */
export function checkIdempotencyKey(key: unknown): NomupayApiError | undefined {
  if (typeof key === 'string' && key.length >= 8 && key.length <= 50) return undefined;
  return apiError(
    400,
    'invalid_idempotency_key',
    'idempotencyKey must be one string of 8 to 50 characters (a UUID v4 is recommended).',
    'idempotencyKey は 8〜50 文字の文字列で指定してください（UUID v4 を推奨）。',
  );
}

/** The answers stored by key, per resource ("per request, not per resource", spec §9). */
export class IdempotencyStore {
  readonly #entries = new Map<string, Entry>();

  /** The stored answer for `key`, a 409 when it was used for another payload, or undefined. */
  replay(
    resource: IdempotentResource,
    key: string,
    fingerprint: string,
    now: Date,
  ): StoredAnswer | NomupayApiError | undefined {
    const entry = this.#live(resource, key, now);
    if (!entry) return undefined;
    if (entry.fingerprint !== fingerprint) {
      return apiError(
        409,
        'idempotency_key_reused',
        'This idempotencyKey was used for a different request; use a new key for a new request.',
        'この idempotencyKey は別のリクエストで使用済みです。新しいリクエストには新しいキーを使用してください。',
      );
    }
    return { status: entry.status, body: entry.body };
  }

  store(
    resource: IdempotentResource,
    key: string,
    fingerprint: string,
    answer: StoredAnswer,
    now: Date,
  ): void {
    this.#entries.set(`${resource}\n${key}`, { ...answer, fingerprint, storedAt: now });
  }

  /** `GET /v1/requests/{resource}?idempotencyKey=`: the stored answer (spec §9). */
  find(resource: IdempotentResource, key: string, now: Date): StoredAnswer | undefined {
    return this.#live(resource, key, now);
  }

  #live(resource: IdempotentResource, key: string, now: Date): Entry | undefined {
    const id = `${resource}\n${key}`;
    const entry = this.#entries.get(id);
    if (entry && now.getTime() - entry.storedAt.getTime() >= RETENTION_MS) {
      this.#entries.delete(id);
      return undefined;
    }
    return entry;
  }
}
