import { SCENARIOS } from '@au-pay/sandbox';
import type { Lang } from './i18n/index.js';
import type { TestAuId } from './views/pay-page.js';

/**
 * The sandbox's test au IDs (the emulator's `SCENARIOS` table, packages/sandbox/src/au/
 * scenarios.ts), for the hint on the pay page.
 */
export function testAuIds(lang: Lang): readonly TestAuId[] {
  return SCENARIOS.map((scenario) => ({
    auId: scenario.auId,
    description: lang === 'ja' ? scenario.descriptionJa : scenario.description,
  }));
}
