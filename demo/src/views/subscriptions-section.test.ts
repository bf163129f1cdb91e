import { describe, expect, it } from 'vitest';
import type { SubscriptionView } from '../subscription-view.js';
import { chargeOf, pageOf, subscriptionOf } from './subscription-fixtures.js';
import { renderSubscriptionsSection } from './subscriptions-section.js';

/** The forms the orders page offers for one subscription: `charge`, `cancel`. */
function actionsOffered(subscription: SubscriptionView): string[] {
  const section = renderSubscriptionsSection(
    pageOf('en', 'orders'),
    [{ subscription, webhooks: [] }],
    undefined,
  ).value;
  return [...section.matchAll(/action="\/orders\/subscriptions\/sub_[A-Za-z0-9]+\/([a-z]+)"/g)].map(
    ([, action]) => action as string,
  );
}

describe('orders page: subscriptions', () => {
  it('an active pay-as-you-go subscription: charge now (at the plan price) and cancel', () => {
    const subscription = subscriptionOf('on_demand', 'active');
    expect(actionsOffered(subscription)).toEqual(['charge', 'cancel']);
    const section = renderSubscriptionsSection(
      pageOf('ja', 'orders'),
      [{ subscription, webhooks: [] }],
      undefined,
    ).value;
    expect(section).toContain('今すぐ請求（220円）');
  });

  it('an active monthly subscription: cancel only (SBPS bills it on the 1st by itself)', () => {
    expect(actionsOffered(subscriptionOf('monthly', 'active'))).toEqual(['cancel']);
  });

  it('nothing to do for one being signed up for, cancelled or ended', () => {
    for (const status of ['incomplete', 'cancelled', 'expired', 'incomplete_expired'] as const) {
      expect(actionsOffered(subscriptionOf('on_demand', status)), status).toEqual([]);
    }
  });

  it('charges grouped under their subscription, with the billed month; its webhooks beside them', () => {
    const monthly = subscriptionOf('monthly', 'active', {
      charges: [
        chargeOf('pay_first1', 980, 'captured'),
        chargeOf('pay_may1', 980, 'failed', '2026-05'),
      ],
    });
    const karaoke = subscriptionOf('on_demand', 'active', {
      charges: [chargeOf('pay_song1', 220, 'authorized')],
    });
    const section = renderSubscriptionsSection(
      pageOf('en', 'orders'),
      [
        {
          subscription: monthly,
          webhooks: [
            {
              id: 'evt_1',
              type: 'subscription.payment_failed',
              created: '2026-05-01T00:00:05.000Z',
              receivedAt: '2026-05-01T00:00:06.000Z',
              paymentId: 'pay_may1',
              subscriptionId: monthly.id,
              duplicates: 0,
            },
          ],
        },
        { subscription: karaoke, webhooks: [] },
      ],
      undefined,
    ).value;
    const monthlyCard = section.slice(
      section.indexOf(`id="${monthly.id}"`),
      section.indexOf(`id="${karaoke.id}"`),
    );
    expect(monthlyCard).toContain('data-payment="pay_first1"');
    expect(monthlyCard).toMatch(/data-payment="pay_may1".*Failed.*2026-05/s);
    expect(monthlyCard).toContain('subscription.payment_failed');
    expect(monthlyCard).not.toContain('pay_song1');
    expect(section.slice(section.indexOf(`id="${karaoke.id}"`))).toContain(
      'data-payment="pay_song1"',
    );
  });

  it("a refused action shows the bridge's words and code in its card", () => {
    const subscription = subscriptionOf('monthly', 'active');
    const section = renderSubscriptionsSection(
      pageOf('ja', 'orders'),
      [{ subscription, webhooks: [] }],
      {
        subscriptionId: subscription.id,
        action: 'charge',
        ok: false,
        problem: {
          kind: 'refusal',
          code: 'subscription_not_on_demand',
          message: 'Only on-demand subscriptions take charges.',
          messageJa: '継続課金のご契約のみ請求できます。',
        },
      },
    ).value;
    expect(section).toContain('継続課金のご契約のみ請求できます。');
    expect(section).toContain('<code>subscription_not_on_demand</code>');
  });
});
