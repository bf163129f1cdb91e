import { randomUUID } from 'node:crypto';
import type { PaymentEventView, PaymentView, SandboxClockView } from '@au-pay/bridge';
import { getAcquirerProfile } from '@au-pay/core';
import type { Lang } from '../i18n/index.js';
import { type Problem, problemText } from '../problem.js';
import type { ReceivedWebhook } from '../webhook-inbox.js';
import { html, type SafeHtml } from './html.js';
import { type PageContext, renderPage } from './layout.js';

export type OrderAction = 'capture' | 'cancel' | 'refund';

/** The outcome of the last action, shown once in the payment's card (post/redirect/get). */
export interface ActionNotice {
  paymentId: string;
  action: OrderAction;
  ok: boolean;
  /** A cancel of part of the authorization (NomuPay). */
  partial?: boolean;
  /** Why it did not happen, when `ok` is false. */
  problem?: Problem;
}

/** The outcome of the last move of the sandbox clock, shown once in its panel. */
export type ClockNotice =
  | { outcome: 'moved' }
  /** "1st of next month" pressed twice: the clock was already past it. */
  | { outcome: 'already_past' }
  | { outcome: 'refused'; problem: Problem };

/** Which way the sandbox clock panel's buttons move the clock. */
export type ClockJump = 'hour' | 'day' | 'next_month';

/** The sandbox clock panel (sandbox mode only). */
export interface ClockPanel {
  /** As the bridge answered; null when it could not be read. */
  clock: SandboxClockView | null;
  /** 00:00 JST on the 1st of the month after the sandbox's date. */
  nextMonth: Date | null;
  notice?: ClockNotice;
}

export interface OrderRow {
  payment: PaymentView;
  webhooks: ReceivedWebhook[];
}

export function renderOrdersPage(
  ctx: PageContext,
  rows: OrderRow[],
  notice: ActionNotice | undefined,
  clockPanel?: ClockPanel,
  /** The subscriptions section (views/subscriptions-section.ts), after the clock. */
  subscriptions?: SafeHtml,
): string {
  const { t } = ctx;
  return renderPage(ctx, {
    title: t.orders.title,
    body: html`<h1>${t.orders.title}</h1>
<p class="lead">${t.orders.intro}</p>
${clockPanel ? renderClockPanel(ctx, clockPanel) : ''}
${subscriptions ?? ''}
${
  rows.length === 0
    ? html`<p>${t.orders.none}</p>`
    : html`<ol class="orders">${rows.map((row) => renderOrder(ctx, row, notice?.paymentId === row.payment.id ? notice : undefined))}</ol>`
}`,
  });
}

function renderOrder(ctx: PageContext, row: OrderRow, notice: ActionNotice | undefined): SafeHtml {
  const { t, lang } = ctx;
  const { payment } = row;
  const headingId = `h-${payment.id}`;
  const statusName = t.orders.statusNames[payment.status] ?? payment.status;

  return html`<li class="order" id="${payment.id}">
<article aria-labelledby="${headingId}">
  <header class="order-header">
    <h2 id="${headingId}">${payment.merchantReference}</h2>
    <span class="status status-${payment.status}">${statusName}</span>
    <span class="order-amount">${t.yen(payment.amount)}</span>
    <p class="order-id"><span class="visually-hidden">${t.orders.paymentId}: </span><code>${payment.id}</code></p>
  </header>
  ${notice ? renderNotice(ctx, notice) : ''}
  <dl class="facts">
    <div><dt>${t.orders.itemName}</dt><dd>${payment.itemName}</dd></div>
    <div><dt>${t.orders.acquirerLabel}</dt><dd class="order-acquirer">${getAcquirerProfile(payment.acquirer).name[lang]}</dd></div>
    <div><dt>${t.orders.captureModeLabel}</dt><dd>${t.orders.captureModes[payment.captureMode] ?? payment.captureMode}</dd></div>
    <div><dt>${t.orders.captured}</dt><dd>${t.yen(payment.capturedAmount)}</dd></div>
    <div><dt>${t.orders.refunded}</dt><dd>${t.yen(payment.refundedAmount)}</dd></div>
    ${
      payment.cancelledAmount > 0
        ? html`<div><dt>${t.orders.cancelledPart}</dt><dd class="order-cancelled">${t.yen(payment.cancelledAmount)}</dd></div>`
        : ''
    }
    <div><dt>${t.orders.flags}</dt><dd>${
      payment.flags.length > 0
        ? html`<ul class="flags">${payment.flags.map((flag) => html`<li><code>${flag}</code></li>`)}</ul>`
        : t.orders.noFlags
    }</dd></div>
    <div><dt>${t.orders.created}</dt><dd>${formatTime(payment.createdAt, lang)}</dd></div>
    ${renderSettleBy(ctx, payment)}
  </dl>
  <div class="order-actions">
    ${renderActions(ctx, payment)}
  </div>
  <details>
    <summary>${t.orders.history} (${payment.events?.length ?? 0})</summary>
    ${renderEvents(ctx, payment.events ?? [])}
  </details>
  <details${row.webhooks.length > 0 ? html` open` : ''}>
    <summary>${t.orders.webhooks} (${row.webhooks.length})</summary>
    ${renderWebhooks(ctx, row.webhooks)}
  </details>
</article>
</li>`;
}

/**
 * An authorized SBPS payment's settlement deadline (day 90 of the purchase request), and
 * "expiring" once the bridge has warned that it is a week away (flag `authorization_expiring`).
 */
function renderSettleBy(ctx: PageContext, payment: PaymentView): SafeHtml | '' {
  const { t, lang } = ctx;
  if (payment.acquirer !== 'sbps' || payment.status !== 'authorized' || !payment.settleBy)
    return '';
  const expiring = payment.flags.includes('authorization_expiring');
  return html`<div class="settle-by"><dt>${t.orders.settleBy}</dt><dd><time datetime="${payment.settleBy}">${formatTime(payment.settleBy, lang)}</time>${
    expiring ? html` <strong class="expiring">${t.orders.expiring}</strong>` : ''
  }</dd></div>`;
}

/**
 * The sandbox's test clock: its time in Japan time and buttons that move it forward, so that what
 * happens later (expiry after 30 minutes, partial refunds from the 1st of the next month) can be
 * tried now.
 */
function renderClockPanel(ctx: PageContext, panel: ClockPanel): SafeHtml {
  const { t, lang } = ctx;
  const { clock, nextMonth, notice } = panel;
  const c = t.orders.clock;
  const button = (jump: ClockJump, label: string) =>
    html`<button class="button button-secondary" type="submit" name="jump" value="${jump}">${label}</button>`;
  return html`<section class="clock-panel" id="sandbox-clock" aria-labelledby="sandbox-clock-title">
  <h2 id="sandbox-clock-title">${c.title}</h2>
  <p class="hint">${c.intro}</p>
  ${notice ? renderClockNotice(ctx, notice) : ''}
  ${
    clock
      ? html`<p class="clock-now">${c.now}: <time datetime="${clock.now}"><strong>${formatTime(clock.now, lang)}</strong></time></p>
  <p class="hint">${clock.offsetSeconds > 0 ? c.aheadBy(...splitDuration(clock.offsetSeconds)) : c.realTime}</p>`
      : html`<p class="hint">${c.unavailable}</p>`
  }
  <form method="post" action="/orders/clock" class="action-forms clock-forms">
    ${nextMonth ? html`<input type="hidden" name="to" value="${nextMonth.toISOString()}">` : ''}
    ${button('hour', c.plusHour)}
    ${button('day', c.plusDay)}
    ${nextMonth ? button('next_month', c.nextMonth) : ''}
  </form>
</section>`;
}

function renderClockNotice(ctx: PageContext, notice: ClockNotice): SafeHtml {
  const { t } = ctx;
  if (notice.outcome === 'refused') {
    return html`<div class="notice notice-error" role="alert"><p><strong>${t.orders.refused}</strong>${problemText(notice.problem, ctx.lang)}${
      notice.problem.kind === 'refusal' ? html` <code>${notice.problem.code}</code>` : ''
    }</p></div>`;
  }
  const text = notice.outcome === 'moved' ? t.orders.clock.moved : t.orders.clock.alreadyPast;
  return html`<div class="notice notice-ok" role="status"><p>${text}</p></div>`;
}

/** Whole days, hours and minutes of a number of seconds. */
function splitDuration(seconds: number): [number, number, number] {
  const minutes = Math.floor(seconds / 60);
  return [Math.floor(minutes / 1440), Math.floor((minutes % 1440) / 60), minutes % 60];
}

function renderNotice(ctx: PageContext, notice: ActionNotice): SafeHtml {
  const { t } = ctx;
  if (notice.ok) {
    const done =
      notice.action === 'cancel' && notice.partial
        ? t.orders.done.cancelPartial
        : t.orders.done[notice.action];
    return html`<div class="notice notice-ok" role="status"><p>${done}</p></div>`;
  }
  const problem = notice.problem ?? { kind: 'unexpected' };
  return html`<div class="notice notice-error" role="alert"><p><strong>${t.orders.refused}</strong>${problemText(problem, ctx.lang)}${
    problem.kind === 'refusal' ? html` <code>${problem.code}</code>` : ''
  }</p></div>`;
}

function renderActions(ctx: PageContext, payment: PaymentView): SafeHtml {
  const { t } = ctx;
  const forms: SafeHtml[] = [];
  // Each rendering carries fresh idempotency keys, so a double click acts once.
  const form = (action: OrderAction, content: SafeHtml, extraClass = '') =>
    html`<form method="post" action="/orders/${payment.id}/${action}" class="action-form ${extraClass}">
  <input type="hidden" name="key" value="${randomUUID()}">
  ${content}
</form>`;
  const partial = (action: OrderAction, max: number, label: string) => {
    const inputId = `${action}-amount-${payment.id}`;
    return form(
      action,
      html`<label for="${inputId}">${t.orders.partialAmount}</label>
  <span class="inline-field"><input id="${inputId}" name="amount" type="number" inputmode="numeric" min="1" max="${max}" step="1" required>
  <button class="button button-secondary" type="submit">${label}</button></span>`,
      'partial',
    );
  };

  // Only what the payment's acquirer allows (core's profiles): Antom refunds in full only; NomuPay
  // settles, cancels or refunds one part once (spec/nomupay-au.md §6), and after its partial cancel
  // no cancel at all; SBPS refunds partially many times.
  const can = getAcquirerProfile(payment.acquirer).capabilities;
  if (payment.status === 'authorized') {
    const remaining = payment.amount - payment.cancelledAmount;
    const cancellable = payment.cancelledAmount === 0;
    if (can.capture) {
      forms.push(
        form(
          'capture',
          html`<button class="button" type="submit">${t.orders.captureFull(t.yen(remaining))}</button>`,
        ),
      );
    }
    if (can.cancel && cancellable) {
      forms.push(
        form(
          'cancel',
          html`<button class="button button-danger" type="submit">${t.orders.cancel}</button>`,
        ),
      );
    }
    if (can.partialCapture && (can.multiplePartialCaptures || payment.capturedAmount === 0)) {
      forms.push(partial('capture', remaining, t.orders.capturePartial));
    }
    if (can.partialCancel && cancellable) {
      forms.push(partial('cancel', remaining, t.orders.cancelPartial));
    }
  } else if (
    can.refund &&
    (payment.status === 'captured' || payment.status === 'partially_refunded') &&
    // After NomuPay's one partial refund even the rest is a second partial refund: refused.
    (can.multiplePartialRefunds || payment.refundedAmount === 0)
  ) {
    const refundable = payment.capturedAmount - payment.refundedAmount;
    forms.push(
      form(
        'refund',
        html`<button class="button button-danger" type="submit">${t.orders.refundFull(t.yen(refundable))}</button>`,
      ),
    );
    if (can.partialRefund && (can.multiplePartialRefunds || payment.refundedAmount === 0)) {
      forms.push(partial('refund', refundable, t.orders.refundPartial));
    }
  }
  if (forms.length === 0) {
    const why = payment.status === 'pending' ? t.orders.awaitingBuyer : t.orders.noActions;
    return html`<p class="hint">${why}</p>`;
  }
  return html`<div class="action-forms">${forms}</div>`;
}

function renderEvents(ctx: PageContext, events: PaymentEventView[]): SafeHtml {
  const { t, lang } = ctx;
  return html`<div class="table-scroll"><table class="events">
  <thead><tr><th scope="col">${t.orders.timeColumn}</th><th scope="col">${t.orders.eventColumn}</th><th scope="col">${t.orders.detailsColumn}</th></tr></thead>
  <tbody>${events.map(
    (event) =>
      html`<tr><td>${formatTime(event.createdAt, lang)}</td><td><code>${event.type}</code></td><td class="event-data">${summarize(event.data)}</td></tr>`,
  )}</tbody>
</table></div>`;
}

function renderWebhooks(ctx: PageContext, webhooks: ReceivedWebhook[]): SafeHtml {
  const { t, lang } = ctx;
  if (webhooks.length === 0) return html`<p class="hint">${t.orders.noWebhooks}</p>`;
  return html`<ul class="webhooks">${webhooks.map(
    (hook) =>
      html`<li><code>${hook.type}</code> <span class="hint">${formatTime(hook.created, lang)} · <code>${hook.id}</code>${
        hook.duplicates > 0 ? html` · ${t.orders.webhookDuplicates(hook.duplicates)}` : ''
      }</span></li>`,
  )}</ul>`;
}

/** `key=value` pairs of an event's data, short enough for a table cell. */
function summarize(data: Record<string, unknown>): string {
  const parts = Object.entries(data).map(([key, value]) => {
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    return `${key}=${text && text.length > 60 ? `${text.slice(0, 57)}…` : text}`;
  });
  return parts.join(', ');
}

/** Times in Japan time, as the shop and the acquirer count days. */
export function formatTime(iso: string, lang: Lang): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(lang === 'ja' ? 'ja-JP' : 'en-GB', {
    timeZone: 'Asia/Tokyo',
    dateStyle: 'medium',
    timeStyle: 'medium',
  }).format(date);
}
