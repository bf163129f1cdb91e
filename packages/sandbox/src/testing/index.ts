// @au-pay/sandbox/testing: the test browser and a test merchant around the sandbox, for tests in
// this repository (source only: never part of the package's dist).

export { MONTHLY_FAILURE_AU_ID } from '../au/scenarios.js';
export {
  ANTOM_CLIENT_ID,
  ANTOM_START,
  type AntomCallOptions,
  type AntomReply,
  AntomTestMerchant,
  antomResendOffset,
  type ReceivedAntomNotification,
} from './antom-merchant.js';
export {
  type CallOptions,
  NOMUPAY_HMAC_KEY,
  NOMUPAY_KID,
  NOMUPAY_PROCESSING_ACCOUNT_ID,
  type NomupayAnswer,
  NomupayTestMerchant,
  type ReceivedWebhook,
  SHOP_ORIGIN,
} from './nomupay-merchant.js';
export {
  DESKTOP_USER_AGENT,
  type HtmlForm,
  type Journey,
  type Page,
  type PayOptions,
  PHONE_USER_AGENT,
  type RedirectJourney,
  readForm,
  SandboxBuyer,
  type ScreenName,
  sandboxCode,
  unescapeHtml,
} from './sandbox-buyer.js';
export {
  API_PASSWORD,
  API_USER,
  HASH_KEY,
  MERCHANT_ID,
  type ReceivedNotification,
  type ReceivedReturn,
  SERVICE_ID,
  START,
  type StartOptions,
  TestMerchant,
  type TestMerchantOptions,
} from './test-merchant.js';
