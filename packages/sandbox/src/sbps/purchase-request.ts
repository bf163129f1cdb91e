import { timingSafeEqual } from 'node:crypto';
import { parseSbpsDate, sbpsRequestExpired } from '@au-pay/core';
import {
  computeSpsHashcode,
  decodeSbpsFormPairs,
  layOutSbpsFields,
  PURCHASE_REQUEST_FIELDS,
  SbpsFormError,
  ShiftJisEncodingError,
  sbpsErrorCodeForProblem,
  validatePurchaseRequest,
} from '@au-pay/core/sbps';
import { isHttpUrl } from '../http-url.js';
import type { PurchaseLedger } from './purchase-ledger.js';

/** Why SBPS refuses a purchase request; the buyer sees it on SBPS's error page. */
export interface PurchaseRefusal {
  readonly ok: false;
  /** `402` + error type + item, the API's format (spec §8). */
  readonly code: string;
  readonly reasonJa: string;
  readonly reasonEn: string;
}

export interface AcceptedPurchase {
  readonly ok: true;
  /** The fields as received, in body order (detail rows repeat names). */
  readonly pairs: Array<[string, string]>;
  /** The same by name (first occurrence). */
  readonly values: Readonly<Record<string, string>>;
}

export interface PurchaseRequestContext {
  readonly merchantId: string;
  readonly serviceId: string;
  readonly hashKey: string;
  readonly now: Date;
  readonly ledger: PurchaseLedger;
  /** The only origins an A02-1 may go to (normalised, e.g. `http://127.0.0.1:3000`). */
  readonly notificationOrigins: ReadonlySet<string>;
  /** False for a contract that sends no `item_name` (NomuPay's, spec/nomupay-au.md §5.3). */
  readonly requireItemName?: boolean;
}

/** `limit_second` when the merchant sends none: SBPS applies a pre-registered value [A]. */
export const DEFAULT_LIMIT_SECOND = 600;

const refuse = (code: string, reasonJa: string, reasonEn: string): PurchaseRefusal => ({
  ok: false,
  code,
  reasonJa,
  reasonEn,
});

function sameHash(received: string, expected: string): boolean {
  const a = Buffer.from(received.toLowerCase());
  const b = Buffer.from(expected.toLowerCase());
  return a.length === b.length && timingSafeEqual(a, b);
}

// Every billing's table has the same rows in the same order (spec §4); only the rules differ.
const HASH_ORDER = PURCHASE_REQUEST_FIELDS.one_time;

/**
 * Checks an A01-1 purchase request as SBPS does (spec §4, §18): a Shift_JIS form; required fields,
 * types and lengths; our merchant and service; the `sps_hashcode` over UTF-8 bytes (one computed
 * over Shift_JIS is the classic mistake and is refused with a message that says so); `auone`
 * among the payment methods; `pagecon_url` on an origin the sandbox may post to;
 * `request_date + limit_second` not passed; an `order_id` whose purchase already completed is not
 * reused.
 */
export function checkPurchaseRequest(
  body: Uint8Array,
  ctx: PurchaseRequestContext,
): AcceptedPurchase | PurchaseRefusal {
  let pairs: Array<[string, string]>;
  try {
    pairs = decodeSbpsFormPairs(body);
  } catch (error) {
    if (!(error instanceof SbpsFormError)) throw error;
    return refuse(
      '40200999',
      '購入要求を読み取れませんでした（Shift_JIS の application/x-www-form-urlencoded で送信してください）。',
      `The purchase request could not be read: ${error.message}`,
    );
  }
  const values: Record<string, string> = {};
  for (const [name, value] of pairs) if (!(name in values)) values[name] = value;

  const problems = validatePurchaseRequest(pairs).filter(
    (problem) =>
      ctx.requireItemName !== false ||
      problem.field !== 'item_name' ||
      (values.item_name ?? '') !== '',
  );
  const first = problems[0];
  if (first) {
    const shown = problems.slice(0, 5);
    return refuse(
      sbpsErrorCodeForProblem(first),
      shown.map((p) => p.message.ja).join(' '),
      shown.map((p) => p.message.en).join(' '),
    );
  }
  if (values.merchant_id !== ctx.merchantId || values.service_id !== ctx.serviceId) {
    const item = values.merchant_id !== ctx.merchantId ? '001' : '002';
    return refuse(
      `40214${item}`,
      'マーチャントIDまたはサービスIDが不正です。',
      `merchant_id / service_id do not match this merchant (${ctx.merchantId} / ${ctx.serviceId}).`,
    );
  }

  const hashInput = layOutSbpsFields(HASH_ORDER, pairs).map(([, value]) => value);
  const received = values.sps_hashcode ?? '';
  if (!sameHash(received, computeSpsHashcode(hashInput, ctx.hashKey, 'utf-8'))) {
    let overShiftJis = false;
    try {
      overShiftJis = sameHash(received, computeSpsHashcode(hashInput, ctx.hashKey, 'shift_jis'));
    } catch (error) {
      if (!(error instanceof ShiftJisEncodingError)) throw error;
    }
    return overShiftJis
      ? refuse(
          '40209025',
          'ハッシュ値が一致しません。Shift_JIS で計算されたハッシュ値です。A01-1 の sps_hashcode は UTF-8 のバイト列で計算してください（送信は Shift_JIS）。',
          'The sps_hashcode does not match: it was computed over Shift_JIS bytes. A01-1 is transmitted in Shift_JIS but hashed over UTF-8 bytes (spec §3).',
        )
      : refuse(
          '40209025',
          'ハッシュ値が一致しません。項目の順序・ハッシュキー・UTF-8 での計算をご確認ください。',
          'The sps_hashcode does not match. Check the field order (spec §4 rows 1–39), the hash key, trimming, and that the hash is computed over UTF-8 bytes.',
        );
  }

  const methods = (values.pay_method ?? '').split(',').map((m) => m.trim());
  // Empty = SBPS's own selection screen; au is the only method this sandbox offers.
  if (values.pay_method !== '' && !methods.includes('auone')) {
    return refuse(
      '40201999',
      '決済手段（pay_method）に auone が含まれていません。',
      'pay_method does not include auone, the only payment method of this sandbox.',
    );
  }

  const amount = Number(values.amount);
  if (!(amount >= 1 && amount <= 9_999_999)) {
    return refuse(
      '40207008',
      '金額（amount）は 1〜9,999,999 円で指定してください。',
      'amount must be from 1 to 9,999,999 yen.',
    );
  }
  for (const name of ['success_url', 'cancel_url', 'error_url', 'pagecon_url'] as const) {
    if (!isHttpUrl(values[name] ?? '')) {
      return refuse(
        name === 'pagecon_url' ? '40206009' : '40206999',
        `${name} は http(s) の絶対 URL で指定してください。`,
        `${name} must be an absolute http(s) URL.`,
      );
    }
  }
  // The A02-1 is the emulator's one server-to-server message: a signed form must not make it post
  // to an address of the sandbox's network (server-side request forgery), only to the bridge.
  const notificationOrigin = new URL(values.pagecon_url ?? '').origin;
  if (!ctx.notificationOrigins.has(notificationOrigin)) {
    const allowed = [...ctx.notificationOrigins].join(', ') || '(none)';
    return refuse(
      '40213009',
      `pagecon_url（${notificationOrigin}）には結果通知を送信できません。このサンドボックスは、マウントしているブリッジ（${allowed}）にのみ A02-1 を送信します。`,
      `pagecon_url (${notificationOrigin}) cannot receive result notifications: this sandbox posts the A02-1 only to the bridge that mounts it (${allowed}).`,
    );
  }

  let requestDate: Date;
  try {
    requestDate = parseSbpsDate(values.request_date ?? '');
  } catch {
    return refuse(
      '40206023',
      'リクエスト日時（request_date）が不正です（yyyyMMddHHmmss、日本時間）。',
      'request_date is not a valid yyyyMMddHHmmss date (Japan time).',
    );
  }
  const limitSecond = values.limit_second ? Number(values.limit_second) : DEFAULT_LIMIT_SECOND;
  if (limitSecond < 1) {
    return refuse(
      '40207024',
      'リクエスト許容時間（limit_second）は 1〜9999 秒で指定してください。',
      'limit_second must be from 1 to 9999 seconds.',
    );
  }
  if (sbpsRequestExpired(requestDate, limitSecond, ctx.now)) {
    return refuse(
      '40210023',
      'リクエストの有効期限が切れています（request_date + limit_second を経過）。日本時間で request_date を指定しているかご確認ください。',
      'The request has expired: request_date + limit_second has passed. request_date must be the current Japan time (JST), not UTC.',
    );
  }

  if (values.pay_type === '1' && values.service_type === '1') {
    const contract = ctx.ledger.contract(values.tracking_id ?? '');
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
  }

  if (ctx.ledger.isOrderCompleted(values.order_id ?? '')) {
    return refuse(
      '40296004',
      'この購入ID（order_id）の決済は完了しています。新しい order_id で要求してください。',
      'A purchase with this order_id has already completed; order_id must be unique per merchant and service.',
    );
  }
  return { ok: true, pairs, values };
}
