import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { getAcquirerProfile } from './acquirers/index.js';
import type { AcquirerId } from './acquirers/profile.js';
import { refusalCodes } from './refusals.js';
import type { PaymentSnapshot, PaymentStatusEvent } from './status.js';
import {
  cancelEvent,
  isTerminalStatus,
  paymentStatuses,
  statusOrder,
  transition,
} from './status.js';
import { acquirerPaidCancellationDeadline } from './windows.js';

const DAY_MS = 86_400_000;

interface TimedEvent {
  event: PaymentStatusEvent;
  now: Date;
}

interface Scenario {
  payment: PaymentSnapshot;
  events: TimedEvent[];
}

/** Amounts around the payment's: valid, partial, too large, zero, negative and fractional. */
const amountNear = (amount: number) =>
  fc.oneof(
    fc.integer({ min: 1, max: amount }),
    fc.constant(amount),
    fc.integer({ min: amount + 1, max: amount * 2 + 1 }),
    fc.constantFrom(0, -1, 0.5, Number.NaN),
  );

/** Every kind of event; failures and expiry are rarer so that sequences get past pending. */
const eventFor = (amount: number): fc.Arbitrary<PaymentStatusEvent> =>
  fc.oneof(
    { weight: 3, arbitrary: fc.record({ type: fc.constant('acquirer_succeeded' as const) }) },
    {
      weight: 1,
      arbitrary: fc.record({
        type: fc.constant('acquirer_succeeded' as const),
        amount: amountNear(amount),
      }),
    },
    { weight: 1, arbitrary: fc.record({ type: fc.constant('acquirer_failed' as const) }) },
    { weight: 1, arbitrary: fc.record({ type: fc.constant('expire' as const) }) },
    { weight: 2, arbitrary: fc.record({ type: fc.constant('capture' as const) }) },
    {
      weight: 2,
      arbitrary: fc.record({ type: fc.constant('capture' as const), amount: amountNear(amount) }),
    },
    { weight: 1, arbitrary: fc.record({ type: fc.constant('cancel' as const) }) },
    {
      weight: 2,
      arbitrary: fc.record({
        type: fc.constant('cancel' as const),
        cancelledTotal: amountNear(amount),
      }),
    },
    { weight: 2, arbitrary: fc.record({ type: fc.constant('refund' as const) }) },
    {
      weight: 5,
      arbitrary: fc.record({
        type: fc.constant('refund' as const),
        refundedTotal: amountNear(amount),
      }),
    },
  );

/** Gaps between events: from a millisecond to months, so that every window opens and closes. */
const gap = fc.oneof(
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 60_000 }) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 2 * DAY_MS }) },
  { weight: 3, arbitrary: fc.integer({ min: DAY_MS, max: 45 * DAY_MS }) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 120 * DAY_MS }) },
);

/**
 * How long before the report the acquirer says the buyer paid (`paidAt`): none, up to an hour
 * earlier, or a little later than the report (another clock).
 */
const paidAgo = fc.oneof(
  fc.constant(null),
  fc.integer({ min: 0, max: 3_600_000 }),
  fc.integer({ min: -60_000, max: -1 }),
);

const scenario: fc.Arbitrary<Scenario> = fc
  .record({
    acquirer: fc.constantFrom<AcquirerId>('sbps', 'antom', 'nomupay'),
    captureMode: fc.constantFrom('automatic' as const, 'manual' as const),
    amountSeed: fc.integer({ min: 1, max: 9_999_999 }),
    createdAt: fc.date({
      min: new Date('2020-01-01T00:00:00Z'),
      max: new Date('2035-01-01T00:00:00Z'),
      noInvalidDate: true,
    }),
    pendingMs: fc.integer({ min: 0, max: 30 * 60_000 }),
  })
  .chain(({ acquirer, captureMode, amountSeed, createdAt, pendingMs }) => {
    const { max } = getAcquirerProfile(acquirer).amount;
    const amount = (amountSeed % max) + 1;
    const payment: PaymentSnapshot = {
      acquirer,
      status: 'pending',
      amount,
      capturedAmount: 0,
      refundedAmount: 0,
      cancelledAmount: 0,
      captureMode,
      createdAt,
      expiresAt: new Date(createdAt.getTime() + pendingMs),
      authorizedAt: null,
      capturedAt: null,
      partialCaptureCount: 0,
      refundCount: 0,
    };
    return fc
      .array(fc.tuple(eventFor(amount), gap, paidAgo), { minLength: 1, maxLength: 25 })
      .map((steps) => {
        let time = createdAt.getTime();
        const events = steps.map(([event, ms, ago]): TimedEvent => {
          time += ms;
          const withPaidAt =
            event.type === 'acquirer_succeeded' && ago !== null
              ? { ...event, paidAt: new Date(time - ago) }
              : event;
          return { event: withPaidAt, now: new Date(time) };
        });
        return { payment, events };
      });
  });

/** Applies events in order, keeping the payment as it is on a refusal. */
function run(start: PaymentSnapshot, events: readonly TimedEvent[]): PaymentSnapshot {
  const profile = getAcquirerProfile(start.acquirer);
  return events.reduce((payment, { event, now }) => {
    const result = transition(payment, event, now, profile);
    return result.ok ? result.payment : payment;
  }, start);
}

/**
 * The one documented way out of a terminal status: the acquirer reports the buyer paid for a
 * payment that expired without ever being authorized (status.ts, `TransitionNotice`).
 */
function isLateSuccess(before: PaymentSnapshot, event: PaymentStatusEvent): boolean {
  return (
    event.type === 'acquirer_succeeded' &&
    (before.status === 'expired' || before.status === 'failed') &&
    before.authorizedAt === null
  );
}

/** captured → cancelled: the move between statuses of equal order (status.ts, statusOrder). */
function isPaidCancellation(before: PaymentSnapshot, after: PaymentSnapshot): boolean {
  return before.status === 'captured' && after.status === 'cancelled';
}

/** Checks every step of a scenario with `check(before, after, changed, event)`. */
function eachStep(
  { payment, events }: Scenario,
  check: (
    before: PaymentSnapshot,
    after: PaymentSnapshot,
    changed: boolean,
    event: PaymentStatusEvent,
  ) => void,
): void {
  const profile = getAcquirerProfile(payment.acquirer);
  let current = payment;
  for (const { event, now } of events) {
    const result = transition(current, event, now, profile);
    if (!result.ok) {
      expect(refusalCodes).toContain(result.refusal.code);
      expect(result.refusal.message.en.length).toBeGreaterThan(0);
      expect(result.refusal.message.ja.length).toBeGreaterThan(0);
      check(current, current, false, event);
      continue;
    }
    if (!result.changed) expect(result.payment).toBe(current);
    check(current, result.payment, result.changed, event);
    current = result.payment;
  }
}

const runs = { numRuns: 2000 };

describe('status model properties', () => {
  it('never refunds more than captured, nor captures more than authorized', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        eachStep(s, (_, after) => {
          expect(Number.isSafeInteger(after.capturedAmount)).toBe(true);
          expect(Number.isSafeInteger(after.refundedAmount)).toBe(true);
          expect(after.refundedAmount).toBeGreaterThanOrEqual(0);
          expect(after.refundedAmount).toBeLessThanOrEqual(after.capturedAmount);
          expect(after.capturedAmount).toBeLessThanOrEqual(after.amount);
          expect(after.amount).toBe(s.payment.amount);
          // A capture after a partial cancel takes at most the rest.
          if (after.capturedAmount > 0) {
            expect(after.capturedAmount).toBeLessThanOrEqual(after.amount - after.cancelledAmount);
          }
        });
      }),
      runs,
    );
  });

  it('takes one partial cancel, of less than the authorization, only where the profile offers it', () => {
    let partiallyCancelled = 0;
    fc.assert(
      fc.property(scenario, (s) => {
        const profile = getAcquirerProfile(s.payment.acquirer);
        let current = s.payment;
        for (const { event, now } of s.events) {
          // Every step with an authorization of more than ¥1 also tries a ¥1 partial cancel.
          if (current.status === 'authorized' && current.amount > 1) {
            const probe = transition(current, cancelEvent(current, 1), now, profile);
            if (probe.ok && probe.changed) {
              expect(profile.capabilities.partialCancel).toBe(true);
              expect(current.cancelledAmount).toBe(0);
              expect(probe.payment).toMatchObject({ status: 'authorized', cancelledAmount: 1 });
              partiallyCancelled += 1;
            }
            if (current.cancelledAmount > 0) expect(probe.ok).toBe(false);
          }
          const result = transition(current, event, now, profile);
          if (!result.ok) continue;
          const after = result.payment;
          expect(Number.isSafeInteger(after.cancelledAmount)).toBe(true);
          expect(after.cancelledAmount).toBeGreaterThanOrEqual(0);
          expect(after.cancelledAmount).toBeLessThan(after.amount);
          // Set once, on an authorization not yet captured, and never changed again.
          if (current.cancelledAmount > 0) {
            expect(after.cancelledAmount).toBe(current.cancelledAmount);
          } else if (after.cancelledAmount > 0) {
            expect(profile.capabilities.partialCancel).toBe(true);
            expect(current.status).toBe('authorized');
            expect(after).toMatchObject({ status: 'authorized', capturedAmount: 0 });
          }
          current = after;
        }
      }),
      runs,
    );
    // The generator reaches the case often enough for the property to mean something.
    expect(partiallyCancelled).toBeGreaterThan(20);
  });

  it('never lowers the captured or refunded amount', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        eachStep(s, (before, after) => {
          expect(after.capturedAmount).toBeGreaterThanOrEqual(before.capturedAmount);
          expect(after.refundedAmount).toBeGreaterThanOrEqual(before.refundedAmount);
        });
      }),
      runs,
    );
  });

  it('keeps terminal statuses terminal, but for a late success on an expired or failed payment', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        eachStep(s, (before, after, changed, event) => {
          if (!isTerminalStatus(before.status) || (isLateSuccess(before, event) && changed)) return;
          expect(changed).toBe(false);
          expect(after).toBe(before);
        });
      }),
      runs,
    );
  });

  it('takes a late success on an expired or failed, never-authorized payment as if it were still pending', () => {
    let revived = 0;
    fc.assert(
      fc.property(scenario, (s) => {
        const profile = getAcquirerProfile(s.payment.acquirer);
        let current = s.payment;
        for (const { event, now } of s.events) {
          const result = transition(current, event, now, profile);
          if (isLateSuccess(current, event)) {
            const asPending = transition({ ...current, status: 'pending' }, event, now, profile);
            if (asPending.ok) {
              expect(result).toEqual({ ...asPending, notice: 'late_success' });
              expect(['authorized', 'captured']).toContain(asPending.payment.status);
              revived += 1;
            } else {
              expect(result).toEqual(asPending);
            }
          }
          if (result.ok) current = result.payment;
        }
      }),
      runs,
    );
    // The generator reaches the case often enough for the property to mean something.
    expect(revived).toBeGreaterThan(20);
  });

  it('never moves a payment backwards in status order, but for a late success', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        eachStep(s, (before, after, changed, event) => {
          expect(paymentStatuses).toContain(after.status);
          if (isLateSuccess(before, event) && changed) {
            expect(['authorized', 'captured']).toContain(after.status);
            return;
          }
          // The one sideways move (equal order): a paid payment cancelled at an acquirer whose
          // profile has a paid-cancellation window (Antom, spec/antom-au.md §7).
          if (isPaidCancellation(before, after)) {
            expect(event.type).toBe('cancel');
            expect(getAcquirerProfile(s.payment.acquirer).windows.paidCancellation).not.toBeNull();
            expect(after.refundedAmount).toBe(0);
            return;
          }
          expect(statusOrder[after.status]).toBeGreaterThanOrEqual(statusOrder[before.status]);
          if (changed && after.status !== before.status) {
            expect(statusOrder[after.status]).toBeGreaterThan(statusOrder[before.status]);
          }
        });
      }),
      runs,
    );
  });

  it('cancels a paid payment exactly where the profile has a paid-cancellation window, inside it', () => {
    let cancelledPaid = 0;
    fc.assert(
      fc.property(scenario, (s) => {
        const profile = getAcquirerProfile(s.payment.acquirer);
        let current = s.payment;
        for (const { event, now } of s.events) {
          // Every step with a paid payment also tries a cancel at that instant.
          const { capturedAt, authorizedAt } = current;
          if (current.status === 'captured' && capturedAt && authorizedAt) {
            const probe = transition(current, { type: 'cancel' }, now, profile);
            const deadline = acquirerPaidCancellationDeadline(profile, capturedAt);
            const known = now.getTime() >= Math.max(capturedAt.getTime(), authorizedAt.getTime());
            const open = deadline !== null && now.getTime() < deadline.getTime();
            expect(probe.ok && probe.payment.status === 'cancelled').toBe(known && open);
            if (probe.ok) cancelledPaid += 1;
          }
          const result = transition(current, event, now, profile);
          if (result.ok) current = result.payment;
        }
      }),
      runs,
    );
    // The generator reaches the case often enough for the property to mean something.
    expect(cancelledPaid).toBeGreaterThan(20);
  });

  it('keeps amounts and dates consistent with the status', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        eachStep(s, (_, after) => {
          const settled = ['captured', 'partially_refunded', 'refunded'].includes(after.status);
          expect(after.capturedAt !== null).toBe(settled || after.capturedAmount > 0);
          if (settled) expect(after.capturedAmount).toBeGreaterThan(0);
          if (after.status === 'authorized') expect(after.authorizedAt).not.toBeNull();
          if (after.status === 'refunded') expect(after.refundedAmount).toBe(after.capturedAmount);
          if (after.status === 'partially_refunded') {
            expect(after.refundedAmount).toBeGreaterThan(0);
            expect(after.refundedAmount).toBeLessThan(after.capturedAmount);
          }
          if (after.refundedAmount === 0) expect(after.refundCount).toBe(0);
        });
      }),
      runs,
    );
  });

  it('gives the same result when the whole sequence is applied twice', () => {
    fc.assert(
      fc.property(scenario, ({ payment, events }) => {
        const once = run(payment, events);
        expect(run(once, events)).toEqual(once);
      }),
      runs,
    );
  });

  it('ignores any event repeated right after itself', () => {
    fc.assert(
      fc.property(scenario, ({ payment, events }) => {
        const doubled = events.flatMap((step) => [step, step]);
        expect(run(payment, doubled)).toEqual(run(payment, events));
      }),
      runs,
    );
  });
});
