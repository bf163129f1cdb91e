import type { SandboxNomupayOperation, SandboxNomupayPayment } from './ledger.js';

/** `{ value, currency }` as NomuPay writes amounts: whole yen, lower-case `jpy` (spec §2). */
const yen = (value: number) => ({ value, currency: 'jpy' });

export function paymentTrackingUrl(payment: SandboxNomupayPayment): string {
  return `/v1/tracks/payments/${payment.trackId}`;
}

export function operationTrackingUrl(operation: SandboxNomupayOperation): string {
  return `/v1/tracks/${operation.kind}s/${operation.trackId}`;
}

/** A payment as the API and its webhooks show it (spec §5.2, §10 payload). */
export function paymentResource(payment: SandboxNomupayPayment): Record<string, unknown> {
  return {
    id: payment.id,
    merchantReference: payment.merchantReference,
    status: payment.status,
    amount: yen(payment.amount),
    paymentMethod: { type: 'au_kantan_kessai' },
    trackingUrl: paymentTrackingUrl(payment),
    ...(payment.reason ? { reason: payment.reason } : {}),
    createTime: payment.createdAt.toISOString(),
    updateTime: payment.updatedAt.toISOString(),
  };
}

/** A capture, cancel or refund: `{ id, status, trackingUrl, … }` (spec §6 [assume]). */
export function operationResource(operation: SandboxNomupayOperation): Record<string, unknown> {
  return {
    id: operation.id,
    paymentId: operation.paymentId,
    ...(operation.merchantReference === undefined
      ? {}
      : { merchantReference: operation.merchantReference }),
    status: operation.status,
    amount: yen(operation.amount),
    trackingUrl: operationTrackingUrl(operation),
    createTime: operation.createdAt.toISOString(),
    updateTime: operation.updatedAt.toISOString(),
  };
}
