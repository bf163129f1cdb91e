import {
  RECURRING_APPLICATION_FIELDS,
  validateRecurringApplication,
  verifyRecurringApplication,
} from '@au-pay/core/sbps';
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

export interface RecurringApplicationContext extends LinkRequestContext {
  readonly ledger: PurchaseLedger;
}

/** D01-1 `service_type`: 0 application, 1 cancellation, 2 re-application (spec §7 row 8). */
export const APPLICATION_SERVICE_TYPES = ['0', '1', '2'] as const;

/**
 * Checks a D01-1 recurring (fixed-term / pay-as-you-go) application as SBPS checks an A01-1
 * (spec §7, §18): a Shift_JIS form; core's field table (`validateRecurringApplication`); our
 * merchant and service; the `sps_hashcode` over UTF-8 (`verifyRecurringApplication`); `auone`;
 * the URLs, `pagecon_url` on a notification origin; request validity; for a cancellation or
 * re-application, a fixed-term contract of this customer in the right state (the codes of
 * ST02-00309-402, spec §13: L5 none, L6 another customer, L7 already cancelled); a fresh
 * `order_id`. `service_type=3` (special linkage) is not offered by this sandbox.
 */
export function checkRecurringApplication(
  body: Uint8Array,
  ctx: RecurringApplicationContext,
): AcceptedLinkRequest | LinkRefusal {
  const read = readLinkForm(body, { ja: '継続課金申込', en: 'recurring application (D01-1)' });
  if (!read.ok) return read;
  const { pairs, values } = read;
  const refusal =
    refuseProblems(validateRecurringApplication(pairs)) ??
    checkMerchant(values, ctx) ??
    (verifyRecurringApplication(pairs, ctx.hashKey)
      ? undefined
      : checkLinkHash(RECURRING_APPLICATION_FIELDS, pairs, values, ctx, 'spec §7 rows 1–19')) ??
    checkPayMethod(values) ??
    checkServiceType(values) ??
    checkReturnUrls(values, ctx) ??
    checkRequestValidity(values, ctx) ??
    checkNamedContract(values, ctx.ledger);
  if (refusal) return refusal;
  if (ctx.ledger.isOrderCompleted(values.order_id ?? '')) return refuseCompletedOrder();
  return read;
}

function checkServiceType(values: Readonly<Record<string, string>>): LinkRefusal | undefined {
  if ((APPLICATION_SERVICE_TYPES as readonly string[]).includes(values.service_type ?? '')) return;
  return refuse(
    '40207015',
    'service_type=3（特殊連携）はこのサンドボックスでは利用できません。0（申込）、1（解約）、2（再申込）を指定してください。',
    'service_type 3 (special linkage) is not offered by this sandbox: use 0 (application), 1 (cancellation) or 2 (re-application).',
  );
}

/** Cancellation (1) ends an active contract, re-application (2) revives a cancelled one. */
function checkNamedContract(
  values: Readonly<Record<string, string>>,
  ledger: PurchaseLedger,
): LinkRefusal | undefined {
  const serviceType = values.service_type;
  if (serviceType !== '1' && serviceType !== '2') return;
  const contract = ledger.contract(values.tracking_id ?? '');
  if (contract?.kind !== 'fixed') {
    return refuse(
      '402L5027',
      '指定された継続課金（都度課金）の契約（tracking_id）が見つかりません。',
      'tracking_id does not name a fixed-term / pay-as-you-go contract.',
    );
  }
  if (contract.custCode !== values.cust_code) {
    return refuse(
      '402L6003',
      '顧客ID（cust_code）が契約の申込時と異なります。',
      'cust_code differs from the one the contract was created with.',
    );
  }
  if (serviceType === '1' && contract.state === 'cancelled') {
    return refuse('402L7027', '契約は解約済みです。', 'The contract is already cancelled.');
  }
  if (serviceType === '2' && contract.state === 'active') {
    return refuse(
      '402L8027',
      '契約は有効です。再申込できるのは解約済みの契約だけです。',
      'The contract is active: only a cancelled contract can be applied for again.',
    );
  }
  return undefined;
}
