import type { Product } from '../catalog.js';
import { html, type SafeHtml } from './html.js';

/** Small decorative drawings, inline so the shop needs no image files. */
const ART: Record<Product['art'], SafeHtml> = {
  drink: html`<svg viewBox="0 0 120 120" aria-hidden="true" focusable="false">
<rect x="50" y="14" width="20" height="10" rx="3" fill="#2e7d32"/>
<path d="M48 26h24v10c8 6 10 12 10 20v46a6 6 0 0 1-6 6H44a6 6 0 0 1-6-6V56c0-8 2-14 10-20z" fill="#a5d6a7"/>
<rect x="38" y="60" width="44" height="26" fill="#fff" opacity=".9"/>
<path d="M52 78c2-9 9-13 16-13-2 8-8 13-16 13z" fill="#43a047"/>
</svg>`,
  manga: html`<svg viewBox="0 0 120 120" aria-hidden="true" focusable="false">
<rect x="32" y="16" width="56" height="88" rx="4" fill="#311b92"/>
<rect x="32" y="16" width="8" height="88" rx="2" fill="#1a0f5c"/>
<path d="M66 36l4 9 10 1-7.5 6.8 2.2 9.7L66 57.6l-8.7 4.9 2.2-9.7L52 46l10-1z" fill="#ffd54f"/>
<circle cx="50" cy="78" r="2" fill="#fff"/><circle cx="78" cy="84" r="1.5" fill="#fff"/>
<circle cx="62" cy="92" r="1.2" fill="#fff"/>
<rect x="46" y="70" width="36" height="4" rx="2" fill="#b39ddb"/>
</svg>`,
  plan: html`<svg viewBox="0 0 120 120" aria-hidden="true" focusable="false">
<rect x="18" y="28" width="84" height="56" rx="6" fill="#37474f"/>
<rect x="24" y="34" width="72" height="44" rx="3" fill="#ff8a65"/>
<path d="M54 46v20l17-10z" fill="#fff"/>
<rect x="46" y="90" width="28" height="6" rx="3" fill="#37474f"/>
</svg>`,
};

export function productArt(product: Product): SafeHtml {
  return ART[product.art];
}
