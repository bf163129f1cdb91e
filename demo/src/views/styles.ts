/** The shop's whole style sheet, served at `/assets/shop.css`. */
export const SHOP_CSS = `
:root {
  --bg: #f6f4f1; --surface: #fff; --text: #1f2328; --muted: #57606a; --border: #d8d3cc;
  --accent: #c2410c; --accent-dark: #9a3412; --accent-soft: #fff1e8;
  --ok: #1a7f37; --ok-soft: #e9f7ee; --error: #b42318; --error-soft: #fdecea;
  --focus: #1d4ed8; --radius: 12px;
  font-family: system-ui, -apple-system, "Hiragino Sans", "Noto Sans JP", "Noto Sans CJK JP",
    "Yu Gothic UI", Meiryo, sans-serif;
  line-height: 1.6; color: var(--text); background: var(--bg);
  -webkit-text-size-adjust: 100%;
}
*, *::before, *::after { box-sizing: border-box; }
body { margin: 0; min-height: 100vh; display: flex; flex-direction: column; }
main { flex: 1; padding-block: 1.5rem 3rem; outline: none; }
h1 { font-size: 1.6rem; line-height: 1.3; margin: 0 0 .75rem; }
h2 { font-size: 1.15rem; line-height: 1.4; margin: 0; }
a { color: var(--accent-dark); }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .875em;
  overflow-wrap: anywhere; }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
.wrap { width: 100%; max-width: 68rem; margin-inline: auto; padding-inline: 1rem; }
.lead { color: var(--muted); max-width: 44rem; margin-top: 0; }
.hint { color: var(--muted); font-size: .875rem; }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.visually-hidden { position: absolute !important; width: 1px; height: 1px; padding: 0; margin: -1px;
  overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
.skip-link { position: absolute; left: .5rem; top: -3rem; z-index: 10; background: var(--surface);
  padding: .5rem 1rem; border-radius: 8px; }
.skip-link:focus { top: .5rem; }

.sandbox-banner { margin: 0; padding: .35rem 1rem; text-align: center; font-size: .8125rem;
  background: #fef3c7; color: #713f12; border-bottom: 1px solid #fcd34d; }
.site-header { background: var(--surface); border-bottom: 1px solid var(--border); }
.header-row { display: flex; align-items: center; gap: .5rem 1.5rem; flex-wrap: wrap;
  min-height: 3.75rem; }
.brand { display: inline-flex; align-items: center; gap: .5rem; font-weight: 700;
  color: var(--text); text-decoration: none; margin-right: auto; }
.logo { width: 2rem; height: 2rem; flex: none; }
.site-header nav ul { display: flex; gap: .25rem; list-style: none; margin: 0; padding: 0; }
.site-header nav a { display: inline-flex; align-items: center; gap: .35rem; min-height: 2.75rem;
  padding: 0 .75rem; border-radius: 8px; color: var(--text); text-decoration: none; }
.site-header nav a:hover { background: var(--bg); }
.site-header nav a[aria-current="page"] { color: var(--accent-dark); font-weight: 700;
  box-shadow: inset 0 -3px 0 var(--accent); border-radius: 8px 8px 0 0; }
.badge { display: inline-grid; place-items: center; min-width: 1.4rem; height: 1.4rem;
  padding: 0 .35rem; border-radius: 999px; background: var(--accent); color: #fff;
  font-size: .75rem; font-weight: 700; }
.lang-switch { min-height: 2.75rem; display: inline-flex; align-items: center; padding: 0 .75rem;
  border: 1px solid var(--border); border-radius: 999px; font-size: .875rem; text-decoration: none;
  color: var(--text); }
.lang-switch:hover { border-color: var(--accent); }
.site-footer { border-top: 1px solid var(--border); color: var(--muted); font-size: .8125rem; }

.button { display: inline-flex; align-items: center; justify-content: center; gap: .5rem;
  min-height: 2.75rem; padding: .5rem 1.1rem; border: 2px solid var(--accent); border-radius: 999px;
  background: var(--accent); color: #fff; font: inherit; font-weight: 700; text-decoration: none;
  cursor: pointer; }
.button:hover { background: var(--accent-dark); border-color: var(--accent-dark); }
.button-secondary { background: var(--surface); color: var(--accent-dark); }
.button-secondary:hover { background: var(--accent-soft); color: var(--accent-dark); }
.button-danger { background: var(--surface); color: var(--error); border-color: var(--error); }
.button-danger:hover { background: var(--error-soft); color: var(--error); border-color: var(--error); }
.button-pay { font-size: 1.1rem; padding-inline: 2rem; min-height: 3.25rem; }
.link-button { background: none; border: 0; padding: .5rem; font: inherit; color: var(--accent-dark);
  text-decoration: underline; cursor: pointer; min-height: 2.75rem; }

.notice { display: flex; flex-wrap: wrap; align-items: center; gap: .5rem 1rem; margin: 1rem 0;
  padding: .75rem 1rem; border-radius: var(--radius); border-left: 4px solid; }
.notice p { margin: 0; flex: 1 1 16rem; }
.notice-ok { background: var(--ok-soft); border-color: var(--ok); }
.notice-error { background: var(--error-soft); border-color: var(--error); }

.products { list-style: none; padding: 0; margin: 1.5rem 0 0; display: grid; gap: 1.25rem;
  grid-template-columns: repeat(auto-fill, minmax(17rem, 1fr)); }
.product { display: flex; flex-direction: column; background: var(--surface);
  border: 1px solid var(--border); border-radius: var(--radius); overflow: hidden; }
.product-art { display: grid; place-items: center; }
.product-art svg { display: block; width: 100%; height: 10rem; }
.art-drink { background: #e8f5e9; } .art-manga { background: #ede7f6; } .art-plan { background: #fff3e0; }
.product-body { display: flex; flex-direction: column; gap: .5rem; padding: 1rem 1.1rem 1.25rem;
  flex: 1; }
.product-description { margin: 0; color: var(--muted); font-size: .9375rem; flex: 1; }
.price { margin: 0; font-size: 1.35rem; font-weight: 700; font-variant-numeric: tabular-nums; }
.price-note { font-size: .8125rem; font-weight: 400; color: var(--muted); margin-left: .25rem; }
.product form .button { width: 100%; }

.cart-table { width: 100%; border-collapse: collapse; background: var(--surface);
  border-radius: var(--radius); overflow: hidden; border: 1px solid var(--border); }
.cart-table th, .cart-table td { padding: .75rem 1rem; border-bottom: 1px solid var(--border);
  text-align: left; }
.cart-table thead th { font-size: .8125rem; color: var(--muted); font-weight: 600; }
.cart-table .num { text-align: right; }
.cart-table tfoot th, .cart-table tfoot td { border-bottom: 0; font-size: 1.1rem; }
.cart-table tfoot th { text-align: right; }
.cart-table .total { font-weight: 700; }
.cart-table select { font: inherit; min-height: 2.5rem; padding: 0 .5rem; border-radius: 8px;
  border: 1px solid var(--border); background: var(--surface); }
.row-action { text-align: right; width: 1%; white-space: nowrap; }
.cart-tools { display: flex; flex-wrap: wrap; align-items: center; gap: 1rem; }
.cart-layout { display: grid; gap: 1.5rem; align-items: start; }
@media (min-width: 60rem) { .cart-layout { grid-template-columns: minmax(0, 1fr) 22rem; } }
.checkout { padding: 1.25rem; background: var(--surface);
  border: 1px solid var(--border); border-radius: var(--radius); max-width: 40rem; }
.checkout fieldset { border: 0; padding: 0; margin: 0 0 1rem; display: grid; gap: .5rem; }
.checkout legend { font-weight: 700; margin-bottom: .5rem; }
.choice { display: flex; gap: .75rem; align-items: flex-start; padding: .6rem .8rem;
  border: 1px solid var(--border); border-radius: 10px; cursor: pointer; }
.choice:has(input:checked) { border-color: var(--accent); background: var(--accent-soft); }
.choice input { margin-top: .35rem; accent-color: var(--accent); width: 1.1rem; height: 1.1rem; flex: none; }
.choice > span { display: grid; }
.choice .hint { font-size: .8125rem; }
.choice:has(input:disabled) { opacity: .6; cursor: not-allowed; }
.checkout-total { display: flex; justify-content: space-between; align-items: baseline;
  font-size: 1.1rem; border-top: 1px solid var(--border); padding-top: 1rem; }
.checkout-total strong { font-size: 1.5rem; }
.checkout .button-pay { width: 100%; }

.pay-panel, .result { background: var(--surface); border: 1px solid var(--border);
  border-radius: var(--radius); padding: 1.5rem; max-width: 40rem; }
.summary { display: grid; gap: .25rem; margin: 0 0 1rem; }
.summary > div { display: flex; flex-wrap: wrap; justify-content: space-between; gap: 0 1rem;
  border-bottom: 1px dashed var(--border); padding: .35rem 0; }
.summary dt { color: var(--muted); white-space: nowrap; }
.summary dd { margin: 0 0 0 auto; text-align: right; overflow-wrap: anywhere; }
.summary-total dd { font-size: 1.4rem; font-weight: 700; }
.pay-button { margin: 1.25rem 0; }
/* The <au-pay> widget, in the shop's colours (its custom properties, packages/widget/README.md). */
au-pay { display: block; --au-pay-color-brand: var(--accent); --au-pay-color-brand-hover: var(--accent-dark);
  --au-pay-radius: 999px; }
.test-ids { margin-top: 1.5rem; max-width: 40rem; background: var(--surface);
  border: 1px solid var(--border); border-radius: var(--radius); padding: .75rem 1.25rem; }
.test-ids summary { cursor: pointer; font-weight: 700; min-height: 2rem; }
.test-ids table { border-collapse: collapse; font-size: .875rem; width: 100%; }
.test-ids th, .test-ids td { text-align: left; vertical-align: top; padding: .4rem .5rem .4rem 0;
  border-bottom: 1px solid var(--border); }

.result { text-align: left; }
.result-icon { display: grid; place-items: center; width: 3.5rem; height: 3.5rem;
  border-radius: 50%; font-size: 1.75rem; font-weight: 700; margin-bottom: .75rem;
  background: var(--accent-soft); color: var(--accent-dark); }
.result-paid .result-icon, .result-authorized .result-icon { background: var(--ok-soft); color: var(--ok); }
.result-failed .result-icon, .result-expired .result-icon, .result-cancelled .result-icon,
.result-incomplete .result-icon {
  background: var(--error-soft); color: var(--error); }
.actions { display: flex; flex-wrap: wrap; gap: .75rem; margin-bottom: 0; }
.spinner { width: 1.6rem; height: 1.6rem; border-radius: 50%; border: 3px solid currentColor;
  border-right-color: transparent; animation: spin 1s linear infinite; }
@keyframes spin { to { transform: rotate(360deg); } }
@media (prefers-reduced-motion: reduce) { .spinner { animation: none; } }

.orders { list-style: none; padding: 0; margin: 1.5rem 0 0; display: grid; gap: 1.25rem; }
.order { min-width: 0; }
.order article { background: var(--surface); border: 1px solid var(--border);
  border-radius: var(--radius); padding: 1rem 1.25rem; }
.order-header { display: flex; flex-wrap: wrap; align-items: center; gap: .5rem 1rem; }
.order-header h2 { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
  font-size: 1rem; overflow-wrap: anywhere; }
.order-amount { margin-left: auto; font-size: 1.25rem; font-weight: 700;
  font-variant-numeric: tabular-nums; }
.status { display: inline-block; padding: .1rem .65rem; border-radius: 999px; font-size: .8125rem;
  font-weight: 700; background: #eef1f4; color: #3d4752; border: 1px solid #cfd6dd; }
.status-authorized { background: #e8f0fe; color: #1c4ea3; border-color: #b6cdf7; }
.status-captured { background: var(--ok-soft); color: var(--ok); border-color: #a6dcb6; }
.status-partially_refunded, .status-refunded { background: #f3e8ff; color: #6b21a8; border-color: #d8b4fe; }
.status-failed, .status-expired, .status-cancelled { background: var(--error-soft); color: var(--error);
  border-color: #f5b5ae; }
.order-id { flex-basis: 100%; margin: 0; color: var(--muted); font-size: .8125rem; }
.facts { display: grid; grid-template-columns: repeat(auto-fit, minmax(9rem, 1fr)); gap: .5rem 1.25rem;
  margin: .75rem 0; }
.facts dt { font-size: .75rem; color: var(--muted); }
.facts dd { margin: 0; font-variant-numeric: tabular-nums; overflow-wrap: anywhere; }
.flags { margin: 0; padding: 0; list-style: none; }
.expiring { color: var(--error); }
.clock-panel { background: var(--surface); border: 1px dashed var(--border);
  border-radius: var(--radius); padding: 1rem 1.25rem; margin: 1rem 0 1.5rem; max-width: 44rem; }
.clock-panel h2 { margin-top: 0; font-size: 1.1rem; }
.clock-now { margin: .5rem 0 0; font-variant-numeric: tabular-nums; }
.clock-forms { margin: .75rem 0 0; }
.order-actions { border-top: 1px solid var(--border); padding-top: .75rem; }
.action-forms { display: flex; flex-wrap: wrap; align-items: flex-end; gap: .75rem 1rem; }
.action-form { margin: 0; }
.action-form.partial { display: grid; gap: .25rem; }
.action-form.partial label { font-size: .75rem; color: var(--muted); }
.inline-field { display: flex; gap: .5rem; }
.inline-field input { width: 8rem; min-height: 2.75rem; font: inherit; padding: 0 .6rem;
  border: 1px solid var(--border); border-radius: 8px; }
.order details { margin-top: .75rem; }
.order summary { cursor: pointer; font-weight: 600; min-height: 2rem; }
.table-scroll { overflow-x: auto; }
.events { border-collapse: collapse; font-size: .8125rem; width: 100%; }
.events th, .events td { text-align: left; vertical-align: top; padding: .35rem .75rem .35rem 0;
  border-bottom: 1px solid var(--border); }
.events td:first-child, .events td:nth-child(2) { white-space: nowrap; }
.event-data { color: var(--muted); overflow-wrap: anywhere; min-width: 12rem; }
.webhooks { margin: .5rem 0 0; padding-left: 1.25rem; font-size: .875rem; }

@media (max-width: 40rem) {
  h1 { font-size: 1.35rem; }
  .header-row { padding-block: .5rem; }
  .site-header nav { order: 3; width: 100%; }
  .site-header nav ul { justify-content: space-between; }
  .site-header nav li { flex: 1; }
  .site-header nav a { justify-content: center; width: 100%; }
  .products { grid-template-columns: 1fr; gap: 1rem; }
  .product { display: grid; grid-template-columns: 6.5rem 1fr; }
  .product-art svg { height: 6.5rem; }
  .product-body { padding: .85rem 1rem 1rem; }
  .cart-table thead { display: none; }
  .cart-table, .cart-table tbody, .cart-table tfoot, .cart-table tr { display: block; }
  .cart-table tbody tr { padding: .75rem 1rem; border-bottom: 1px solid var(--border);
    display: grid; grid-template-columns: 1fr auto; gap: .25rem 1rem; }
  .cart-table tbody th, .cart-table tbody td { padding: 0; border: 0; }
  .cart-table tbody th { grid-column: 1 / -1; font-size: 1.05rem; }
  .cart-table tbody td[data-label] { display: contents; }
  .cart-table tbody td[data-label]::before { content: attr(data-label); color: var(--muted);
    font-size: .875rem; align-self: center; text-align: left; }
  .cart-table tbody td > * { justify-self: end; }
  .cart-table .row-action { grid-column: 1 / -1; width: auto; }
  .cart-table tfoot tr { display: flex; justify-content: space-between; align-items: center;
    padding: .75rem 1rem; }
  .cart-table tfoot th, .cart-table tfoot td { padding: 0; }
  .cart-table tfoot td:empty { display: none; }
  .checkout, .pay-panel, .result { padding: 1rem; }
  .pay-button .button-pay { width: 100%; }
  .order article { padding: 1rem; }
  .action-forms { flex-direction: column; align-items: stretch; }
  .action-form .button { width: 100%; }
  .inline-field input { flex: 1; width: auto; }
  .inline-field .button { width: auto; }
  .events thead { display: none; }
  .events, .events tbody { display: block; }
  .events tr { display: grid; grid-template-columns: auto 1fr; gap: 0 .75rem; padding: .4rem 0;
    border-bottom: 1px solid var(--border); }
  .events td { border: 0; padding: 0; }
  .events td.event-data { grid-column: 1 / -1; min-width: 0; }
}
`;
