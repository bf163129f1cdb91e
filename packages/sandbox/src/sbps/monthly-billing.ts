import { billingDayOf, billingMonthsBetween } from '@au-pay/core';
import type { ContractNotices } from './contract-notices.js';
import type { PurchaseLedger, SandboxContract } from './purchase-ledger.js';

/**
 * The months (`yyyyMM`) SBPS bills a recurring-simple contract by `now` and has not billed yet:
 * 00:00 JST on the 1st of each month after the sign-up month (the sign-up charged the first),
 * up to and including `now`, and before a cancellation (spec §14, §16).
 */
function dueMonths(contract: SandboxContract, now: Date): string[] {
  const months = billingMonthsBetween(
    {
      kind: 'monthly',
      status: contract.state,
      activatedAt: contract.openedAt,
      cancelledAt: contract.cancelledAt ?? null,
    },
    contract.openedAt,
    // "When its clock passes that instant": the 1st at 00:00:00 JST is due at that instant.
    new Date(now.getTime() + 1),
  );
  return months.map((month) => month.replace('-', '')).filter((m) => !contract.billedMonths.has(m));
}

/**
 * SBPS's monthly billing on the sandbox clock (spec §14: "SBPS automatically bills on the first
 * day of each month"): nothing runs by timer; `processDue` bills what is due at `now`. Each
 * (contract, month) is billed once, however often it is called and however far the clock jumped.
 * A billed month is a captured charge (automated sales, refundable with ST02-00303-402 and
 * `cancel_target_month`) and sends nothing, as SBPS sends nothing; a contract signed up with
 * `monthfail@au.example` fails every month and SBPS posts one A02-1 `res_result=NG` per month
 * (spec §5), never resent.
 */
export function monthlyBilling(deps: {
  readonly ledger: PurchaseLedger;
  readonly notices: ContractNotices;
  readonly now: () => Date;
}): () => Promise<void> {
  const { ledger, notices } = deps;

  function billDue(): Promise<void>[] {
    const now = deps.now();
    const deliveries: Promise<void>[] = [];
    for (const contract of ledger.contracts()) {
      if (contract.kind !== 'simple') continue;
      const first = ledger.purchase(contract.trackingId);
      // A sign-up whose A02-1 was not answered `OK,` is held by SBPS until corrected (spec §5).
      if (first?.inconsistent) continue;
      for (const month of dueMonths(contract, now)) {
        // Marked before anything is sent: a call that overlaps this one finds the month billed.
        contract.billedMonths.add(month);
        const billedAt = billingDayOf(`${month.slice(0, 4)}-${month.slice(4)}`);
        const failed = contract.failsMonthlyBilling;
        ledger.record({
          orderId: first?.orderId ?? '',
          custCode: contract.custCode,
          itemId: first?.itemId ?? '',
          itemName: first?.itemName ?? '',
          amount: first?.amount ?? 0,
          payType: '1',
          salesMode: 'automatic',
          state: failed ? 'failed' : 'captured',
          purchasedAt: billedAt,
          contractTrackingId: contract.trackingId,
        });
        if (failed) {
          deliveries.push(
            notices.send({ kind: 'monthly_failure', contract, billing: { at: billedAt, month } }),
          );
        }
      }
    }
    return deliveries;
  }

  return async () => {
    await Promise.all(billDue());
  };
}
