import { describe, expect, it } from 'vitest';
import { PAY_REQUEST, PAYMENT_NOTIFICATION } from '../testing/antom-worked-examples.js';
import { AntomMessageError, type AntomMessageParts, antomStringToSign } from './string-to-sign.js';

const text = (bytes: Uint8Array): string => Buffer.from(bytes).toString('utf8');

const payParts: AntomMessageParts = {
  method: PAY_REQUEST.method,
  path: PAY_REQUEST.path,
  clientId: PAY_REQUEST.clientId,
  time: PAY_REQUEST.requestTime,
  body: PAY_REQUEST.body,
};

describe('antomStringToSign', () => {
  it('lays out the §3.4 pay request exactly as the digest spells it', () => {
    const bytes = antomStringToSign(payParts);
    expect(text(bytes)).toBe(
      `POST /ams/api/v1/payments/pay\nSANDBOX_5Y0A2B3C4D5E6F07.1763334000000.${PAY_REQUEST.body}`,
    );
    // One LF (0x0A) and no CR anywhere: \r\n is the first cause Antom's troubleshooting names.
    expect(bytes.filter((byte) => byte === 0x0a)).toHaveLength(1);
    expect(bytes.includes(0x0d)).toBe(false);
  });

  it('lays out the §5.3 notification over the path of the notify URL', () => {
    expect(
      text(
        antomStringToSign({
          method: 'POST',
          path: PAYMENT_NOTIFICATION.path,
          clientId: PAYMENT_NOTIFICATION.clientId,
          time: PAYMENT_NOTIFICATION.requestTime,
          body: PAYMENT_NOTIFICATION.body,
        }),
      ),
    ).toBe(
      `POST /antom/notify\nSANDBOX_5Y0A2B3C4D5E6F07.1763334192000.${PAYMENT_NOTIFICATION.body}`,
    );
  });

  it('gives the same bytes for the body as a string and as its UTF-8 bytes', () => {
    const body = '{"orderDescription":"電子書籍セット"}';
    const fromString = antomStringToSign({ ...payParts, body });
    const fromBytes = antomStringToSign({ ...payParts, body: new TextEncoder().encode(body) });
    expect(Buffer.from(fromBytes).equals(Buffer.from(fromString))).toBe(true);
    // UTF-8 (電 = E9 9B BB), not UTF-16 or Latin-1.
    const tail = Buffer.from(fromString).subarray(-Buffer.byteLength(body, 'utf8'));
    expect(tail.subarray(21, 24)).toEqual(Buffer.from([0xe9, 0x9b, 0xbb]));
  });

  it('keeps body bytes as received, even bytes that are not UTF-8', () => {
    const body = Uint8Array.of(0x7b, 0xff, 0xfe, 0x7d);
    const bytes = antomStringToSign({ ...payParts, body });
    expect(Array.from(bytes.subarray(-4))).toEqual([0x7b, 0xff, 0xfe, 0x7d]);
  });

  it('keeps a query string in the URI', () => {
    expect(text(antomStringToSign({ ...payParts, path: '/antom/notify?shop=1' }))).toMatch(
      /^POST \/antom\/notify\?shop=1\n/,
    );
  });

  it.each([
    ['method', { method: 'post' }, /upper-case/],
    [
      'path',
      { path: 'https://open-sea-global.alipay.com/ams/api/v1/payments/pay' },
      /without scheme and host/,
    ],
    ['path', { path: 'ams/api/v1/payments/pay' }, /start with "\/"/],
    ['path', { path: '/ams/api/v1/payments/pay HTTP/1.1' }, /no whitespace/],
    ['clientId', { clientId: '' }, /client ID is empty/],
    ['clientId', { clientId: 'SANDBOX_1\n2' }, /control character/],
    ['time', { time: '1763334000000\r' }, /control character/],
    ['time', { time: '' }, /request-time/],
  ] as const)('refuses a %s that would change the layout (%o)', (part, change, message) => {
    const attempt = () => antomStringToSign({ ...payParts, ...change });
    expect(attempt).toThrow(AntomMessageError);
    expect(attempt).toThrow(message);
    try {
      attempt();
    } catch (error) {
      expect((error as AntomMessageError).part).toBe(part);
    }
  });

  it('refuses a parsed body and says to sign the raw bytes', () => {
    const parsed = JSON.parse(PAY_REQUEST.body) as unknown as string;
    expect(() => antomStringToSign({ ...payParts, body: parsed })).toThrow(
      /raw bytes .* parsed and re-serialised/,
    );
  });
});
