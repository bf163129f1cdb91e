import { type BillingMonth, billingDayOf, billingMonthsBetween } from '@au-pay/core';
import type { BridgeContext } from '../bridge-context.js';
import { paymentView } from '../payments/payment-view.js';
import type { PaymentRecord } from '../store/payment-store.js';
import type { SubscriptionRecord } from '../store/subscription-store.js';
import { buildWebhookMessage } from '../webhooks/webhook-message.js';
import { subscriptionChange } from './subscription-changes.js';
import { subscriptionPayment } from './subscription-results.js';

const PAGE = 100;

/**
 * The months SBPS has billed `subscription` by `now` and the bridge has not recorded: every 1st
 * (00:00 JST) after the sign-up month up to now (core's billing calendar, spec §14, §16).
 */
function unrecordedMonths(
  subscription: SubscriptionRecord,
  payments: PaymentRecord[],
  now: Date,
): BillingMonth[] {
  if (subscription.activatedAt === null) return [];
  const recorded = new Set(payments.map((payment) => payment.billingMonth));
  return billingMonthsBetween(
    subscription,
    subscription.activatedAt,
    new Date(now.getTime() + 1),
  ).filter((month) => !recorded.has(month));
}

/**
 * Records, for one active monthly subscription, the payment of each month SBPS has billed since
 * the sign-up month: `captured` at 00:00 JST on the 1st (SBPS bills automatically and reports only
 * failures, spec §5), with `payment.captured`. Under the subscription's lock, and the month's key
 * is unique (UNIQUE(subscription_id, billing_month)): instances running this at once record each
 * month once. A month SBPS already reported failed is recorded (failed) and left alone.
 */
export async function recordMonthsOf(context: BridgeContext, id: string): Promise<number> {
  const now = context.now();
  let recorded = 0;
  await context.store.updateSubscription(id, (current, payments) => {
    recorded = 0;
    if (current.kind !== 'monthly' || current.status !== 'active' || current.amount === null) {
      return null;
    }
    const months = unrecordedMonths(current, payments, now);
    if (months.length === 0) return null;
    recorded = months.length;
    const amount = current.amount;
    return {
      ...subscriptionChange(context, current, now, [
        { type: 'subscription.months_recorded', data: { months } },
      ]),
      newPayments: months.map((month) => {
        const billedAt = billingDayOf(month);
        const payment = subscriptionPayment(current, amount, billedAt, {
          status: 'captured',
          captureMode: 'automatic',
          billingMonth: month,
        });
        return {
          payment,
          event: { type: 'payment.captured', data: { month, amount, by: 'sbps_monthly_billing' } },
          webhooks:
            context.config.webhook === null
              ? []
              : [buildWebhookMessage('payment.captured', { payment: paymentView(payment) }, now)],
        };
      }),
    };
  });
  if (recorded > 0) {
    context.logger.info({ subscriptionId: id, months: recorded }, 'monthly charges recorded');
  }
  return recorded;
}

/** The monthly job: every active monthly subscription's billed months recorded; safe on several instances. */
export async function recordDueMonths(context: BridgeContext): Promise<number> {
  let recorded = 0;
  let afterId: string | undefined;
  for (;;) {
    const ids = await context.store.listSubscriptionIds({
      status: 'active',
      kind: 'monthly',
      ...(afterId !== undefined && { afterId }),
      limit: PAGE,
    });
    for (const id of ids) recorded += await recordMonthsOf(context, id);
    afterId = ids.at(-1);
    if (ids.length < PAGE) return recorded;
  }
}
