import { type AcquirerId, type CaptureMode, getAcquirerProfile } from '@au-pay/core';
import { type Cart, MAX_QUANTITY } from '../cart.js';
import { html } from './html.js';
import { type PageContext, renderPage } from './layout.js';

export interface CartPageOptions {
  cart: Cart;
  /** Fresh for each rendering: a double-submitted "pay" form creates one payment, not two. */
  checkoutKey: string;
  captureMode: CaptureMode;
  /** The acquirers the buyer may choose from (those the bridge has configured). */
  acquirers: readonly AcquirerId[];
  acquirer: AcquirerId;
  /** A refusal of the last attempt to pay, already in the page's language. */
  error?: string;
}

export function renderCartPage(ctx: PageContext, options: CartPageOptions): string {
  const { t, lang } = ctx;
  const { cart } = options;
  const lines = cart.lines();
  const error = options.error
    ? html`<div class="notice notice-error" role="alert"><p>${options.error}</p></div>`
    : '';

  if (lines.length === 0) {
    return renderPage(ctx, {
      title: t.cart.title,
      body: html`<h1>${t.cart.title}</h1>
${error}
<p>${t.cart.empty}</p>
<p><a class="button" href="/">${t.cart.backToShop}</a></p>`,
    });
  }

  const quantityOptions = (selected: number) =>
    Array.from(
      { length: MAX_QUANTITY + 1 },
      (_, quantity) =>
        html`<option value="${quantity}"${quantity === selected ? html` selected` : ''}>${quantity}</option>`,
    );

  const rows = lines.map(
    (line) => html`<tr>
  <th scope="row" data-label="${t.cart.product}">${line.product.name[lang]}</th>
  <td data-label="${t.cart.unitPrice}" class="num"><span>${t.yen(line.product.price)}</span></td>
  <td data-label="${t.cart.quantity}" class="num">
    <label class="visually-hidden" for="qty-${line.product.id}">${t.cart.quantityOf(line.product.name[lang])}</label>
    <select id="qty-${line.product.id}" name="qty.${line.product.id}" form="cart-update">${quantityOptions(line.quantity)}</select>
  </td>
  <td data-label="${t.cart.subtotal}" class="num"><span>${t.yen(line.subtotal)}</span></td>
  <td class="row-action">
    <form method="post" action="/cart/items/${line.product.id}/remove">
      <button class="link-button" type="submit" aria-label="${t.cart.removeLabel(line.product.name[lang])}">${t.cart.remove}</button>
    </form>
  </td>
</tr>`,
  );

  // The sales modes follow the chosen acquirer's profile (Antom: automatic only, the bridge refuses
  // specified sales): the others are disabled here, and /assets/cart-choices.js redoes it in the
  // browser when the buyer picks another acquirer.
  const offered = getAcquirerProfile(options.acquirer).captureModes;
  const captureMode = offered.includes(options.captureMode) ? options.captureMode : offered[0];
  const mode = (value: CaptureMode, label: string, hint: string) => {
    const available = offered.includes(value);
    return html`<label class="choice">
  <input type="radio" name="captureMode" value="${value}"${captureMode === value ? html` checked` : ''}${available ? '' : html` disabled`} aria-describedby="hint-${value} unavailable-${value}">
  <span><strong>${label}</strong><span class="hint" id="hint-${value}">${hint}</span><span class="hint capture-unavailable" id="unavailable-${value}"${available ? html` hidden` : ''}>${t.cart.captureMode.unavailable}</span></span>
</label>`;
  };

  const acquirerChoice = (id: AcquirerId) =>
    html`<label class="choice">
  <input type="radio" name="acquirer" value="${id}"${options.acquirer === id ? html` checked` : ''} data-capture-modes="${getAcquirerProfile(id).captureModes.join(' ')}" aria-describedby="hint-acquirer-${id}">
  <span><strong>${getAcquirerProfile(id).name[lang]}</strong><span class="hint" id="hint-acquirer-${id}">${t.cart.acquirer.hints[id]}</span></span>
</label>`;

  return renderPage(ctx, {
    title: t.cart.title,
    body: html`<h1>${t.cart.title}</h1>
${error}
<form id="cart-update" method="post" action="/cart/update"></form>
<div class="cart-layout">
<div>
<table class="cart-table">
  <caption class="visually-hidden">${t.cart.title}</caption>
  <thead><tr><th scope="col">${t.cart.product}</th><th scope="col" class="num">${t.cart.unitPrice}</th><th scope="col" class="num">${t.cart.quantity}</th><th scope="col" class="num">${t.cart.subtotal}</th><td></td></tr></thead>
  <tbody>${rows}</tbody>
  <tfoot><tr><th scope="row" colspan="3">${t.cart.total}</th><td class="num total" data-label="${t.cart.total}">${t.yen(cart.total())}</td><td></td></tr></tfoot>
</table>
<p class="cart-tools"><button class="button button-secondary" type="submit" form="cart-update">${t.cart.update}</button> <a href="/">${t.cart.backToShop}</a></p>
</div>

<form class="checkout" method="post" action="/checkout">
  <input type="hidden" name="checkoutKey" value="${options.checkoutKey}">
  <fieldset>
    <legend>${t.cart.acquirer.legend}</legend>
    ${options.acquirers.map(acquirerChoice)}
  </fieldset>
  <fieldset>
    <legend>${t.cart.captureMode.legend}</legend>
    ${mode('automatic', t.cart.captureMode.automatic, t.cart.captureMode.automaticHint)}
    ${mode('manual', t.cart.captureMode.manual, t.cart.captureMode.manualHint)}
  </fieldset>
  <p class="checkout-total"><span>${t.cart.total}</span> <strong>${t.yen(cart.total())}</strong></p>
  <button class="button button-pay" type="submit" aria-describedby="pay-hint">${t.cart.pay}</button>
  <p class="hint" id="pay-hint">${t.cart.payHint}</p>
</form>
</div>
<script src="/assets/cart-choices.js" defer></script>`,
  });
}
