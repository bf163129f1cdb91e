import type { Layout } from '../au/device-layout.js';
import { html } from '../au/screens/html.js';
import { renderPage } from '../au/screens/page.js';

export interface SbpsErrorPageInput {
  readonly layout: Layout;
  readonly nonce: string;
  /** `402` + error type + item, as in API answers (spec §8). */
  readonly code: string;
  readonly reasonJa: string;
  readonly reasonEn: string;
}

/**
 * SBPS's own error screen, shown when it refuses a purchase request (A01-1): nothing is sent to
 * the merchant, the buyer sees the reason in Japanese and English with an error code.
 */
export function renderSbpsErrorPage(input: SbpsErrorPageInput): string {
  return renderPage({
    lang: 'ja',
    layout: input.layout,
    nonce: input.nonce,
    title: 'エラー / Error | SBPS sandbox',
    body: html`<h1>エラーが発生しました</h1>
<p>お支払いの手続きを開始できませんでした。お手数ですが、ショップにお問い合わせください。</p>
<p>${input.reasonJa}</p>
<p>エラーコード：<code>${input.code}</code></p>
<section lang="en">
<h2>An error occurred</h2>
<p>The payment could not be started. Please contact the shop.</p>
<p>${input.reasonEn}</p>
<p>Error code: <code>${input.code}</code></p>
</section>
<p class="note">SoftBank Payment Service sandbox (au-pay)</p>`,
  });
}
