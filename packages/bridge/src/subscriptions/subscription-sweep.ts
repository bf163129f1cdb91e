import type { BridgeContext } from '../bridge-context.js';
import { recordDueMonths } from './monthly-records.js';
import { expireDueSubscriptions } from './subscription-expiry.js';

/**
 * What the expiry sweep does for subscriptions on each pass: record the months SBPS billed
 * (monthly-records.ts), then expire incomplete subscriptions and on-demand contracts past their
 * time (subscription-expiry.ts). Answers how many subscriptions it looked at.
 */
export async function sweepSubscriptions(context: BridgeContext): Promise<number> {
  await recordDueMonths(context);
  return expireDueSubscriptions(context);
}
