import { randomUUID } from 'node:crypto';
import { subscriptionMessagesFor } from '../i18n/subscription-messages.js';
import { planOfReference } from '../plans.js';
import { type Problem, problemText } from '../problem.js';
import type { SubscriptionView } from '../subscription-view.js';
import type { ReceivedWebhook } from '../webhook-inbox.js';
import { html, type SafeHtml } from './html.js';
import type { PageContext } from './layout.js';
import { renderCharges } from './my-subscriptions-page.js';
import { formatTime } from './orders-page.js';

export type SubscriptionAction = 'charge' | 'cancel';

/** The outcome of the last subscription action, shown once in its card. */
export interface SubscriptionNotice {
  subscriptionId: string;
  action: SubscriptionAction;
  ok: boolean;
  problem?: Problem;
}

export interface SubscriptionRow {
  subscription: SubscriptionView;
  webhooks: ReceivedWebhook[];
}

/**
 * The orders page's subscriptions: each with its charges (the first one, each month, each
 * on-demand charge), "charge now" for an active pay-as-you-go one, and cancel.
 */
export function renderSubscriptionsSection(
  ctx: PageContext,
  rows: SubscriptionRow[],
  notice: SubscriptionNotice | undefined,
): SafeHtml {
  const s = subscriptionMessagesFor(ctx.lang).orders;
  return html`<section class="subscriptions-panel" id="subscriptions" aria-labelledby="subscriptions-title">
<h2 id="subscriptions-title">${s.title}</h2>
<p class="hint">${s.intro}</p>
${
  rows.length === 0
    ? html`<p>${s.none}</p>`
    : html`<ol class="orders">${rows.map((row) =>
        renderRow(ctx, row, notice?.subscriptionId === row.subscription.id ? notice : undefined),
      )}</ol>`
}
</section>`;
}

function renderRow(
  ctx: PageContext,
  row: SubscriptionRow,
  notice: SubscriptionNotice | undefined,
): SafeHtml {
  const { t, lang } = ctx;
  const all = subscriptionMessagesFor(lang);
  const s = all.orders;
  const { subscription } = row;
  const plan = planOfReference(subscription.merchantReference);
  const headingId = `h-${subscription.id}`;
  const form = (action: SubscriptionAction, label: string, className: string) =>
    html`<form method="post" action="/orders/subscriptions/${subscription.id}/${action}" class="action-form">
  <input type="hidden" name="key" value="${randomUUID()}">
  <button class="button ${className}" type="submit">${label}</button>
</form>`;
  const actions: SafeHtml[] = [];
  if (subscription.status === 'active' && subscription.kind === 'on_demand' && plan) {
    actions.push(form('charge', s.chargeNow(t.yen(plan.price)), ''));
  }
  if (subscription.status === 'active') actions.push(form('cancel', s.cancel, 'button-danger'));
  const amount = subscription.amount === null ? null : t.yen(subscription.amount);
  return html`<li class="order" id="${subscription.id}">
<article aria-labelledby="${headingId}">
  <header class="order-header">
    <h3 id="${headingId}">${subscription.merchantReference}</h3>
    <span class="status status-${subscription.status}">${all.statusNames[subscription.status]}</span>
    <p class="order-id"><code>${subscription.id}</code></p>
  </header>
  ${notice ? renderNotice(ctx, notice) : ''}
  <dl class="facts">
    <div><dt>${t.orders.itemName}</dt><dd>${subscription.itemName}</dd></div>
    <div><dt>${all.mine.billing}</dt><dd>${all.bills(subscription.kind, amount)}</dd></div>
    <div><dt>${s.customer}</dt><dd><code>${subscription.customerId}</code></dd></div>
    <div><dt>${t.orders.created}</dt><dd>${formatTime(subscription.createdAt, lang)}</dd></div>
  </dl>
  ${actions.length > 0 ? html`<div class="action-forms">${actions}</div>` : ''}
  <h4>${s.charges} (${subscription.charges?.length ?? 0})</h4>
  ${renderCharges(ctx, subscription.charges ?? [], all.mine.noCharges)}
  <details${row.webhooks.length > 0 ? html` open` : ''}>
    <summary>${t.orders.webhooks} (${row.webhooks.length})</summary>
    ${
      row.webhooks.length === 0
        ? html`<p class="hint">${t.orders.noWebhooks}</p>`
        : html`<ul class="webhooks">${row.webhooks.map(
            (hook) =>
              html`<li><code>${hook.type}</code> <span class="hint">${formatTime(hook.created, lang)} · <code>${hook.id}</code></span></li>`,
          )}</ul>`
    }
  </details>
</article>
</li>`;
}

function renderNotice(ctx: PageContext, notice: SubscriptionNotice): SafeHtml {
  const s = subscriptionMessagesFor(ctx.lang).orders;
  if (notice.ok) {
    return html`<div class="notice notice-ok" role="status"><p>${s.done[notice.action]}</p></div>`;
  }
  const problem = notice.problem ?? { kind: 'unexpected' };
  return html`<div class="notice notice-error" role="alert"><p><strong>${ctx.t.orders.refused}</strong>${problemText(problem, ctx.lang)}${
    problem.kind === 'refusal' ? html` <code>${problem.code}</code>` : ''
  }</p></div>`;
}
