import type { ShownPurchase } from '../buyer-sessions.js';
import type { Layout } from '../device-layout.js';
import type { ScreenMessages } from '../i18n/index.js';
import { SCENARIOS } from '../scenarios.js';
import { html, type SafeHtml } from './html.js';
import { kddiVisibleItemName } from './item-name.js';
import { renderPage } from './page.js';

/** Field name → message, in the order the fields appear. */
export type FieldErrors = Readonly<Record<string, string>>;

interface ScreenContext {
  readonly messages: ScreenMessages;
  readonly layout: Layout;
  readonly nonce: string;
  readonly errors?: FieldErrors;
}

interface FieldInput {
  readonly name: string;
  readonly label: string;
  readonly hint?: string;
  readonly type: 'text' | 'password';
  readonly autocomplete: string;
  readonly inputmode?: 'email' | 'numeric';
  readonly maxlength: number;
  readonly value?: string;
}

function field(input: FieldInput, errors: FieldErrors, isFirstError: boolean): SafeHtml {
  const error = errors[input.name];
  const hintId = input.hint ? `${input.name}-hint` : undefined;
  const errorId = error ? `${input.name}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ');
  return html`<label for="${input.name}">${input.label}</label>
${input.hint ? html`<p class="hint" id="${hintId}">${input.hint}</p>` : ''}
${error ? html`<p class="field-error" id="${errorId}">${error}</p>` : ''}
<input id="${input.name}" name="${input.name}" type="${input.type}" autocomplete="${input.autocomplete}"${
    input.inputmode ? html` inputmode="${input.inputmode}"` : ''
  } maxlength="${input.maxlength}" required aria-required="true"${
    describedBy ? html` aria-describedby="${describedBy}"` : ''
  }${error ? html` aria-invalid="true"` : ''}${isFirstError ? html` autofocus` : ''}${
    input.value !== undefined ? html` value="${input.value}"` : ''
  }>`;
}

function fields(inputs: readonly FieldInput[], errors: FieldErrors = {}): SafeHtml {
  const firstError = inputs.find((input) => errors[input.name] !== undefined)?.name;
  return html`${inputs.map((input) => field(input, errors, input.name === firstError))}`;
}

function errorSummary(m: ScreenMessages, errors: FieldErrors = {}): SafeHtml | '' {
  const entries = Object.entries(errors);
  if (entries.length === 0) return '';
  return html`<div class="error-summary" role="alert" aria-labelledby="error-summary-title">
<h2 id="error-summary-title">${m.errorSummaryTitle}</h2>
<ul>${entries.map(([name, message]) => html`<li><a href="#${name}">${message}</a></li>`)}</ul>
</div>`;
}

function steps(m: ScreenMessages, current: 1 | 2 | 3, labels = m.steps): SafeHtml {
  return html`<ol class="steps" aria-label="${m.stepOf(current, 3)}">${labels.map(
    (label, i) =>
      html`<li${i + 1 === current ? html` aria-current="step"` : ''}>${i + 1}. ${label}</li>`,
  )}</ol>`;
}

function cancelForm(m: ScreenMessages): SafeHtml {
  return html`<form method="post" action="cancel" class="cancel-form" accept-charset="UTF-8">
<button type="submit" class="secondary">${m.cancel}</button>
</form>`;
}

function screen(
  ctx: ScreenContext,
  title: string,
  step: 1 | 2 | 3,
  content: SafeHtml,
  stepLabels?: ScreenMessages['steps'],
): string {
  const m = ctx.messages;
  const titled =
    ctx.errors && Object.keys(ctx.errors).length > 0 ? `${m.errorSummaryTitle}: ${title}` : title;
  return renderPage({
    lang: m.lang,
    layout: ctx.layout,
    nonce: ctx.nonce,
    title: `${titled} | ${m.brand}`,
    messages: m,
    languageSwitchHref: `?lang=${m.lang === 'ja' ? 'en' : 'ja'}`,
    body: html`${steps(m, step, stepLabels)}
<h1>${title}</h1>
${errorSummary(m, ctx.errors)}
${content}
${cancelForm(m)}
<p class="note">${m.timeLimitNote}</p>`,
  });
}

export function renderLoginScreen(ctx: ScreenContext, values: { auId?: string } = {}): string {
  const m = ctx.messages;
  const l = m.login;
  return screen(
    ctx,
    l.title,
    1,
    html`<p>${l.intro}</p>
<form method="post" action="login" accept-charset="UTF-8" novalidate>
${fields(
  [
    {
      name: 'au_id',
      label: l.auIdLabel,
      hint: l.auIdHint,
      type: 'text',
      autocomplete: 'username',
      inputmode: 'email',
      maxlength: 256,
      value: values.auId ?? '',
    },
    {
      name: 'password',
      label: l.passwordLabel,
      type: 'password',
      autocomplete: 'current-password',
      maxlength: 256,
    },
  ],
  ctx.errors,
)}
<div class="actions"><button type="submit" class="primary">${l.submit}</button></div>
</form>
<details>
<summary>${l.scenariosSummary}</summary>
<p>${l.scenariosIntro}</p>
<table>
<tbody>
${SCENARIOS.map(
  (s) =>
    html`<tr><th scope="row"><code>${s.auId}</code></th><td>${m.lang === 'ja' ? s.descriptionJa : s.description}</td></tr>`,
)}
</tbody>
</table>
</details>`,
  );
}

export function renderCodeScreen(ctx: ScreenContext, sandboxCode: string): string {
  const c = ctx.messages.code;
  return screen(
    ctx,
    c.title,
    2,
    html`<p>${c.sent}</p>
<p class="sandbox-code" role="note">${c.sandboxCode}<strong>${sandboxCode}</strong></p>
<form method="post" action="code" accept-charset="UTF-8" novalidate>
${fields(
  [
    {
      name: 'code',
      label: c.codeLabel,
      type: 'text',
      autocomplete: 'one-time-code',
      inputmode: 'numeric',
      maxlength: 6,
    },
  ],
  ctx.errors,
)}
<div class="actions"><button type="submit" class="primary">${c.submit}</button></div>
</form>`,
  );
}

/** The rows of the summary that say what the buyer pays or agrees to. */
function termsRows(m: ScreenMessages, purchase: ShownPurchase): SafeHtml {
  const c = m.confirm;
  const a = m.agreement;
  const agreement = purchase.agreement;
  const row = (label: string, value: string) => html`<div><dt>${label}</dt><dd>${value}</dd></div>`;
  switch (agreement?.kind) {
    case undefined:
      return row(c.amountLabel, c.amount(purchase.amount));
    case 'monthly':
      return row(a.termsLabel, a.monthly(agreement.amount));
    case 'on_demand':
      return html`${row(a.termsLabel, a.onDemand)}${
        agreement.firstCharge === undefined
          ? ''
          : row(a.firstChargeLabel, c.amount(agreement.firstCharge))
      }`;
    case 'cancellation': {
      const k = m.cancelContract;
      return row(
        k.contractLabel,
        agreement.contract === 'monthly' ? k.monthlyContract : k.onDemandContract,
      );
    }
  }
}

/**
 * The last screen: what the buyer pays, or for a subscription what they agree to (billed when and
 * how much, spec §4 tabs 1 and 2, §7), or for a contract the buyer ends what ends (no amount).
 */
export function renderConfirmScreen(ctx: ScreenContext, purchase: ShownPurchase): string {
  const m = ctx.messages;
  const c = m.confirm;
  const words = purchase.endsContract
    ? m.cancelContract
    : purchase.agreement
      ? m.agreement
      : { ...c, step: undefined };
  return screen(
    ctx,
    words.title,
    3,
    html`<p>${words.intro}</p>
<dl class="summary">
<div><dt>${c.itemLabel}</dt><dd>${kddiVisibleItemName(purchase.itemName)}</dd></div>
${termsRows(m, purchase)}
<div><dt>${c.methodLabel}</dt><dd>${c.method}</dd></div>
</dl>
<form method="post" action="confirm" accept-charset="UTF-8" novalidate>
${fields(
  [
    {
      name: 'pin',
      label: c.pinLabel,
      hint: c.pinHint,
      type: 'password',
      autocomplete: 'off',
      inputmode: 'numeric',
      maxlength: 4,
    },
  ],
  ctx.errors,
)}
<div class="actions"><button type="submit" class="primary">${words.submit}</button></div>
</form>`,
    words.step === undefined ? undefined : [m.steps[0], m.steps[1], words.step],
  );
}

/** The au side's own error screen (unknown, superseded or finished session). */
export function renderSessionErrorScreen(
  ctx: Omit<ScreenContext, 'errors'>,
  reason: 'notFound' | 'superseded' | 'finished',
): string {
  const s = ctx.messages.session;
  return renderPage({
    lang: ctx.messages.lang,
    layout: ctx.layout,
    nonce: ctx.nonce,
    title: `${s.title} | ${ctx.messages.brand}`,
    messages: ctx.messages,
    body: html`<h1>${s.title}</h1>
<p>${s[reason]}</p>`,
  });
}
