import type { PaymentRecord } from '../../store/payment-store.js';
import type { AcquirerHost, VerifiedResult } from '../acquirer.js';

/** What a NomuPay payment resource (an answer, a tracking read or a webhook payload) says. */
export type NomupayPaymentReading =
  | { kind: 'result'; result: VerifiedResult; status: string }
  /** Nothing to apply yet: `pending`, `unknown` (spec §11: never guess money moved). */
  | { kind: 'pending' }
  /**
   * `aborted` after the buyer's time limit: the bridge's own expiry (the same deadline, core's
   * `pendingExpiresAt`) makes the payment `expired` (spec §11).
   */
  | { kind: 'expired' }
  | { kind: 'unreadable'; problem: string };

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

// spec/nomupay-au.md §11: every status past `approved` means the buyer paid.
const PAID = new Set([
  'approved',
  'partially_captured',
  'captured',
  'partially_cancelled',
  'cancelled',
  'partially_refunded',
  'refunded',
]);
const REFUSED = new Set(['failed', 'declined', 'rejected']);

/**
 * Reads a NomuPay payment resource (spec §5.2, §7, §11) into a neutral result for the payment the
 * bridge created with `amount`. The result id is NomuPay's payment id: the same payment read again
 * (a repeated webhook, a return after the webhook) is a repeat, applied once.
 */
export function readNomupayPayment(
  resource: unknown,
  amount: number,
  source: 'webhook' | 'api',
): NomupayPaymentReading {
  if (!isRecord(resource)) return { kind: 'unreadable', problem: 'not an object' };
  const { id, status } = resource;
  if (typeof id !== 'string' || id === '' || typeof status !== 'string') {
    return { kind: 'unreadable', problem: 'no id or status' };
  }
  const reason = isRecord(resource.reason) ? resource.reason : undefined;
  const reasonCode = typeof reason?.code === 'string' ? reason.code : undefined;
  const evidence = {
    type: `nomupay.${source}`,
    data: { nomupayPaymentId: id, status, ...(reasonCode && { reasonCode }) },
  };
  if (status === 'pending' || status === 'unknown') return { kind: 'pending' };
  if (PAID.has(status)) {
    const value = isRecord(resource.amount) ? resource.amount.value : undefined;
    // The amount charged is the one the merchant's server created, never another.
    if (value !== amount) {
      return {
        kind: 'unreadable',
        problem: `amount ${String(value)} is not the payment's ${amount}`,
      };
    }
    return {
      kind: 'result',
      result: { kind: 'succeeded', resultId: id, amount, acquirerReference: id, evidence },
      status,
    };
  }
  if (REFUSED.has(status) || status === 'aborted') {
    if (status === 'aborted' && reasonCode === 'time_limit_exceeded') return { kind: 'expired' };
    return {
      kind: 'result',
      result: { kind: 'failed', resultId: id, reason: reasonCode ?? status, evidence },
      status,
    };
  }
  return { kind: 'unreadable', problem: `unknown status ${status}` };
}

/**
 * Captures at NomuPay a payment it reports `approved` whose `captureMode` is automatic; throws
 * when the capture is not done (the result is then not applied, and comes again).
 */
export type CaptureApproved = (payment: PaymentRecord, nomupayId: string) => Promise<void>;

/**
 * Applies what NomuPay said of a payment; changes nothing when it says nothing final. Whether au
 * payments stop at `approved` is not published (spec §13): an automatic-capture payment reported
 * `approved` is captured first, so that `captured` here is captured at NomuPay too.
 */
export async function applyNomupayReading(
  host: AcquirerHost,
  payment: PaymentRecord,
  reading: NomupayPaymentReading,
  captureApproved: CaptureApproved,
): Promise<void> {
  if (reading.kind === 'unreadable') {
    host.logger.error(
      { paymentId: payment.id, problem: reading.problem },
      'nomupay payment not applied: unreadable',
    );
    return;
  }
  if (reading.kind !== 'result') return;
  if (
    reading.result.kind === 'succeeded' &&
    reading.status === 'approved' &&
    payment.captureMode === 'automatic' &&
    payment.paidResultId === null
  ) {
    await captureApproved(payment, reading.result.acquirerReference);
  }
  const applied = await host.applyVerifiedResult(payment.id, reading.result);
  host.logger.info(
    {
      paymentId: payment.id,
      status: applied.outcome === 'not_found' ? undefined : applied.payment.status,
      repeat: applied.outcome !== 'applied',
    },
    'nomupay payment result',
  );
}
