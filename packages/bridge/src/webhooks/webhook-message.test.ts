import { describe, expect, it } from 'vitest';
import { buildWebhookMessage } from './webhook-message.js';

describe('buildWebhookMessage', () => {
  const now = new Date('2026-04-01T09:15:30.123Z');

  it('carries the event id, type, creation instant and data in a fixed key order', () => {
    const message = buildWebhookMessage(
      'payment.refunded',
      { paymentId: 'pay_1', amount: 500 },
      now,
    );

    expect(message.id).toMatch(/^evt_[0-9A-Za-z]{22}$/);
    expect(message.type).toBe('payment.refunded');
    expect(message.payload).toBe(
      `{"id":"${message.id}","type":"payment.refunded","created":"2026-04-01T09:15:30.123Z",` +
        '"data":{"paymentId":"pay_1","amount":500}}',
    );
  });

  it('gives every message its own id', () => {
    const ids = new Set(
      Array.from({ length: 1000 }, () => buildWebhookMessage('payment.captured', {}, now).id),
    );

    expect(ids.size).toBe(1000);
  });
});
