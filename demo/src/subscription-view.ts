import type { PaymentView } from '@au-pay/bridge';
import type { SubscriptionKind, SubscriptionStatus } from '@au-pay/core';

/**
 * A subscription as the bridge's `GET /v1/subscriptions/:id` answers it (DESIGN
 * "/v1/subscriptions"): the fields the demo reads. Instants are ISO strings, as in `PaymentView`.
 */
export interface SubscriptionView {
  id: string;
  kind: SubscriptionKind;
  status: SubscriptionStatus;
  /** The monthly price, the first charge of an `on_demand` one, or null (applied without a charge). */
  amount: number | null;
  itemName: string;
  merchantReference: string;
  customerId: string;
  createdAt: string;
  activatedAt: string | null;
  cancelledAt: string | null;
  /** The payments of the subscription (the first charge, each month, each on-demand charge). */
  charges?: PaymentView[];
}

/** `POST /v1/subscriptions` and `POST /v1/subscriptions/:id/resume`: the buyer's client secret. */
export interface SubscriptionCheckout {
  id: string;
  status: SubscriptionStatus;
  kind: SubscriptionKind;
  clientSecret: string;
}
