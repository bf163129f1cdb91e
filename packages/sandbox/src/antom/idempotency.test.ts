import { describe, expect, it } from 'vitest';
import { repeatedRequest } from './idempotency.js';
import { AntomRefusal } from './result.js';

describe('repeatedRequest', () => {
  const earlier = { fingerprint: '{"amount":"1980"}', paymentId: 'P1' };

  it('answers nothing for a first request, and the earlier record for the same content', () => {
    expect(repeatedRequest(undefined, '{}', 'paymentRequestId')).toBeUndefined();
    expect(repeatedRequest(earlier, '{"amount":"1980"}', 'paymentRequestId')).toBe(earlier);
  });

  it('refuses the same ID with other content as REPEAT_REQ_INCONSISTENT, naming the ID', () => {
    let refusal: unknown;
    try {
      repeatedRequest(earlier, '{"amount":"990"}', 'refundRequestId');
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(AntomRefusal);
    expect((refusal as AntomRefusal).result).toMatchObject({
      resultCode: 'REPEAT_REQ_INCONSISTENT',
      resultMessage: 'This refundRequestId was used with different content.',
    });
  });
});
