import { describe, expect, it } from 'vitest';
import { antom } from './acquirers/antom.js';
import { getAcquirerProfile } from './acquirers/index.js';
import { nomupay } from './acquirers/nomupay.js';
import type { AcquirerId, AcquirerProfile } from './acquirers/profile.js';
import { sbps } from './acquirers/sbps.js';
import type { PaymentSnapshot, PaymentStatusEvent, TransitionResult } from './status.js';
import {
  authorizedRemainder,
  cancelEvent,
  isTerminalStatus,
  paymentStatuses,
  refundEvent,
  statusOrder,
  terminalStatuses,
  transition,
} from './status.js';

const jst = (local: string): Date => new Date(`${local}+09:00`);
const before = (date: Date): Date => new Date(date.getTime() - 1);

const createdAt = jst('2025-01-10T10:00:00');
const authorizedAt = jst('2025-01-10T10:03:00');
// Settlement window: until the 90th day including 10 January → closes 10 April 00:00 JST.
const settlementClosesAt = jst('2025-04-10T00:00:00');
const capturedAt = jst('2025-01-20T12:00:00');
// Partial refunds from 1 February; refunds until 31 March (closes 1 April 00:00 JST).
const partialRefundOpensAt = jst('2025-02-01T00:00:00');
const refundClosesAt = jst('2025-04-01T00:00:00');

function payment(acquirer: AcquirerId, overrides: Partial<PaymentSnapshot> = {}): PaymentSnapshot {
  return {
    acquirer,
    status: 'pending',
    amount: 1000,
    capturedAmount: 0,
    refundedAmount: 0,
    cancelledAmount: 0,
    captureMode: 'automatic',
    createdAt,
    expiresAt: jst('2025-01-10T10:14:00'),
    authorizedAt: null,
    capturedAt: null,
    partialCaptureCount: 0,
    refundCount: 0,
    ...overrides,
  };
}

const authorized = (acquirer: AcquirerId = 'sbps', overrides: Partial<PaymentSnapshot> = {}) =>
  payment(acquirer, { status: 'authorized', captureMode: 'manual', authorizedAt, ...overrides });

const captured = (acquirer: AcquirerId = 'sbps', overrides: Partial<PaymentSnapshot> = {}) =>
  payment(acquirer, {
    status: 'captured',
    capturedAmount: 1000,
    authorizedAt: capturedAt,
    capturedAt,
    ...overrides,
  });

function apply(
  p: PaymentSnapshot,
  event: PaymentStatusEvent,
  now: Date,
  profile?: AcquirerProfile,
) {
  return transition(p, event, now, profile ?? getAcquirerProfile(p.acquirer));
}

function next(result: TransitionResult): PaymentSnapshot {
  if (!result.ok) throw new Error(`refused: ${result.refusal.code}`);
  return result.payment;
}

function refusalOf(result: TransitionResult) {
  if (result.ok) throw new Error(`not refused: ${result.payment.status}`);
  return result.refusal;
}

describe('payment statuses', () => {
  it('lists the eight statuses and the four terminal ones', () => {
    expect(paymentStatuses).toEqual([
      'pending',
      'authorized',
      'captured',
      'partially_refunded',
      'refunded',
      'cancelled',
      'failed',
      'expired',
    ]);
    expect(terminalStatuses).toEqual(['refunded', 'cancelled', 'failed', 'expired']);
    expect(paymentStatuses.filter(isTerminalStatus)).toEqual([
      'refunded',
      'cancelled',
      'failed',
      'expired',
    ]);
  });

  it('orders the main path from pending to refunded', () => {
    const path = ['pending', 'authorized', 'captured', 'partially_refunded', 'refunded'] as const;
    for (let i = 1; i < path.length; i += 1) {
      expect(statusOrder[path[i] as (typeof path)[number]]).toBeGreaterThan(
        statusOrder[path[i - 1] as (typeof path)[number]],
      );
    }
  });
});

describe('acquirer success', () => {
  it('captures an automatic-sales payment in full (spec §15)', () => {
    const now = jst('2025-01-10T10:03:00');
    const result = apply(payment('sbps'), { type: 'acquirer_succeeded', amount: 1000 }, now);
    expect(result).toEqual({
      ok: true,
      changed: true,
      payment: payment('sbps', {
        status: 'captured',
        capturedAmount: 1000,
        authorizedAt: now,
        capturedAt: now,
      }),
    });
  });

  it('authorizes a manual-capture payment', () => {
    const result = apply(
      payment('nomupay', { captureMode: 'manual' }),
      { type: 'acquirer_succeeded' },
      authorizedAt,
    );
    expect(next(result)).toMatchObject({
      status: 'authorized',
      authorizedAt,
      capturedAmount: 0,
      capturedAt: null,
    });
  });

  it('treats an Antom success as a sale even for a payment marked manual, since Antom has no authorization', () => {
    const result = apply(
      payment('antom', { captureMode: 'manual' }),
      { type: 'acquirer_succeeded' },
      authorizedAt,
    );
    expect(next(result)).toMatchObject({ status: 'captured', capturedAmount: 1000 });
  });

  it('ignores a duplicate notification without an error', () => {
    const done = captured();
    const result = apply(
      done,
      { type: 'acquirer_succeeded', amount: 1000 },
      jst('2025-01-20T12:00:05'),
    );
    expect(result).toEqual({ ok: true, changed: false, payment: done });
    expect(result.ok && result.payment).toBe(done);
  });

  it('settles an automatic sale at the time the acquirer reports (paidAt), never later than now', () => {
    const paidAt = jst('2025-01-31T23:59:58');
    const now = jst('2025-02-01T00:00:03');
    // Automatic sales are settled when the buyer paid: refund windows count from that date. The
    // report itself arrived at now.
    expect(
      next(apply(payment('sbps'), { type: 'acquirer_succeeded', amount: 1000, paidAt }, now)),
    ).toMatchObject({ status: 'captured', authorizedAt: now, capturedAt: paidAt });
    expect(
      next(
        apply(
          payment('sbps', { captureMode: 'manual' }),
          { type: 'acquirer_succeeded', paidAt },
          now,
        ),
      ),
    ).toMatchObject({ status: 'authorized', authorizedAt: now, capturedAt: null });
    // A report dated after now (another clock), or no date at all, counts as now.
    for (const odd of [new Date(now.getTime() + 1), new Date(Number.NaN), undefined]) {
      const settled = next(
        apply(payment('sbps'), { type: 'acquirer_succeeded', ...(odd && { paidAt: odd }) }, now),
      );
      expect(settled).toMatchObject({ authorizedAt: now, capturedAt: now });
    }
  });

  it('opens the windows of the month the acquirer settled in, not of the month its report arrived in', () => {
    // Paid at 23:59:58 on 31 January, reported after midnight: partial refunds are open from
    // 1 February, and refunds close at the end of March.
    const paidAt = jst('2025-01-31T23:59:58');
    const reported = jst('2025-02-01T00:00:03');
    const p = next(apply(payment('sbps'), { type: 'acquirer_succeeded', paidAt }, reported));
    expect(next(apply(p, refundEvent(p, 300), reported))).toMatchObject({
      status: 'partially_refunded',
      refundedAmount: 300,
    });
    expect(refusalOf(apply(p, { type: 'refund' }, refundClosesAt))).toMatchObject({
      code: 'refund_window_closed',
      at: refundClosesAt,
    });
    // A refund dated before the report was decided without it (stale_request), even if after
    // the payment.
    expect(refusalOf(apply(p, { type: 'refund' }, before(reported)))).toMatchObject({
      code: 'stale_request',
      action: 'refund',
      at: reported,
    });
  });

  it('moves an expired payment that was never authorized on after a late success, with a notice', () => {
    const paidAt = jst('2025-01-10T10:13:30');
    const now = jst('2025-01-10T10:20:00');
    const expired = payment('sbps', { status: 'expired' });
    expect(apply(expired, { type: 'acquirer_succeeded', amount: 1000, paidAt }, now)).toEqual({
      ok: true,
      changed: true,
      payment: payment('sbps', {
        status: 'captured',
        capturedAmount: 1000,
        authorizedAt: now,
        capturedAt: paidAt,
      }),
      notice: 'late_success',
    });
    const manual = payment('sbps', { status: 'expired', captureMode: 'manual' });
    expect(apply(manual, { type: 'acquirer_succeeded' }, now)).toEqual({
      ok: true,
      changed: true,
      payment: { ...manual, status: 'authorized', authorizedAt: now },
      notice: 'late_success',
    });
  });

  it('lets the merchant capture, cancel and refund a payment revived by a late success', () => {
    const now = jst('2025-01-10T10:20:00');
    const later = jst('2025-02-10T09:00:00');
    const authorizedLate = next(
      apply(
        payment('sbps', { status: 'expired', captureMode: 'manual' }),
        { type: 'acquirer_succeeded' },
        now,
      ),
    );
    expect(next(apply(authorizedLate, { type: 'capture' }, later))).toMatchObject({
      status: 'captured',
      capturedAmount: 1000,
    });
    expect(next(apply(authorizedLate, { type: 'cancel' }, later)).status).toBe('cancelled');
    const capturedLate = next(
      apply(payment('sbps', { status: 'expired' }), { type: 'acquirer_succeeded' }, now),
    );
    expect(next(apply(capturedLate, { type: 'refund' }, later))).toMatchObject({
      status: 'refunded',
      refundedAmount: 1000,
    });
  });

  it('applies a late success once: a repeat changes nothing and gives no notice', () => {
    const now = jst('2025-01-10T10:20:00');
    const revived = next(
      apply(payment('sbps', { status: 'expired' }), { type: 'acquirer_succeeded' }, now),
    );
    expect(apply(revived, { type: 'acquirer_succeeded' }, jst('2025-01-10T10:21:00'))).toEqual({
      ok: true,
      changed: false,
      payment: revived,
    });
  });

  it('refuses a late success for another amount (amount_mismatch), leaving the payment expired', () => {
    const expired = payment('sbps', { status: 'expired' });
    expect(
      refusalOf(
        apply(expired, { type: 'acquirer_succeeded', amount: 999 }, jst('2025-01-10T10:20:00')),
      ),
    ).toMatchObject({ code: 'amount_mismatch' });
  });

  it('takes a success for a failed, never-authorized payment as a late success: the money moved', () => {
    const failed = payment('sbps', { status: 'failed' });
    const now = jst('2025-01-10T10:20:00');
    expect(apply(failed, { type: 'acquirer_succeeded' }, now)).toMatchObject({
      ok: true,
      changed: true,
      notice: 'late_success',
      payment: { status: 'captured', capturedAmount: failed.amount, capturedAt: now },
    });
    const manual = payment('sbps', { status: 'failed', captureMode: 'manual' });
    expect(apply(manual, { type: 'acquirer_succeeded' }, now)).toMatchObject({
      ok: true,
      changed: true,
      notice: 'late_success',
      payment: { status: 'authorized', authorizedAt: now, capturedAmount: 0 },
    });
  });

  it('never revives a refunded or cancelled payment', () => {
    const now = jst('2025-02-10T09:00:00');
    for (const p of [
      captured('sbps', { status: 'refunded', refundedAmount: 1000, refundCount: 1 }),
      authorized('sbps', { status: 'cancelled' }),
    ]) {
      const result = apply(p, { type: 'acquirer_succeeded' }, now);
      expect(result).toMatchObject({ ok: true, changed: false, payment: p });
    }
  });

  it('does not flag a repeated success for an authorization that later expired or was cancelled', () => {
    for (const status of ['expired', 'cancelled'] as const) {
      const result = apply(
        authorized('sbps', { status }),
        { type: 'acquirer_succeeded' },
        jst('2025-05-01T00:00:00'),
      );
      expect(result).toEqual({ ok: true, changed: false, payment: authorized('sbps', { status }) });
    }
  });

  it('refuses a success for another amount than the payment was created for (amount_mismatch)', () => {
    const refusal = refusalOf(
      apply(payment('sbps'), { type: 'acquirer_succeeded', amount: 999 }, authorizedAt),
    );
    expect(refusal).toMatchObject({ code: 'amount_mismatch', limit: 1000 });
    expect(refusal.message.en).toContain('¥1,000');
    expect(refusal.message.ja).toContain('1,000円');
  });
});

describe('acquirer failure', () => {
  it('fails a pending payment', () => {
    expect(next(apply(payment('antom'), { type: 'acquirer_failed' }, authorizedAt)).status).toBe(
      'failed',
    );
  });

  it('changes nothing after a later status', () => {
    for (const p of [captured(), authorized(), payment('sbps', { status: 'expired' })]) {
      expect(apply(p, { type: 'acquirer_failed' }, capturedAt)).toEqual({
        ok: true,
        changed: false,
        payment: p,
      });
    }
  });
});

describe('expiry', () => {
  const pending = payment('sbps');

  it('expires a pending payment from expiresAt, not a millisecond earlier (not_yet_expired)', () => {
    const refusal = refusalOf(apply(pending, { type: 'expire' }, before(pending.expiresAt)));
    expect(refusal).toMatchObject({ code: 'not_yet_expired', at: pending.expiresAt });
    expect(refusal.message.en).toContain('2025-01-10 10:14 JST');
    expect(next(apply(pending, { type: 'expire' }, pending.expiresAt)).status).toBe('expired');
  });

  it('expires an authorization at the end of its 90-day settlement window', () => {
    const p = authorized();
    expect(refusalOf(apply(p, { type: 'expire' }, before(settlementClosesAt)))).toMatchObject({
      code: 'not_yet_expired',
      at: settlementClosesAt,
    });
    expect(next(apply(p, { type: 'expire' }, settlementClosesAt)).status).toBe('expired');
  });

  it('counts the settlement window from the purchase request date SBPS reported, in Japan days', () => {
    // Created at 23:50 JST on 9 January; SBPS's request_date is 00:10 JST on 10 January, the next
    // Japan day: the window closes on 10 April, not 9 April.
    const p = authorized('sbps', {
      createdAt: jst('2025-01-09T23:50:00'),
      purchaseRequestedAt: jst('2025-01-10T00:10:00'),
      authorizedAt: jst('2025-01-10T00:12:00'),
    });
    expect(refusalOf(apply(p, { type: 'expire' }, jst('2025-04-09T00:00:00')))).toMatchObject({
      code: 'not_yet_expired',
      at: settlementClosesAt,
    });
    expect(next(apply(p, { type: 'expire' }, settlementClosesAt)).status).toBe('expired');
    expect(next(apply(p, { type: 'capture' }, before(settlementClosesAt))).status).toBe('captured');
    expect(refusalOf(apply(p, { type: 'cancel' }, settlementClosesAt))).toMatchObject({
      code: 'cancellation_window_closed',
      at: settlementClosesAt,
    });
    // Without it, from creation: a day earlier.
    const counted = authorized('sbps', { createdAt: jst('2025-01-09T23:50:00') });
    expect(next(apply(counted, { type: 'expire' }, jst('2025-04-09T00:00:00'))).status).toBe(
      'expired',
    );
  });

  it('refuses an expiry dated before the authorization (stale_request)', () => {
    // A late success authorizes long after creation; an expiry check from before says nothing.
    const late = authorized('sbps', { authorizedAt: jst('2025-04-11T09:00:00') });
    expect(refusalOf(apply(late, { type: 'expire' }, settlementClosesAt))).toMatchObject({
      code: 'stale_request',
      status: 'authorized',
      action: 'expire',
      at: late.authorizedAt,
    });
  });

  it('changes nothing for captured and terminal payments', () => {
    for (const p of [
      captured(),
      payment('sbps', { status: 'failed' }),
      payment('sbps', { status: 'expired' }),
    ]) {
      expect(apply(p, { type: 'expire' }, jst('2030-01-01T00:00:00'))).toMatchObject({
        ok: true,
        changed: false,
      });
    }
  });

  it('refuses to expire an authorization at an acquirer without settlement windows (invalid_state)', () => {
    expect(
      refusalOf(apply(authorized('antom'), { type: 'expire' }, settlementClosesAt)),
    ).toMatchObject({
      code: 'invalid_state',
      status: 'authorized',
      action: 'expire',
    });
  });
});

describe('capture', () => {
  const now = jst('2025-01-15T09:00:00');

  it('settles the full authorized amount by default', () => {
    expect(next(apply(authorized(), { type: 'capture' }, now))).toEqual(
      authorized('sbps', { status: 'captured', capturedAmount: 1000, capturedAt: now }),
    );
  });

  it('settles part of it (partial settlement releases the rest)', () => {
    for (const acquirer of ['sbps', 'nomupay'] as const) {
      expect(
        next(apply(authorized(acquirer), { type: 'capture', amount: 800 }, now)),
      ).toMatchObject({
        status: 'captured',
        amount: 1000,
        capturedAmount: 800,
        partialCaptureCount: 1,
      });
    }
  });

  it('refuses more than authorized (amount_exceeds_authorized)', () => {
    const refusal = refusalOf(apply(authorized(), { type: 'capture', amount: 1001 }, now));
    expect(refusal).toMatchObject({ code: 'amount_exceeds_authorized', limit: 1000 });
    expect(refusal.message.en).toBe('The amount is more than the ¥1,000 authorized.');
  });

  it('refuses amounts that are not whole positive yen (amount_invalid)', () => {
    for (const amount of [0, -5, 1.5, Number.NaN]) {
      expect(refusalOf(apply(authorized(), { type: 'capture', amount }, now)).code).toBe(
        'amount_invalid',
      );
    }
  });

  it('closes at the settlement deadline, exclusive (settlement_window_closed)', () => {
    expect(next(apply(authorized(), { type: 'capture' }, before(settlementClosesAt))).status).toBe(
      'captured',
    );
    const refusal = refusalOf(apply(authorized(), { type: 'capture' }, settlementClosesAt));
    expect(refusal).toMatchObject({ code: 'settlement_window_closed', at: settlementClosesAt });
    expect(refusal.message.ja).toContain('2025年4月10日 0:00（日本時間）');
  });

  it('treats the same capture again as done and another one as too late', () => {
    const done = next(apply(authorized(), { type: 'capture', amount: 800 }, now));
    expect(apply(done, { type: 'capture', amount: 800 }, jst('2025-01-16T09:00:00'))).toEqual({
      ok: true,
      changed: false,
      payment: done,
    });
    expect(refusalOf(apply(done, { type: 'capture' }, jst('2025-01-16T09:00:00')))).toMatchObject({
      code: 'invalid_state',
      status: 'captured',
      action: 'capture',
    });
  });

  it('refuses to capture a payment that is not authorized (invalid_state)', () => {
    for (const status of ['pending', 'cancelled', 'expired', 'failed'] as const) {
      const refusal = refusalOf(apply(authorized('sbps', { status }), { type: 'capture' }, now));
      expect(refusal).toMatchObject({ code: 'invalid_state', status, action: 'capture' });
    }
    expect(
      refusalOf(apply(authorized('sbps', { status: 'cancelled' }), { type: 'capture' }, now))
        .message,
    ).toEqual({
      en: 'Cannot capture a payment that is cancelled.',
      ja: '取消済みの決済は売上確定することができません。',
    });
  });

  it('refuses a capture dated before the authorization (stale_request)', () => {
    expect(refusalOf(apply(authorized(), { type: 'capture' }, before(authorizedAt)))).toMatchObject(
      {
        code: 'stale_request',
        status: 'authorized',
        at: authorizedAt,
      },
    );
  });

  it('has nothing to capture in automatic mode (SBPS error 24)', () => {
    const refusal = refusalOf(apply(captured(), { type: 'capture' }, now));
    expect(refusal).toMatchObject({
      code: 'not_supported_by_acquirer',
      operation: 'capture_in_automatic_mode',
    });
  });

  it('is not offered by Antom', () => {
    const refusal = refusalOf(apply(authorized('antom'), { type: 'capture' }, now));
    expect(refusal).toMatchObject({ code: 'not_supported_by_acquirer', operation: 'capture' });
    expect(refusal.message.en).toContain('Antom');
  });

  it('refuses a partial capture where the acquirer settles in full only', () => {
    const fullOnly: AcquirerProfile = {
      ...sbps,
      capabilities: { ...sbps.capabilities, partialCapture: false },
    };
    const refusal = refusalOf(apply(authorized(), { type: 'capture', amount: 500 }, now, fullOnly));
    expect(refusal).toMatchObject({
      code: 'not_supported_by_acquirer',
      operation: 'partial_capture',
    });
  });
});

describe('cancel', () => {
  const now = jst('2025-01-15T09:00:00');

  it('cancels an authorization; the same cancel again changes nothing', () => {
    const cancelled = next(apply(authorized('nomupay'), { type: 'cancel' }, now));
    expect(cancelled.status).toBe('cancelled');
    expect(apply(cancelled, { type: 'cancel' }, now)).toEqual({
      ok: true,
      changed: false,
      payment: cancelled,
    });
  });

  it('closes at the 90-day deadline, exclusive (cancellation_window_closed)', () => {
    expect(next(apply(authorized(), { type: 'cancel' }, before(settlementClosesAt))).status).toBe(
      'cancelled',
    );
    expect(refusalOf(apply(authorized(), { type: 'cancel' }, settlementClosesAt))).toMatchObject({
      code: 'cancellation_window_closed',
      at: settlementClosesAt,
    });
  });

  it('refuses to cancel a settled payment: that takes a refund', () => {
    const p = captured('sbps', { captureMode: 'manual' });
    expect(refusalOf(apply(p, { type: 'cancel' }, now))).toMatchObject({
      code: 'invalid_state',
      status: 'captured',
      action: 'cancel',
    });
  });

  it('refuses a cancel dated before the authorization (stale_request)', () => {
    expect(refusalOf(apply(authorized(), { type: 'cancel' }, before(authorizedAt))).code).toBe(
      'stale_request',
    );
  });

  it('is not available for automatic sales (seeds/002)', () => {
    expect(refusalOf(apply(captured(), { type: 'cancel' }, now))).toMatchObject({
      code: 'not_supported_by_acquirer',
      operation: 'cancel_in_automatic_mode',
    });
    expect(refusalOf(apply(captured('nomupay'), { type: 'cancel' }, now))).toMatchObject({
      code: 'not_supported_by_acquirer',
      operation: 'cancel_in_automatic_mode',
    });
  });
});

describe('partial cancel (spec/nomupay-au.md §6, §11)', () => {
  const now = jst('2025-01-15T09:00:00');

  it('keeps the rest authorized, and a capture then takes at most the rest', () => {
    const p = authorized('nomupay');
    const cancelled = next(apply(p, cancelEvent(p, 300), now));
    expect(cancelled).toMatchObject({ status: 'authorized', amount: 1000, cancelledAmount: 300 });
    expect(authorizedRemainder(cancelled)).toBe(700);
    expect(refusalOf(apply(cancelled, { type: 'capture', amount: 701 }, now))).toMatchObject({
      code: 'amount_exceeds_authorized',
      limit: 700,
    });
    // No amount captures all that is left, and that is not a partial capture.
    expect(next(apply(cancelled, { type: 'capture' }, now))).toMatchObject({
      status: 'captured',
      capturedAmount: 700,
      partialCaptureCount: 0,
    });
    expect(next(apply(cancelled, { type: 'capture', amount: 500 }, now))).toMatchObject({
      capturedAmount: 500,
      partialCaptureCount: 1,
    });
  });

  it('applies the same partial cancel once', () => {
    const p = authorized('nomupay');
    const event = cancelEvent(p, 300);
    const cancelled = next(apply(p, event, now));
    expect(apply(cancelled, event, now)).toEqual({ ok: true, changed: false, payment: cancelled });
  });

  it('refuses a second partial cancel, and a full cancel after a partial one (one partial cancel)', () => {
    const cancelled = next(
      apply(authorized('nomupay'), { type: 'cancel', cancelledTotal: 300 }, now),
    );
    for (const event of [cancelEvent(cancelled, 100), { type: 'cancel' as const }]) {
      expect(refusalOf(apply(cancelled, event, now))).toMatchObject({
        code: 'not_supported_by_acquirer',
        operation: 'multiple_partial_cancels',
      });
    }
  });

  it('cancels in full when the amount is the whole authorization', () => {
    const p = authorized('nomupay');
    expect(next(apply(p, cancelEvent(p, 1000), now))).toMatchObject({
      status: 'cancelled',
      cancelledAmount: 0,
    });
    expect(refusalOf(apply(p, cancelEvent(p, 1001), now))).toMatchObject({
      code: 'amount_exceeds_authorized',
      limit: 1000,
    });
  });

  it('refuses an amount at acquirers without partial cancels, whatever the payment', () => {
    for (const p of [authorized('sbps'), captured('antom'), payment('antom')]) {
      expect(refusalOf(apply(p, cancelEvent(p, 300), now))).toMatchObject({
        code: 'not_supported_by_acquirer',
        operation: 'partial_cancel',
      });
    }
  });

  it('keeps the windows and states of a cancel', () => {
    const p = authorized('nomupay');
    expect(refusalOf(apply(p, cancelEvent(p, 300), settlementClosesAt)).code).toBe(
      'cancellation_window_closed',
    );
    expect(refusalOf(apply(p, cancelEvent(p, 300), before(authorizedAt))).code).toBe(
      'stale_request',
    );
    const settled = captured('nomupay', { captureMode: 'manual' });
    expect(refusalOf(apply(settled, cancelEvent(settled, 300), now)).code).toBe('invalid_state');
    expect(refusalOf(apply(p, { type: 'cancel', cancelledTotal: 0.5 }, now)).code).toBe(
      'amount_invalid',
    );
  });

  it('builds the event from an amount, refusing anything but whole yen', () => {
    expect(cancelEvent({ cancelledAmount: 0 })).toEqual({ type: 'cancel' });
    expect(cancelEvent({ cancelledAmount: 0 }, 300)).toEqual({
      type: 'cancel',
      cancelledTotal: 300,
    });
    for (const amount of [0, -1, 1.5, Number.NaN]) {
      expect(() => cancelEvent({ cancelledAmount: 0 }, amount)).toThrow(RangeError);
    }
  });
});

describe('cancel at Antom (spec/antom-au.md §7)', () => {
  // Paid 20 January 12:00 JST = 11:00 UTC+8 → cancellable until 21 January 00:15 UTC+8 (01:15 JST).
  const paidCancellationClosesAt = jst('2025-01-21T01:15:00');

  it('cancels an unpaid payment; the same cancel again changes nothing', () => {
    const cancelled = next(apply(payment('antom'), { type: 'cancel' }, authorizedAt));
    expect(cancelled.status).toBe('cancelled');
    expect(apply(cancelled, { type: 'cancel' }, authorizedAt)).toEqual({
      ok: true,
      changed: false,
      payment: cancelled,
    });
  });

  it('cancels a paid payment until 00:15 UTC+8 the next day, exclusive', () => {
    const cancelled = next(
      apply(captured('antom'), { type: 'cancel' }, before(paidCancellationClosesAt)),
    );
    expect(cancelled).toMatchObject({
      status: 'cancelled',
      capturedAmount: 1000,
      refundedAmount: 0,
    });
    const refusal = refusalOf(
      apply(captured('antom'), { type: 'cancel' }, paidCancellationClosesAt),
    );
    expect(refusal).toMatchObject({
      code: 'paid_cancellation_window_closed',
      at: paidCancellationClosesAt,
    });
    expect(refusal.message.en).toContain('00:15 UTC+8');
    expect(refusal.message.ja).toContain('0:15');
  });

  it('refuses a cancel dated before the payment was known to be paid (stale_request)', () => {
    expect(refusalOf(apply(captured('antom'), { type: 'cancel' }, before(capturedAt))).code).toBe(
      'stale_request',
    );
  });

  it('never cancels a refunded or failed payment', () => {
    const refunded = captured('antom', {
      status: 'refunded',
      refundedAmount: 1000,
      refundCount: 1,
    });
    for (const p of [refunded, payment('antom', { status: 'failed' })]) {
      expect(refusalOf(apply(p, { type: 'cancel' }, capturedAt))).toMatchObject({
        code: 'invalid_state',
        action: 'cancel',
      });
    }
  });
});

describe('refund', () => {
  const early = jst('2025-01-25T09:00:00');
  const later = jst('2025-02-10T09:00:00');

  it('refunds everything captured by default', () => {
    expect(next(apply(captured(), { type: 'refund' }, early))).toMatchObject({
      status: 'refunded',
      refundedAmount: 1000,
      refundCount: 1,
    });
  });

  it('refunds what a partial capture settled, not the authorized amount', () => {
    const p = captured('sbps', { captureMode: 'manual', capturedAmount: 800 });
    expect(next(apply(p, { type: 'refund' }, early))).toMatchObject({
      status: 'refunded',
      refundedAmount: 800,
    });
  });

  it('allows a partial refund only from the 1st of the month after settlement (partial_refund_not_yet_open)', () => {
    const refusal = refusalOf(
      apply(captured(), refundEvent(captured(), 300), before(partialRefundOpensAt)),
    );
    expect(refusal).toMatchObject({
      code: 'partial_refund_not_yet_open',
      at: partialRefundOpensAt,
    });
    expect(refusal.message.en).toContain('2025-02-01 00:00 JST');
    expect(
      next(apply(captured(), refundEvent(captured(), 300), partialRefundOpensAt)),
    ).toMatchObject({
      status: 'partially_refunded',
      refundedAmount: 300,
    });
  });

  it('adds up several partial refunds at SBPS and is refunded when they reach the captured amount', () => {
    let p = next(apply(captured(), refundEvent(captured(), 300), later));
    p = next(apply(p, refundEvent(p, 200), later));
    expect(p).toMatchObject({ status: 'partially_refunded', refundedAmount: 500, refundCount: 2 });
    p = next(apply(p, refundEvent(p), later));
    expect(p).toMatchObject({ status: 'refunded', refundedAmount: 1000, refundCount: 3 });
  });

  it('allows one partial refund at NomuPay', () => {
    const p = next(apply(captured('nomupay'), refundEvent(captured('nomupay'), 300), later));
    expect(p.status).toBe('partially_refunded');
    for (const event of [refundEvent(p, 100), refundEvent(p)]) {
      const refusal = refusalOf(apply(p, event, later));
      expect(refusal).toMatchObject({
        code: 'not_supported_by_acquirer',
        operation: 'multiple_partial_refunds',
      });
      expect(refusal.message.en).toContain('NomuPay');
    }
  });

  it('refunds Antom payments in full only, within 60 days of the payment', () => {
    const p = captured('antom');
    expect(refusalOf(apply(p, refundEvent(p, 300), later))).toMatchObject({
      code: 'not_supported_by_acquirer',
      operation: 'partial_refund',
    });
    const closesAt = new Date(capturedAt.getTime() + 60 * 86_400_000);
    expect(next(apply(p, { type: 'refund' }, before(closesAt))).status).toBe('refunded');
    expect(refusalOf(apply(p, { type: 'refund' }, closesAt))).toMatchObject({
      code: 'refund_window_closed',
      at: closesAt,
    });
  });

  it('closes SBPS refunds at the end of the month after next, exclusive (refund_window_closed)', () => {
    expect(next(apply(captured(), { type: 'refund' }, before(refundClosesAt))).status).toBe(
      'refunded',
    );
    const refusal = refusalOf(apply(captured(), { type: 'refund' }, refundClosesAt));
    expect(refusal).toMatchObject({ code: 'refund_window_closed', at: refundClosesAt });
    expect(refusal.message.en).toBe(
      'The refund window of this payment closed at 2025-04-01 00:00 JST.',
    );
  });

  it('refuses more than is left to refund (amount_exceeds_captured)', () => {
    const p = next(apply(captured(), refundEvent(captured(), 300), later));
    const refusal = refusalOf(apply(p, refundEvent(p, 701), later));
    expect(refusal).toMatchObject({ code: 'amount_exceeds_captured', limit: 700 });
    expect(refusal.message.ja).toBe('金額が返金可能な残額700円を超えています。');
  });

  it('refuses a refund total that is not whole positive yen (amount_invalid)', () => {
    for (const refundedTotal of [0, 2.5, Number.POSITIVE_INFINITY]) {
      expect(refusalOf(apply(captured(), { type: 'refund', refundedTotal }, later)).code).toBe(
        'amount_invalid',
      );
    }
  });

  it('treats a refund already done as a repeat', () => {
    const p = next(apply(captured(), refundEvent(captured(), 300), later));
    const again = { type: 'refund', refundedTotal: 300 } as const;
    expect(apply(p, again, later)).toEqual({ ok: true, changed: false, payment: p });
    const refunded = next(apply(captured(), { type: 'refund' }, later));
    expect(apply(refunded, { type: 'refund' }, later)).toEqual({
      ok: true,
      changed: false,
      payment: refunded,
    });
  });

  it('refuses to refund more once everything is refunded, or before capture (invalid_state)', () => {
    const refunded = next(apply(captured(), { type: 'refund' }, later));
    expect(
      refusalOf(apply(refunded, { type: 'refund', refundedTotal: 1001 }, later)),
    ).toMatchObject({
      code: 'invalid_state',
      status: 'refunded',
    });
    for (const status of ['pending', 'authorized', 'cancelled', 'failed', 'expired'] as const) {
      expect(
        refusalOf(apply(captured('sbps', { status }), { type: 'refund' }, later)),
      ).toMatchObject({
        code: 'invalid_state',
        status,
        action: 'refund',
      });
    }
  });

  it('refuses a refund dated before the settlement (stale_request)', () => {
    const refusal = refusalOf(apply(captured(), { type: 'refund' }, before(capturedAt)));
    expect(refusal).toMatchObject({
      code: 'stale_request',
      status: 'captured',
      action: 'refund',
      at: capturedAt,
    });
    expect(refusal.message.en).toContain('refund the payment');
  });

  it('is refused where the acquirer does not refund', () => {
    const noRefunds: AcquirerProfile = {
      ...nomupay,
      capabilities: { ...nomupay.capabilities, refund: false },
    };
    expect(
      refusalOf(apply(captured('nomupay'), { type: 'refund' }, later, noRefunds)),
    ).toMatchObject({
      code: 'not_supported_by_acquirer',
      operation: 'refund',
    });
  });
});

describe('refundEvent', () => {
  it('turns an amount into the refunded total after it', () => {
    expect(refundEvent({ refundedAmount: 300 }, 200)).toEqual({
      type: 'refund',
      refundedTotal: 500,
    });
    expect(refundEvent({ refundedAmount: 300 })).toEqual({ type: 'refund' });
  });

  it('refuses amounts that are not positive whole yen', () => {
    for (const amount of [0, -1, 1.5]) {
      expect(() => refundEvent({ refundedAmount: 0 }, amount)).toThrow(RangeError);
    }
  });
});

describe('transition contract', () => {
  it('keeps fields of the caller that the model does not know', () => {
    const stored = { ...authorized(), id: 'pay_1234567890123456789012', flags: ['x'] };
    const result = transition(stored, { type: 'capture' }, jst('2025-01-15T09:00:00'), sbps);
    expect(result.ok && result.payment).toMatchObject({
      id: 'pay_1234567890123456789012',
      flags: ['x'],
    });
  });

  it('throws when the profile is not the payment acquirer', () => {
    expect(() => transition(payment('sbps'), { type: 'expire' }, createdAt, antom)).toThrow(
      /at sbps.*antom/,
    );
  });

  it('throws when a payment lacks the date its status implies', () => {
    expect(() =>
      transition(authorized('sbps', { authorizedAt: null }), { type: 'cancel' }, createdAt, sbps),
    ).toThrow(TypeError);
    expect(() =>
      transition(captured('sbps', { capturedAt: null }), { type: 'refund' }, createdAt, sbps),
    ).toThrow(/capturedAt/);
  });
});
