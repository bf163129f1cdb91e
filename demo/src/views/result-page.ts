import type { PaymentView } from '@au-pay/bridge';
import { type ResultState, resultState } from '../payment-status.js';
import { html, type SafeHtml } from './html.js';
import { type PageContext, renderPage } from './layout.js';

export interface ResultPageOptions {
  /** Fetched from the bridge by the shop's server: the query string's `status` is never used. */
  payment: PaymentView;
  /** The buyer can go back to the pay page of this payment (their browser started it). */
  canRetry: boolean;
  /** The bridge's `result` hint (`success`, `cancel`, `error`): which SBPS page the buyer left by. */
  buyerReturn?: string;
}

/** How often the page asks for the status while it is pending, and for how long. */
export const POLL_INTERVAL_MS = 2000;
export const POLL_ATTEMPTS = 60;

export function renderResultPage(ctx: PageContext, options: ResultPageOptions): string {
  const { t } = ctx;
  const { payment } = options;
  const shown = resultState(payment.status, options.buyerReturn);
  // Keep asking while au's result may still be on its way; not after the buyer left by cancel.
  const pending = shown === 'processing';

  const links: SafeHtml[] = [];
  if (shown === 'incomplete') {
    links.push(
      options.canRetry
        ? html`<a class="button" href="/pay/${payment.id}">${t.result.tryAgain}</a>`
        : html`<a class="button" href="/cart">${t.result.tryAgain}</a>`,
      html`<a class="button button-secondary" href="/result?payment=${payment.id}">${t.result.refresh}</a>`,
    );
  } else if (pending) {
    links.push(
      html`<a class="button" href="/result?payment=${payment.id}">${t.result.refresh}</a>`,
    );
    if (options.canRetry) {
      links.push(
        html`<a class="button button-secondary" href="/pay/${payment.id}">${t.result.tryAgain}</a>`,
      );
    }
  } else if (shown === 'failed' || shown === 'expired' || shown === 'cancelled') {
    links.push(html`<a class="button" href="/cart">${t.result.tryAgain}</a>`);
  } else {
    links.push(html`<a class="button" href="/">${t.result.continueShopping}</a>`);
  }
  links.push(
    html`<a class="button button-secondary" href="/orders#${payment.id}">${t.result.seeOrders}</a>`,
  );

  // While pending, a small script (served by the shop, so the CSP needs no inline script) asks
  // /result/status and reloads the page when the status moves; without script, a meta refresh.
  const head = pending
    ? html`<script src="/assets/result-poll.js" defer></script>
<noscript><meta http-equiv="refresh" content="${POLL_INTERVAL_MS / 1000}"></noscript>`
    : undefined;

  return renderPage(ctx, {
    title: t.result.title,
    head,
    body: html`<div class="result result-${shown}" id="result"${
      pending
        ? html` data-payment="${payment.id}" data-status="${payment.status}" data-interval="${POLL_INTERVAL_MS}" data-attempts="${POLL_ATTEMPTS}"`
        : ''
    }>
  <div class="result-icon" aria-hidden="true">${RESULT_ICONS[shown]}</div>
  <div role="status">
    <h1>${t.result.headings[shown]}</h1>
    <p>${t.result.bodies[shown]}</p>
  </div>
  ${pending ? html`<p class="hint" id="still-checking" hidden>${t.result.stillChecking}</p>` : ''}
  <dl class="summary">
    <div><dt>${t.result.orderNumber}</dt><dd>${payment.merchantReference}</dd></div>
    <div><dt>${t.orders.itemName}</dt><dd>${payment.itemName}</dd></div>
    <div><dt>${t.result.amount}</dt><dd>${t.yen(payment.amount)}</dd></div>
    <div><dt>${t.result.paymentId}</dt><dd><code>${payment.id}</code></dd></div>
  </dl>
  <p class="actions">${links}</p>
</div>`,
  });
}

const RESULT_ICONS: Record<ResultState, SafeHtml> = {
  processing: html`<span class="spinner"></span>`,
  authorized: html`✓`,
  paid: html`✓`,
  refunded: html`↺`,
  cancelled: html`×`,
  failed: html`!`,
  expired: html`⏱`,
  incomplete: html`×`,
};
