/**
 * `@au-pay/core`: the browser-safe rules of au PAY (au Kantan Kessai) — acquirer profiles, amount
 * rules, Japan-time windows, the payment and subscription status models with typed refusals, SBPS's
 * monthly billing calendar and zod schemas. No I/O, no clock, no Node built-ins. The SBPS protocol (hashing, Shift_JIS, XML) is `@au-pay/core/sbps`.
 */

export type { AcquirerLimits } from './acquirers/amount-limits.js';
export { acquirerLimits } from './acquirers/amount-limits.js';
export { antom } from './acquirers/antom.js';
export { acquirerProfiles, getAcquirerProfile, isAcquirerId } from './acquirers/index.js';
export { nomupay } from './acquirers/nomupay.js';
export type {
  AcquirerCapabilities,
  AcquirerId,
  AcquirerProfile,
  AcquirerWindows,
  BuyerTimeout,
  CaptureMode,
} from './acquirers/profile.js';
export { acquirerIds, captureModes } from './acquirers/profile.js';
export { sbps } from './acquirers/sbps.js';
export type { AmountCheck } from './amount.js';
export { checkAmount } from './amount.js';
export type { BillingMonth } from './billing-calendar.js';
export {
  billingDayOf,
  billingMonthOf,
  billingMonthsBetween,
  isBillingMonth,
  nextBillingDate,
} from './billing-calendar.js';
export type { JapanDate } from './calendar.js';
export {
  antomCancellationDeadline,
  antomPaymentExpiresAt,
  antomPaymentTimeoutMs,
  antomRefundDeadline,
  auCompletionDeadline,
  auCompletionMs,
  cancellationDeadline,
  fixedTermContractExpiresAt,
  formatJapanTime,
  formatSbpsDate,
  japanDateOf,
  japanMidnight,
  maxLimitSecond,
  parseSbpsDate,
  partialRefundOpen,
  partialRefundOpensAt,
  recurringSimpleFirstMonthRefundOpensAt,
  recurringSimpleRefundDeadline,
  refundDeadline,
  refundWindowClosed,
  SETTLEMENT_WARNING_DAYS,
  sbpsBuyerDeadline,
  sbpsRequestExpired,
  sbpsRequestExpiresAt,
  settlementDeadline,
  settlementWarningAt,
  settlementWindowClosed,
} from './calendar.js';
export { escapeHtml } from './html-text.js';
export type { Lang, LocalizedText } from './localized-text.js';
export type {
  AmountRefusalCode,
  PaymentAction,
  Refusal,
  RefusalCode,
  RefusalDetails,
  RefusalDetailsByCode,
  StatusRefusalCode,
  SubscriptionRefusalCode,
  UnsupportedOperation,
} from './refusals.js';
export {
  amountRefusalCodes,
  refusalCodes,
  refusalMessage,
  statusRefusalCodes,
  subscriptionRefusalCodes,
} from './refusals.js';
export type {
  CancelRequest,
  CaptureRequest,
  CheckoutForm,
  CreatePaymentInput,
  CreatePaymentRequest,
  CreateSubscriptionInput,
  CreateSubscriptionRequest,
  Layout,
  RefundRequest,
  SubscriptionChargeInput,
  SubscriptionChargeRequest,
} from './schemas.js';
export {
  acquirerIdSchema,
  cancelRequestSchema,
  captureModeSchema,
  captureRequestSchema,
  checkoutFormSchema,
  clientSecretSchema,
  createPaymentSchema,
  createSubscriptionSchema,
  customerIdSchema,
  idempotencyKeySchema,
  itemNameSchema,
  layoutSchema,
  merchantReferenceSchema,
  paymentIdSchema,
  refundRequestSchema,
  returnUrlSchema,
  shiftJisWidth,
  subscriptionChargeSchema,
  subscriptionIdSchema,
  subscriptionItemNameSchema,
  subscriptionKindSchema,
  yenAmountSchema,
} from './schemas.js';
export type {
  PaymentSnapshot,
  PaymentStatus,
  PaymentStatusEvent,
  TransitionNotice,
  TransitionResult,
} from './status.js';
export {
  authorizedRemainder,
  cancelEvent,
  isTerminalStatus,
  paymentStatuses,
  refundEvent,
  statusOrder,
  terminalStatuses,
  transition,
} from './status.js';
export type {
  SubscriptionEvent,
  SubscriptionEventType,
  SubscriptionKind,
  SubscriptionSnapshot,
  SubscriptionStatus,
  SubscriptionTransitionNotice,
  SubscriptionTransitionResult,
} from './subscription-status.js';
export {
  isTerminalSubscriptionStatus,
  onDemandContractExpiresAt,
  subscriptionKinds,
  subscriptionStatuses,
  terminalSubscriptionStatuses,
  transitionSubscription,
} from './subscription-status.js';
export {
  acquirerPaidCancellationDeadline,
  acquirerPartialRefundOpensAt,
  acquirerRefundDeadline,
  acquirerSettlementDeadline,
  acquirerSettlementWarningAt,
  pendingExpiresAt,
  settlementWindowStart,
} from './windows.js';
export { formatYen } from './yen.js';
