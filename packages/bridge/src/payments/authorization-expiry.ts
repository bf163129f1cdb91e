import {
  acquirerSettlementDeadline,
  getAcquirerProfile,
  SETTLEMENT_WARNING_DAYS,
  settlementWindowStart,
} from '@au-pay/core';
import type { BridgeContext } from '../bridge-context.js';
import {
  AUTHORIZATION_EXPIRING_FLAG,
  type PaymentChange,
  type PaymentRecord,
} from '../store/payment-store.js';
import { paymentChange, withFlag } from './payment-changes.js';
import { applyStatusEvent } from './status-model.js';

const WARNING_MS = SETTLEMENT_WARNING_DAYS * 24 * 60 * 60 * 1000;
const BATCH = 100;
// Bounded, so a pass never runs long on a backlog: the next pass takes the rest.
const MAX_BATCHES = 10;

/**
 * The payment with `settleBy` set while it is authorized: the settlement deadline counted from
 * the acquirer's purchase request date when known (core's settlementWindowStart), so that the
 * store can list the authorizations near it.
 */
export function withSettlementDeadline(payment: PaymentRecord): PaymentRecord {
  if (payment.status !== 'authorized') return payment;
  const settleBy = acquirerSettlementDeadline(
    getAcquirerProfile(payment.acquirer),
    settlementWindowStart(payment),
  );
  return { ...payment, settleBy };
}

/**
 * One pass over authorizations near their settlement deadline (spec/sbps-au.md §15–16: specified
 * sales must be settled by the 90th day, after which SBPS refuses the capture and the
 * authorization is lost): 7 days before it the merchant is told once
 * (`payment.authorization_expiring`, flag `authorization_expiring`), and once it has passed the
 * payment is `expired` (`payment.expired`). Each write re-checks under the payment's row lock, so
 * several bridge instances may run it at once and each warning and expiry happens once.
 * Returns how many payments it looked at.
 */
export async function sweepLapsingAuthorizations(context: BridgeContext): Promise<number> {
  let seen = 0;
  for (let batch = 0; batch < MAX_BATCHES; batch += 1) {
    const now = context.now();
    const ids = await context.store.listLapsingAuthorizations(
      now,
      new Date(now.getTime() + WARNING_MS),
      BATCH,
    );
    for (const id of ids) {
      const result = await context.store.updatePayment(id, (current) =>
        lapseChange(context, current, now),
      );
      if (result?.changed) {
        context.logger.info(
          { paymentId: id, status: result.payment.status, settleBy: result.payment.settleBy },
          result.payment.status === 'expired'
            ? 'authorization expired unsettled'
            : 'authorization near its settlement deadline',
        );
      }
    }
    seen += ids.length;
    if (ids.length < BATCH) break;
  }
  return seen;
}

function lapseChange(
  context: BridgeContext,
  current: PaymentRecord,
  now: Date,
): PaymentChange | null {
  const { settleBy } = current;
  if (current.status !== 'authorized' || settleBy === null) return null;
  const enabled = context.config.webhook !== null;
  if (now.getTime() >= settleBy.getTime()) {
    const decision = applyStatusEvent(current, { type: 'expire' }, now);
    if (!decision.ok || !decision.changed) return null;
    return paymentChange(
      decision.payment,
      now,
      [{ type: 'payment.expired', data: { settleBy: settleBy.toISOString() } }],
      { type: 'payment.expired', enabled },
    );
  }
  if (now.getTime() < settleBy.getTime() - WARNING_MS) return null;
  if (current.flags.includes(AUTHORIZATION_EXPIRING_FLAG)) return null;
  return paymentChange(
    withFlag(current, AUTHORIZATION_EXPIRING_FLAG),
    now,
    [{ type: 'payment.authorization_expiring', data: { settleBy: settleBy.toISOString() } }],
    {
      type: 'payment.authorization_expiring',
      enabled,
      extra: { settleBy: settleBy.toISOString() },
    },
  );
}
