import type { AmountRefusalCode } from '@au-pay/core';

/** Which au screens the buyer gets: `web` for desktops, `wap` for smartphones. */
export type AuPayLayout = 'web' | 'wap';

/**
 * What a subscription bills (DESIGN `POST /v1/subscriptions`): `monthly` is SBPS's recurring simple
 * billing (the monthly price, billed on the 1st); `on_demand` is pay-as-you-go (the merchant
 * charges when the buyer uses the service).
 */
export type AuPaySubscriptionKind = 'monthly' | 'on_demand';

/** Why `<au-pay>` will not let the buyer pay this amount. */
export type AuPayInvalidCode =
  /** A refusal code of `checkAmount` from `@au-pay/core`. */
  | AmountRefusalCode
  /** `currency` is not `JPY`: au bills yen only. */
  | 'currency_not_supported'
  /** `acquirer` is not one of `sbps`, `antom`, `nomupay`, so the amount limits are unknown. */
  | 'acquirer_unknown'
  /** Both `payment` and `subscription` (or `kind`) are set: the element cannot tell which to start. */
  | 'payment_and_subscription'
  /** A subscription whose `kind` is neither `monthly` nor `on_demand`. */
  | 'kind_unknown';

/**
 * Why a click did not reach au. `payment_not_found`, `payment_expired` and `payment_closed` (and
 * their `subscription_…` twins) are the bridge's answer to `POST {bridge}/checkout/:id/state`,
 * asked on every click.
 */
export type AuPayErrorCode =
  | 'payment_missing'
  | 'client_secret_missing'
  /** The state request failed, timed out (`AuPay.bridgeTimeout`) or did not answer its JSON. */
  | 'bridge_unreachable'
  /** The bridge has no payment with this id and client secret: a setup bug (also a console warning, once). */
  | 'payment_not_found'
  /** The payment was left pending past its limit: the merchant's server must create a new one. */
  | 'payment_expired'
  /** Already authorized, paid, refunded, cancelled or failed, or pending with its checkout window closed. */
  | 'payment_closed'
  /** Another `<au-pay>` on this page is already submitting the same payment. */
  | 'payment_in_progress'
  | 'subscription_missing'
  /** The bridge has no subscription with this id and client secret (also a console warning, once). */
  | 'subscription_not_found'
  /** The buyer did not consent in time (`incomplete_expired`): the merchant's server must create a new one. */
  | 'subscription_expired'
  /** Already active or cancelled: nothing for the buyer to consent to (a cancelled one is resumed first). */
  | 'subscription_closed'
  | 'subscription_in_progress';

/** `au-pay-submit` for a payment, or for a subscription (`subscription` and `kind` set). */
export type AuPaySubmitDetail =
  | {
      payment: string;
      /** The amount the element showed, in whole yen. */
      amount: number;
      layout: AuPayLayout;
    }
  | {
      subscription: string;
      kind: AuPaySubscriptionKind;
      /** The monthly price, or the first charge of an `on_demand` one (none without a first charge). */
      amount: number | undefined;
      layout: AuPayLayout;
    };

export interface AuPayInvalidDetail {
  code: AuPayInvalidCode;
  /** What the element shows the buyer, in the buyer's language. */
  message: string;
  /** The `amount` as given (an attribute gives a string). */
  value: unknown;
}

export interface AuPayErrorDetail {
  code: AuPayErrorCode;
  /** What the element shows the buyer, in the buyer's language. */
  message: string;
}

/** Every event `<au-pay>` fires (all bubble and cross shadow roots), by name. */
export interface AuPayEventMap {
  /** The buyer asked to pay; cancel it (`preventDefault()`) to keep the buyer on the page. */
  'au-pay-submit': CustomEvent<AuPaySubmitDetail>;
  /** The amount (or currency or acquirer) cannot be paid; the button is disabled. */
  'au-pay-invalid': CustomEvent<AuPayInvalidDetail>;
  /**
   * A click could not reach au; the element shows why and the button stays usable. Another click
   * asks again: for `payment_expired`, `payment_closed` and `payment_not_found` it says the same
   * until the page sets a new `payment` and `client-secret`.
   */
  'au-pay-error': CustomEvent<AuPayErrorDetail>;
}

declare global {
  interface HTMLElementEventMap extends AuPayEventMap {}
}
