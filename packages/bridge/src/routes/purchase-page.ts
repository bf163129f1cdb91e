import { escapeHtml } from '@au-pay/core';
import { encodeShiftJis } from '@au-pay/core/sbps';
import type { CheckoutStart } from '../acquirers/acquirer.js';

const FORM_ID = 'au-pay-purchase';

/**
 * The page that carries the signed purchase request to the acquirer: hidden fields, submitted at
 * once by one nonce-allowed inline script, with a real submit button for browsers without script
 * (SBPS: "screen transitions need a real submit in the form", spec §2). Served in the charset the
 * connector names, with the same `accept-charset`, so the browser posts exactly the bytes that
 * were signed (SBPS: Shift_JIS).
 */
export function purchasePage(
  form: Extract<CheckoutStart, { kind: 'form_post' }>,
  nonce: string,
): Uint8Array {
  const charset = form.charset === 'shift_jis' ? 'Shift_JIS' : 'UTF-8';
  const inputs = form.fields
    .map(
      ([name, value]) =>
        `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`,
    )
    .join('\n');
  const html = `<!doctype html>
<html lang="ja">
<head>
<meta charset="${charset}">
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex">
<title>au PAY へ移動しています / Redirecting to au PAY</title>
<style nonce="${nonce}">body{font-family:system-ui,sans-serif;text-align:center;margin:3rem 1rem;color:#222}button{font-size:1rem;padding:.75rem 1.5rem}</style>
</head>
<body>
<form id="${FORM_ID}" method="post" action="${escapeHtml(form.action)}" accept-charset="${charset}">
${inputs}
<p>au PAY（auかんたん決済）の画面へ移動しています…</p>
<p lang="en">Taking you to au PAY (au Kantan Kessai)…</p>
<noscript><button type="submit">au PAY へ進む / Continue to au PAY</button></noscript>
</form>
<script nonce="${nonce}">document.getElementById('${FORM_ID}').submit();</script>
</body>
</html>
`;
  return form.charset === 'shift_jis' ? encodeShiftJis(html) : new TextEncoder().encode(html);
}

/**
 * CSP of the purchase page: its one script and style by nonce, nothing loaded, and the form may
 * only go to the acquirer.
 */
export function purchasePageCsp(nonce: string, acquirerOrigin: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src 'nonce-${nonce}'`,
    `form-action ${acquirerOrigin}`,
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
