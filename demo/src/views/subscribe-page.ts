import type { Layout } from '@au-pay/core';
import { subscriptionMessagesFor } from '../i18n/subscription-messages.js';
import type { Plan } from '../plans.js';
import type { SubscriptionView } from '../subscription-view.js';
import { html, type SafeHtml } from './html.js';
import { type PageContext, renderPage } from './layout.js';
import type { TestAuId } from './pay-page.js';

export interface SubscribePageOptions {
  subscription: SubscriptionView;
  plan: Plan | undefined;
  clientSecret: string;
  /** True once the bridge serves the `<au-pay>` element at `/bridge/au-pay.js`. */
  widgetAvailable: boolean;
  fallbackLayout: Layout;
  testAuIds: readonly TestAuId[];
}

/**
 * The sign-up page: `<au-pay subscription kind amount>` with the subscription's id and client
 * secret (never the secret key). The amount shown is the one the bridge holds, and only for the
 * first sign-up.
 */
export function renderSubscribePage(ctx: PageContext, options: SubscribePageOptions): string {
  const { t, lang } = ctx;
  const s = subscriptionMessagesFor(lang);
  const { subscription, clientSecret } = options;
  // Signing up again after a resume is SBPS's D01-1 re-application, which charges nothing
  // (spec/sbps-au.md §7): the subscription's amount was its first application's charge only.
  const charge = subscription.activatedAt === null ? subscription.amount : null;
  const amount = charge === null ? null : t.yen(charge);
  const amountAttribute = charge === null ? '' : html` amount="${charge}"`;
  const button: SafeHtml = options.widgetAvailable
    ? html`<au-pay subscription="${subscription.id}" kind="${subscription.kind}"${amountAttribute} client-secret="${clientSecret}" bridge="/bridge" lang="${lang}" theme="light"></au-pay>`
    : // Until packages/widget is built: the same form post the element makes.
      html`<form method="post" action="/bridge/checkout/${subscription.id}">
  <input type="hidden" name="client_secret" value="${clientSecret}">
  <input type="hidden" name="layout" value="${options.fallbackLayout}">
  <button class="button button-pay" type="submit">${t.pay.fallbackButton}</button>
</form>
<p class="hint">${t.pay.fallbackNote}</p>`;
  const testIds = options.testAuIds.map(
    (row) =>
      html`<tr><th scope="row"><code>${row.auId}</code></th><td>${row.description}</td></tr>`,
  );
  return renderPage(ctx, {
    title: s.subscribe.title,
    head: options.widgetAvailable
      ? html`<script type="module" src="/bridge/au-pay.js"></script>`
      : undefined,
    body: html`<h1>${s.subscribe.title}</h1>
<div class="pay-panel">
  <dl class="summary">
    <div><dt>${t.pay.orderNumber}</dt><dd>${subscription.merchantReference}</dd></div>
    <div><dt>${s.subscribe.plan}</dt><dd>${options.plan?.name[lang] ?? subscription.itemName}</dd></div>
    <div class="summary-total"><dt>${s.subscribe.billing}</dt><dd>${s.bills(subscription.kind, amount)}</dd></div>
  </dl>
  <p>${s.subscribe.intro}</p>
  <div class="pay-button">${button}</div>
  <p><a href="/subscriptions">${s.subscribe.back}</a></p>
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
