import type { BridgeContext } from '../bridge-context.js';

/**
 * How long a completed `Idempotency-Key` keeps replaying its answer: 24 hours, as Stripe keeps
 * them. After that the key is forgotten and a request under it is a new request.
 */
export const IDEMPOTENCY_KEY_RETENTION_MS = 24 * 60 * 60 * 1000;

const BATCH = 500;
// Bounded, so a pass never spins on a huge backlog: the next pass takes the rest.
const MAX_BATCHES = 10;

/**
 * Deletes idempotency records past their 24 hours; returns how many. Completed answers go once
 * claimed more than 24 h ago. A claim never completed (its request or instance died) goes only
 * when it is also past the in-flight TTL, after which any same-body retry may take it over
 * anyway: no live request holds it then. This covers the operation lock's claims
 * (operation-lock.ts), which are never completed, only released.
 */
export async function pruneIdempotencyKeys(context: BridgeContext): Promise<number> {
  const now = context.now().getTime();
  const completedBefore = new Date(now - IDEMPOTENCY_KEY_RETENTION_MS);
  const abandonedBefore = new Date(
    now - Math.max(IDEMPOTENCY_KEY_RETENTION_MS, context.settings.idempotencyInFlightTtlMs),
  );
  let pruned = 0;
  for (let batch = 0; batch < MAX_BATCHES; batch += 1) {
    const deleted = await context.store.pruneIdempotencyKeys({
      completedBefore,
      abandonedBefore,
      limit: BATCH,
    });
    pruned += deleted;
    if (deleted < BATCH) break;
  }
  if (pruned > 0) context.logger.info({ pruned }, 'idempotency keys pruned');
  return pruned;
}
