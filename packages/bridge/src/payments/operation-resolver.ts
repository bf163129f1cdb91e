import { type BridgeContext, connectorOf } from '../bridge-context.js';
import { announceOutcomeUnknown, settleOpenOperation } from './open-operations.js';
import { underOperationLock } from './operation-lock.js';

// Bounded, so that a pass never runs long; the oldest operations come first.
const BATCH = 100;

/**
 * One pass of the resolver (DESIGN.md "Money operations whose outcome is unknown"): every payment
 * whose operation has been open longer than `openOperationInquiryDelayMs` is looked at under its
 * operation lock, so several bridge instances may run it at once and an operation whose request
 * is still waiting for the acquirer (it holds the lock) is left alone. Where the connector has an
 * inquiry, its answer settles the operation exactly as `resolve` would; otherwise, or while the
 * acquirer does not know either, the merchant is told once (`payment.operation_unknown`).
 * Returns how many payments it looked at.
 */
export async function resolveOpenOperations(context: BridgeContext): Promise<number> {
  const olderThan = new Date(
    context.now().getTime() - context.settings.openOperationInquiryDelayMs,
  );
  const ids = await context.store.listOpenOperations(olderThan, BATCH);
  for (const id of ids) {
    try {
      await underOperationLock(context, id, () => inquireAndSettle(context, id, olderThan));
    } catch (error) {
      context.logger.error({ paymentId: id, err: error }, 'could not resolve the open operation');
    }
  }
  return ids.length;
}

async function inquireAndSettle(
  context: BridgeContext,
  paymentId: string,
  olderThan: Date,
): Promise<void> {
  const payment = await context.store.getPayment(paymentId);
  const operation = payment?.openOperation;
  // Settled or replaced since the listing.
  if (!payment || !operation || operation.requestedAt.getTime() > olderThan.getTime()) return;
  let answer: 'applied' | 'not_applied' | 'unknown' = 'unknown';
  const connector = connectorOf(context, payment.acquirer);
  if (connector.inquire) {
    try {
      answer = await connector.inquire(payment, operation);
    } catch (error) {
      context.logger.warn(
        { paymentId, operationId: operation.id, err: error },
        'the acquirer could not be asked about the open operation',
      );
    }
  }
  if (answer === 'unknown') {
    await announceOutcomeUnknown(context, paymentId, operation);
    return;
  }
  await settleOpenOperation(context, payment, operation, answer === 'applied', 'inquiry');
}
