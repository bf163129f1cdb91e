// @au-pay/core/sbps: the SoftBank Payment Service protocol for au Kantan Kessai
// (spec/sbps-au.md). Node only: uses node:crypto and iconv-lite.

export { decodeSbpsErrorCode, SbpsApiError, sbpsErrorCodeForProblem } from './api-error.js';
export {
  SBPS_API_FUNCTION_IDS,
  SBPS_API_REQUEST_FIELDS,
  SBPS_API_RESPONSE_FIELDS,
  type SbpsApiFunctionId,
} from './api-fields.js';
export {
  buildSbpsApiRequest,
  type ParsedSbpsApiRequest,
  parseSbpsApiRequest,
  SBPS_API_REQUEST_CONTENT_TYPE,
  type SbpsApiRequestValues,
  validateSbpsApiRequest,
  verifySbpsApiRequest,
} from './api-request.js';
export {
  buildSbpsApiResponse,
  parseSbpsApiResponse,
  SBPS_API_RESPONSE_CONTENT_TYPE,
  type SbpsApiResponse,
  type SbpsApiResponseInput,
} from './api-response.js';
export type { SbpsField, SbpsFieldPairs, SbpsFieldType, SbpsFieldValues } from './field.js';
export { layOutSbpsFields } from './field.js';
export {
  type SbpsFieldProblem,
  type SbpsFieldProblemCode,
  SbpsValidationError,
  validateSbpsFields,
} from './field-validation.js';
export {
  decodeSbpsForm,
  decodeSbpsFormPairs,
  encodeSbpsForm,
  SbpsFormError,
  type SbpsFormErrorCode,
} from './form.js';
export { computeSpsHashcode, type SpsHashEncoding } from './hashcode.js';
export {
  PURCHASE_REQUEST_FIELDS,
  PURCHASE_RESULT_FIELDS,
  type PurchaseBilling,
  RECURRING_APPLICATION_FIELDS,
} from './link-fields.js';
export type { SbpsLinkRequestInput } from './link-request.js';
export {
  buildPurchaseRequest,
  type PurchaseDetailRow,
  type PurchaseRequestInput,
  validatePurchaseRequest,
  verifyPurchaseRequest,
} from './purchase-request.js';
export {
  buildRecurringApplication,
  type RecurringApplicationAction,
  type RecurringApplicationInput,
  validateRecurringApplication,
  verifyRecurringApplication,
} from './recurring-application.js';
export { type SbpsResultKind, signSbpsResult, verifySbpsResult } from './result.js';
export {
  decodeShiftJis,
  encodeShiftJis,
  findUnencodableCharacter,
  ShiftJisDecodingError,
  ShiftJisEncodingError,
  type UnencodableCharacter,
} from './shift-jis.js';
export { SbpsXmlError, type SbpsXmlErrorCode } from './xml.js';
