import { constants, sign, verify } from 'node:crypto';
import { type AntomKeyInput, loadAntomPrivateKey, loadAntomPublicKey } from './keys.js';

// RSA256 in Antom's words is SHA256withRSA: RSASSA-PKCS1-v1_5 with SHA-256 (spec/antom-au.md
// §3.3). PKCS#1 v1.5 is deterministic, so one key and one string to sign give one signature,
// which is what lets the worked vectors of §3.4 and §5.3 be reproduced.

/** Signs `content` (see `antomStringToSign`) and returns the signature in standard Base64. */
export function signAntomContent(content: Uint8Array, privateKey: AntomKeyInput): string {
  return sign('sha256', content, {
    key: loadAntomPrivateKey(privateKey),
    padding: constants.RSA_PKCS1_PADDING,
  }).toString('base64');
}

/**
 * True when `signature` (standard Base64, already URL-decoded) is a valid RSA256 signature of
 * `content` by the holder of the private key matching `publicKey`.
 */
export function verifyAntomContent(
  content: Uint8Array,
  signature: string,
  publicKey: AntomKeyInput,
): boolean {
  return verify(
    'sha256',
    content,
    { key: loadAntomPublicKey(publicKey), padding: constants.RSA_PKCS1_PADDING },
    Buffer.from(signature, 'base64'),
  );
}
