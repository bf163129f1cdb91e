import { describe, expect, it } from 'vitest';
import { findPlan } from '../plans.js';
import { renderSubscribePage } from './subscribe-page.js';
import { pageOf, subscriptionOf } from './subscription-fixtures.js';

const base = {
  clientSecret: 'sec_sub',
  widgetAvailable: true,
  fallbackLayout: 'web',
  testAuIds: [],
} as const;

describe('sign-up page', () => {
  it('a monthly plan: <au-pay subscription kind="monthly" amount> with the client secret', () => {
    const subscription = subscriptionOf('monthly', 'incomplete');
    const page = renderSubscribePage(pageOf('ja'), {
      ...base,
      subscription,
      plan: findPlan('video-monthly'),
    });
    expect(page).toContain(
      `<au-pay subscription="${subscription.id}" kind="monthly" amount="980" client-secret="sec_sub" bridge="/bridge" lang="ja" theme="light"></au-pay>`,
    );
    expect(page).toContain('<script type="module" src="/bridge/au-pay.js"></script>');
    expect(page).toContain('動画見放題 月額プラン');
  });

  it('a resumed pay-as-you-go subscription (no charge at re-application): no amount attribute', () => {
    const subscription = subscriptionOf('on_demand', 'incomplete', {
      // Resumed: incomplete again, its amount still the first sign-up's charge.
      amount: 220,
      activatedAt: '2026-04-15T01:02:00.000Z',
      cancelledAt: '2026-04-20T01:00:00.000Z',
    });
    const page = renderSubscribePage(pageOf('en'), {
      ...base,
      subscription,
      plan: findPlan('karaoke-payg'),
    });
    expect(page).toContain(
      `<au-pay subscription="${subscription.id}" kind="on_demand" client-secret="sec_sub"`,
    );
    expect(page).not.toMatch(/<au-pay[^>]* amount=/);
    expect(page).toContain('Each time you use it');
  });

  it('before the widget is built: a form posting the same fields to the bridge', () => {
    const subscription = subscriptionOf('monthly', 'incomplete');
    const page = renderSubscribePage(pageOf('en'), {
      ...base,
      widgetAvailable: false,
      subscription,
      plan: undefined,
    });
    expect(page).toContain(`<form method="post" action="/bridge/checkout/${subscription.id}">`);
    expect(page).toContain('name="client_secret" value="sec_sub"');
    expect(page).not.toContain('<au-pay');
  });
});
