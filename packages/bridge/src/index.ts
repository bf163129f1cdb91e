// @au-pay/bridge: the merchant's server side of au PAY (DESIGN.md "bridge").

export {
  type AcquirerConnector,
  type AcquirerHost,
  type AcquirerOutcome,
  AcquirerUnavailableError,
  type AppliedResult,
  type CheckoutRequest,
  type CheckoutStart,
  type MoneyCall,
  type ReturnKind,
  type VerifiedResult,
} from './acquirers/acquirer.js';
export {
  type AcquirerConfigs,
  acquirerRegistry,
  type ConfigSection,
  type ConnectorDefinition,
  type ConnectorDeps,
  type GeneralConfig,
} from './acquirers/registry.js';
export {
  SBPS_LIMIT_SECOND,
  SbpsConnector,
  type SbpsConnectorOptions,
} from './acquirers/sbps/connector.js';
export { type BridgeOptions, type BridgeRouter, createBridge } from './bridge.js';
export { DEFAULT_PAYMENT_SETTINGS, type PaymentSettings } from './bridge-context.js';
export {
  type BridgeConfig,
  ConfigError,
  DEFAULT_RATE_LIMITS,
  loadConfig,
  type RateLimits,
  SANDBOX_DEFAULTS,
  SANDBOX_SBPS_PATH,
  type SbpsConfig,
} from './config.js';
export type { TrustProxy } from './http/client-address.js';
export { createLogger, type Logger, REDACTED_KEYS } from './logger.js';
export type {
  CreatedPaymentView,
  PaymentEventView,
  PaymentView,
} from './payments/payment-view.js';
export type { CheckoutState } from './routes/checkout-state.js';
export { openApiDocument } from './routes/openapi.js';
export type { SandboxClockView } from './routes/sandbox-clock.js';
export type { SandboxClock } from './sandbox-clock.js';
export { openPaymentStore } from './store/open-store.js';
export type { PaymentStore } from './store/payment-store.js';
export {
  DEFAULT_WEBHOOK_TOLERANCE_SECONDS,
  verifyWebhook,
  WEBHOOK_SIGNATURE_HEADER,
  WebhookVerificationError,
} from './webhooks/signature.js';
export { generateTestWebhook, type TestWebhook } from './webhooks/test-webhook.js';
export type { WebhookEvent } from './webhooks/webhook-message.js';
