import { randomBytes } from 'node:crypto';
import { escapeHtml } from '@au-pay/core';
import type { Response } from 'express';

/** A bilingual message: Japanese first (the buyer is in Japan), English second. */
export interface PageMessage {
  ja: string;
  en: string;
}

const PAGE_STYLE =
  'body{font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;' +
  'line-height:1.6;color:#222}h1{font-size:1.25rem}p.en{color:#555}';

/**
 * A small self-contained notice page (no script, no external resource) for buyers who land on a
 * bridge URL that cannot take them further: an unknown payment, a finished checkout, a bad return.
 */
export function noticePage(title: PageMessage, body: PageMessage, styleNonce: string): string {
  return `<!doctype html>
<html lang="ja">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title.ja)} / ${escapeHtml(title.en)}</title>
<style nonce="${styleNonce}">${PAGE_STYLE}</style>
</head>
<body>
<main>
<h1>${escapeHtml(title.ja)}</h1>
<p>${escapeHtml(body.ja)}</p>
<h1 lang="en">${escapeHtml(title.en)}</h1>
<p class="en" lang="en">${escapeHtml(body.en)}</p>
</main>
</body>
</html>
`;
}

/** CSP of a notice page: nothing may load but its own nonce-tagged style. */
export function noticePageCsp(styleNonce: string): string {
  return [
    "default-src 'none'",
    `style-src 'nonce-${styleNonce}'`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Answers a notice page: its own CSP, never cached, no referrer. */
export function sendNoticePage(
  res: Response,
  status: number,
  title: PageMessage,
  body: PageMessage,
): void {
  const nonce = randomBytes(16).toString('base64');
  res
    .status(status)
    .set({
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': noticePageCsp(nonce),
      'Cache-Control': 'no-store',
      'Referrer-Policy': 'no-referrer',
    })
    .send(noticePage(title, body, nonce));
}
