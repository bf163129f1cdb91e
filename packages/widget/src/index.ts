/**
 * `@au-pay/widget`: the `<au-pay>` element. Importing this module defines the tag (where there is
 * a DOM); the class and the event types are exported for TypeScript.
 */
export { AuPay } from './au-pay/define.js';
export type {
  AuPayErrorCode,
  AuPayErrorDetail,
  AuPayEventMap,
  AuPayInvalidCode,
  AuPayInvalidDetail,
  AuPayLayout,
  AuPaySubmitDetail,
  AuPaySubscriptionKind,
} from './au-pay/events.js';
export type { Lang } from './i18n/index.js';
