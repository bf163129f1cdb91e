import type { Lang, Messages } from '../i18n/index.js';
import { subscriptionMessagesFor } from '../i18n/subscription-messages.js';
import { html, raw, type SafeHtml } from './html.js';

/** What every page knows about the request it answers. */
export interface PageContext {
  lang: Lang;
  t: Messages;
  /** Path and query of this page, for the language switch. */
  url: string;
  cartCount: number;
  section: 'shop' | 'cart' | 'subscriptions' | 'orders' | 'none';
}

export interface PageOptions {
  title: string;
  body: SafeHtml;
  /** Extra elements for `<head>`: a script, a `noscript` refresh. */
  head?: SafeHtml;
}

/** The same URL with `lang` set: the link of the language switch. */
export function withLang(url: string, lang: Lang): string {
  const parsed = new URL(url, 'http://shop.invalid');
  parsed.searchParams.set('lang', lang);
  return `${parsed.pathname}${parsed.search}${parsed.hash}`;
}

/** The shop's mark: in the header, and as the favicon (`/assets/icon.svg`). */
export const LOGO_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="8" fill="#c2410c"/><text x="16" y="21.5" text-anchor="middle" font-family="system-ui, sans-serif" font-size="15" font-weight="700" fill="#fff">au</text></svg>';
const LOGO = raw(
  LOGO_SVG.replace('<svg ', '<svg class="logo" aria-hidden="true" focusable="false" '),
);

export function renderPage(ctx: PageContext, page: PageOptions): string {
  const { t } = ctx;
  const other: Lang = ctx.lang === 'ja' ? 'en' : 'ja';
  const navLink = (section: PageContext['section'], href: string, label: SafeHtml | string) =>
    html`<li><a href="${href}"${ctx.section === section ? html` aria-current="page"` : ''}>${label}</a></li>`;
  const cartLabel = html`${t.nav.cart}${
    ctx.cartCount > 0 ? html` <span class="badge">${ctx.cartCount}</span>` : ''
  }`;

  return html`<!doctype html>
<html lang="${t.htmlLang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<title>${page.title} | ${t.shopName}</title>
<link rel="stylesheet" href="/assets/shop.css">
<link rel="icon" href="/assets/icon.svg" type="image/svg+xml">
${page.head ?? ''}
</head>
<body>
<a class="skip-link" href="#main">${t.skipToContent}</a>
<header class="site-header">
  <p class="sandbox-banner">${t.sandboxBanner}</p>
  <div class="wrap header-row">
    <a class="brand" href="/">${LOGO}<span>${t.shopName}</span></a>
    <nav aria-label="${t.nav.label}">
      <ul>
        ${navLink('shop', '/', t.nav.shop)}
        ${navLink('cart', '/cart', cartLabel)}
        ${navLink('subscriptions', '/subscriptions', subscriptionMessagesFor(ctx.lang).nav)}
        ${navLink('orders', '/orders', t.nav.orders)}
      </ul>
    </nav>
    <a class="lang-switch" href="${withLang(ctx.url, other)}" lang="${other}" hreflang="${other}">${messagesLabel(
      other,
    )}</a>
  </div>
</header>
<main id="main" class="wrap" tabindex="-1">
${page.body}
</main>
<footer class="site-footer">
  <div class="wrap"><p>${t.footer}</p></div>
</footer>
</body>
</html>
`.value;
}

function messagesLabel(lang: Lang): string {
  return lang === 'ja' ? '日本語' : 'English';
}

/** A short page for a refusal or a failure the buyer can do something about. */
export function renderProblem(ctx: PageContext, message: string, back?: SafeHtml): string {
  return renderPage(ctx, {
    title: ctx.t.errors.title,
    body: html`<h1>${ctx.t.errors.title}</h1>
<div class="notice notice-error" role="alert"><p>${message}</p></div>
${back ?? html`<p><a class="button button-secondary" href="/">${ctx.t.cart.backToShop}</a></p>`}`,
  });
}
