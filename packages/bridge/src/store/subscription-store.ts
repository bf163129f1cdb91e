import type { BillingMonth, Layout, SubscriptionKind, SubscriptionStatus } from '@au-pay/core';
import type {
  ListCursor,
  NewPaymentEvent,
  NewWebhookMessage,
  PaymentChange,
  PaymentRecord,
  WebhookMessage,
} from './payment-store.js';

/**
 * An SBPS subscription as the bridge keeps it (DESIGN "/v1/subscriptions"): a recurring-simple
 * (`monthly`) or fixed-term / pay-as-you-go (`on_demand`) contract, spec/sbps-au.md §4, §7, §14.
 * The fields of core's `SubscriptionSnapshot` are here under the same names.
 */
export interface SubscriptionRecord {
  /** Public id, `sub_` + 22 base62 characters. */
  id: string;
  kind: SubscriptionKind;
  status: SubscriptionStatus;
  /** The monthly price (`monthly`), the first charge (`on_demand` with `pay_type=2`), or null (D01-1 without a charge). */
  amount: number | null;
  itemName: string;
  merchantReference: string;
  /** SBPS `cust_code`: the merchant's customer id (unique per end user, spec §1). */
  customerId: string;
  returnUrl: string;
  /** SHA-256 hex of the current client secret (a resume issues a new one). */
  clientSecretHash: string;
  /** SBPS `order_id` of the current application: the id, then `<id>-r<n>` after the n-th resume. */
  orderId: string;
  /** How many resumes (D01-1 `service_type=2` applications) were asked for. */
  resumeCount: number;
  /** The contract's tracking id (`res_tracking_id` of the consent, spec §4 "contract tracking ID"). */
  contractTrackingId: string | null;
  layout: Layout | null;
  checkoutCount: number;
  /**
   * Keys of the SBPS results already applied (`<message>:<order_id>:<res_tracking_id>[:<month>]`):
   * the same result again is a repeat (spec §5 "idempotency on order_id + res_tracking_id").
   */
  appliedResults: string[];
  /** Things the merchant must look at, e.g. `late_consent`. */
  flags: string[];
  createdAt: Date;
  updatedAt: Date;
  /** When an `incomplete` subscription may be marked `incomplete_expired` (or back to `cancelled`). */
  expiresAt: Date;
  activatedAt: Date | null;
  cancelledAt: Date | null;
  lastChargedAt: Date | null;
  /** The latest month (`yyyy-MM`) SBPS reported as failed. */
  lastFailedMonth: BillingMonth | null;
  /** Incremented by the store on every write. */
  version: number;
}

/** One entry of a subscription's append-only history. */
export interface SubscriptionEventRecord {
  id: string;
  subscriptionId: string;
  type: string;
  data: Record<string, unknown>;
  createdAt: Date;
}

export type NewSubscriptionEvent = Pick<SubscriptionEventRecord, 'type' | 'data'>;

/**
 * What one decision about a subscription writes, in one transaction: the subscription, its history
 * and webhooks, the payments it creates (a consent's first charge, a month's record) and the
 * changes of payments it already has (a failed month).
 */
export interface SubscriptionChange {
  subscription: SubscriptionRecord;
  events: NewSubscriptionEvent[];
  webhooks: NewWebhookMessage[];
  newPayments?: {
    payment: PaymentRecord;
    event: NewPaymentEvent;
    webhooks?: NewWebhookMessage[];
  }[];
  paymentChanges?: PaymentChange[];
}

/** The store's part for subscriptions; both stores implement it beside `PaymentStore`. */
export interface SubscriptionStore {
  /** Fails with `DuplicateSubscriptionError` when the id or order id exists; sets `version` to 1. */
  insertSubscription(
    subscription: SubscriptionRecord,
    event: NewSubscriptionEvent,
  ): Promise<SubscriptionRecord>;
  getSubscription(id: string): Promise<SubscriptionRecord | null>;
  /** Newest first, then by id descending; with `startingAfter`, strictly after that one. */
  listSubscriptions(options: {
    limit: number;
    startingAfter?: ListCursor;
  }): Promise<SubscriptionRecord[]>;
  /** Oldest first. */
  listSubscriptionEvents(subscriptionId: string): Promise<SubscriptionEventRecord[]>;
  /** The payments of a subscription (charges, monthly records), oldest first. */
  listSubscriptionPayments(subscriptionId: string): Promise<PaymentRecord[]>;
  /**
   * Locks the subscription and its payments, passes them to `decide` and writes what it returns,
   * all in one transaction (as `updatePayment`; `decide` synchronous and safe to call again). A
   * payment of the subscription whose `billingMonth` is already recorded makes the whole write fail
   * (UNIQUE(subscription_id, billing_month)). Null when the subscription does not exist.
   */
  updateSubscription(
    id: string,
    decide: (current: SubscriptionRecord, payments: PaymentRecord[]) => SubscriptionChange | null,
  ): Promise<{ subscription: SubscriptionRecord; changed: boolean } | null>;
  /** The subscription's own webhooks (not those of its payments), oldest first. */
  listSubscriptionWebhooks(subscriptionId: string): Promise<WebhookMessage[]>;
  /** Ids of subscriptions in `status` (of `kind` when given), by id, strictly after `afterId`. */
  listSubscriptionIds(options: {
    status: SubscriptionStatus;
    kind?: SubscriptionKind;
    afterId?: string;
    limit: number;
  }): Promise<string[]>;
}

export class DuplicateSubscriptionError extends Error {
  constructor() {
    super('A subscription with this id or order id already exists.');
    this.name = 'DuplicateSubscriptionError';
  }
}
