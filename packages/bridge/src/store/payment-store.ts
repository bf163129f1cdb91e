import type { AcquirerId, CaptureMode, Layout, PaymentStatus } from '@au-pay/core';
import type { SubscriptionStore } from './subscription-store.js';

/** A payment as the bridge keeps it. Amounts are whole yen. */
export interface PaymentRecord {
  /** Public id, `pay_` + 22 base62 characters. */
  id: string;
  acquirer: AcquirerId;
  status: PaymentStatus;
  currency: 'JPY';
  /** The amount the merchant's server created; the only amount ever sent to the acquirer. */
  amount: number;
  capturedAmount: number;
  refundedAmount: number;
  /** What a partial cancel gave up of the authorization (core's PaymentSnapshot.cancelledAmount). */
  cancelledAmount: number;
  captureMode: CaptureMode;
  merchantReference: string;
  itemName: string;
  returnUrl: string;
  /** SHA-256 hex of the client secret: the secret itself is never stored. */
  clientSecretHash: string;
  /** The acquirer's order id (SBPS `order_id`), unique per merchant; one per payment, reused by every checkout. */
  orderId: string;
  /** SBPS `cust_code`: the merchant's customer id when given, else the payment id. */
  custCode: string;
  /** The acquirer's handle once known (SBPS `res_tracking_id`). */
  acquirerReference: string | null;
  /**
   * The `resultId` of the success applied to this payment (SBPS `res_tracking_id`), null until
   * paid: the same result again is a repeat, another one a conflicting purchase. Not
   * `acquirerReference`, which some acquirers know from the checkout's start.
   */
  paidResultId: string | null;
  /** Layout of the latest checkout, sent to the acquirer as its screen type. */
  layout: Layout | null;
  /** Number of checkouts served (each signs a fresh `request_date`). */
  checkoutCount: number;
  partialCaptureCount: number;
  refundCount: number;
  /** Things the merchant must look at, e.g. `late_success`, `displayed_amount_mismatch`. */
  flags: string[];
  /**
   * The capture, cancel or refund sent to the acquirer whose answer is not recorded yet: written
   * before the acquirer is called, cleared with its answer. While set, nothing else is sent
   * (DESIGN.md "Money operations whose outcome is unknown").
   */
  openOperation: OpenOperation | null;
  createdAt: Date;
  /** After this instant a pending payment becomes `expired`. */
  expiresAt: Date;
  authorizedAt: Date | null;
  capturedAt: Date | null;
  /**
   * The acquirer's date of the purchase request (SBPS: the A01-1's `request_date`, echoed in the
   * A02-1), once a success reported it: the settlement window counts from it (core's
   * settlementWindowStart). Null until then, or at an acquirer that does not report it.
   */
  purchaseRequestedAt: Date | null;
  /**
   * The settlement deadline of an authorization (exclusive; core's acquirerSettlementDeadline),
   * set when the payment is authorized at an acquirer with a settlement window, else null. The
   * sweep warns the merchant a week before it and expires the authorization at it.
   */
  settleBy: Date | null;
  updatedAt: Date;
  /** Incremented by the store on every write. */
  version: number;
  /** The subscription this payment charges (a consent's first charge, an on-demand charge, a month). */
  subscriptionId?: string;
  /** `yyyy-MM`: the month of a `monthly` subscription this payment records (one per month). */
  billingMonth?: string;
}

export type OperationKind = 'capture' | 'cancel' | 'refund';

/** A money operation sent (or about to be sent) to the acquirer, its outcome not yet recorded. */
export interface OpenOperation {
  /** `op_...`, stable: passed to the connector (the acquirer's own idempotency, where it has one). */
  id: string;
  kind: OperationKind;
  /** Yen this operation moves. */
  amount: number;
  /** As the status model counts it (what the events and webhooks say). */
  partial: boolean;
  /** The merchant's `Idempotency-Key` of the request that sent it, if any. */
  idempotencyKey: string | null;
  /** The instant the operation was decided and recorded, just before the acquirer was called. */
  requestedAt: Date;
}

/** One entry of a payment's append-only history. */
export interface PaymentEvent {
  id: string;
  paymentId: string;
  /** e.g. `payment.created`, `checkout.served`, `sbps.notification`, `payment.captured`, `refund.refused`. */
  type: string;
  data: Record<string, unknown>;
  createdAt: Date;
}

export type NewPaymentEvent = Pick<PaymentEvent, 'type' | 'data'>;

/**
 * The flag of an authorization whose settlement deadline is a week away or less: the merchant has
 * been told (`payment.authorization_expiring`), once.
 */
export const AUTHORIZATION_EXPIRING_FLAG = 'authorization_expiring';

/** What webhooks tell the merchant (README "Webhooks"). */
export const webhookEventTypes = [
  'payment.authorized',
  'payment.captured',
  'payment.refunded',
  'payment.cancelled',
  'payment.failed',
  'payment.expired',
  // A capture, cancel or refund was sent and its outcome is unknown: resolve it.
  'payment.operation_unknown',
  // An authorization's settlement deadline is a week away: capture or cancel it before then.
  'payment.authorization_expiring',
  'subscription.activated',
  'subscription.cancelled',
  'subscription.expired',
  'subscription.payment_failed',
] as const;

export type WebhookEventType = (typeof webhookEventTypes)[number];

/** A webhook to deliver: `payload` is the exact JSON body that is signed and sent. */
export interface NewWebhookMessage {
  /** Event id (`evt_...`), also inside the payload, for the merchant's de-duplication. */
  id: string;
  type: WebhookEventType;
  payload: string;
}

export interface WebhookMessage extends NewWebhookMessage {
  /** The payment it is about; null for a subscription's own webhook. */
  paymentId: string | null;
  /** The subscription it is about, when it is a subscription's own webhook. */
  subscriptionId?: string;
  attempts: number;
  nextAttemptAt: Date;
  deliveredAt: Date | null;
  /** Set when retries are exhausted: the message stays in the outbox for operators. */
  abandonedAt: Date | null;
  lastError: string | null;
  createdAt: Date;
}

/** What one decision writes: the next payment, its history entries and its webhooks, in one transaction. */
export interface PaymentChange {
  payment: PaymentRecord;
  events: NewPaymentEvent[];
  webhooks: NewWebhookMessage[];
  /**
   * The acquirer's notification this change applies (NomuPay's webhook `id`), recorded in the same
   * transaction: when it is recorded already, the change is a repeat and nothing is written.
   */
  notification?: AcquirerNotification;
}

/** One notification an acquirer sent, by the acquirer's own id for it. */
export interface AcquirerNotification {
  acquirer: AcquirerId;
  id: string;
}

/** Where a page of payments starts: the last payment of the page before. */
export interface ListCursor {
  createdAt: Date;
  id: string;
}

export type IdempotencyClaim =
  | { kind: 'claimed' }
  | { kind: 'in_flight' }
  | { kind: 'replay'; status: number; body: string }
  | { kind: 'mismatch' };

/**
 * The bridge's storage port. Two real implementations (SQLite, PostgreSQL) pass one conformance
 * suite. Money state only changes through `insertPayment` and `updatePayment`, each of which writes
 * the payment, its events and its webhooks atomically.
 */
export interface PaymentStore extends SubscriptionStore {
  /** Creates or upgrades the schema; safe to call on every start. */
  migrate(): Promise<void>;
  close(): Promise<void>;

  /**
   * Fails with `DuplicatePaymentError` when the id or order id exists. The store sets `version` to 1
   * and stamps the event with `payment.createdAt`.
   */
  insertPayment(payment: PaymentRecord, event: NewPaymentEvent): Promise<PaymentRecord>;
  getPayment(id: string): Promise<PaymentRecord | null>;
  getPaymentByOrderId(orderId: string): Promise<PaymentRecord | null>;
  /**
   * Newest first, then by id descending; with `startingAfter`, only the payments strictly after
   * that one in this order (a cursor exact even when many payments share one millisecond).
   */
  listPayments(options: { limit: number; startingAfter?: ListCursor }): Promise<PaymentRecord[]>;
  /** Oldest first. */
  listEvents(paymentId: string): Promise<PaymentEvent[]>;
  /**
   * Locks the payment, passes its current state to `decide` and writes what it returns, all in one
   * transaction; `decide` must be synchronous and pure (the store may call it again when the
   * database asks for a retry). `null` from `decide` writes nothing; a throw writes nothing and
   * rejects. The store sets `version`; the events are stamped, and the webhooks first due, at the
   * returned payment's `updatedAt`, so that everything runs on the caller's clock.
   * Returns null when the payment does not exist. A change whose `notification` is recorded
   * already writes nothing (`changed: false`).
   */
  updatePayment(
    id: string,
    decide: (current: PaymentRecord) => PaymentChange | null,
  ): Promise<{ payment: PaymentRecord; changed: boolean } | null>;
  /**
   * `updatePayment` for the payment of this acquirer order id: a notification that names only the
   * order id reads the payment once, under the lock. Returns null when no payment has it.
   */
  updatePaymentByOrderId(
    orderId: string,
    decide: (current: PaymentRecord) => PaymentChange | null,
  ): Promise<{ payment: PaymentRecord; changed: boolean } | null>;
  /** Whether a change recorded this acquirer notification (PaymentChange.notification). */
  hasAcquirerNotification(notification: AcquirerNotification): Promise<boolean>;
  /** Ids of pending payments whose `expiresAt` is at or before `now`. */
  listExpiredPending(now: Date, limit: number): Promise<string[]>;
  /**
   * Ids of authorized payments the sweep must look at, the earliest `settleBy` first: those whose
   * `settleBy` is at or before `now` (to expire), and those whose `settleBy` is at or before
   * `warnUntil` and that do not carry the AUTHORIZATION_EXPIRING_FLAG yet (to warn).
   */
  listLapsingAuthorizations(now: Date, warnUntil: Date, limit: number): Promise<string[]>;
  /**
   * Ids of payments with an open operation requested at or before `olderThan`, the oldest
   * operation first.
   */
  listOpenOperations(olderThan: Date, limit: number): Promise<string[]>;

  /**
   * Claims an idempotency key for one request. A claim older than `inFlightTtlMs` that never
   * completed may be claimed again (its request died).
   */
  claimIdempotencyKey(
    scope: string,
    key: string,
    requestHash: string,
    now: Date,
    inFlightTtlMs: number,
  ): Promise<IdempotencyClaim>;
  completeIdempotencyKey(
    scope: string,
    key: string,
    response: { status: number; body: string },
  ): Promise<void>;
  /** Forgets a claim whose request failed before changing anything, so it can be retried. */
  releaseIdempotencyKey(scope: string, key: string): Promise<void>;
  /**
   * Deletes up to `limit` idempotency records: completed ones claimed before `completedBefore`,
   * and claims never completed that were claimed before `abandonedBefore`. Answers how many it
   * deleted. Safe to run from several instances at once.
   */
  pruneIdempotencyKeys(options: {
    completedBefore: Date;
    abandonedBefore: Date;
    limit: number;
  }): Promise<number>;

  /**
   * Leases up to `limit` undelivered, unabandoned webhooks due at `now`, so that several bridge
   * instances never send the same message at the same time; the lease ends after `leaseMs`.
   */
  claimDueWebhooks(now: Date, limit: number, leaseMs: number): Promise<WebhookMessage[]>;
  /** Records a successful attempt (counted in `attempts`) and ends the lease. */
  markWebhookDelivered(id: string, at: Date): Promise<void>;
  /**
   * Records a failed attempt at `at` and ends the lease: the message is due again at
   * `nextAttemptAt`, or, when `abandon` is set, never again (`abandonedAt` = `at`).
   */
  markWebhookFailed(
    id: string,
    failure: { error: string; nextAttemptAt: Date; abandon: boolean; at: Date },
  ): Promise<void>;
  listWebhooks(paymentId: string): Promise<WebhookMessage[]>;
}

export class DuplicatePaymentError extends Error {
  constructor(readonly field: 'id' | 'orderId') {
    super(`A payment with this ${field} already exists.`);
    this.name = 'DuplicatePaymentError';
  }
}
