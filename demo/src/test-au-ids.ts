import * as bridge from '@au-pay/bridge';
import type { Lang } from './i18n/index.js';
import type { TestAuId } from './views/pay-page.js';

interface Scenario {
  auId: string;
  description: string;
  descriptionJa: string;
}

/**
 * The sandbox's test au IDs (the emulator's `SCENARIOS` table, packages/bridge/src/sandbox/
 * scenarios.ts), for the hint on the pay page. Read from the bridge's exports when it offers them;
 * the page simply leaves the hint out otherwise.
 */
export function testAuIds(lang: Lang): readonly TestAuId[] {
  const scenarios = (bridge as Record<string, unknown>).SCENARIOS;
  if (!Array.isArray(scenarios)) return [];
  return (scenarios as Scenario[]).map((scenario) => ({
    auId: scenario.auId,
    description: lang === 'ja' ? scenario.descriptionJa : scenario.description,
  }));
}
