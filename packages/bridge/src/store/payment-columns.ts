import type { OpenOperation, PaymentRecord } from './payment-store.js';

/** How a dialect stores the three kinds of value it has no native match for. */
export interface ColumnCodec {
  encodeInstant(value: Date): unknown;
  decodeInstant(value: unknown): Date;
  encodeList(value: string[]): unknown;
  decodeList(value: unknown): string[];
  /** A JSON document: its text in, its text or the parsed value (PostgreSQL jsonb) out. */
  encodeJson(text: string): unknown;
  decodeJson(value: unknown): unknown;
}

// `optional`: a column that is null for most payments, read back as an absent field.
type ColumnKind = 'plain' | 'optional' | 'instant' | 'list' | 'operation';

// A mapped type, so that a field added to PaymentRecord does not compile until it has a column.
const columns: { [Field in keyof PaymentRecord]-?: readonly [column: string, kind: ColumnKind] } = {
  id: ['id', 'plain'],
  acquirer: ['acquirer', 'plain'],
  status: ['status', 'plain'],
  currency: ['currency', 'plain'],
  amount: ['amount', 'plain'],
  capturedAmount: ['captured_amount', 'plain'],
  refundedAmount: ['refunded_amount', 'plain'],
  cancelledAmount: ['cancelled_amount', 'plain'],
  captureMode: ['capture_mode', 'plain'],
  merchantReference: ['merchant_reference', 'plain'],
  itemName: ['item_name', 'plain'],
  returnUrl: ['return_url', 'plain'],
  clientSecretHash: ['client_secret_hash', 'plain'],
  orderId: ['order_id', 'plain'],
  custCode: ['cust_code', 'plain'],
  acquirerReference: ['acquirer_reference', 'plain'],
  paidResultId: ['paid_result_id', 'plain'],
  layout: ['layout', 'plain'],
  checkoutCount: ['checkout_count', 'plain'],
  partialCaptureCount: ['partial_capture_count', 'plain'],
  refundCount: ['refund_count', 'plain'],
  flags: ['flags', 'list'],
  openOperation: ['open_operation', 'operation'],
  createdAt: ['created_at', 'instant'],
  expiresAt: ['expires_at', 'instant'],
  authorizedAt: ['authorized_at', 'instant'],
  capturedAt: ['captured_at', 'instant'],
  purchaseRequestedAt: ['purchase_requested_at', 'instant'],
  settleBy: ['settle_by', 'instant'],
  updatedAt: ['updated_at', 'instant'],
  version: ['version', 'plain'],
  subscriptionId: ['subscription_id', 'optional'],
  billingMonth: ['billing_month', 'optional'],
};

const fields = Object.keys(columns) as (keyof PaymentRecord)[];

/** Column names of the payments table, in the order `paymentToRow` returns values; `id` first. */
export const paymentColumnNames: readonly string[] = fields.map((field) => columns[field][0]);

export function paymentToRow(payment: PaymentRecord, codec: ColumnCodec): unknown[] {
  return fields.map((field) => {
    const value = payment[field];
    if (value === null || value === undefined) return null;
    switch (columns[field][1]) {
      case 'instant':
        if (Number.isNaN((value as Date).getTime()))
          throw new TypeError(`payment.${field} is an invalid Date`);
        return codec.encodeInstant(value as Date);
      case 'list':
        return codec.encodeList(value as string[]);
      case 'operation':
        return codec.encodeJson(encodeOperation(value as OpenOperation));
      default:
        return value;
    }
  });
}

export function paymentFromRow(row: Record<string, unknown>, codec: ColumnCodec): PaymentRecord {
  return paymentFromValues(
    paymentColumnNames.map((column) => row[column]),
    codec,
  );
}

/**
 * A payment from its column values in the order of `paymentColumnNames` (a row read as an array:
 * SQLite builds one about twice as fast as an object with a property per column).
 */
export function paymentFromValues(values: readonly unknown[], codec: ColumnCodec): PaymentRecord {
  const payment: Record<string, unknown> = {};
  for (let index = 0; index < fields.length; index += 1) {
    const field = fields[index] as keyof PaymentRecord;
    const kind = columns[field][1];
    const value = values[index];
    if (kind === 'optional') {
      if (value !== null) payment[field] = value;
    } else if (value === null || kind === 'plain') payment[field] = value;
    else if (kind === 'instant') payment[field] = codec.decodeInstant(value);
    else if (kind === 'list') payment[field] = codec.decodeList(value);
    else payment[field] = decodeOperation(codec.decodeJson(value));
  }
  return payment as unknown as PaymentRecord;
}

// requestedAt as ISO 8601 (UTC, milliseconds): exact, and both stores can order by it
// (listOpenOperations).
function encodeOperation(operation: OpenOperation): string {
  if (Number.isNaN(operation.requestedAt.getTime())) {
    throw new TypeError('payment.openOperation.requestedAt is an invalid Date');
  }
  const { id, kind, amount, partial, idempotencyKey, requestedAt } = operation;
  return JSON.stringify({
    id,
    kind,
    amount,
    partial,
    idempotencyKey,
    requestedAt: requestedAt.toISOString(),
  });
}

function decodeOperation(value: unknown): OpenOperation {
  const stored = value as Omit<OpenOperation, 'requestedAt'> & { requestedAt: string };
  return {
    id: stored.id,
    kind: stored.kind,
    amount: stored.amount,
    partial: stored.partial,
    idempotencyKey: stored.idempotencyKey,
    requestedAt: new Date(stored.requestedAt),
  };
}
