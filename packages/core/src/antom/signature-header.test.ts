import { describe, expect, it } from 'vitest';
import { PAY_REQUEST, PAYMENT_NOTIFICATION } from '../testing/antom-worked-examples.js';
import {
  AntomSignatureHeaderError,
  type AntomSignatureHeaderErrorCode,
  formatAntomSignatureHeader,
  parseAntomSignatureHeader,
} from './signature-header.js';

const encodedSignature = (header: string): string => header.split(',signature=')[1] ?? '';

describe('parseAntomSignatureHeader', () => {
  it('reads the §3.4 header: RSA256, key version 1, a 2048-bit signature URL-decoded', () => {
    const header = parseAntomSignatureHeader(PAY_REQUEST.signatureHeader);
    expect(header.algorithm).toBe('RSA256');
    expect(header.keyVersion).toBe(1);
    expect(header.signature).toBe(
      decodeURIComponent(encodedSignature(PAY_REQUEST.signatureHeader)),
    );
    expect(header.signature).toMatch(/\+.*\/.*==$/);
    expect(Buffer.from(header.signature, 'base64')).toHaveLength(256);
  });

  it('takes ", " between parameters as in the docs example, and tabs', () => {
    const spaced = PAY_REQUEST.signatureHeader.replaceAll(',', ', ');
    expect(spaced).toContain('algorithm=RSA256, keyVersion=1, signature=');
    expect(parseAntomSignatureHeader(spaced)).toEqual(
      parseAntomSignatureHeader(PAY_REQUEST.signatureHeader),
    );
    expect(
      parseAntomSignatureHeader(` ${PAY_REQUEST.signatureHeader.replaceAll(',', ' ,\t')} `),
    ).toEqual(parseAntomSignatureHeader(PAY_REQUEST.signatureHeader));
  });

  it('takes the parameters in any order, without keyVersion, and ignores unknown ones', () => {
    const signature = encodedSignature(PAYMENT_NOTIFICATION.signatureHeader);
    const header = parseAntomSignatureHeader(`signature=${signature},algorithm=RSA256,future=x`);
    expect(header.keyVersion).toBeUndefined();
    expect(header.signature).toBe(decodeURIComponent(signature));
  });

  it('takes a signature that was not URL-encoded (a "+" stays a "+")', () => {
    const base64 = decodeURIComponent(encodedSignature(PAY_REQUEST.signatureHeader));
    expect(
      parseAntomSignatureHeader(`algorithm=RSA256,keyVersion=1,signature=${base64}`).signature,
    ).toBe(base64);
  });

  it.each<[string, string, AntomSignatureHeaderErrorCode, RegExp]>([
    ['empty', '  ', 'empty', /empty/],
    [
      'a part without "="',
      'algorithm=RSA256,keyVersion,signature=YQ%3D%3D',
      'malformed',
      /name=value/,
    ],
    ['a space around "="', 'algorithm = RSA256,signature=YQ%3D%3D', 'malformed', /name=value/],
    ['an empty part', 'algorithm=RSA256,,signature=YQ%3D%3D', 'malformed', /name=value/],
    [
      'two signatures',
      'algorithm=RSA256,signature=YQ%3D%3D,signature=Yg%3D%3D',
      'duplicate_parameter',
      /twice/,
    ],
    ['no algorithm', 'keyVersion=1,signature=YQ%3D%3D', 'missing_parameter', /lacks "algorithm"/],
    ['no signature', 'algorithm=RSA256,keyVersion=1', 'missing_parameter', /lacks "signature"/],
    [
      'another algorithm',
      'algorithm=RSA2048,signature=YQ%3D%3D',
      'unsupported_algorithm',
      /RSA256 only/,
    ],
    [
      'the algorithm in lower case',
      'algorithm=rsa256,signature=YQ%3D%3D',
      'unsupported_algorithm',
      /RSA256 only/,
    ],
    [
      'keyVersion 0',
      'algorithm=RSA256,keyVersion=0,signature=YQ%3D%3D',
      'invalid_key_version',
      /positive whole/,
    ],
    [
      'keyVersion "v1"',
      'algorithm=RSA256,keyVersion=v1,signature=YQ%3D%3D',
      'invalid_key_version',
      /positive whole/,
    ],
    [
      'a broken escape',
      'algorithm=RSA256,signature=YQ%3',
      'invalid_signature_encoding',
      /URL-encoding/,
    ],
    [
      'a "+" decoded to a space',
      'algorithm=RSA256,signature=Y Q==',
      'invalid_signature_encoding',
      /space/,
    ],
    [
      'Base64 of the wrong length',
      'algorithm=RSA256,signature=YQ%3D',
      'invalid_signature_encoding',
      /Base64/,
    ],
    ['an empty signature', 'algorithm=RSA256,signature=', 'invalid_signature_encoding', /Base64/],
  ])('refuses %s', (_case, header, code, message) => {
    let thrown: unknown;
    try {
      parseAntomSignatureHeader(header);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(AntomSignatureHeaderError);
    expect((thrown as AntomSignatureHeaderError).code).toBe(code);
    expect((thrown as Error).message).toMatch(message);
  });
});

describe('formatAntomSignatureHeader', () => {
  it('writes the §3.4 and §5.3 headers byte for byte from their Base64 signatures', () => {
    for (const { signatureHeader } of [PAY_REQUEST, PAYMENT_NOTIFICATION]) {
      const { signature } = parseAntomSignatureHeader(signatureHeader);
      expect(formatAntomSignatureHeader(signature)).toBe(signatureHeader);
    }
  });

  it('URL-encodes exactly "+", "/" and "=", and writes the key version given', () => {
    expect(formatAntomSignatureHeader('a+b/cd==', 3)).toBe(
      'algorithm=RSA256,keyVersion=3,signature=a%2Bb%2Fcd%3D%3D',
    );
  });

  it('refuses a signature that is not Base64 and a key version that is not a positive integer', () => {
    expect(() => formatAntomSignatureHeader('a+b/c%d')).toThrow(RangeError);
    expect(() => formatAntomSignatureHeader('')).toThrow(RangeError);
    expect(() => formatAntomSignatureHeader('YQ==', 0)).toThrow(/keyVersion/);
    expect(() => formatAntomSignatureHeader('YQ==', 1.5)).toThrow(/keyVersion/);
  });
});
