import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  signWebhook,
  verifyWebhook,
  WEBHOOK_SIGNATURE_HEADER,
  WebhookVerificationError,
} from './signature.js';

const secret = 'whsec_5kPz8Q2vN0yLr7Tb';
const t = 1_775_000_000;
const at = (seconds: number) => new Date(seconds * 1000);
const payload =
  '{"id":"evt_1","type":"payment.captured","created":"2026-03-31T23:33:20.000Z","data":{"itemName":"抹茶"}}';

function verificationError(run: () => unknown): WebhookVerificationError {
  try {
    run();
  } catch (error) {
    if (error instanceof WebhookVerificationError) return error;
    throw error;
  }
  throw new Error('expected a WebhookVerificationError');
}

describe('signWebhook', () => {
  it('signs "<t>.<payload>" with HMAC-SHA256, as merchants in any language can check', () => {
    const expected = createHmac('sha256', secret).update(`${t}.${payload}`, 'utf8').digest('hex');

    expect(signWebhook(payload, secret, t)).toBe(`t=${t},v1=${expected}`);
    expect(WEBHOOK_SIGNATURE_HEADER).toBe('AuPay-Signature');
  });

  it('refuses a timestamp in milliseconds, naming the mistake', () => {
    expect(() => signWebhook(payload, secret, t * 1000)).toThrow(/milliseconds/);
    expect(() => signWebhook(payload, secret, 1.5)).toThrow(/whole unix seconds/);
  });
});

describe('verifyWebhook', () => {
  const header = signWebhook(payload, secret, t);

  it('returns the event of a genuine webhook, given as a string or as bytes', () => {
    const event = {
      id: 'evt_1',
      type: 'payment.captured',
      created: '2026-03-31T23:33:20.000Z',
      data: { itemName: '抹茶' },
    };

    expect(verifyWebhook(payload, header, secret, { now: at(t) })).toEqual(event);
    expect(verifyWebhook(Buffer.from(payload), header, secret, { now: at(t) })).toEqual(event);
    expect(
      verifyWebhook(new TextEncoder().encode(payload), header, secret, { now: at(t) }),
    ).toEqual(event);
  });

  it("takes Node's header value as it is, a repeated header arriving as an array", () => {
    const [timestamp, signature] = header.split(',') as [string, string];

    expect(verifyWebhook(payload, [timestamp, signature], secret, { now: at(t) }).id).toBe('evt_1');
    expect(verifyWebhook(payload, [header], secret, { now: at(t) }).id).toBe('evt_1');
  });

  it('accepts spaces around the header entries', () => {
    const spaced = header.replace(',', ', ');

    expect(verifyWebhook(payload, spaced, secret, { now: at(t) }).id).toBe('evt_1');
  });

  it('tells a merchant who passes a parsed body to pass the raw one', () => {
    const parsed = JSON.parse(payload) as unknown as string;

    const error = verificationError(() => verifyWebhook(parsed, header, secret, { now: at(t) }));
    expect(error.code).toBe('payload_not_raw');
    expect(error.message).toMatch(/parsed object/);
    expect(error.message).toMatch(/express\.raw/);
    expect(error.message).toMatch(/request\.text\(\)/);
  });

  it('recognises a body turned into "[object Object]"', () => {
    const error = verificationError(() =>
      verifyWebhook('[object Object]', header, secret, { now: at(t) }),
    );
    expect(error.code).toBe('payload_not_raw');
    expect(error.message).toMatch(/an object was turned into a string/);
  });

  it.each([undefined, null, ''])('reports a missing header (%j) and where to find it', (value) => {
    const error = verificationError(() => verifyWebhook(payload, value, secret, { now: at(t) }));
    expect(error.code).toBe('missing_header');
    expect(error.message).toContain("req.headers['aupay-signature']");
  });

  it.each([
    ['no timestamp', `v1=${'a'.repeat(64)}`, /exactly one timestamp/],
    ['two timestamps', `t=${t},t=${t + 1},v1=${'a'.repeat(64)}`, /exactly one timestamp/],
    ['a timestamp that is not a number', `t=soon,v1=${'a'.repeat(64)}`, /exactly one timestamp/],
    ['no signature', `t=${t}`, /no v1 signature/],
    ['a signature that is not 64 hex characters', `t=${t},v1=abc`, /no v1 signature/],
    ['something else entirely', 'sha256=deadbeef', /exactly one timestamp/],
  ])('reports a malformed header: %s', (_, value, cause) => {
    const error = verificationError(() => verifyWebhook(payload, value, secret, { now: at(t) }));
    expect(error.code).toBe('malformed_header');
    expect(error.message).toMatch(cause);
    expect(error.message).toContain('t=<unix seconds>,v1=<64 hex characters>');
  });

  it('reports a tampered body as a mismatch that points at the raw body', () => {
    const tampered = payload.replace('抹茶', '煎茶');

    const error = verificationError(() => verifyWebhook(tampered, header, secret, { now: at(t) }));
    expect(error.code).toBe('signature_mismatch');
    expect(error.message).toMatch(/raw body exactly as received/);
  });

  it('reports a body re-serialised with other spacing as a mismatch', () => {
    const reserialised = JSON.stringify(JSON.parse(payload), null, 2);

    const error = verificationError(() =>
      verifyWebhook(reserialised, header, secret, { now: at(t) }),
    );
    expect(error.code).toBe('signature_mismatch');
  });

  it('reports a wrong secret as a mismatch that names the secret', () => {
    const error = verificationError(() =>
      verifyWebhook(payload, header, 'whsec_other', { now: at(t) }),
    );
    expect(error.code).toBe('signature_mismatch');
    expect(error.message).toMatch(/WEBHOOK_SECRET/);
  });

  it('says so when the secret has surrounding whitespace, and that trimming fixes it', () => {
    const error = verificationError(() =>
      verifyWebhook(payload, header, `${secret}\n`, { now: at(t) }),
    );
    expect(error.code).toBe('signature_mismatch');
    expect(error.message).toMatch(/leading or trailing whitespace/);
    expect(error.message).toMatch(/without it the signature matches/);
  });

  it('accepts a signature exactly at the tolerance, and refuses one a second older', () => {
    expect(verifyWebhook(payload, header, secret, { now: at(t + 300) }).id).toBe('evt_1');

    const error = verificationError(() =>
      verifyWebhook(payload, header, secret, { now: at(t + 301) }),
    );
    expect(error.code).toBe('timestamp_outside_tolerance');
    expect(error.message).toContain('301 seconds old');
    expect(error.message).toContain('tolerance of 300 seconds');
  });

  it('applies a chosen tolerance', () => {
    expect(
      verifyWebhook(payload, header, secret, { now: at(t + 30), toleranceSeconds: 30 }).id,
    ).toBe('evt_1');
    const error = verificationError(() =>
      verifyWebhook(payload, header, secret, { now: at(t + 31), toleranceSeconds: 30 }),
    );
    expect(error.message).toContain('31 seconds old, beyond the tolerance of 30 seconds');
  });

  it('refuses a signature dated beyond the tolerance in the future, blaming the clock', () => {
    expect(verifyWebhook(payload, header, secret, { now: at(t - 300) }).id).toBe('evt_1');

    const error = verificationError(() =>
      verifyWebhook(payload, header, secret, { now: at(t - 301) }),
    );
    expect(error.code).toBe('timestamp_outside_tolerance');
    expect(error.message).toContain('301 seconds in the future');
    expect(error.message).toMatch(/clock/);
  });

  it('checks the signature before the age, so a forged old request is a mismatch', () => {
    const error = verificationError(() =>
      verifyWebhook(payload, header, 'whsec_other', { now: at(t + 3600) }),
    );
    expect(error.code).toBe('signature_mismatch');
  });

  it('accepts any of several v1 signatures, so secrets can be rotated', () => {
    const oldSecret = 'whsec_old';
    const newSignature = header.split('v1=')[1];
    const oldSignature = signWebhook(payload, oldSecret, t).split('v1=')[1];
    const rotating = `t=${t},v1=${oldSignature},v1=${newSignature}`;

    expect(verifyWebhook(payload, rotating, secret, { now: at(t) }).id).toBe('evt_1');
    expect(verifyWebhook(payload, rotating, oldSecret, { now: at(t) }).id).toBe('evt_1');
    expect(
      verificationError(() => verifyWebhook(payload, rotating, 'whsec_third', { now: at(t) })).code,
    ).toBe('signature_mismatch');
  });

  it('does not let a signature for another timestamp pass', () => {
    const signature = header.split('v1=')[1];

    const error = verificationError(() =>
      verifyWebhook(payload, `t=${t + 60},v1=${signature}`, secret, { now: at(t + 60) }),
    );
    expect(error.code).toBe('signature_mismatch');
  });
});
