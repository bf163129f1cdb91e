import type { IdempotencyClaim } from './payment-store.js';

/** An idempotency key already on record, as both stores read it. */
export interface RecordedIdempotencyKey {
  requestHash: string;
  responseStatus: number | null;
  responseBody: string | null;
}

/**
 * What a request meets when its key is already recorded and could not be (re)claimed. A different
 * request under the same key is refused even after completion: replaying the first response to a
 * different request would tell the merchant something untrue.
 */
export function claimOfRecordedKey(
  recorded: RecordedIdempotencyKey,
  requestHash: string,
): IdempotencyClaim {
  if (recorded.requestHash !== requestHash) return { kind: 'mismatch' };
  if (recorded.responseStatus !== null) {
    return { kind: 'replay', status: recorded.responseStatus, body: recorded.responseBody ?? '' };
  }
  return { kind: 'in_flight' };
}
