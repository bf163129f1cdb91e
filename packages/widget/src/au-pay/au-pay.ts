import { type AmountCheck, checkAmount, formatYen } from '@au-pay/core';
import {
  type PropertyDeclarations,
  type PropertyValues,
  ReactiveElement,
  unsafeCSS,
} from '@lit/reactive-element';
import { messagesFor, pickLang } from '../i18n/index.js';
import * as styles from './au-pay.css.js';
import type {
  AuPayErrorCode,
  AuPayEventMap,
  AuPayInvalidCode,
  AuPayLayout,
  AuPaySubscriptionKind,
} from './events.js';

/** `layout="auto"` picks the smartphone screens on a touch screen up to tablet width, or in a narrow window. */
const wapMedia = '(pointer:coarse) and (max-width:1024px),(max-width:480px)';

/**
 * Payments and subscriptions being submitted from this page, by id. A second click, a held Enter key or a second
 * element for the same payment finds its payment here and does not post again.
 */
const inFlight = new Set<string>();

/** An element with these attributes and children, for the shadow root (built once). */
function createElement(
  tag: string,
  attributes: Record<string, string>,
  ...children: Node[]
): HTMLElement {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  element.append(...children);
  return element;
}

/** Sets an attribute only when it changes, so that nothing is announced twice. */
function setAttribute(element: Element, name: string, value: string) {
  if (element.getAttribute(name) !== value) element.setAttribute(name, value);
}

/** Sets a text only when it changes: the message is a live region. */
function setText(node: Node, text: string) {
  if (node.textContent !== text) node.textContent = text;
}

type Check =
  | AmountCheck
  /** An `on_demand` subscription without a first charge (a D01-1 application, spec/sbps-au.md §7). */
  | { ok: true; amount?: undefined }
  | { ok: false; code: AuPayInvalidCode; message?: undefined; messages?: undefined };

/** What the merchant is told, once, for a refusal that `checkAmount` does not explain. */
const setUpProblems: Partial<Record<AuPayInvalidCode, string>> = {
  payment_and_subscription:
    'set `payment` for a one-time payment, or `subscription` (with `kind`) for a subscription, not both.',
  kind_unknown: '`kind` must be "monthly" or "on_demand", as the subscription was created.',
};

/**
 * @summary The au PAY (au Kantan Kessai) button: checks the amount, asks the merchant's bridge
 * whether the payment (or the subscription) can still be paid, then sends the buyer to au through
 * that bridge.
 *
 * @event {CustomEvent<AuPaySubmitDetail>} au-pay-submit - The buyer asked to pay; cancelable.
 * @event {CustomEvent<AuPayInvalidDetail>} au-pay-invalid - The amount cannot be paid (code from `checkAmount`), or the element is set up wrong (`payment_and_subscription`, `kind_unknown`); the button is disabled.
 * @event {CustomEvent<AuPayErrorDetail>} au-pay-error - A click did not reach au (code in `AuPayErrorCode`): `payment` (`subscription`) or `client-secret` missing or unknown to the bridge (`payment_not_found`, `subscription_not_found`), expired (`payment_expired`, `subscription_expired`) or no longer payable (`payment_closed`, `subscription_closed`), or the bridge unreachable; the button stays usable.
 *
 * @attribute {'light' | 'dark'} theme - Forces the light or the dark look; without it, the buyer's `prefers-color-scheme` decides.
 *
 * @csspart button - The pay button.
 * @csspart message - The line under the button: what happens next, progress, or what went wrong.
 *
 * @cssproperty [--au-pay-color-brand=#C84A00] - Button background and focus ring (dark theme: #FF7A26).
 * @cssproperty [--au-pay-color-on-brand=#FFF] - Button text (dark theme: #1A0A00).
 * @cssproperty [--au-pay-color-error=#A4190F] - Text of a refusal or an error (dark theme: #FFB4AB).
 * @cssproperty [--au-pay-color-error-background=#FDECEA] - Background of a refusal or an error (dark theme: #3D1614).
 * @cssproperty [--au-pay-radius=8px] - Button corners.
 */
export class AuPay extends ReactiveElement {
  static override styles = unsafeCSS(styles.cssText);

  static override properties: PropertyDeclarations = {
    amount: {},
    currency: {},
    payment: {},
    subscription: {},
    kind: {},
    clientSecret: { attribute: 'client-secret' },
    bridge: {},
    acquirer: {},
    layout: {},
    lang: { reflect: true },
    disabled: { type: Boolean, reflect: true },
  };

  /** How long the bridge has to answer `POST /checkout/:id/state` before a click fails, in milliseconds. */
  static bridgeTimeout = 5000;

  // Reactive properties are `declare`d (Lit creates their accessors, which a class field would
  // shadow) and get their defaults in the constructor.

  /** The amount in whole yen, as created on the merchant's server; an attribute string such as `"1980"` is fine. */
  declare amount?: number | string;
  /** The currency; au bills Japanese yen (`JPY`) only. */
  declare currency: string;
  /** The payment id (`pay_…`) the merchant's server got from `POST /v1/payments`. */
  declare payment?: string;
  /** The subscription id (`sub_…`) from `POST /v1/subscriptions`, instead of `payment`. */
  declare subscription?: string;
  /**
   * The subscription's kind, as created: `monthly` (the button says the monthly price in `amount`)
   * or `on_demand` (pay-as-you-go; `amount` is the first charge, if there is one).
   */
  declare kind?: AuPaySubscriptionKind;
  /** The client secret from `POST /v1/payments` or `POST /v1/subscriptions` (attribute `client-secret`). */
  declare clientSecret?: string;
  /** The bridge's URL (absolute, or relative to the page); the page's origin when unset. */
  declare bridge?: string;
  /**
   * The acquirer behind the bridge, which sets the amount limits: `sbps`, `antom` or `nomupay`
   * (Antom 1–500,000 yen; SBPS and NomuPay 1–9,999,999).
   */
  declare acquirer: 'sbps' | 'antom' | 'nomupay';
  /** `web` (desktop), `wap` (smartphone) or `auto` (from the device and the window width). */
  declare layout: 'auto' | AuPayLayout;
  /** `ja` or `en`; when unset, the nearest `lang` attribute, then the browser's languages. */
  declare lang: string;
  /** Disables the button. */
  declare disabled: boolean;

  constructor() {
    super();
    this.currency = 'JPY';
    this.acquirer = 'sbps';
    this.layout = 'auto';
    this.disabled = false;
  }

  #check: Check = { ok: false, code: 'amount_missing' };
  #message = '';
  #refused?: string;
  #busy = false;
  #error?: AuPayErrorCode;
  #submitted?: string;
  #notFound?: string;
  #form?: HTMLFormElement;
  #media?: MediaQueryList;
  #changed = () => this.requestUpdate();
  #restore = (event: PageTransitionEvent) => {
    // Back from au through the back-forward cache: the page is as it was when it left.
    if (event.persisted) {
      this.#form?.remove();
      this.#release();
    }
  };

  // The shadow DOM (a wrapper, the button with its spinner and label, the message line) is built
  // once, and update() changes only what differs. For these few nodes, Lit's templates (lit-html)
  // would take over 3 KB of the 8 KB gzipped size budget (README, Size).
  #spinner = createElement('span', { class: styles.spinner });
  #label = new Text();
  #button = createElement(
    'button',
    { part: 'button', class: styles.button, type: 'button', 'aria-describedby': 'message' },
    this.#label,
  ) as HTMLButtonElement;
  #messageLine = createElement('p', { id: 'message', part: 'message', 'aria-live': 'polite' });
  #wrapper = createElement('div', {}, this.#button, this.#messageLine);

  override connectedCallback() {
    super.connectedCallback();
    this.#media = matchMedia(wapMedia);
    this.#media.addEventListener('change', this.#changed);
    addEventListener('pageshow', this.#restore);
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    this.#media?.removeEventListener('change', this.#changed);
    removeEventListener('pageshow', this.#restore);
  }

  override willUpdate(changed: PropertyValues<AuPay>) {
    const { amount, kind } = this;
    const resets = ['payment', 'subscription', 'kind', 'clientSecret', 'bridge'] as const;
    if (resets.some((name) => changed.has(name))) {
      this.#error = undefined;
    }
    try {
      // `kind` alone (the subscription id not there yet) already makes this a subscription button.
      this.#check =
        this.currency !== 'JPY'
          ? { ok: false, code: 'currency_not_supported' }
          : this.#subscribing() && this.payment
            ? { ok: false, code: 'payment_and_subscription' }
            : this.#subscribing() && kind !== 'monthly' && kind !== 'on_demand'
              ? { ok: false, code: 'kind_unknown' }
              : kind === 'on_demand' && amount == null
                ? { ok: true }
                : checkAmount(amount, this.acquirer);
    } catch {
      // checkAmount throws for an acquirer it does not know.
      this.#check = { ok: false, code: 'acquirer_unknown' };
    }
  }

  protected override createRenderRoot() {
    const root = super.createRenderRoot();
    root.append(this.#wrapper);
    this.#button.addEventListener('click', () => this.#pay());
    // A held Enter key repeats keydowns, and each would click: only the first one counts.
    this.#button.addEventListener('keydown', (event) => {
      if (event.repeat) event.preventDefault();
    });
    return root;
  }

  protected override update(changed: PropertyValues<this>) {
    super.update(changed);
    const lang = pickLang([
      this.lang,
      this.closest('[lang]')?.getAttribute('lang'),
      ...navigator.languages,
    ]);
    const t = messagesFor(lang);
    const check = this.#check;
    const busy = this.#busy;
    const error = this.#error;
    const layout = this.#layout();
    const yen = check.ok && check.amount !== undefined ? formatYen(check.amount, lang) : '';
    // The line under the button: progress, a refusal, an error, or what happens next.
    if (busy) this.#message = t.busy;
    else if (!check.ok)
      this.#message = check.messages ? t.refused + check.messages[lang] : t.notSetUp;
    else this.#message = error ? t[error] : t[layout];

    const wrapper = this.#wrapper;
    const button = this.#button;
    setAttribute(wrapper, 'class', `${styles.root} ${layout === 'wap' ? styles.wap : ''}`);
    setAttribute(wrapper, 'lang', lang);
    button.disabled = this.disabled || !check.ok;
    setAttribute(button, 'aria-disabled', `${busy}`);
    setAttribute(button, 'aria-busy', `${busy}`);
    // The spinner is there only while busy (moving it on every update would restart it).
    if (busy && !this.#spinner.isConnected) button.prepend(this.#spinner);
    else if (!busy) this.#spinner.remove();
    setText(
      this.#label,
      !this.#subscribing()
        ? yen
          ? t.pay(yen)
          : t.payWithoutAmount
        : this.kind === 'on_demand'
          ? t.onDemand(yen)
          : yen
            ? t.monthly(yen)
            : t.subscribe,
    );
    const alert = check.ok && (busy || !error) ? '' : styles.alert;
    setAttribute(this.#messageLine, 'class', `${styles.message} ${alert}`);
    setText(this.#messageLine, this.#message);
  }

  override updated() {
    const check = this.#check;
    const problem = check.ok ? undefined : `${check.code} ${this.amount}`;
    if (check.ok || problem === this.#refused) {
      this.#refused = problem;
      return;
    }
    // Once per problem: a warning for the merchant, an event for the page.
    this.#refused = problem;
    console.warn(
      `<au-pay> ${check.code}:`,
      check.message ??
        setUpProblems[check.code] ??
        `currency=${this.currency} acquirer=${this.acquirer}`,
    );
    this.#emit('au-pay-invalid', { code: check.code, message: this.#message, value: this.amount });
  }

  /** A subscription button: `subscription` or `kind` is set. */
  #subscribing() {
    return !!(this.subscription || this.kind);
  }

  #layout(): AuPayLayout {
    const { layout } = this;
    return layout === 'web' || layout === 'wap' ? layout : this.#media?.matches ? 'wap' : 'web';
  }

  async #pay() {
    const check = this.#check;
    const { clientSecret, kind } = this;
    // The same steps for both: only the id, and the words in the error codes, differ.
    const noun = this.#subscribing() ? 'subscription' : 'payment';
    const id = this[noun];
    if (this.#busy || !check.ok) return;
    if (!id) return this.#fail(`${noun}_missing`);
    if (!clientSecret) return this.#fail('client_secret_missing');
    if (inFlight.has(id)) return this.#fail(`${noun}_in_progress`);
    const layout = this.#layout();
    // Claimed before anything else can run (a listener of au-pay-submit included).
    inFlight.add(id);
    this.#submitted = id;
    this.#error = undefined;
    const detail =
      noun === 'payment'
        ? { payment: id, amount: check.amount as number, layout }
        : { subscription: id, kind: kind as AuPaySubscriptionKind, amount: check.amount, layout };
    if (!this.#emit('au-pay-submit', detail, true)) {
      return this.#release();
    }
    this.#setBusy(true);
    let bridge: string;
    let refusal: AuPayErrorCode | undefined;
    try {
      // `origin` and `baseURI` (not `location`) also hold in an about:srcdoc frame or under <base>.
      bridge = new URL(this.bridge || origin, document.baseURI).href.replace(/\/+$/, '');
      // Asked just before leaving the page, so that a payment which can no longer be paid is
      // explained here rather than on a bridge error page. A form body and no custom header keep
      // it a CORS "simple request": a bridge on another origin answers without a preflight.
      const response = await fetch(`${bridge}/checkout/${encodeURIComponent(id)}/state`, {
        method: 'POST',
        body: new URLSearchParams({ client_secret: clientSecret }),
        cache: 'no-store',
        signal: AbortSignal.timeout(AuPay.bridgeTimeout),
      });
      const answer: { status?: unknown; payable?: unknown; error?: { code?: unknown } } | null =
        await response.json();
      // Only the bridge's own 404 means "no such payment": a `bridge` URL pointing at a shop page
      // that 404s, or a bridge without this route, is unreachable, not a wrong payment.
      if (response.status === 404 && answer?.error?.code === `${noun}_not_found`) {
        refusal = `${noun}_not_found`;
      } else if (!response.ok || typeof answer?.payable !== 'boolean') throw 0;
      else if (!answer.payable) {
        // A subscription never consented to in time is `incomplete_expired`.
        refusal = /expired$/.test(`${answer.status}`) ? `${noun}_expired` : `${noun}_closed`;
      }
    } catch {
      this.#release();
      return this.#fail('bridge_unreachable');
    }
    if (refusal) {
      // The button stays enabled and the message stays (until `payment`, `client-secret` or
      // `bridge` changes); a click asks the bridge again and says the same. As with Stripe.js,
      // whose confirmPayment answers a cancelled or finished PaymentIntent with an error
      // (`payment_intent_unexpected_state`) and leaves the form as it was, an unpayable payment is
      // reported (au-pay-error), not turned into a dead control: a disabled button leaves the tab
      // order, and with it the explanation tied to it by aria-describedby; and the page can
      // answer the event by setting a new payment, which then just works.
      this.#release();
      if (refusal === `${noun}_not_found` && this.#notFound !== id) {
        // Once per id, like the amount warnings: a wrong id or secret is a setup bug.
        this.#notFound = id;
        console.warn(
          `<au-pay> ${refusal}: the bridge at ${bridge} has no ${noun} ${id} with this client-secret.`,
          `Pass the id and client_secret of one POST /v1/${noun}s answer, and set \`bridge\` to the bridge that created it.`,
        );
      }
      return this.#fail(refusal);
    }
    // A top-level navigation, not fetch: the bridge answers with a page that posts on to au.
    const form = Object.assign(document.createElement('form'), {
      method: 'post',
      action: `${bridge}/checkout/${encodeURIComponent(id)}`,
      target: '_self',
      hidden: true,
    });
    const fields = { client_secret: clientSecret, layout, displayed_amount: `${check.amount}` };
    // An on-demand application without a first charge shows no amount, so it sends none.
    for (const [name, value] of Object.entries(fields)) {
      if (value === 'undefined') continue;
      form.append(Object.assign(document.createElement('input'), { type: 'hidden', name, value }));
    }
    this.#form = form;
    document.body.append(form);
    form.submit();
  }

  #release() {
    inFlight.delete(this.#submitted as string);
    this.#submitted = undefined;
    this.#setBusy(false);
  }

  #setBusy(busy: boolean) {
    this.#busy = busy;
    this.requestUpdate();
  }

  async #fail(code: AuPayErrorCode) {
    this.#error = code;
    this.requestUpdate();
    await this.updateComplete;
    this.#emit('au-pay-error', { code, message: this.#message });
  }

  #emit<K extends keyof AuPayEventMap>(
    name: K,
    detail: AuPayEventMap[K]['detail'],
    cancelable = false,
  ): boolean {
    return this.dispatchEvent(
      new CustomEvent(name, { detail, bubbles: true, composed: true, cancelable }),
    );
  }
}
