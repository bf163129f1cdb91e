import { decodeShiftJis } from '@au-pay/core/sbps';
import { describe, expect, it } from 'vitest';
import { purchasePage, purchasePageCsp } from './purchase-page.js';

const form = (charset: 'shift_jis' | 'utf-8') =>
  ({
    kind: 'form_post',
    action: 'https://acquirer.example/pay?x=1&y=2',
    fields: [
      ['item_name', 'テスト商品'],
      ['note', '"<b>'],
    ],
    charset,
    requestedAt: new Date('2025-04-02T01:00:00Z'),
  }) as const;

describe('purchasePage', () => {
  it('serves a UTF-8 form in UTF-8 bytes, posted as UTF-8', () => {
    const bytes = purchasePage(form('utf-8'), 'n0nce');
    const html = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    expect(html).toContain('<meta charset="UTF-8">');
    expect(html).toContain(
      '<form id="au-pay-purchase" method="post" action="https://acquirer.example/pay?x=1&amp;y=2" accept-charset="UTF-8">',
    );
    expect(html).toContain('<input type="hidden" name="item_name" value="テスト商品">');
    expect(html).toContain('<input type="hidden" name="note" value="&quot;&lt;b&gt;">');
    expect(html).toContain('<script nonce="n0nce">');
  });

  it('serves a Shift_JIS form in Shift_JIS bytes, posted as Shift_JIS', () => {
    const bytes = purchasePage(form('shift_jis'), 'n0nce');
    // テスト商品 in Shift_JIS: 83 65 83 58 83 67 8F A4 95 69.
    expect(Buffer.from(bytes).includes(Buffer.from('8365835883678fa49569', 'hex'))).toBe(true);
    const html = decodeShiftJis(bytes);
    expect(html).toContain('<meta charset="Shift_JIS">');
    expect(html).toContain('accept-charset="Shift_JIS"');
  });

  it('allows the form to go to the acquirer origin only', () => {
    expect(purchasePageCsp('n0nce', 'https://acquirer.example')).toBe(
      "default-src 'none'; script-src 'nonce-n0nce'; style-src 'nonce-n0nce'; form-action https://acquirer.example; base-uri 'none'; frame-ancestors 'none'",
    );
  });
});
