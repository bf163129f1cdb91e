import { PURCHASE_REQUEST_FIELDS, validatePurchaseRequest } from '@au-pay/core/sbps';
import {
  type AcceptedLinkRequest,
  checkLinkHash,
  checkMerchant,
  checkPayMethod,
  checkRequestValidity,
  checkReturnUrls,
  type LinkRefusal,
  type LinkRequestContext,
  readLinkForm,
  refuse,
  refuseCompletedOrder,
  refuseProblems,
} from './link-checks.js';
import type { PurchaseLedger } from './purchase-ledger.js';

export interface PurchaseRequestContext extends LinkRequestContext {
  readonly ledger: PurchaseLedger;
  /** False for a contract that sends no `item_name` (NomuPay's, spec/nomupay-au.md §5.3). */
  readonly requireItemName?: boolean;
}

// Every billing's table has the same rows in the same order (spec §4); only the rules differ.
const HASH_ORDER = PURCHASE_REQUEST_FIELDS.one_time;

/**
 * Checks an A01-1 purchase request as SBPS does (spec §4, §18): a Shift_JIS form; required fields,
 * types and lengths; our merchant and service; the `sps_hashcode` over UTF-8 bytes; `auone`
 * among the payment methods; `pagecon_url` on an origin the sandbox may post to;
 * `request_date + limit_second` not passed; an `order_id` whose purchase already completed is not
 * reused.
 */
export function checkPurchaseRequest(
  body: Uint8Array,
  ctx: PurchaseRequestContext,
): AcceptedLinkRequest | LinkRefusal {
  const read = readLinkForm(body, { ja: '購入要求', en: 'purchase request' });
  if (!read.ok) return read;
  const { pairs, values } = read;

  const problems = validatePurchaseRequest(pairs).filter(
    (problem) =>
      ctx.requireItemName !== false ||
      problem.field !== 'item_name' ||
      (values.item_name ?? '') !== '',
  );
  const refusal =
    refuseProblems(problems) ??
    checkMerchant(values, ctx) ??
    checkLinkHash(HASH_ORDER, pairs, values, ctx, 'spec §4 rows 1–39') ??
    checkPayMethod(values) ??
    checkAmount(values) ??
    checkReturnUrls(values, ctx) ??
    checkRequestValidity(values, ctx) ??
    checkContractCancellation(values, ctx.ledger);
  if (refusal) return refusal;
  if (ctx.ledger.isOrderCompleted(values.order_id ?? '')) return refuseCompletedOrder();
  return read;
}

function checkAmount(values: Readonly<Record<string, string>>): LinkRefusal | undefined {
  const amount = Number(values.amount);
  if (amount >= 1 && amount <= 9_999_999) return;
  return refuse(
    '40207008',
    '金額（amount）は 1〜9,999,999 円で指定してください。',
    'amount must be from 1 to 9,999,999 yen.',
  );
}

/** A01-1 `pay_type=1` + `service_type=1` names an active recurring-simple contract (spec §4). */
function checkContractCancellation(
  values: Readonly<Record<string, string>>,
  ledger: PurchaseLedger,
): LinkRefusal | undefined {
  if (values.pay_type !== '1' || values.service_type !== '1') return;
  const contract = ledger.contract(values.tracking_id ?? '');
  if (contract?.kind !== 'simple') {
    return refuse(
      '40212027',
      '解約する継続課金（tracking_id）が見つかりません。',
      'tracking_id does not name a recurring-simple contract to cancel.',
    );
  }
  if (contract.state === 'cancelled') {
    return refuse(
      '40232027',
      '継続課金は解約済みです。',
      'The recurring contract is already cancelled.',
    );
  }
  if (contract.custCode !== values.cust_code) {
    return refuse(
      '40295003',
      '顧客ID（cust_code）が継続課金の申込時と異なります。',
      'cust_code differs from the one the contract was created with.',
    );
  }
  return undefined;
}
