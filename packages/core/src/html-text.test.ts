import { describe, expect, it } from 'vitest';
import { escapeHtml } from './html-text.js';

describe('escapeHtml', () => {
  it('turns the five markup characters into entities', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });

  it('escapes an ampersand once, so an entity in the text stays visible as typed', () => {
    expect(escapeHtml('&amp; &#39;')).toBe('&amp;amp; &amp;#39;');
  });

  it('keeps everything else as it is: Japanese, full-width characters, URLs', () => {
    const text = 'テスト商品 ＡＢＣ１２３ https://shop.example/r?a=1;b=2 /\\`=';
    expect(escapeHtml(text)).toBe(text);
    expect(escapeHtml('')).toBe('');
  });

  it('cannot be broken out of in a double- or single-quoted attribute', () => {
    const attack = `" onmouseover="alert(1)' x='`;
    const escaped = escapeHtml(attack);
    expect(escaped).not.toMatch(/["']/);
    expect(`<input value="${escaped}">`).toBe(
      '<input value="&quot; onmouseover=&quot;alert(1)&#39; x=&#39;">',
    );
  });
});
