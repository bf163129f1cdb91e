import type { BridgeContext } from '../bridge-context.js';
import { ApiError } from '../http/api-error.js';

// Serialises everything that may send a money operation or settle one on one payment (capture,
// cancel, refund, resolve, the inquiry resolver) across requests and bridge instances: two of them
// never reach the acquirer at the same time. Built on the store's idempotency claims, so it works
// with several instances on PostgreSQL; a claim left by a dead instance lapses after the
// in-flight TTL.
const OPERATION_LOCK_SCOPE = 'payment-operation-lock';

/**
 * Runs `work` while holding the payment's operation lock. Answers `{ ran: false }` without running
 * it when someone else holds the lock.
 */
export async function underOperationLock<T>(
  context: BridgeContext,
  paymentId: string,
  work: () => Promise<T>,
): Promise<{ ran: true; value: T } | { ran: false }> {
  const { store } = context;
  const lock = await store.claimIdempotencyKey(
    OPERATION_LOCK_SCOPE,
    paymentId,
    'lock',
    context.now(),
    context.settings.idempotencyInFlightTtlMs,
  );
  if (lock.kind !== 'claimed') return { ran: false };
  try {
    return { ran: true, value: await work() };
  } finally {
    await store.releaseIdempotencyKey(OPERATION_LOCK_SCOPE, paymentId);
  }
}

export function paymentBusy(): ApiError {
  return new ApiError(
    409,
    'payment_busy',
    'Another capture, cancel, refund or resolve of this payment is in progress; retry when it has finished.',
    {
      message_ja:
        'この決済に対する別の売上確定・取消・返金・結果確定を処理中です。完了後に再試行してください。',
    },
  );
}
