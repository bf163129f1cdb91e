import type { PaymentView } from '@au-pay/bridge';
import type { Layout } from '@au-pay/core';
import { html, type SafeHtml } from './html.js';
import { type PageContext, renderPage } from './layout.js';

/** A test au ID of the sandbox acquirer and what it does (`@au-pay/sandbox`'s `SCENARIOS`). */
export interface TestAuId {
  auId: string;
  description: string;
}

export interface PayPageOptions {
  payment: PaymentView;
  clientSecret: string;
  /** True once the bridge serves the `<au-pay>` element at `/bridge/au-pay.js`. */
  widgetAvailable: boolean;
  /** Layout for the fallback form, guessed from the browser (the widget chooses on its own). */
  fallbackLayout: Layout;
  testAuIds: readonly TestAuId[];
}

export function renderPayPage(ctx: PageContext, options: PayPageOptions): string {
  const { t, lang } = ctx;
  const { payment } = options;

  const button: SafeHtml = options.widgetAvailable
    ? // theme="light": the shop has no dark theme, so the button should not switch to one.
      html`<au-pay amount="${payment.amount}" payment="${payment.id}" client-secret="${options.clientSecret}" bridge="/bridge" lang="${lang}" theme="light"></au-pay>`
    : // Fallback while packages/widget has not been built: the same form post the widget makes
      // (DESIGN.md, `POST /checkout/:id`). It disappears once GET /bridge/au-pay.js answers 200.
      html`<form method="post" action="/bridge/checkout/${payment.id}">
  <input type="hidden" name="client_secret" value="${options.clientSecret}">
  <input type="hidden" name="layout" value="${options.fallbackLayout}">
  <input type="hidden" name="displayed_amount" value="${payment.amount}">
  <button class="button button-pay" type="submit">${t.pay.fallbackButton}</button>
</form>
<p class="hint">${t.pay.fallbackNote}</p>`;

  const testIds = options.testAuIds.map(
    (row) =>
      html`<tr><th scope="row"><code>${row.auId}</code></th><td>${row.description}</td></tr>`,
  );

  return renderPage(ctx, {
    title: t.pay.title,
    head: options.widgetAvailable
      ? html`<script type="module" src="/bridge/au-pay.js"></script>`
      : undefined,
    body: html`<h1>${t.pay.title}</h1>
<div class="pay-panel">
  <dl class="summary">
    <div><dt>${t.pay.orderNumber}</dt><dd>${payment.merchantReference}</dd></div>
    <div><dt>${t.orders.itemName}</dt><dd>${payment.itemName}</dd></div>
    <div class="summary-total"><dt>${t.pay.amount}</dt><dd>${t.yen(payment.amount)}</dd></div>
  </dl>
  <p>${t.pay.intro}</p>
  <div class="pay-button">${button}</div>
  <p><a href="/cart">${t.pay.backToCart}</a></p>
</div>
${
  testIds.length > 0
    ? html`<details class="test-ids">
  <summary>${t.pay.testIdsTitle}</summary>
  <p>${t.pay.testIdsIntro}</p>
  <table>
    <thead><tr><th scope="col">${t.pay.testIdColumn}</th><th scope="col">${t.pay.testOutcomeColumn}</th></tr></thead>
    <tbody>${testIds}</tbody>
  </table>
  <p class="hint">${t.pay.codeAndPin}</p>
</details>`
    : ''
}`,
  });
}
