// @au-pay/core/nomupay: NomuPay's detached JWS signatures (spec/nomupay-au.md §3, §4): ES256 on
// requests, HS256 on responses and webhooks. Node only: uses node:crypto.

export {
  NOMUPAY_KID,
  NOMUPAY_MAX_LIFETIME_SECONDS,
  NOMUPAY_REQUEST_LIFETIME_SECONDS,
  NomupaySigningError,
  type NomupaySigningInput,
} from './claims.js';
export {
  exportNomupayPublicKey,
  loadNomupayPrivateKey,
  loadNomupayPublicKey,
  NomupayKeyError,
  type NomupayKeyErrorCode,
  type NomupayKeyInput,
  nomupayHmacKeyBytes,
  nomupayPublicKeyOf,
} from './keys.js';
export {
  type NomupayMessageHeader,
  type SignNomupayMessageInput,
  signNomupayMessage,
  type VerifyNomupayMessageInput,
  verifyNomupayMessage,
} from './message-signature.js';
export {
  type NomupayRequestHeader,
  type SignNomupayRequestInput,
  signNomupayRequest,
  type VerifyNomupayRequestInput,
  verifyNomupayRequest,
} from './request-signature.js';
export type {
  NomupayHeaderValue,
  NomupayTokenFailure,
  NomupayVerification,
  NomupayVerificationFailure,
} from './verification.js';
