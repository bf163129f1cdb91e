import { randomUUID } from 'node:crypto';
import type { PaymentView } from '@au-pay/bridge';
import { subscriptionMessagesFor } from '../i18n/subscription-messages.js';
import { planOfReference } from '../plans.js';
import { type Problem, problemText } from '../problem.js';
import type { SubscriptionView } from '../subscription-view.js';
import { html, type SafeHtml } from './html.js';
import { type PageContext, renderPage } from './layout.js';
import { formatTime } from './orders-page.js';

export interface MySubscriptionRow {
  subscription: SubscriptionView;
  /** 00:00 JST on the 1st SBPS bills next (core's `nextBillingDate`); null when it bills nothing by itself. */
  nextBilling: Date | null;
}

/** The outcome of the last action on this page, or the buyer's return from the au screens. */
export type MySubscriptionsNotice =
  | { subscriptionId: string; kind: 'cancelled' | 'returned' }
  | { subscriptionId: string; kind: 'refused'; problem: Problem };

/**
 * "My subscriptions": each subscription of this buyer, what it bills, the next billing date and
 * how to cancel, with the cancel button itself. SBPS requires fixed-term (pay-as-you-go)
 * merchants to offer such a page (issue #14).
 */
export function renderMySubscriptionsPage(
  ctx: PageContext,
  customerId: string | null,
  rows: MySubscriptionRow[],
  notice: MySubscriptionsNotice | undefined,
): string {
  const { lang } = ctx;
  const s = subscriptionMessagesFor(lang).mine;
  return renderPage(ctx, {
    title: s.title,
    body: html`<h1>${s.title}</h1>
<p class="lead">${s.intro}</p>
<section class="how-to-cancel" aria-labelledby="how-to-cancel">
  <h2 id="how-to-cancel">${s.howToCancelTitle}</h2>
  <p>${s.howToCancel.monthly}</p>
  <p>${s.howToCancel.on_demand}</p>
</section>
${customerId ? html`<p class="hint">${s.customer}: <code>${customerId}</code></p>` : ''}
${
  rows.length === 0
    ? html`<p>${s.none}</p>`
    : html`<ol class="orders subscriptions">${rows.map((row) =>
        renderSubscription(
          ctx,
          row,
          notice?.subscriptionId === row.subscription.id ? notice : undefined,
        ),
      )}</ol>`
}`,
  });
}

function renderSubscription(
  ctx: PageContext,
  row: MySubscriptionRow,
  notice: MySubscriptionsNotice | undefined,
): SafeHtml {
  const { t, lang } = ctx;
  const all = subscriptionMessagesFor(lang);
  const s = all.mine;
  const { subscription, nextBilling } = row;
  const plan = planOfReference(subscription.merchantReference);
  const name = plan?.name[lang] ?? subscription.itemName;
  const amount = subscription.amount === null ? null : t.yen(subscription.amount);
  const headingId = `h-${subscription.id}`;
  const action = (path: string, label: string, className: string, aria?: string) =>
    html`<form method="post" action="/subscriptions/${subscription.id}/${path}" class="action-form">
  <input type="hidden" name="key" value="${randomUUID()}">
  <button class="button ${className}" type="submit"${aria ? html` aria-label="${aria}"` : ''}>${label}</button>
</form>`;
  const actions: SafeHtml[] = [];
  if (subscription.status === 'incomplete') {
    actions.push(
      html`<a class="button" href="/subscribe/${subscription.id}">${s.continueSignUp}</a>`,
    );
  }
  if (subscription.status === 'active') {
    actions.push(action('cancel', s.cancel, 'button-danger', s.cancelLabel(name)));
  }
  if (subscription.status === 'cancelled' && subscription.kind === 'on_demand') {
    actions.push(action('resume', s.resume, ''));
  }
  return html`<li class="order subscription" id="${subscription.id}">
<article aria-labelledby="${headingId}">
  <header class="order-header">
    <h2 id="${headingId}">${name}</h2>
    <span class="status status-${subscription.status}">${all.statusNames[subscription.status]}</span>
    <p class="order-id"><code>${subscription.id}</code></p>
  </header>
  ${notice ? renderNotice(ctx, notice, subscription) : ''}
  <dl class="facts">
    <div><dt>${s.billing}</dt><dd>${all.bills(subscription.kind, amount)}</dd></div>
    <div><dt>${s.nextBilling}</dt><dd class="next-billing">${
      nextBilling
        ? html`<time datetime="${nextBilling.toISOString()}">${formatDay(nextBilling, lang)}</time>`
        : s.noNextBilling[subscription.kind]
    }</dd></div>
    <div><dt>${s.signedUp}</dt><dd>${subscription.activatedAt ? formatTime(subscription.activatedAt, lang) : '—'}</dd></div>
  </dl>
  <p class="hint">${s.howToCancel[subscription.kind]}</p>
  ${actions.length > 0 ? html`<div class="action-forms">${actions}</div>` : ''}
  <details>
    <summary>${s.charges} (${subscription.charges?.length ?? 0})</summary>
    ${renderCharges(ctx, subscription.charges ?? [], s.noCharges)}
  </details>
</article>
</li>`;
}

function renderNotice(
  ctx: PageContext,
  notice: MySubscriptionsNotice,
  subscription: SubscriptionView,
): SafeHtml {
  const s = subscriptionMessagesFor(ctx.lang).mine;
  if (notice.kind === 'refused') {
    return html`<div class="notice notice-error" role="alert"><p><strong>${ctx.t.orders.refused}</strong>${problemText(notice.problem, ctx.lang)}</p></div>`;
  }
  const text =
    notice.kind === 'cancelled'
      ? s.cancelled
      : s.returned[subscription.status === 'active' ? 'active' : 'other'];
  return html`<div class="notice notice-ok" role="status"><p>${text}</p></div>`;
}

/** A subscription's charges: when, how much, and their status. */
export function renderCharges(ctx: PageContext, charges: PaymentView[], none: string): SafeHtml {
  const { t, lang } = ctx;
  if (charges.length === 0) return html`<p class="hint">${none}</p>`;
  return html`<ul class="charges">${charges.map(
    (charge) =>
      html`<li class="charge" data-payment="${charge.id}"><span>${formatTime(charge.createdAt, lang)}</span> · <strong>${t.yen(charge.amount)}</strong> · <span class="status status-${charge.status}">${t.orders.statusNames[charge.status] ?? charge.status}</span>${
        billingMonthOf(charge)
          ? html` · <span class="billing-month">${billingMonthOf(charge)}</span>`
          : ''
      } <code>${charge.id}</code></li>`,
  )}</ul>`;
}

/** The `yyyy-MM` month a monthly charge bills, when the bridge says it. */
function billingMonthOf(charge: PaymentView): string | undefined {
  const month = (charge as PaymentView & { billingMonth?: unknown }).billingMonth;
  return typeof month === 'string' ? month : undefined;
}

/** A day in Japan time: `2026年5月1日` / `1 May 2026`. */
function formatDay(date: Date, lang: PageContext['lang']): string {
  return new Intl.DateTimeFormat(lang === 'ja' ? 'ja-JP' : 'en-GB', {
    timeZone: 'Asia/Tokyo',
    dateStyle: 'long',
  }).format(date);
}
