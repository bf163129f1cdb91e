import type { Layout } from '../device-layout.js';
import type { ScreenMessages } from '../i18n/index.js';
import { html } from './html.js';
import { renderPage } from './page.js';

export interface ReturnPageInput {
  readonly messages: ScreenMessages;
  readonly layout: Layout;
  readonly nonce: string;
  readonly title: string;
  readonly message?: string;
  /** success_url, cancel_url or error_url. */
  readonly action: string;
  /** The A03-1 fields in table order (the order does not matter to a correct merchant). */
  readonly fields: readonly (readonly [string, string])[];
  /** `get`: a link to `action` followed at once, instead of the form (no fields). */
  readonly method?: 'post' | 'get';
}

// The only script the sandbox serves: it submits the form below, as SBPS's return page does.
const AUTO_POST = "document.getElementById('sbps-return').submit();";
// A GET return is a navigation, not a form submission: CSP `form-action` does not apply to it.
const AUTO_FOLLOW = "location.replace(document.getElementById('au-return-link').href);";

/**
 * The page that carries the result back to the merchant (A03-1, spec §6): an auto-submitted form
 * POST, Shift_JIS, with a `<noscript>` button. Served as Shift_JIS so the browser encodes the
 * values (e.g. `item_name`) in Shift_JIS too.
 */
export function renderReturnPage(input: ReturnPageInput): string {
  const m = input.messages;
  const follow = input.method === 'get';
  const carrier = follow
    ? html`<div class="actions"><a id="au-return-link" class="primary" href="${input.action}">${m.result.returnButton}</a></div>`
    : html`<form id="sbps-return" method="post" action="${input.action}" accept-charset="Shift_JIS">
${input.fields.map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}">\n`)}<noscript><div class="actions"><button type="submit" class="primary">${m.result.returnButton}</button></div></noscript>
</form>`;
  return renderPage({
    lang: m.lang,
    layout: input.layout,
    nonce: input.nonce,
    charset: 'Shift_JIS',
    title: `${input.title} | ${m.brand}`,
    messages: m,
    script: follow ? AUTO_FOLLOW : AUTO_POST,
    body: html`<h1>${input.title}</h1>
${input.message ? html`<p>${input.message}</p>` : ''}
<p role="status">${m.result.returning}</p>
${carrier}`,
  });
}
