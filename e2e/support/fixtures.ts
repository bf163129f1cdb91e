import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import AxeBuilder from '@axe-core/playwright';
import { test as base, expect, type Page } from '@playwright/test';
import { BridgeClient } from './bridge-client.js';
import { Buyer } from './buyer.js';

const SCREENSHOTS = join(dirname(fileURLToPath(import.meta.url)), '..', 'screenshots');

export interface JourneyFixtures {
  /** The buyer, screenshotting every step. */
  buyer: Buyer;
  /** The shop's bridge, read the way the merchant's server reads it (secret key). */
  bridge: BridgeClient;
  /** Saves a screenshot of what the buyer sees at the current step under e2e/screenshots/<project>/<test>/. */
  shot: (step: string) => Promise<void>;
  /** Fails the test on a serious or critical axe-core violation in the current page. */
  expectAccessible: (where: string) => Promise<void>;
  /** Console errors and uncaught exceptions seen so far, in any page of the test. */
  consoleErrors: string[];
}

export const test = base.extend<JourneyFixtures>({
  bridge: async ({ request, baseURL }, use) => {
    await use(new BridgeClient(request, `${baseURL}/bridge`));
  },

  buyer: async ({ page, shot }, use) => {
    await use(new Buyer(page, shot));
  },

  consoleErrors: [
    async ({ context }, use) => {
      const errors: string[] = [];
      const watch = (page: Page) => {
        page.on('console', (message) => {
          if (message.type() === 'error') errors.push(`${page.url()}: ${message.text()}`);
        });
        page.on('pageerror', (error) => errors.push(`${page.url()}: ${error.message}`));
      };
      context.pages().forEach(watch);
      context.on('page', watch);
      await use(errors);
      // Every journey ends with a clean console: a CSP violation or a script error is a bug.
      expect(errors, 'console errors during the journey').toEqual([]);
    },
    { auto: true },
  ],

  shot: async ({ page }, use, testInfo) => {
    const slug = testInfo.titlePath
      .slice(1)
      .join(' ')
      .toLowerCase()
      .replace(/@\w+/g, '')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '');
    const folder = join(SCREENSHOTS, testInfo.project.name, slug);
    let step = 0;
    await use(async (name) => {
      step += 1;
      mkdirSync(folder, { recursive: true });
      const file = join(folder, `${String(step).padStart(2, '0')}-${name}.png`);
      await page.screenshot({ path: file, animations: 'disabled' });
    });
  },

  expectAccessible: async ({ page }, use) => {
    await use(async (where) => {
      const results = await new AxeBuilder({ page })
        .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
        .analyze();
      const blocking = results.violations
        .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
        .map((violation) => ({
          id: violation.id,
          impact: violation.impact,
          help: violation.help,
          targets: violation.nodes.map((node) => node.target.join(' ')),
        }));
      expect(blocking, `axe-core: serious or critical violations on ${where}`).toEqual([]);
    });
  },
});

export { expect };
