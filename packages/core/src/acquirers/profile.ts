import type { LocalizedText } from '../localized-text.js';

/** The acquirers au-pay can take au PAY (au Kantan Kessai) through. */
export type AcquirerId = 'sbps' | 'antom' | 'nomupay';

/** Every acquirer id, in the order the project prefers them (SBPS is the primary acquirer). */
export const acquirerIds = ['sbps', 'antom', 'nomupay'] as const satisfies readonly AcquirerId[];

/**
 * `automatic`: the sale is final when the buyer pays (SBPS "automated sales").
 * `manual`: the buyer's payment is an authorization the merchant settles later (SBPS "specified
 * sales").
 */
export type CaptureMode = 'automatic' | 'manual';

export const captureModes = ['automatic', 'manual'] as const satisfies readonly CaptureMode[];

/**
 * How long a buyer has to finish on the au screens, and where that time is counted from.
 *
 * - `request_validity`: an SBPS link-type purchase. The signed request is valid until
 *   `request_date + limit_second`; a buyer who starts before then must complete within
 *   `auCompletionMs` of starting (spec/sbps-au.md §2, §16, §17 item 15).
 * - `payment_expiry`: a fixed time after the acquirer created the payment.
 */
export type BuyerTimeout =
  | {
      kind: 'request_validity';
      /** `limit_second` sent when the acquirer or the bridge does not choose another one. */
      defaultLimitSecond: number;
      /** `limit_second` is 4 digits. */
      maxLimitSecond: number;
      auCompletionMs: number;
    }
  | { kind: 'payment_expiry'; afterCreationMs: number };

/** Which Japan-calendar rule (see calendar.ts) bounds each money operation. */
export interface AcquirerWindows {
  /** Settlement (capture) and cancellation of an authorization; null when nothing is ever authorized. */
  settlement: 'ninetieth_day_from_purchase' | null;
  /** Refund, counted from the settlement (capture) instant. */
  refund: 'end_of_month_after_next' | 'sixty_days';
  /** When a partial refund becomes possible; null when partial refunds are not offered. */
  partialRefundOpens: 'first_of_next_month' | null;
  /**
   * Cancellation of a paid (captured) payment, counted from the capture instant; null when a paid
   * payment cannot be cancelled, only refunded.
   */
  paidCancellation: 'next_day_0015_utc8' | null;
}

/** What the acquirer lets a merchant do with an au PAY payment. */
export interface AcquirerCapabilities {
  /** Settling an authorization (manual capture mode). */
  capture: boolean;
  /** Settling less than the authorized amount; the rest is released. */
  partialCapture: boolean;
  multiplePartialCaptures: boolean;
  /** Cancelling an authorization before settlement. */
  cancel: boolean;
  partialCancel: boolean;
  refund: boolean;
  partialRefund: boolean;
  /** More than one partial refund on the same payment. */
  multiplePartialRefunds: boolean;
  /** SBPS-billed monthly subscription (SBPS "recurring charge (simple)"). */
  recurringSimple: boolean;
  /** Merchant-triggered charges on a contract (SBPS "recurring charge (fixed term / pay as you go)"). */
  recurringFixedTerm: boolean;
}

/** The facts about au PAY at one acquirer that the rules of this package depend on. */
export interface AcquirerProfile {
  id: AcquirerId;
  /** Name for people, in messages. */
  name: LocalizedText;
  currency: 'JPY';
  /** Whole yen, inclusive bounds. */
  amount: {
    min: number;
    max: number;
    /** False when the acquirer publishes no maximum and `max` is borrowed from another source. */
    maxPublished: boolean;
  };
  /** How the buyer reaches the au screens. */
  flow: 'link_form_post' | 'redirect' | 'post_redirect';
  buyerTimeout: BuyerTimeout;
  /** The capture modes a merchant may choose; the first is the default. */
  captureModes: readonly [CaptureMode, ...CaptureMode[]];
  capabilities: AcquirerCapabilities;
  windows: AcquirerWindows;
}
