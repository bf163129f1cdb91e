// The SBPS sandbox acquirer (DESIGN.md "Sandbox acquirer"; spec/sbps-au.md §18).

export type { Layout } from './device-layout.js';
export {
  DEFAULT_ERROR_CODES,
  type SalesModeFor,
  type SandboxErrorCodes,
  type SandboxLogger,
  type SbpsSandboxOptions,
} from './options.js';
export type {
  PayType,
  PurchaseState,
  SalesMode,
  SandboxContract,
  SandboxPurchase,
} from './purchase-ledger.js';
export {
  createSbpsSandbox,
  type SbpsSandboxRouter,
  type SbpsSandboxState,
} from './sbps-sandbox.js';
export { SCENARIOS, type Scenario, type ScenarioOutcome, scenarioForAuId } from './scenarios.js';
