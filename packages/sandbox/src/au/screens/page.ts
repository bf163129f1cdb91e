import type { Layout } from '../device-layout.js';
import type { Lang, ScreenMessages } from '../i18n/index.js';
import { html, SafeHtml } from './html.js';

// One small stylesheet, inline (no external resources), allowed by the per-response CSP nonce.
// Colours meet WCAG AA: brand #b93a00 on white 5.7:1, text #1a1a1a, error #b00020 7.3:1,
// focus ring #1a5fb4 6.3:1. The `wap` layout uses full-width controls at least 48 px tall.
const STYLES = `
:root{color-scheme:light;--ink:#1a1a1a;--muted:#4a4a4a;--brand:#b93a00;--line:#767676;
--bg:#f4f4f4;--card:#fff;--error:#b00020;--focus:#1a5fb4}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--ink);font:16px/1.6 system-ui,-apple-system,
"Hiragino Sans","Hiragino Kaku Gothic ProN","Noto Sans JP",Meiryo,sans-serif}
a{color:var(--focus)}
:focus-visible{outline:3px solid var(--focus);outline-offset:2px}
.skip{position:absolute;left:-999px}
.skip:focus{left:1rem;top:1rem;background:#fff;padding:.5rem;z-index:1}
.brand{background:var(--brand);color:#fff;display:flex;flex-wrap:wrap;gap:.5rem;
justify-content:space-between;align-items:center;padding:.75rem 1rem}
.brand p{margin:0;font-weight:700;font-size:1.125rem}
.brand a{color:#fff;display:inline-block;padding:.25rem .5rem;min-height:44px;line-height:36px}
.brand a:focus-visible{outline-color:#fff}
.sandbox{margin:0;background:#fff4ce;border-bottom:1px solid #8a6d00;padding:.5rem 1rem;
font-size:.875rem}
main{background:var(--card)}
.layout-web main{max-width:34rem;margin:2rem auto;padding:2rem;border:1px solid #d0d0d0;
border-radius:8px}
.layout-wap main{padding:1rem 1rem 2rem}
h1{font-size:1.375rem;line-height:1.4;margin:0 0 .75rem}
.steps{display:flex;gap:.5rem;list-style:none;padding:0;margin:0 0 1rem;color:var(--muted);
font-size:.875rem;flex-wrap:wrap}
.steps li{border-bottom:3px solid transparent;padding-bottom:.125rem}
.steps li[aria-current=step]{color:var(--ink);font-weight:700;border-color:var(--brand)}
.hint,.note{color:var(--muted);font-size:.875rem;margin:.25rem 0 0}
label{display:block;font-weight:700;margin:1.25rem 0 .25rem}
input{display:block;width:100%;font:inherit;font-size:1.0625rem;padding:.625rem .75rem;
min-height:44px;border:1px solid var(--line);border-radius:4px;background:#fff;color:var(--ink)}
input[aria-invalid=true]{border:2px solid var(--error)}
.field-error{color:var(--error);font-weight:700;margin:.25rem 0 0}
.error-summary{border:2px solid var(--error);border-radius:4px;padding:.75rem 1rem;margin:0 0 1rem}
.error-summary h2{font-size:1rem;margin:0 0 .25rem;color:var(--error)}
.error-summary ul{margin:0;padding-left:1.25rem}
.actions{display:flex;flex-wrap:wrap;gap:.75rem;align-items:center;margin-top:1.5rem}
button{font:inherit;font-weight:700;min-height:44px;padding:.625rem 1.5rem;border-radius:4px;
cursor:pointer}
.primary{background:var(--brand);border:1px solid var(--brand);color:#fff}
.secondary{background:#fff;border:1px solid var(--brand);color:var(--brand)}
.cancel-form{margin-top:.75rem}
.layout-wap .actions{display:block}
.layout-wap button,.layout-wap input{width:100%;min-height:48px}
.layout-wap .cancel-form button{margin-top:.25rem}
.summary{margin:1rem 0;border:1px solid #d0d0d0;border-radius:4px;padding:.5rem 1rem}
.summary div{display:flex;justify-content:space-between;gap:1rem;padding:.5rem 0;
border-bottom:1px solid #e4e4e4}
.summary div:last-child{border-bottom:0}
.summary dt{color:var(--muted)}
.summary dd{margin:0;font-weight:700;text-align:right;overflow-wrap:anywhere}
.layout-wap .summary div{display:block}
.layout-wap .summary dd{text-align:left}
.sandbox-code{background:#fff4ce;border:1px dashed #8a6d00;border-radius:4px;padding:.5rem .75rem}
.sandbox-code strong{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:1.25rem;
letter-spacing:.15em}
details{margin-top:2rem;font-size:.875rem}
summary{cursor:pointer;min-height:44px;line-height:44px}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;vertical-align:top;padding:.25rem .5rem;border-top:1px solid #e4e4e4}
code{font-family:ui-monospace,Menlo,Consolas,monospace;overflow-wrap:anywhere}
`;

export interface PageInput {
  readonly lang: Lang;
  readonly layout: Layout;
  readonly title: string;
  readonly nonce: string;
  readonly body: SafeHtml;
  /** The au screens' header: brand, language switch and sandbox banner. */
  readonly messages?: ScreenMessages;
  /** href of the language switch; it keeps the session because it is relative to the screen. */
  readonly languageSwitchHref?: string;
  /** The character set the page is served in (the browser-return pages are Shift_JIS). */
  readonly charset?: 'utf-8' | 'Shift_JIS';
  /** The one inline script (the browser-return auto-post); trusted code written in this folder. */
  readonly script?: string;
}

export function renderPage(input: PageInput): string {
  const { messages: m } = input;
  const other: Lang = input.lang === 'ja' ? 'en' : 'ja';
  const header = m
    ? html`<header class="brand">
  <p>${m.brand}</p>
  ${
    input.languageSwitchHref
      ? html`<a href="${input.languageSwitchHref}" lang="${other}" hreflang="${other}">${m.otherLanguage}</a>`
      : ''
  }
</header>
<p class="sandbox" role="note">${m.sandboxBanner}</p>`
    : '';
  const script = input.script
    ? html`<script nonce="${input.nonce}">${new SafeHtml(input.script)}</script>`
    : '';
  return `<!doctype html>
${html`<html lang="${input.lang}">
<head>
<meta charset="${input.charset ?? 'utf-8'}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${input.title}</title>
<style nonce="${input.nonce}">${new SafeHtml(STYLES)}</style>
</head>
<body class="layout-${input.layout}">
<a class="skip" href="#main">${input.lang === 'ja' ? '本文へ移動' : 'Skip to content'}</a>
${header}
<main id="main">
${input.body}
</main>
${script}
</body>
</html>`}`;
}
