import { generateKeyPairSync } from 'node:crypto';

/** A fresh key pair in every encoding the loaders take. Never reused outside a test run. */
export interface TestKeyPair {
  /** Base64 PKCS#8 DER, as the Antom Dashboard gives a private key. */
  readonly privateDer: string;
  readonly privatePem: string;
  /** Base64 SPKI DER. */
  readonly publicDer: string;
  readonly publicPem: string;
}

function encodings(pair: ReturnType<typeof generateKeyPairSync>): TestKeyPair {
  return {
    privateDer: pair.privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'),
    privatePem: pair.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    publicDer: pair.publicKey.export({ format: 'der', type: 'spki' }).toString('base64'),
    publicPem: pair.publicKey.export({ format: 'pem', type: 'spki' }).toString(),
  };
}

export function rsaTestKeyPair(modulusLength = 2048): TestKeyPair {
  return encodings(generateKeyPairSync('rsa', { modulusLength }));
}

export function ecTestKeyPair(namedCurve = 'prime256v1'): TestKeyPair {
  return encodings(generateKeyPairSync('ec', { namedCurve }));
}
