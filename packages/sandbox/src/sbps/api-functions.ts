import {
  fixedTermContractExpiresAt,
  partialRefundOpensAt,
  recurringSimpleFirstMonthRefundOpensAt,
  refundDeadline,
  settlementDeadline,
} from '@au-pay/core';
import type { PurchaseLedger, SandboxContract, SandboxPurchase } from './purchase-ledger.js';

/** An API refusal: `res_err_code` = `402` + type + item (spec §8). */
export interface ApiRefusal {
  readonly ok: false;
  readonly type: string;
  readonly item: string;
}

export type ApiOutcome =
  | {
      readonly ok: true;
      readonly trackingId?: string;
      /** A recurring-simple contract this request ended: SBPS sends its cancellation notice. */
      readonly endedSimpleContract?: SandboxContract;
    }
  | ApiRefusal;

// Item codes (spec §8).
const ITEM = {
  custCode: '003',
  orderId: '004',
  amount: '008',
  trackingId: '027',
  cancelTargetMonth: '200',
  none: '999',
} as const;

function refuse(type: string, item: string = ITEM.trackingId): ApiRefusal {
  return { ok: false, type, item };
}

const OK: ApiOutcome = { ok: true };

/** The fields of a verified API request by element name (`pay_option_manage/amount` → `amount`). */
export type ApiFields = Readonly<Record<string, string | undefined>>;

function optionalAmount(fields: ApiFields): number | undefined {
  const raw = fields.amount;
  return raw === undefined || raw === '' ? undefined : Number(raw);
}

/**
 * The checks every function shares before its own rules: the tracking ID must name a purchase
 * (type 12), and a purchase whose A02-1 failed is held by SBPS until it is corrected
 * (spec §5; type 94, "payment not completed").
 */
function findPurchase(ledger: PurchaseLedger, fields: ApiFields): SandboxPurchase | ApiRefusal {
  const purchase = ledger.purchase(fields.tracking_id ?? '');
  if (!purchase) return refuse('12');
  if (purchase.inconsistent) return refuse('94');
  return purchase;
}

/** ST02-00201-402: settlement, or partial settlement with a smaller amount (spec §9, §15). */
export function salesRequest(ledger: PurchaseLedger, fields: ApiFields, now: Date): ApiOutcome {
  const found = findPurchase(ledger, fields);
  if ('ok' in found) return found;
  const p = found;
  const amount = optionalAmount(fields);
  if (p.state === 'failed') return refuse('20');
  if (p.state === 'cancelled') return refuse('21');
  if (p.salesMode === 'automatic') return refuse('24');
  if (p.state !== 'authorized') return refuse('23');
  // "Until the 90th day including the date of purchase request process" (spec §16).
  if (now.getTime() >= settlementDeadline(p.purchasedAt).getTime()) return refuse('33');
  if (amount !== undefined && (amount < 1 || amount > p.amount)) return refuse('22', ITEM.amount);
  p.state = 'captured';
  p.capturedAmount = amount ?? p.amount;
  p.salesAt = now;
  return OK;
}

/**
 * ST02-00303-402: cancels an authorization, refunds a settled payment in full, or partially when
 * an amount is given; with `cancel_target_month` refunds one month of a recurring-simple
 * contract (spec §10, §15, §16).
 */
export function cancelRefundRequest(
  ledger: PurchaseLedger,
  fields: ApiFields,
  now: Date,
): ApiOutcome {
  const targetMonth = fields.cancel_target_month;
  if (targetMonth) return refundContractMonth(ledger, fields, targetMonth, now);
  const found = findPurchase(ledger, fields);
  if ('ok' in found) return found;
  return cancelOrRefund(found, optionalAmount(fields), now);
}

function cancelOrRefund(p: SandboxPurchase, amount: number | undefined, now: Date): ApiOutcome {
  switch (p.state) {
    case 'failed':
      return refuse('25');
    case 'cancelled':
      return refuse('26');
    case 'refunded':
      return refuse('30');
    case 'authorized':
      // A cancellation gives back the whole authorization; the amount belongs to refunds
      // (reduce an authorization with a partial settlement instead) [A].
      if (amount !== undefined) return refuse('13', ITEM.amount);
      // After the 90th day the authorization has lapsed: nothing left to cancel.
      if (now.getTime() >= settlementDeadline(p.purchasedAt).getTime()) return refuse('25');
      p.state = 'cancelled';
      p.cancelledAt = now;
      return OK;
    case 'captured':
    case 'partially_refunded': {
      const salesAt = p.salesAt ?? p.purchasedAt;
      // "Until the last day of the month after next including the date of settlement process";
      // recurring simple counts from the purchase request, which is its sales date here.
      if (now.getTime() >= refundDeadline(salesAt).getTime()) return refuse('31');
      // Recurring simple: "The money billed in the first month can be refunded from the first day
      // of the next month" (seed 002) — before that KDDI has not billed it (type 29, retry later).
      if (
        p.payType === '1' &&
        now.getTime() < recurringSimpleFirstMonthRefundOpensAt(p.purchasedAt).getTime()
      ) {
        return refuse('29');
      }
      const remaining = p.capturedAmount - p.refundedTotal;
      if (amount === undefined) {
        p.refundedTotal = p.capturedAmount;
        p.state = 'refunded';
        return OK;
      }
      // Partial refund: recurring simple only through SBPS's admin tool (seed 002).
      if (p.payType === '1') return refuse('41');
      // "Available after the first day of the next month of the settlement process" (*2).
      if (now.getTime() < partialRefundOpensAt(salesAt).getTime()) return refuse('28');
      if (amount < 1) return refuse('07', ITEM.amount);
      if (amount > remaining) return refuse('75', ITEM.amount);
      p.refundedTotal += amount;
      p.state = p.refundedTotal === p.capturedAmount ? 'refunded' : 'partially_refunded';
      return OK;
    }
  }
}

function refundContractMonth(
  ledger: PurchaseLedger,
  fields: ApiFields,
  month: string,
  now: Date,
): ApiOutcome {
  const contract = ledger.contract(fields.tracking_id ?? '');
  if (contract?.kind !== 'simple') return refuse('12');
  const charge = ledger
    .chargesOfContract(contract.trackingId)
    .find((c) => jstMonth(c.purchasedAt) === month);
  if (!charge) return refuse('27', ITEM.cancelTargetMonth);
  if (charge.inconsistent) return refuse('94');
  if (fields.amount) return refuse('13', ITEM.amount);
  return cancelOrRefund(charge, undefined, now);
}

function jstMonth(date: Date): string {
  const jst = new Date(date.getTime() + 9 * 60 * 60 * 1000);
  return `${jst.getUTCFullYear()}${String(jst.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** ST02-00302-402: ends a recurring-simple contract (spec §11); its notice follows (§15). */
export function simpleContractCancellation(
  ledger: PurchaseLedger,
  fields: ApiFields,
  now: Date,
): ApiOutcome {
  const contract = ledger.contract(fields.tracking_id ?? '');
  if (contract?.kind !== 'simple') return refuse('12');
  if (contract.state === 'cancelled') return refuse('32');
  ledger.cancelContract(contract, now);
  return { ok: true, endedSimpleContract: contract };
}

/** ST01-00104-402: one charge on a fixed-term / pay-as-you-go contract (spec §12). */
export function fixedTermPurchase(
  ledger: PurchaseLedger,
  fields: ApiFields,
  now: Date,
): ApiOutcome {
  const contract = ledger.contract(fields.tracking_id ?? '');
  if (contract?.kind !== 'fixed') return refuse('L0');
  if ((fields.cust_code ?? '') !== contract.custCode) return refuse('L1', ITEM.custCode);
  if (contract.state === 'cancelled') return refuse('L2');
  // "Expiration date of the recurring billing from the date of last payment process: 365th day".
  if (now.getTime() >= fixedTermContractExpiresAt(contract.lastPaymentAt).getTime()) {
    return refuse('L3');
  }
  const orderId = fields.order_id ?? '';
  if (ledger.isOrderCompleted(orderId)) return refuse('96', ITEM.orderId);
  const charge = ledger.record({
    orderId,
    custCode: contract.custCode,
    itemId: fields.item_id ?? '',
    itemName: fields.item_name ?? '',
    amount: Number(fields.amount),
    payType: '2',
    salesMode: 'manual',
    state: 'authorized',
    purchasedAt: now,
    contractTrackingId: contract.trackingId,
  });
  contract.lastPaymentAt = now;
  return { ok: true, trackingId: charge.trackingId };
}

/** ST02-00309-402: ends a fixed-term / pay-as-you-go contract (spec §13); no notice follows. */
export function fixedTermCancellation(
  ledger: PurchaseLedger,
  fields: ApiFields,
  now: Date,
): ApiOutcome {
  const contract = ledger.contract(fields.tracking_id ?? '');
  if (contract?.kind !== 'fixed') return refuse('L5');
  if (contract.state === 'cancelled') return refuse('L7');
  ledger.cancelContract(contract, now);
  return OK;
}
