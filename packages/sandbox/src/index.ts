// @au-pay/sandbox: the emulated acquirers of au PAY with KDDI's au screens (DESIGN.md "sandbox").

export type { AntomEmulatorState } from './antom/antom-emulator.js';
export type { AntomPayment, AntomPaymentStatus, AntomRefund } from './antom/antom-ledger.js';
export type {
  NotificationAttempt,
  SentNotification,
} from './antom/notification-outbox.js';
export { ANTOM_ACK, RESEND_OFFSETS_MS } from './antom/notification-outbox.js';
export type { AntomEmulatorOptions } from './antom/options.js';
export { ANTOM_SANDBOX_PUBLIC_KEY } from './antom/sandbox-keys.js';
export type { Layout } from './au/device-layout.js';
export {
  MONTHLY_FAILURE_AU_ID,
  SCENARIOS,
  type Scenario,
  type ScenarioOutcome,
  scenarioForAuId,
} from './au/scenarios.js';
export type { SandboxLogger } from './logger.js';
export type {
  NomupayOperationKind,
  NomupayOperationStatus,
  NomupayPaymentStatus,
  SandboxNomupayOperation,
  SandboxNomupayPayment,
} from './nomupay/ledger.js';
export type { NomupayEmulatorState } from './nomupay/nomupay-emulator.js';
export type {
  NomupayCaptureMode,
  NomupayEmulatorOptions,
  NomupaySbpsContract,
} from './nomupay/options.js';
export type { SandboxNomupayWebhook, WebhookAttempt } from './nomupay/webhook-outbox.js';
export { createSandbox, type Sandbox, type SandboxOptions, type SandboxRouter } from './sandbox.js';
export {
  type ContractNoticeKind,
  MONTHLY_FAILURE_ERR_CODE,
  type SentContractNotice,
} from './sbps/contract-notices.js';
export {
  DEFAULT_ERROR_CODES,
  type SalesModeFor,
  type SandboxErrorCodes,
  type SbpsEmulatorOptions,
} from './sbps/options.js';
export type {
  PayType,
  PurchaseState,
  SalesMode,
  SandboxContract,
  SandboxPurchase,
} from './sbps/purchase-ledger.js';
export type { SbpsEmulatorState } from './sbps/sbps-emulator.js';
