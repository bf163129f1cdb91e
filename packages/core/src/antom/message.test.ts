import { beforeAll, describe, expect, it } from 'vitest';
import {
  ANTOM_TEST_PUBLIC_KEY,
  PAY_REQUEST,
  PAYMENT_NOTIFICATION,
  toPem,
} from '../testing/antom-worked-examples.js';
import { rsaTestKeyPair, type TestKeyPair } from '../testing/test-keys.js';
import { AntomKeyError } from './keys.js';
import {
  type AntomVerification,
  signAntomRequest,
  signAntomResponse,
  type VerifyAntomMessageInput,
  verifyAntomMessage,
} from './message.js';
import { parseAntomSignatureHeader } from './signature-header.js';
import { AntomMessageError } from './string-to-sign.js';

// The §5.3 notification as the bridge sees it: headers as received, the raw body as bytes.
const notification: VerifyAntomMessageInput = {
  method: 'POST',
  path: PAYMENT_NOTIFICATION.path,
  clientId: PAYMENT_NOTIFICATION.clientId,
  requestTime: PAYMENT_NOTIFICATION.requestTime,
  body: Buffer.from(PAYMENT_NOTIFICATION.body, 'utf8'),
  signatureHeader: PAYMENT_NOTIFICATION.signatureHeader,
  publicKey: ANTOM_TEST_PUBLIC_KEY,
};

const payRequest: VerifyAntomMessageInput = {
  method: 'POST',
  path: PAY_REQUEST.path,
  clientId: PAY_REQUEST.clientId,
  requestTime: PAY_REQUEST.requestTime,
  body: PAY_REQUEST.body,
  signatureHeader: PAY_REQUEST.signatureHeader,
  publicKey: ANTOM_TEST_PUBLIC_KEY,
};

function failure(result: AntomVerification) {
  if (result.ok) throw new Error('the message was accepted');
  return result;
}

let merchant: TestKeyPair;
beforeAll(() => {
  merchant = rsaTestKeyPair();
});

describe('verifyAntomMessage on the worked examples', () => {
  it('accepts the §3.4 pay request (what the emulator checks) and the §5.3 notification', () => {
    expect(verifyAntomMessage(payRequest)).toEqual({ ok: true, keyVersion: 1 });
    expect(verifyAntomMessage(notification)).toEqual({ ok: true, keyVersion: 1 });
  });

  it('accepts them with the key as PEM and with ", " between the header parameters', () => {
    const publicKey = toPem(ANTOM_TEST_PUBLIC_KEY, 'PUBLIC KEY');
    const spaced = PAYMENT_NOTIFICATION.signatureHeader.replaceAll(',', ', ');
    expect(verifyAntomMessage({ ...notification, publicKey, signatureHeader: spaced }).ok).toBe(
      true,
    );
    expect(verifyAntomMessage({ ...payRequest, publicKey }).ok).toBe(true);
  });

  it('takes headers as Node gives them (a one-element array) and as fetch does', () => {
    const headers = new Headers({ signature: PAYMENT_NOTIFICATION.signatureHeader });
    expect(
      verifyAntomMessage({
        ...notification,
        signatureHeader: headers.get('signature'),
        clientId: [PAYMENT_NOTIFICATION.clientId],
      }).ok,
    ).toBe(true);
  });

  it.each([
    ['a changed body', { body: PAYMENT_NOTIFICATION.body.replace('"1980"', '"1981"') }],
    [
      'a body parsed and pretty-printed',
      { body: JSON.stringify(JSON.parse(PAYMENT_NOTIFICATION.body), null, 2) },
    ],
    ['a body with a trailing newline', { body: `${PAYMENT_NOTIFICATION.body}\n` }],
    ['another time', { requestTime: '1763334192001' }],
    ['another client ID', { clientId: 'SANDBOX_5Y0A2B3C4D5E6F08' }],
    ['another path', { path: '/antom/notify/' }],
    ['the path of the pay API', { path: PAY_REQUEST.path }],
  ])('refuses the notification with %s, and says what to check', (_case, change) => {
    const result = failure(
      verifyAntomMessage({ ...notification, ...change } as VerifyAntomMessageInput),
    );
    expect(result.reason).toBe('signature_mismatch');
    expect(result.message).toMatch(/raw bytes as received .* parsed and re-serialised/);
    expect(result.message).toMatch(/path of your notify URL/);
  });

  it("refuses the notification verified with another public key than the signer's", () => {
    const result = verifyAntomMessage({ ...notification, publicKey: merchant.publicDer });
    expect(failure(result).reason).toBe('signature_mismatch');
  });

  it('refuses the signature of the pay request on the notification', () => {
    const result = verifyAntomMessage({
      ...notification,
      signatureHeader: PAY_REQUEST.signatureHeader,
    });
    expect(failure(result).reason).toBe('signature_mismatch');
  });
});

describe('verifyAntomMessage refusals', () => {
  it.each([
    [
      'no signature header',
      { signatureHeader: undefined },
      'missing_header',
      /signature header is missing .* rather than skipping verification/,
    ],
    [
      'an empty signature header',
      { signatureHeader: '' },
      'missing_header',
      /signature header is missing/,
    ],
    ['fetch answering null', { signatureHeader: null }, 'missing_header', /signature header/],
    ['no client-id', { clientId: undefined }, 'missing_header', /client-id header is missing/],
    [
      'no request-time',
      { requestTime: undefined },
      'missing_header',
      /request-time header is missing/,
    ],
    [
      'two signature headers',
      {
        signatureHeader: [
          PAYMENT_NOTIFICATION.signatureHeader,
          PAYMENT_NOTIFICATION.signatureHeader,
        ],
      },
      'repeated_header',
      /sent 2 times/,
    ],
    [
      'a header that is not name=value',
      { signatureHeader: 'RSA256 abc' },
      'malformed_signature_header',
      /name=value/,
    ],
    [
      'another algorithm',
      { signatureHeader: PAYMENT_NOTIFICATION.signatureHeader.replace('RSA256', 'RSA512') },
      'unsupported_algorithm',
      /RSA256 only/,
    ],
    [
      'a full URL as the path',
      { path: 'https://shop.example.jp/antom/notify' },
      'invalid_message',
      /without scheme and host/,
    ],
  ] as const)('answers %s with its reason', (_case, change, reason, message) => {
    const result = failure(
      verifyAntomMessage({ ...notification, ...change } as VerifyAntomMessageInput),
    );
    expect(result.reason).toBe(reason);
    expect(result.message).toMatch(message);
  });

  it('names response-time when a response lacks it', () => {
    const { requestTime: _, ...rest } = notification;
    const result = failure(verifyAntomMessage({ ...rest, responseTime: undefined }));
    expect(result.message).toMatch(/response-time header is missing/);
  });

  it('throws AntomKeyError for a private key given as the public key: configuration, not the message, is wrong', () => {
    expect(() => verifyAntomMessage({ ...notification, publicKey: merchant.privateDer })).toThrow(
      AntomKeyError,
    );
  });
});

describe('signAntomRequest and signAntomResponse', () => {
  const request = () => ({
    method: 'POST',
    path: '/ams/sandbox/api/v1/payments/pay',
    clientId: PAY_REQUEST.clientId,
    requestTime: PAY_REQUEST.requestTime,
    body: PAY_REQUEST.body,
    privateKey: merchant.privateDer,
  });

  it('gives the headers of a request the other side verifies with the matching public key', () => {
    const headers = signAntomRequest(request());
    expect(headers['client-id']).toBe(PAY_REQUEST.clientId);
    expect(headers['request-time']).toBe(PAY_REQUEST.requestTime);
    expect(headers.signature).toMatch(/^algorithm=RSA256,keyVersion=1,signature=[A-Za-z0-9%]+$/);
    const verified = verifyAntomMessage({
      ...request(),
      clientId: headers['client-id'],
      requestTime: headers['request-time'],
      signatureHeader: headers.signature,
      publicKey: merchant.publicPem,
    });
    expect(verified).toEqual({ ok: true, keyVersion: 1 });
  });

  it('signs the same message to the same header from the DER and the PEM copy of the key', () => {
    expect(signAntomRequest({ ...request(), privateKey: merchant.privatePem })).toEqual(
      signAntomRequest(request()),
    );
  });

  it('signs over the sandbox path: the same request verified over the production path fails', () => {
    const headers = signAntomRequest(request());
    const result = verifyAntomMessage({
      ...request(),
      path: PAY_REQUEST.path,
      signatureHeader: headers.signature,
      publicKey: merchant.publicDer,
    });
    expect(failure(result).reason).toBe('signature_mismatch');
  });

  it('writes the key version given, and verification reports it', () => {
    const headers = signAntomRequest({ ...request(), keyVersion: 2 });
    expect(parseAntomSignatureHeader(headers.signature).keyVersion).toBe(2);
    expect(
      verifyAntomMessage({
        ...request(),
        signatureHeader: headers.signature,
        publicKey: merchant.publicDer,
      }),
    ).toEqual({ ok: true, keyVersion: 2 });
  });

  it('signs a response over response-time, which a verifier reads as responseTime', () => {
    const { requestTime: _, ...rest } = request();
    const headers = signAntomResponse({ ...rest, responseTime: '1763334000321' });
    expect(headers['response-time']).toBe('1763334000321');
    const response = {
      ...rest,
      clientId: headers['client-id'],
      signatureHeader: headers.signature,
      publicKey: merchant.publicDer,
    };
    expect(verifyAntomMessage({ ...response, responseTime: headers['response-time'] }).ok).toBe(
      true,
    );
    expect(verifyAntomMessage({ ...response, responseTime: PAY_REQUEST.requestTime }).ok).toBe(
      false,
    );
  });

  it('throws for a part that cannot be signed and for a public key given to sign', () => {
    expect(() =>
      signAntomRequest({
        ...request(),
        path: 'https://open-sea-global.alipay.com/ams/api/v1/payments/pay',
      }),
    ).toThrow(AntomMessageError);
    expect(() => signAntomRequest({ ...request(), privateKey: ANTOM_TEST_PUBLIC_KEY })).toThrow(
      /public key, but signing needs the merchant private key/,
    );
  });
});
