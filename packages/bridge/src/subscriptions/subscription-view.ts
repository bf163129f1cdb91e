import { nextBillingDate, onDemandContractExpiresAt } from '@au-pay/core';
import { type PaymentView, paymentView } from '../payments/payment-view.js';
import type { PaymentRecord } from '../store/payment-store.js';
import type { SubscriptionEventRecord, SubscriptionRecord } from '../store/subscription-store.js';

/** A subscription as the merchant API shows it: no secret, no internal counter. */
export interface SubscriptionView {
  id: string;
  object: 'subscription';
  acquirer: 'sbps';
  kind: SubscriptionRecord['kind'];
  status: SubscriptionRecord['status'];
  /** The monthly price, the first on-demand charge, or null (an on-demand application without one). */
  amount: number | null;
  currency: 'JPY';
  itemName: string;
  merchantReference: string;
  customerId: string;
  returnUrl: string;
  /** SBPS's tracking id of the contract, once the buyer consented. */
  contractTrackingId: string | null;
  /** `monthly`, active: when SBPS bills next (00:00 JST on the 1st). */
  nextBillingDate: string | null;
  /** `on_demand`, once consented: when the contract expires without a further charge (365th day). */
  contractExpiresAt: string | null;
  /** The latest month SBPS reported as failed (`yyyy-MM`). */
  lastFailedMonth: string | null;
  flags: string[];
  createdAt: string;
  updatedAt: string;
  /** Until when an `incomplete` subscription can be consented to. */
  expiresAt: string;
  activatedAt: string | null;
  cancelledAt: string | null;
  lastChargedAt: string | null;
  /** The payments of this subscription (first charge, monthly records, on-demand charges), oldest first. */
  charges?: PaymentView[];
  events?: { id: string; type: string; data: Record<string, unknown>; createdAt: string }[];
}

/** What `POST /v1/subscriptions` (and `/resume`) answers: the client secret and the buyer's next step. */
export interface CreatedSubscriptionView extends SubscriptionView {
  clientSecret: string;
  nextStep: { type: 'checkout'; url: string; method: 'POST' };
}

export function subscriptionView(
  subscription: SubscriptionRecord,
  now: Date,
  details?: { payments: PaymentRecord[]; events: SubscriptionEventRecord[] },
): SubscriptionView {
  return {
    id: subscription.id,
    object: 'subscription',
    acquirer: 'sbps',
    kind: subscription.kind,
    status: subscription.status,
    amount: subscription.amount,
    currency: 'JPY',
    itemName: subscription.itemName,
    merchantReference: subscription.merchantReference,
    customerId: subscription.customerId,
    returnUrl: subscription.returnUrl,
    contractTrackingId: subscription.contractTrackingId,
    nextBillingDate: nextBillingDate(subscription, now)?.toISOString() ?? null,
    contractExpiresAt: onDemandContractExpiresAt(subscription)?.toISOString() ?? null,
    lastFailedMonth: subscription.lastFailedMonth,
    flags: subscription.flags,
    createdAt: subscription.createdAt.toISOString(),
    updatedAt: subscription.updatedAt.toISOString(),
    expiresAt: subscription.expiresAt.toISOString(),
    activatedAt: subscription.activatedAt?.toISOString() ?? null,
    cancelledAt: subscription.cancelledAt?.toISOString() ?? null,
    lastChargedAt: subscription.lastChargedAt?.toISOString() ?? null,
    ...(details && {
      charges: details.payments.map((payment) => paymentView(payment)),
      events: details.events.map((event) => ({
        id: event.id,
        type: event.type,
        data: event.data,
        createdAt: event.createdAt.toISOString(),
      })),
    }),
  };
}
