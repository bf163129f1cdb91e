import { describe, expect, it } from 'vitest';
import { verifyWebhook } from './signature.js';
import { generateTestWebhook } from './test-webhook.js';

describe('generateTestWebhook', () => {
  const secret = 'whsec_merchant_test';

  it('produces a request that verifyWebhook accepts now', () => {
    const hook = generateTestWebhook({
      type: 'payment.captured',
      data: { paymentId: 'pay_1', amount: 1980 },
      secret,
    });

    const event = verifyWebhook(hook.payload, hook.headers['AuPay-Signature'], secret);
    expect(event).toMatchObject({
      type: 'payment.captured',
      data: { paymentId: 'pay_1', amount: 1980 },
    });
    expect(event.id).toMatch(/^evt_/);
    expect(hook.header).toBe(hook.headers['AuPay-Signature']);
    expect(hook.headers['content-type']).toBe('application/json');
  });

  it('uses the id and timestamp it is given, e.g. to test replay handling', () => {
    const hook = generateTestWebhook({
      type: 'payment.failed',
      data: {},
      secret,
      id: 'evt_fixed',
      timestamp: 1_775_000_000,
    });

    expect(hook.header).toMatch(/^t=1775000000,v1=[0-9a-f]{64}$/);
    const event = verifyWebhook(hook.payload, hook.header, secret, {
      now: new Date(1_775_000_000_000),
    });
    expect(event).toEqual({
      id: 'evt_fixed',
      type: 'payment.failed',
      created: '2026-03-31T23:33:20.000Z',
      data: {},
    });
    expect(() => verifyWebhook(hook.payload, hook.header, secret)).toThrow(/seconds old/);
  });
});
