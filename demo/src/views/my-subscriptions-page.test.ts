import { describe, expect, it } from 'vitest';
import { renderMySubscriptionsPage } from './my-subscriptions-page.js';
import { chargeOf, pageOf, subscriptionOf } from './subscription-fixtures.js';

const customer = 'demo-0123456789abcdef';

describe('my subscriptions page', () => {
  it('says how to cancel each kind, even before any subscription (SBPS requires it)', () => {
    for (const [lang, monthly, onDemand] of [
      ['ja', '月額プランは、下の「解約する」', '継続課金は、下の「解約する」'],
      ['en', 'Cancel a monthly plan any time', 'Cancel pay-as-you-go billing any time'],
    ] as const) {
      const page = renderMySubscriptionsPage(pageOf(lang), null, [], undefined);
      expect(page).toContain(monthly);
      expect(page).toContain(onDemand);
    }
  });

  it('a monthly subscription: what it bills, the next billing date, and a cancel button', () => {
    const subscription = subscriptionOf('monthly', 'active', {
      charges: [chargeOf('pay_first1', 980, 'captured')],
    });
    const nextBilling = new Date('2026-04-30T15:00:00.000Z'); // 1 May 2026, 00:00 JST
    const page = renderMySubscriptionsPage(
      pageOf('ja'),
      customer,
      [{ subscription, nextBilling }],
      undefined,
    );
    expect(page).toContain('月額 980円（初月はお申し込み時、翌月からは毎月1日に請求）');
    expect(page).toContain('<time datetime="2026-04-30T15:00:00.000Z">2026年5月1日</time>');
    expect(page).toContain(`action="/subscriptions/${subscription.id}/cancel"`);
    expect(page).toContain('aria-label="動画見放題 月額プランを解約する"');
    expect(page).toContain('data-payment="pay_first1"');
    expect(page).not.toContain('/resume"');
  });

  it('pay-as-you-go: billed per use, no billing date; cancelled, it can be resumed', () => {
    const active = subscriptionOf('on_demand', 'active');
    const cancelled = subscriptionOf('on_demand', 'cancelled', { id: 'sub_karaokecancelled2' });
    const page = renderMySubscriptionsPage(
      pageOf('en'),
      customer,
      [
        { subscription: active, nextBilling: null },
        { subscription: cancelled, nextBilling: null },
      ],
      undefined,
    );
    expect(page).toContain('¥220 at sign-up, then each time you use it');
    expect(page).toMatch(/class="next-billing">Each time you use it</);
    expect(page).toContain(`action="/subscriptions/${active.id}/cancel"`);
    expect(page).not.toContain(`action="/subscriptions/${active.id}/resume"`);
    expect(page).toContain(`action="/subscriptions/${cancelled.id}/resume"`);
    expect(page).not.toContain(`action="/subscriptions/${cancelled.id}/cancel"`);
  });

  it('a monthly subscription cannot be resumed; one being signed up for links back to its sign-up', () => {
    const cancelled = subscriptionOf('monthly', 'cancelled');
    const incomplete = subscriptionOf('monthly', 'incomplete');
    const page = renderMySubscriptionsPage(
      pageOf('en'),
      customer,
      [
        { subscription: cancelled, nextBilling: null },
        { subscription: incomplete, nextBilling: null },
      ],
      undefined,
    );
    expect(page).not.toContain('/resume"');
    expect(page).toContain(`href="/subscribe/${incomplete.id}"`);
    expect(page).toMatch(/class="next-billing">None</);
  });

  it('back from the au screens: the stored status decides the message, not the query', () => {
    const incomplete = subscriptionOf('monthly', 'incomplete');
    const page = renderMySubscriptionsPage(
      pageOf('en'),
      customer,
      [{ subscription: incomplete, nextBilling: null }],
      { subscriptionId: incomplete.id, kind: 'returned' },
    );
    expect(page).toContain('The sign-up is not complete.');
    expect(page).not.toContain('You are signed up.');
  });
});
