// @au-pay/core/antom: Antom's message signing, RSA256 over the string to sign of
// spec/antom-au.md §3. Node only: uses node:crypto.

export {
  AntomKeyError,
  type AntomKeyErrorCode,
  type AntomKeyInput,
  loadAntomPrivateKey,
  loadAntomPublicKey,
} from './keys.js';
export {
  type AntomHeaderValue,
  type AntomRequestSignatureHeaders,
  type AntomResponseSignatureHeaders,
  type AntomVerification,
  type AntomVerificationFailure,
  type SignAntomRequestInput,
  type SignAntomResponseInput,
  signAntomRequest,
  signAntomResponse,
  type VerifyAntomMessageInput,
  verifyAntomMessage,
} from './message.js';
export { signAntomContent, verifyAntomContent } from './rsa256.js';
export {
  ANTOM_DEFAULT_KEY_VERSION,
  ANTOM_SIGNATURE_ALGORITHM,
  type AntomSignatureHeader,
  AntomSignatureHeaderError,
  type AntomSignatureHeaderErrorCode,
  formatAntomSignatureHeader,
  parseAntomSignatureHeader,
} from './signature-header.js';
export {
  AntomMessageError,
  type AntomMessagePart,
  type AntomMessageParts,
  antomStringToSign,
} from './string-to-sign.js';
