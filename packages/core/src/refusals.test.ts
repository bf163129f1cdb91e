import { describe, expect, it } from 'vitest';
import { sbps } from './acquirers/sbps.js';
import type { RefusalCode, RefusalDetailsByCode } from './refusals.js';
import { refusalCodes, refusalMessage, refuse } from './refusals.js';

const at = new Date('2025-03-31T15:00:00Z');

/** One example of the details each code needs. */
const examples: { [C in RefusalCode]: RefusalDetailsByCode[C] } = {
  amount_missing: {},
  amount_wrong_type: {},
  amount_not_a_number: {},
  amount_not_finite: {},
  amount_negative: {},
  amount_not_integer: {},
  amount_below_minimum: { acquirer: sbps.name, limit: 1 },
  amount_above_maximum: { acquirer: sbps.name, limit: 9_999_999 },
  not_supported_by_acquirer: { acquirer: sbps.name, operation: 'partial_capture' },
  invalid_state: { status: 'refunded', action: 'refund' },
  stale_request: { status: 'authorized', action: 'capture', at },
  not_yet_expired: { at },
  settlement_window_closed: { at },
  cancellation_window_closed: { at },
  paid_cancellation_window_closed: { at },
  refund_window_closed: { at },
  partial_refund_not_yet_open: { at },
  amount_invalid: {},
  amount_exceeds_authorized: { limit: 1000 },
  amount_exceeds_captured: { limit: 700 },
  amount_mismatch: { limit: 1000 },
  subscription_invalid_state: {
    subscriptionStatus: 'incomplete',
    subscriptionEvent: 'charge_requested',
  },
  subscription_kind_mismatch: { kind: 'monthly', subscriptionEvent: 'charge_requested' },
  subscription_not_yet_expired: { at },
  subscription_contract_expired: { at },
  billing_month_not_billed: { month: '2025-13' },
};

const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;

describe('refusal catalogue', () => {
  it('has an English and a Japanese message for every code, each different from the others', () => {
    const seen = new Set<string>();
    for (const code of refusalCodes) {
      const message = refusalMessage(code, examples[code] as never);
      expect(message.en).toMatch(/^[A-Z].*\.$/);
      expect(message.ja).toMatch(JAPANESE);
      expect(message.ja).toMatch(/。$/);
      expect(seen.has(message.en) || seen.has(message.ja)).toBe(false);
      seen.add(message.en);
      seen.add(message.ja);
    }
    expect(seen.size).toBe(refusalCodes.length * 2);
  });

  it('names limits in yen and deadlines in Japan time', () => {
    expect(refusalMessage('amount_exceeds_captured', { limit: 700 })).toEqual({
      en: 'The amount is more than the ¥700 that can still be refunded.',
      ja: '金額が返金可能な残額700円を超えています。',
    });
    expect(refusalMessage('refund_window_closed', { at })).toEqual({
      en: 'The refund window of this payment closed at 2025-04-01 00:00 JST.',
      ja: 'この決済の返金の受付は2025年4月1日 0:00（日本時間）に終了しました。',
    });
  });

  it('names the acquirer and what it does not offer', () => {
    for (const operation of [
      'capture',
      'capture_in_automatic_mode',
      'partial_capture',
      'cancel',
      'cancel_in_automatic_mode',
      'partial_cancel',
      'multiple_partial_cancels',
      'refund',
      'partial_refund',
      'multiple_partial_refunds',
    ] as const) {
      const message = refusalMessage('not_supported_by_acquirer', {
        acquirer: sbps.name,
        operation,
      });
      expect(message.ja).toMatch(JAPANESE);
      if (!operation.endsWith('_in_automatic_mode')) {
        expect(message.en).toContain('SoftBank Payment Service');
        expect(message.ja).toContain('SBペイメントサービス');
      }
    }
  });

  it('explains each event a kind of subscription does not take, in both languages', () => {
    const events = [
      'buyer_consented',
      'consent_failed',
      'expire',
      'monthly_charge_failed',
      'charge_requested',
      'cancel_requested',
      'cancellation_notified',
      'resume_requested',
    ] as const;
    const seen = new Set<string>();
    for (const kind of ['monthly', 'on_demand'] as const) {
      for (const subscriptionEvent of events) {
        const message = refusalMessage('subscription_kind_mismatch', { kind, subscriptionEvent });
        expect(message.en).toMatch(/^[A-Z].*\.$/);
        expect(message.ja).toMatch(JAPANESE);
        expect(message.ja).toMatch(/。$/);
        seen.add(message.en);
      }
    }
    expect(
      refusalMessage('subscription_kind_mismatch', {
        kind: 'monthly',
        subscriptionEvent: 'charge_requested',
      }).en,
    ).toContain('1st of each month');
    expect(seen.size).toBeGreaterThan(4);
  });

  it('names subscription statuses and deadlines in both languages', () => {
    expect(
      refuse('subscription_invalid_state', {
        subscriptionStatus: 'cancelled',
        subscriptionEvent: 'charge_requested',
      }),
    ).toEqual({
      code: 'subscription_invalid_state',
      subscriptionStatus: 'cancelled',
      subscriptionEvent: 'charge_requested',
      message: {
        en: 'Cannot charge a subscription that is cancelled.',
        ja: '解約済みの継続契約は課金することができません。',
      },
    });
    expect(refusalMessage('subscription_contract_expired', { at }).ja).toContain(
      '2025年4月1日 0:00（日本時間）',
    );
  });

  it('keeps the details next to the code and message', () => {
    expect(refuse('invalid_state', { status: 'cancelled', action: 'capture' })).toEqual({
      code: 'invalid_state',
      status: 'cancelled',
      action: 'capture',
      message: {
        en: 'Cannot capture a payment that is cancelled.',
        ja: '取消済みの決済は売上確定することができません。',
      },
    });
  });
});
