import { describe, expect, it } from 'vitest';
import { acquirerProfiles, getAcquirerProfile, isAcquirerId } from './index.js';
import type { AcquirerId } from './profile.js';
import { acquirerIds } from './profile.js';

describe('acquirer profiles', () => {
  it('has one profile per acquirer id, under its own id', () => {
    expect(Object.keys(acquirerProfiles).sort()).toEqual([...acquirerIds].sort());
    for (const id of acquirerIds) {
      expect(getAcquirerProfile(id).id).toBe(id);
      expect(getAcquirerProfile(id).currency).toBe('JPY');
    }
  });

  it('carries each acquirer amount limits', () => {
    expect(getAcquirerProfile('sbps').amount).toEqual({
      min: 1,
      max: 9_999_999,
      maxPublished: true,
    });
    expect(getAcquirerProfile('antom').amount).toEqual({
      min: 1,
      max: 500_000,
      maxPublished: true,
    });
    // NomuPay publishes no maximum: SBPS's is borrowed (spec/nomupay-au.md §13).
    expect(getAcquirerProfile('nomupay').amount).toEqual({
      min: 1,
      max: 9_999_999,
      maxPublished: false,
    });
  });

  it('describes the buyer timeouts', () => {
    expect(getAcquirerProfile('antom').buyerTimeout).toEqual({
      kind: 'payment_expiry',
      afterCreationMs: 840_000,
    });
    for (const id of ['sbps', 'nomupay'] as const) {
      expect(getAcquirerProfile(id).buyerTimeout).toEqual({
        kind: 'request_validity',
        defaultLimitSecond: 600,
        maxLimitSecond: 9999,
        auCompletionMs: 240_000,
      });
    }
  });

  it('records what each acquirer supports', () => {
    const { sbps, antom, nomupay } = acquirerProfiles;
    expect(sbps.captureModes).toEqual(['automatic', 'manual']);
    expect(antom.captureModes).toEqual(['automatic']);
    expect(nomupay.captureModes).toEqual(['automatic', 'manual']);
    expect(sbps.capabilities).toMatchObject({
      capture: true,
      partialCapture: true,
      cancel: true,
      partialCancel: false,
      partialRefund: true,
      multiplePartialRefunds: true,
      recurringSimple: true,
      recurringFixedTerm: true,
    });
    expect(antom.capabilities).toMatchObject({
      capture: false,
      cancel: true,
      refund: true,
      partialRefund: false,
      recurringSimple: false,
    });
    expect(nomupay.capabilities).toMatchObject({
      capture: true,
      partialCapture: true,
      multiplePartialCaptures: false,
      partialCancel: true,
      partialRefund: true,
      multiplePartialRefunds: false,
      recurringFixedTerm: false,
    });
  });

  it('applies the SBPS windows to SBPS and NomuPay, the 60-day refund and next-day cancel to Antom', () => {
    const sbpsWindows = {
      settlement: 'ninetieth_day_from_purchase',
      refund: 'end_of_month_after_next',
      partialRefundOpens: 'first_of_next_month',
      paidCancellation: null,
    };
    expect(acquirerProfiles.sbps.windows).toEqual(sbpsWindows);
    expect(acquirerProfiles.nomupay.windows).toEqual(sbpsWindows);
    expect(acquirerProfiles.antom.windows).toEqual({
      settlement: null,
      refund: 'sixty_days',
      partialRefundOpens: null,
      paidCancellation: 'next_day_0015_utc8',
    });
  });

  it('recognizes acquirer ids and refuses others', () => {
    expect(isAcquirerId('antom')).toBe(true);
    expect(isAcquirerId('SBPS')).toBe(false);
    expect(isAcquirerId(undefined)).toBe(false);
    expect(() => getAcquirerProfile('toString' as AcquirerId)).toThrow(
      'Unknown acquirer "toString": expected one of sbps, antom, nomupay.',
    );
  });
});
