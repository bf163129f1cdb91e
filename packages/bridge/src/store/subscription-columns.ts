import type { ColumnCodec } from './payment-columns.js';
import type { SubscriptionRecord } from './subscription-store.js';

type ColumnKind = 'plain' | 'instant' | 'list';

// A mapped type, so that a field added to SubscriptionRecord does not compile until it has a column.
const columns: {
  [Field in keyof SubscriptionRecord]: readonly [column: string, kind: ColumnKind];
} = {
  id: ['id', 'plain'],
  kind: ['kind', 'plain'],
  status: ['status', 'plain'],
  amount: ['amount', 'plain'],
  itemName: ['item_name', 'plain'],
  merchantReference: ['merchant_reference', 'plain'],
  customerId: ['customer_id', 'plain'],
  returnUrl: ['return_url', 'plain'],
  clientSecretHash: ['client_secret_hash', 'plain'],
  orderId: ['order_id', 'plain'],
  resumeCount: ['resume_count', 'plain'],
  contractTrackingId: ['contract_tracking_id', 'plain'],
  layout: ['layout', 'plain'],
  checkoutCount: ['checkout_count', 'plain'],
  appliedResults: ['applied_results', 'list'],
  flags: ['flags', 'list'],
  createdAt: ['created_at', 'instant'],
  updatedAt: ['updated_at', 'instant'],
  expiresAt: ['expires_at', 'instant'],
  activatedAt: ['activated_at', 'instant'],
  cancelledAt: ['cancelled_at', 'instant'],
  lastChargedAt: ['last_charged_at', 'instant'],
  lastFailedMonth: ['last_failed_month', 'plain'],
  version: ['version', 'plain'],
};

const fields = Object.keys(columns) as (keyof SubscriptionRecord)[];

/** Column names of the subscriptions table, in the order `subscriptionToRow` returns values; `id` first. */
export const subscriptionColumnNames: readonly string[] = fields.map((field) => columns[field][0]);

export function subscriptionToRow(subscription: SubscriptionRecord, codec: ColumnCodec): unknown[] {
  return fields.map((field) => {
    const value = subscription[field];
    if (value === null) return null;
    switch (columns[field][1]) {
      case 'instant':
        if (Number.isNaN((value as Date).getTime()))
          throw new TypeError(`subscription.${field} is an invalid Date`);
        return codec.encodeInstant(value as Date);
      case 'list':
        return codec.encodeList(value as string[]);
      default:
        return value;
    }
  });
}

export function subscriptionFromRow(
  row: Record<string, unknown>,
  codec: ColumnCodec,
): SubscriptionRecord {
  const subscription: Record<string, unknown> = {};
  for (const field of fields) {
    const [column, kind] = columns[field];
    const value = row[column];
    if (value === null || kind === 'plain') subscription[field] = value;
    else if (kind === 'instant') subscription[field] = codec.decodeInstant(value);
    else subscription[field] = codec.decodeList(value);
  }
  return subscription as unknown as SubscriptionRecord;
}
