import type { AppliedResult, VerifiedResult } from '../acquirers/acquirer.js';
import type { BridgeContext } from '../bridge-context.js';
import type { PaymentChange, PaymentRecord } from '../store/payment-store.js';
import { withSettlementDeadline } from './authorization-expiry.js';
import { paymentChange, withFlag } from './payment-changes.js';
import { applyStatusEvent } from './status-model.js';

/**
 * Applies what an acquirer's notification says, once verified by its connector, exactly once by
 * its `resultId`: the same result again changes nothing; a different success for a payment
 * already paid sets the `conflicting_purchase` flag once; a success after the payment expired or
 * failed moves it on (late success). Events and webhooks are written in the same transaction, and
 * so is the result's `notificationId`: a notification recorded already changes nothing.
 */
export async function applyVerifiedResult(
  context: BridgeContext,
  paymentId: string,
  result: VerifiedResult,
): Promise<AppliedResult> {
  const written = await context.store.updatePayment(paymentId, (current) =>
    notedChange(context, current, result),
  );
  return written ? outcomeOf(written, result) : { outcome: 'not_found' };
}

/**
 * `applyVerifiedResult` for the payment of an acquirer's order id, the result read from the
 * payment as it stands under the lock (`resultFor`: null refuses it, and nothing is written): a
 * notification that names only the order id then reads the payment once.
 */
export async function applyVerifiedResultToOrder(
  context: BridgeContext,
  orderId: string,
  resultFor: (current: PaymentRecord) => VerifiedResult | null,
): Promise<AppliedResult | { outcome: 'refused' }> {
  let result: VerifiedResult | null = null;
  const written = await context.store.updatePaymentByOrderId(orderId, (current) => {
    result = resultFor(current);
    return result && notedChange(context, current, result);
  });
  if (!written) return { outcome: 'not_found' };
  return result ? outcomeOf(written, result) : { outcome: 'refused' };
}

/** The change a result makes, with its notification recorded in the same write. */
function notedChange(
  context: BridgeContext,
  current: PaymentRecord,
  result: VerifiedResult,
): PaymentChange | null {
  const change = resultChange(context, current, result);
  return change && result.notificationId !== undefined
    ? { ...change, notification: { acquirer: current.acquirer, id: result.notificationId } }
    : change;
}

function outcomeOf(
  written: { payment: PaymentRecord; changed: boolean },
  result: VerifiedResult,
): AppliedResult {
  if (written.changed) return { outcome: 'applied', payment: written.payment };
  return {
    outcome: written.payment.paidResultId === result.resultId ? 'repeat' : 'ignored',
    payment: written.payment,
  };
}

/**
 * The one write a result makes, or null when it changes nothing (a repeat, or news older than
 * what the payment already knows: a payment never moves backwards).
 */
function resultChange(
  context: BridgeContext,
  current: PaymentRecord,
  result: VerifiedResult,
): PaymentChange | null {
  if (result.kind === 'failed') return failedChange(context, current, result);
  const now = context.now();
  const webhooks = context.config.webhook !== null;
  const received = result.evidence;

  if (current.paidResultId === result.resultId) return null;
  if (current.paidResultId !== null) {
    // An acquirer charges one payment once (SBPS refuses a second completed purchase for one
    // order_id), so this should never happen; if it does, money may have moved twice: tell the
    // merchant once, change nothing else.
    if (current.flags.includes('conflicting_purchase')) return null;
    context.logger.error(
      { paymentId: current.id, resultId: result.resultId },
      'a second successful purchase was notified for one payment',
    );
    return paymentChange(withFlag(current, 'conflicting_purchase'), now, [
      { type: `${received.type}.conflicting_purchase`, data: received.data },
    ]);
  }

  const decision = applyStatusEvent(
    current,
    {
      type: 'acquirer_succeeded',
      amount: result.amount,
      ...(result.paidAt && { paidAt: result.paidAt }),
    },
    now,
  );
  if (!decision.ok) {
    context.logger.error(
      { paymentId: current.id, refusal: decision.refusal.code },
      'acquirer result could not be applied',
    );
    return null;
  }
  const next: PaymentRecord = withSettlementDeadline({
    ...decision.payment,
    acquirerReference: result.acquirerReference,
    paidResultId: result.resultId,
    purchaseRequestedAt: result.purchaseRequestedAt ?? current.purchaseRequestedAt,
  });
  const webhookType =
    current.captureMode === 'automatic' ? 'payment.captured' : 'payment.authorized';
  const paid = {
    type: webhookType,
    data: { amount: next.amount, trackingId: result.acquirerReference },
  };

  if (decision.notice === 'late_success') {
    // The buyer paid after the bridge gave the payment up. The money moved at the acquirer, so the
    // merchant is told, to ship or to refund: an expired or failed payment moves on as if it had
    // still been pending (core's late success), so it can be captured, cancelled or refunded, with
    // the usual event and webhook. A repeat carries the same result id and is stopped above, so
    // all of this happens once.
    context.logger.warn(
      { paymentId: current.id, status: current.status, nextStatus: decision.payment.status },
      'late successful purchase',
    );
    return paymentChange(
      withFlag(next, 'late_success'),
      now,
      [
        received,
        {
          type: 'payment.late_success',
          data: { status: current.status, trackingId: result.acquirerReference },
        },
        paid,
      ],
      { type: webhookType, enabled: webhooks, extra: { lateSuccess: true } },
    );
  }
  if (!decision.changed) return null;
  return paymentChange(next, now, [received, paid], { type: webhookType, enabled: webhooks });
}

/** A failure the acquirer notified: a pending payment fails; anything later stays as it is. */
function failedChange(
  context: BridgeContext,
  current: PaymentRecord,
  result: Extract<VerifiedResult, { kind: 'failed' }>,
): PaymentChange | null {
  const now = context.now();
  const decision = applyStatusEvent(current, { type: 'acquirer_failed' }, now);
  if (!decision.ok || !decision.changed) return null;
  context.logger.info({ paymentId: current.id, reason: result.reason }, 'purchase failed');
  return paymentChange(decision.payment, now, [result.evidence], {
    type: 'payment.failed',
    enabled: context.config.webhook !== null,
  });
}
