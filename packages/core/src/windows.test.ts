import { describe, expect, it } from 'vitest';
import { antom } from './acquirers/antom.js';
import { nomupay } from './acquirers/nomupay.js';
import { sbps } from './acquirers/sbps.js';
import {
  acquirerPartialRefundOpensAt,
  acquirerRefundDeadline,
  acquirerSettlementDeadline,
  acquirerSettlementWarningAt,
  pendingExpiresAt,
  settlementWindowStart,
} from './windows.js';

const jst = (local: string): Date => new Date(`${local}+09:00`);

describe('acquirer windows', () => {
  const at = jst('2025-01-31T12:00:00');

  it('uses the SBPS calendar for SBPS and NomuPay', () => {
    for (const profile of [sbps, nomupay]) {
      expect(acquirerSettlementDeadline(profile, at)).toEqual(jst('2025-05-01T00:00:00'));
      expect(acquirerRefundDeadline(profile, at)).toEqual(jst('2025-04-01T00:00:00'));
      expect(acquirerPartialRefundOpensAt(profile, at)).toEqual(jst('2025-02-01T00:00:00'));
    }
  });

  it('gives Antom 60 days to refund and no settlement or partial-refund window', () => {
    expect(acquirerSettlementDeadline(antom, at)).toBeNull();
    expect(acquirerRefundDeadline(antom, at)).toEqual(jst('2025-04-01T12:00:00'));
    expect(acquirerPartialRefundOpensAt(antom, at)).toBeNull();
  });
});

describe('the settlement window of an authorization', () => {
  it('starts at the purchase request date the acquirer reported, else at creation', () => {
    const createdAt = jst('2025-01-09T23:50:00');
    const purchaseRequestedAt = jst('2025-01-10T00:10:00');
    expect(settlementWindowStart({ createdAt, purchaseRequestedAt })).toBe(purchaseRequestedAt);
    expect(settlementWindowStart({ createdAt, purchaseRequestedAt: null })).toBe(createdAt);
    expect(settlementWindowStart({ createdAt })).toBe(createdAt);
  });

  it('warns 7 days before the deadline at SBPS and NomuPay, never at Antom', () => {
    const at = jst('2025-01-31T12:00:00');
    for (const profile of [sbps, nomupay]) {
      expect(acquirerSettlementWarningAt(profile, at)).toEqual(jst('2025-04-24T00:00:00'));
      const deadline = acquirerSettlementDeadline(profile, at);
      expect(deadline?.getTime()).toBe(
        (acquirerSettlementWarningAt(profile, at)?.getTime() ?? 0) + 7 * 24 * 3600_000,
      );
    }
    expect(acquirerSettlementWarningAt(antom, at)).toBeNull();
  });
});

describe('pendingExpiresAt', () => {
  const requestedAt = jst('2025-03-01T12:00:00');

  it('lets an SBPS or NomuPay buyer start until the request expires, then finish within 4 minutes', () => {
    // 600 s of validity, inclusive, plus 4 minutes.
    const expected = new Date(jst('2025-03-01T12:14:00').getTime() + 1);
    expect(pendingExpiresAt(sbps, requestedAt)).toEqual(expected);
    expect(pendingExpiresAt(nomupay, requestedAt)).toEqual(expected);
    expect(pendingExpiresAt(sbps, requestedAt, 1800)).toEqual(
      new Date(jst('2025-03-01T12:34:00').getTime() + 1),
    );
  });

  it('expires an Antom payment 14 minutes after its creation', () => {
    expect(pendingExpiresAt(antom, requestedAt)).toEqual(jst('2025-03-01T12:14:00'));
  });

  it('refuses a limit_second SBPS would refuse', () => {
    expect(() => pendingExpiresAt(sbps, requestedAt, 10_000)).toThrow(/limit_second/);
  });
});
