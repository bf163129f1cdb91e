import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { billingMonthOf } from './billing-calendar.js';
import { refusalCodes } from './refusals.js';
import type { SubscriptionEvent, SubscriptionSnapshot } from './subscription-status.js';
import {
  isTerminalSubscriptionStatus,
  subscriptionStatuses,
  transitionSubscription,
} from './subscription-status.js';

const DAY_MS = 86_400_000;
const CONSENT_MS = 14 * 60_000;

/** An event kind; its details (month, new expiry) depend on when it happens. */
type EventKind = SubscriptionEvent['type'];

interface Step {
  kind: EventKind;
  /** For monthly_charge_failed: how many months before `now`'s month the failure is reported for. */
  monthsBack: number;
  gapMs: number;
}

const eventKind = fc.oneof(
  { weight: 3, arbitrary: fc.constant<EventKind>('buyer_consented') },
  { weight: 1, arbitrary: fc.constant<EventKind>('consent_failed') },
  { weight: 2, arbitrary: fc.constant<EventKind>('expire') },
  { weight: 2, arbitrary: fc.constant<EventKind>('monthly_charge_failed') },
  { weight: 4, arbitrary: fc.constant<EventKind>('charge_requested') },
  { weight: 1, arbitrary: fc.constant<EventKind>('cancel_requested') },
  { weight: 1, arbitrary: fc.constant<EventKind>('cancellation_notified') },
  { weight: 2, arbitrary: fc.constant<EventKind>('resume_requested') },
);

/** Gaps from a millisecond to more than a year, so that consent times and contracts run out. */
const gap = fc.oneof(
  { weight: 2, arbitrary: fc.integer({ min: 1, max: 20 * 60_000 }) },
  { weight: 3, arbitrary: fc.integer({ min: 1, max: 60 * DAY_MS }) },
  { weight: 1, arbitrary: fc.integer({ min: 300 * DAY_MS, max: 400 * DAY_MS }) },
);

const step: fc.Arbitrary<Step> = fc.record({
  kind: eventKind,
  monthsBack: fc.integer({ min: -1, max: 3 }),
  gapMs: gap,
});

const scenario = fc.record({
  kind: fc.constantFrom('monthly' as const, 'on_demand' as const),
  amount: fc.option(fc.integer({ min: 1, max: 9_999_999 }), { nil: null }),
  createdAt: fc.date({
    min: new Date('2024-01-01T00:00:00Z'),
    max: new Date('2030-12-31T00:00:00Z'),
    noInvalidDate: true,
  }),
  steps: fc.array(step, { minLength: 1, maxLength: 25 }),
});

function eventAt(kind: EventKind, monthsBack: number, now: Date): SubscriptionEvent {
  switch (kind) {
    case 'monthly_charge_failed': {
      const month = new Date(now.getTime() - monthsBack * 31 * DAY_MS);
      return { type: kind, month: billingMonthOf(month) };
    }
    case 'resume_requested':
      return { type: kind, expiresAt: new Date(now.getTime() + CONSENT_MS) };
    default:
      return { type: kind } as SubscriptionEvent;
  }
}

type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

/** Runs a scenario and hands every applied step to `check`. */
function run(
  input: Scenario,
  check: (before: SubscriptionSnapshot, event: SubscriptionEvent, now: Date) => void,
) {
  let subscription: SubscriptionSnapshot = {
    kind: input.kind,
    status: 'incomplete',
    // A monthly subscription always has its monthly price (createSubscriptionSchema).
    amount: input.kind === 'monthly' ? (input.amount ?? 980) : input.amount,
    expiresAt: new Date(input.createdAt.getTime() + CONSENT_MS),
    activatedAt: null,
    lastChargedAt: null,
    cancelledAt: null,
    lastFailedMonth: null,
  };
  let now = input.createdAt;
  for (const { kind, monthsBack, gapMs } of input.steps) {
    now = new Date(now.getTime() + gapMs);
    const event = eventAt(kind, monthsBack, now);
    check(subscription, event, now);
    const result = transitionSubscription(subscription, event, now);
    if (result.ok) subscription = result.subscription;
  }
}

describe('subscription status model properties', () => {
  it('reaches every status and charges on-demand subscriptions (the scenarios are worth checking)', () => {
    const reached = new Set<string>();
    let charges = 0;
    fc.assert(
      fc.property(scenario, (input) => {
        run(input, (before, event, now) => {
          reached.add(`${before.kind}:${before.status}`);
          const result = transitionSubscription(before, event, now);
          if (event.type === 'charge_requested' && result.ok) charges += 1;
        });
      }),
      { numRuns: 300 },
    );
    expect([...reached].sort()).toEqual([
      'monthly:active',
      'monthly:cancelled',
      'monthly:incomplete',
      'monthly:incomplete_expired',
      'on_demand:active',
      'on_demand:cancelled',
      'on_demand:expired',
      'on_demand:incomplete',
      'on_demand:incomplete_expired',
    ]);
    expect(charges).toBeGreaterThan(0);
  });

  it('never revives an expired or incomplete_expired subscription', () => {
    fc.assert(
      fc.property(scenario, (input) => {
        run(input, (before, event, now) => {
          const result = transitionSubscription(before, event, now);
          if (isTerminalSubscriptionStatus(before.status) && result.ok) {
            expect(result.changed).toBe(false);
            expect(result.subscription).toBe(before);
          }
        });
      }),
    );
  });

  it('accepts charges only for active on-demand subscriptions, before their contract expires', () => {
    fc.assert(
      fc.property(scenario, (input) => {
        run(input, (before, event, now) => {
          if (event.type !== 'charge_requested') return;
          const result = transitionSubscription(before, event, now);
          const allowed = before.kind === 'on_demand' && before.status === 'active';
          if (!allowed) expect(result.ok).toBe(false);
          if (result.ok) {
            expect(before).toMatchObject({ kind: 'on_demand', status: 'active' });
            expect(result.subscription.lastChargedAt?.getTime()).toBeGreaterThanOrEqual(
              before.lastChargedAt?.getTime() ?? 0,
            );
          }
        });
      }),
    );
  });

  it('keeps the kind, knows every status and explains every refusal in both languages', () => {
    fc.assert(
      fc.property(scenario, (input) => {
        run(input, (before, event, now) => {
          const result = transitionSubscription(before, event, now);
          if (result.ok) {
            expect(result.subscription.kind).toBe(before.kind);
            expect(subscriptionStatuses).toContain(result.subscription.status);
            if (!result.changed) expect(result.subscription).toBe(before);
          } else {
            expect(refusalCodes).toContain(result.refusal.code);
            expect(result.refusal.message.en.length).toBeGreaterThan(0);
            expect(result.refusal.message.ja.length).toBeGreaterThan(0);
          }
        });
      }),
    );
  });

  it('changes nothing when the same report or request arrives twice (charges are each new)', () => {
    fc.assert(
      fc.property(scenario, (input) => {
        run(input, (before, event, now) => {
          if (event.type === 'charge_requested') return;
          const first = transitionSubscription(before, event, now);
          if (!first.ok) return;
          const second = transitionSubscription(first.subscription, event, now);
          if (second.ok) expect(second.changed).toBe(false);
        });
      }),
    );
  });

  it('only moves monthly subscriptions between the statuses recurring simple has', () => {
    fc.assert(
      fc.property(scenario, (input) => {
        run(input, (before, event, now) => {
          const result = transitionSubscription(before, event, now);
          // spec/sbps-au.md §14: no expiry and no re-application for recurring simple.
          if (before.kind === 'monthly' && result.ok) {
            expect(result.subscription.status).not.toBe('expired');
            if (before.status === 'cancelled') expect(result.subscription.status).toBe('cancelled');
          }
        });
      }),
    );
  });
});
