import { CATALOG, type Product } from '../catalog.js';
import { html } from './html.js';
import { type PageContext, renderPage } from './layout.js';
import { renderPlansSection } from './plans-section.js';
import { productArt } from './product-art.js';

/** The product list; `added` is the product just put in the cart, if any. */
export function renderShopPage(ctx: PageContext, added: Product | undefined): string {
  const { t, lang } = ctx;
  const cards = CATALOG.map(
    (product) => html`<li class="product" id="product-${product.id}">
  <div class="product-art art-${product.art}">${productArt(product)}</div>
  <div class="product-body">
    <h2>${product.name[lang]}</h2>
    <p class="product-description">${product.description[lang]}</p>
    <p class="price">${t.yen(product.price)} <span class="price-note">${t.shop.oneTime}</span></p>
    <form method="post" action="/cart/items">
      <input type="hidden" name="product" value="${product.id}">
      <button class="button" type="submit" aria-label="${t.shop.addToCartLabel(product.name[lang])}">${t.shop.addToCart}</button>
    </form>
  </div>
</li>`,
  );

  const notice = added
    ? html`<div class="notice notice-ok" role="status"><p>${t.shop.added(added.name[lang])}</p><a class="button button-secondary" href="/cart">${t.shop.viewCart}</a></div>`
    : html`<div role="status"></div>`;

  return renderPage(ctx, {
    title: t.shop.title,
    body: html`<h1>${t.shop.title}</h1>
<p class="lead">${t.shop.intro}</p>
${notice}
<ul class="products">${cards}</ul>
${renderPlansSection(ctx)}`,
  });
}
