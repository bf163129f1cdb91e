import { describe, expect, it } from 'vitest';
import { encodeShiftJis } from './shift-jis.js';
import { escapeXml, parseSbpsXml, SbpsXmlError } from './xml.js';

const parse = (xml: string) => parseSbpsXml(encodeShiftJis(xml));

const errorCode = (bytes: Uint8Array): string => {
  try {
    parseSbpsXml(bytes);
  } catch (error) {
    if (error instanceof SbpsXmlError) return error.code;
    throw error;
  }
  throw new Error('expected an SbpsXmlError');
};

describe('escapeXml', () => {
  it('escapes the five characters spec §2 lists, and nothing else', () => {
    expect(escapeXml(`<a href="x">Tom & Jerry's</a> テスト`)).toBe(
      '&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&apos;s&lt;/a&gt; テスト',
    );
  });
});

describe('parseSbpsXml', () => {
  it('returns the root, its attributes and the leaves in document order with their parents', () => {
    expect(
      parse(
        '<?xml version="1.0" encoding="Shift_JIS"?><r id="A&amp;B"><a>1</a><p><b>2</b><c/></p><d></d></r>',
      ),
    ).toEqual({
      root: 'r',
      attributes: { id: 'A&B' },
      leaves: [
        { name: 'a', parents: [], value: '1' },
        { name: 'b', parents: ['p'], value: '2' },
        { name: 'c', parents: ['p'], value: '' },
        { name: 'd', parents: [], value: '' },
      ],
    });
  });

  it('keeps spaces inside values (spec §2) and ignores layout whitespace and comments', () => {
    const document = parse('<r>\n  <a> 0 1 </a>\n  <!-- note -->\n  <b>テ　スト</b>\n</r>\n');
    expect(document.leaves.map((leaf) => leaf.value)).toEqual([' 0 1 ', 'テ　スト']);
  });

  it('decodes the five entities, numeric references and CDATA, leaving CDATA text literal', () => {
    const document = parse(
      '<r><a>&lt;&amp;&gt;&quot;&apos;&#65;&#x3042;</a><b>x<![CDATA[&amp;<]]>y</b></r>',
    );
    expect(document.leaves.map((leaf) => leaf.value)).toEqual([`<&>"'Aあ`, 'x&amp;<y']);
  });

  it.each([
    ['<r><a>&nbsp;</a></r>', 'invalid_entity'],
    ['<r><a>&#x110000;</a></r>', 'invalid_entity'],
    ['<r><a>&#0;</a></r>', 'invalid_entity'],
    ['<r><a>&#xD800;</a></r>', 'invalid_entity'],
    ['<r><a>&constructor;</a></r>', 'invalid_entity'],
    ['<r><a>&amp</a></r>', 'malformed_xml'],
    ['<!DOCTYPE r [<!ENTITY x "y">]><r><a>&x;</a></r>', 'doctype_not_allowed'],
    ['<r><a>1</a>', 'malformed_xml'],
    ['<r><a>1</b></r>', 'malformed_xml'],
    ['<r>a & b</r>', 'malformed_xml'],
    ['', 'malformed_xml'],
    ['<r/><s/>', 'malformed_xml'],
    ['<r>text<a>1</a></r>', 'mixed_content'],
    [`${'<a>'.repeat(12)}x${'</a>'.repeat(12)}`, 'malformed_xml'],
  ])('refuses %s with %s', (xml, code) => {
    expect(errorCode(encodeShiftJis(xml))).toBe(code);
  });

  it('refuses bytes that are not Shift_JIS', () => {
    expect(errorCode(Uint8Array.from([0x3c, 0x72, 0x3e, 0x82, 0x20, 0x3c, 0x2f, 0x72, 0x3e]))).toBe(
      'invalid_shift_jis',
    );
  });
});
