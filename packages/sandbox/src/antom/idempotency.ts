import { AntomRefusal } from './result.js';

/**
 * Antom is idempotent on the merchant's request ID (pay: spec/antom-au.md §4.2, refund: §8.1): a
 * repeat with the same content is answered as the first request was, one with other content is
 * refused with `REPEAT_REQ_INCONSISTENT`. Answers the earlier record, if any, to answer again.
 */
export function repeatedRequest<Earlier extends { readonly fingerprint: string }>(
  earlier: Earlier | undefined,
  fingerprint: string,
  idField: 'paymentRequestId' | 'refundRequestId',
): Earlier | undefined {
  if (earlier && earlier.fingerprint !== fingerprint) {
    throw new AntomRefusal(
      'REPEAT_REQ_INCONSISTENT',
      `This ${idField} was used with different content.`,
    );
  }
  return earlier;
}
