import type { IncomingMessage } from 'node:http';
import type { AcquirerId, Layout } from '@au-pay/core';
import type { Response, Router } from 'express';
import type { Logger } from '../logger.js';
import type {
  NewPaymentEvent,
  OpenOperation,
  OperationKind,
  PaymentRecord,
  PaymentStore,
} from '../store/payment-store.js';

/**
 * Everything acquirer-specific, behind one port (DESIGN.md "Acquirer connectors"): how a checkout
 * starts, the acquirer's own callback routes (notifications, returns) and how it reads them into a
 * neutral verified result, when a served checkout stops being payable, and the server-to-server
 * money calls. What is neutral (applying a result exactly once, expiry, events, webhooks) is in
 * `payments/` and reaches a connector through `AcquirerHost`.
 */
export interface AcquirerConnector {
  readonly id: AcquirerId;

  /**
   * Starts the buyer's checkout: a form the browser posts to the acquirer, or a URL to redirect to.
   * Called before anything is written: a start the acquirer would refuse is never recorded.
   */
  startCheckout(payment: PaymentRecord, request: CheckoutRequest): Promise<CheckoutStart>;

  /** The acquirer's own callback routes, mounted by the bridge at `/<id>`. */
  routes(host: AcquirerHost): Router;

  /**
   * When a pending payment whose checkout was served stops being payable at the acquirer (the
   * bridge adds its notification grace).
   */
  pendingExpiresAt(payment: PaymentRecord, start: CheckoutStart): Date;

  // Each money call gets the payment's open operation: its id (`op_...`) stays the same for as
  // long as the operation is open, so an acquirer with idempotency keys or request ids (Antom,
  // NomuPay) sends it, and the acquirer itself refuses a duplicate and an inquiry can find it.

  /** Settles an authorization; an `amount` below the authorized amount is a partial settlement. */
  capture(payment: PaymentRecord, call: MoneyCall): Promise<AcquirerOutcome>;
  /** Cancels an authorization before settlement. */
  cancel(payment: PaymentRecord, call: MoneyCall): Promise<AcquirerOutcome>;
  /** Gives money back after settlement; no `amount` refunds all that remains. */
  refund(payment: PaymentRecord, call: MoneyCall): Promise<AcquirerOutcome>;
  /**
   * Asks the acquirer whether an operation whose outcome is unknown was applied. Only acquirers
   * with an inquiry API have it (Antom inquiryRefund / inquiryPayment, NomuPay's tracking); SBPS
   * has none, and the merchant settles its operations with `POST /v1/payments/:id/resolve`.
   */
  inquire?(
    payment: PaymentRecord,
    operation: OpenOperation,
  ): Promise<'applied' | 'not_applied' | 'unknown'>;
}

/** One money call: the open operation it belongs to. */
export interface MoneyCall {
  /** The open operation's id (`op_...`), stable across retries of the same operation. */
  id: string;
  kind: OperationKind;
  /** Yen to send; absent = the whole authorization or all that remains. */
  amount?: number;
  /** The instant the operation was decided: the acquirer's request is dated with it. */
  requestedAt: Date;
}

export interface CheckoutRequest {
  now: Date;
  layout: Layout;
  /**
   * The bridge's public URL followed by `/<acquirer id>`, where the connector's own routes are
   * mounted: it builds its return and notification URLs from it.
   */
  callbackBaseUrl: string;
}

/** How the buyer's browser goes on to the acquirer. */
export type CheckoutStart =
  | {
      kind: 'form_post';
      /** Absolute URL of the form's `action`; the page's CSP allows only its origin. */
      action: string;
      /** Fields in the acquirer's order, signature included. */
      fields: ReadonlyArray<readonly [string, string]>;
      /** The bytes the acquirer verifies: the page is served and posted in this charset. */
      charset: 'shift_jis' | 'utf-8';
      /** The instant the request is dated: the acquirer's time limits count from it. */
      requestedAt: Date;
    }
  | {
      kind: 'redirect';
      /** Absolute URL the browser is sent to (303). */
      url: string;
      requestedAt: Date;
    };

/**
 * What an acquirer's notification says once the connector verified it, in neutral terms.
 * `resultId` identifies the result (SBPS `res_tracking_id`): the same one again is a repeat.
 * `evidence` is the acquirer's own record of it, kept as the payment's event.
 */
/**
 * `notificationId`: the acquirer's own id of the notification that carried the result (NomuPay's
 * webhook `id`), recorded with what it changes so that the same notification is applied once.
 */
export type VerifiedResult =
  | {
      kind: 'succeeded';
      resultId: string;
      amount: number;
      acquirerReference: string;
      /** When the acquirer says the buyer paid; absent = now. */
      paidAt?: Date;
      /**
       * The acquirer's date of the purchase request (SBPS: `request_date`), when it reports one:
       * the settlement window of an authorization counts from it (PaymentRecord.purchaseRequestedAt).
       */
      purchaseRequestedAt?: Date;
      evidence: NewPaymentEvent;
      notificationId?: string;
    }
  | {
      kind: 'failed';
      resultId: string;
      reason: string;
      evidence: NewPaymentEvent;
      notificationId?: string;
    };

/** How applying a verified result ended. */
export type AppliedResult =
  | { outcome: 'applied'; payment: PaymentRecord }
  | { outcome: 'repeat' | 'ignored'; payment: PaymentRecord }
  | { outcome: 'not_found' };

/** The neutral services a connector's routes use (built once by `createBridge`). */
export interface AcquirerHost {
  store: PaymentStore;
  logger: Logger;
  now: () => Date;
  /** Body-size limit of the acquirer's form posts. */
  formBodyLimit: string;
  /** The client's address, with `TRUST_PROXY` honoured. */
  clientAddress: (req: IncomingMessage) => string;
  /** Applies a verified result to the payment exactly once (payments/apply-verified-result.ts). */
  applyVerifiedResult(paymentId: string, result: VerifiedResult): Promise<AppliedResult>;
  /**
   * The same for the payment of an order id, the result read from the payment under the lock
   * (null refuses it: nothing is written, the outcome is `refused`).
   */
  applyVerifiedResultToOrder(
    orderId: string,
    resultFor: (payment: PaymentRecord) => VerifiedResult | null,
  ): Promise<AppliedResult | { outcome: 'refused' }>;
  /**
   * Settles the payment's open operation `operationId` from a verified acquirer notification
   * (Antom notifyRefund), as an inquiry answer would; nothing when that operation is no longer open
   * or its request still holds the payment's lock (the inquiry settles it later).
   */
  settleOpenOperation(paymentId: string, operationId: string, applied: boolean): Promise<void>;
  /** Expires the payment first if its time is up; returns it as it now stands. */
  expireIfDue(payment: PaymentRecord): Promise<PaymentRecord>;
  /**
   * Sends the buyer back to the payment's `returnUrl` (303, with `payment`, the stored `status` and
   * `result`), the same for every acquirer.
   */
  returnBuyerToMerchant(res: Response, payment: PaymentRecord, result: ReturnKind): void;
  /** The results and returns of SBPS subscriptions; absent where nothing sells them. */
  subscriptions?: SubscriptionCallbacks;
}

/** What SBPS's callbacks do with a subscription's `order_id` (subscriptions exist for SBPS only). */
export interface SubscriptionCallbacks {
  /** Applies a verified A02-1 about a subscription exactly once: `OK,` when accepted. */
  applyResult(
    params: Record<string, string>,
  ): Promise<{ accepted: true } | { accepted: false; reason: string }>;
  /** Sends the buyer back to the subscription's `returnUrl`; false when there is no such subscription. */
  returnBuyer(res: Response, orderId: string, result: ReturnKind): Promise<boolean>;
}

/** How the buyer left the acquirer's pages. */
export type ReturnKind = 'success' | 'cancel' | 'error';

/** The acquirer answered. `ok: false` is a business refusal (SBPS `res_result=NG`). */
export type AcquirerOutcome =
  | { ok: true; transactionId: string | null; processedAt: string | null }
  | {
      ok: false;
      /** The acquirer's own code, e.g. SBPS `40231999`. */
      code: string;
      message: { en: string; ja: string };
      retryable: boolean;
    };

/**
 * The acquirer could not be used. `not_applied`: the request was certainly not processed (it could
 * not be built, or the credentials were refused). `unknown`: it was sent but no readable answer came
 * back (timeout, network error, HTTP 5xx), so it may or may not have been applied: nothing may be
 * recorded as done and the merchant must check before retrying.
 */
export class AcquirerUnavailableError extends Error {
  constructor(
    message: string,
    readonly outcome: 'not_applied' | 'unknown',
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'AcquirerUnavailableError';
  }
}
