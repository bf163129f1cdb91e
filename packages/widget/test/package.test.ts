// The built package as merchants and servers get it, from dist/ (test/fresh-build.ts rebuilds it
// when older than src/). Imports happen in a plain Node child process, not through Vite's module runner.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { en } from '../src/i18n/en.js';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const read = (path: string) => readFileSync(new URL(`../${path}`, import.meta.url), 'utf8');

/** Runs an ES module snippet in plain Node, in the package directory; returns its stdout. */
function node(source: string): string {
  return execFileSync(process.execPath, ['--input-type=module', '-e', source], {
    cwd: packageDir,
    encoding: 'utf8',
  });
}

describe('importing without a DOM (server-side rendering, Node)', () => {
  it('the ESM module for bundlers imports, exports the class and does not throw', () => {
    const out = node(`
      if (typeof document !== 'undefined' || typeof window !== 'undefined') throw new Error('a DOM');
      const widget = await import('@au-pay/widget');
      console.log(typeof widget.AuPay, widget.AuPay.name);
    `);
    expect(out.trim()).toBe('function AuPay');
  });

  it('the self-contained dist/au-pay.js imports and does nothing', () => {
    const out = node(`
      await import('@au-pay/widget/au-pay.js');
      console.log(typeof customElements, typeof HTMLElement);
    `);
    expect(out.trim()).toBe('undefined undefined');
  });

  it('the React wrapper imports and exports a component', () => {
    const out = node(`
      const { AuPay } = await import('@au-pay/widget/react');
      console.log(typeof AuPay, String(AuPay.$$typeof), AuPay.displayName);
    `);
    expect(out.trim()).toBe('object Symbol(react.forward_ref) AuPay');
  });
});

describe('the builds', () => {
  const standalone = read('dist/au-pay.js');

  it("dist/au-pay.js is one self-contained file: no imports left, Lit's ReactiveElement inside", () => {
    expect(standalone).not.toMatch(/\bimport\s*[({"'`]|\bfrom\s*["'`]/);
    expect(standalone).toContain('reactiveElementVersions');
    expect(standalone).toContain('au-pay-submit');
  });

  it('dist/au-pay.js is minified: no comments, no indentation (its size: size-budget.test.ts)', () => {
    expect(standalone).not.toMatch(/\/\*|^[ \t]+\S/m);
    expect(standalone.length / standalone.split('\n').length).toBeGreaterThan(1000);
  });

  it('the module for bundlers leaves Lit and React to the application', () => {
    expect(read('dist/define.js')).toMatch(/from "@lit\/reactive-element"/);
    expect(read('dist/define.js')).not.toContain('reactiveElementVersions');
    expect(read('dist/react.js')).toMatch(/from "react"/);
  });

  it('ships types with the tag in HTMLElementTagNameMap', () => {
    expect(read('dist/types/au-pay/define.d.ts')).toMatch(
      /interface HTMLElementTagNameMap\s*{\s*'au-pay': AuPay;/,
    );
    expect(read('dist/types/index.d.ts')).toContain('AuPaySubmitDetail');
  });

  it('package.json points "customElements" at a manifest describing <au-pay>', () => {
    const pkg = JSON.parse(read('package.json'));
    const manifest = JSON.parse(read(pkg.customElements));
    const element = manifest.modules
      .flatMap((mod: { declarations?: unknown[] }) => mod.declarations ?? [])
      .find((declaration: { tagName?: string }) => declaration.tagName === 'au-pay');
    expect(element.attributes.map((a: { name: string }) => a.name)).toEqual([
      'theme',
      'amount',
      'currency',
      'payment',
      'subscription',
      'kind',
      'client-secret',
      'bridge',
      'acquirer',
      'layout',
      'lang',
      'disabled',
    ]);
    expect(element.events.map((e: { name: string }) => e.name)).toEqual([
      'au-pay-submit',
      'au-pay-invalid',
      'au-pay-error',
    ]);
    expect(element.cssParts.map((p: { name: string }) => p.name)).toEqual(['button', 'message']);
    expect(element.cssProperties.length).toBeGreaterThan(0);
  });
});

describe('layout="auto" on device profiles (dist/au-pay.js in Chromium)', () => {
  const profiles = [
    { name: 'a phone (touch, 390 px)', width: 390, touch: true, expected: en.wap },
    { name: 'a tablet (touch, 820 px)', width: 820, touch: true, expected: en.wap },
    { name: 'a desktop window of the same 820 px', width: 820, touch: false, expected: en.web },
    { name: 'a narrow desktop window (420 px)', width: 420, touch: false, expected: en.wap },
  ];

  it('picks wap for touch screens up to tablet width and narrow windows, web otherwise', async () => {
    const browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
    });
    try {
      const seen: Record<string, string> = {};
      for (const profile of profiles) {
        const page = await browser.newPage({
          viewport: { width: profile.width, height: 800 },
          hasTouch: profile.touch,
          isMobile: profile.touch,
        });
        await page.setContent(
          '<meta name="viewport" content="width=device-width"><au-pay amount="1980" lang="en"></au-pay>',
        );
        await page.addScriptTag({ content: read('dist/au-pay.js') });
        seen[profile.name] = await page
          .locator('au-pay [part=message]')
          // biome-ignore lint/performance/useDomNodeTextContent: Playwright's locator method, not the DOM property.
          .innerText({ timeout: 5000 });
        await page.close();
      }
      expect(seen).toEqual(Object.fromEntries(profiles.map((p) => [p.name, p.expected])));
    } finally {
      await browser.close();
    }
  }, 30_000);
});
