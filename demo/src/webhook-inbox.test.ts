import { describe, expect, it } from 'vitest';
import { WebhookInbox } from './webhook-inbox.js';

const now = new Date('2026-05-01T00:00:10.000Z');

describe('webhook inbox: subscriptions', () => {
  it("files subscription events under their subscription, and a charge's under both", () => {
    const inbox = new WebhookInbox();
    inbox.record(
      {
        id: 'evt_failed',
        type: 'subscription.payment_failed',
        created: '2026-05-01T00:00:05.000Z',
        data: { subscription: { id: 'sub_abc12345' }, payment: { id: 'pay_may12345' } },
      },
      now,
    );
    inbox.record(
      {
        id: 'evt_activated',
        type: 'subscription.activated',
        created: '2026-04-15T01:02:00.000Z',
        data: { id: 'sub_abc12345', object: 'subscription' },
      },
      now,
    );
    inbox.record(
      {
        id: 'evt_captured',
        type: 'payment.captured',
        created: '2026-04-15T01:02:00.000Z',
        data: { id: 'pay_first123', subscriptionId: 'sub_abc12345' },
      },
      now,
    );
    inbox.record(
      {
        id: 'evt_other',
        type: 'payment.captured',
        created: '2026-04-15T01:00:00.000Z',
        data: { id: 'pay_other123' },
      },
      now,
    );
    expect(inbox.forSubscription('sub_abc12345').map((event) => event.id)).toEqual([
      'evt_activated',
      'evt_captured',
      'evt_failed',
    ]);
    expect(inbox.forPayment('pay_may12345').map((event) => event.id)).toEqual(['evt_failed']);
    expect(inbox.forSubscription('sub_other123')).toEqual([]);
  });
});
