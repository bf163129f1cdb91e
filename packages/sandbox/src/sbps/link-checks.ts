import { timingSafeEqual } from 'node:crypto';
import { parseSbpsDate, sbpsRequestExpired } from '@au-pay/core';
import {
  computeSpsHashcode,
  decodeSbpsFormPairs,
  layOutSbpsFields,
  type SbpsField,
  type SbpsFieldProblem,
  SbpsFormError,
  ShiftJisEncodingError,
  sbpsErrorCodeForProblem,
} from '@au-pay/core/sbps';
import { isHttpUrl } from '../http-url.js';

/** Why SBPS refuses a link-type request; the buyer sees it on SBPS's error page. */
export interface LinkRefusal {
  readonly ok: false;
  /** `402` + error type + item, the API's format (spec §8). */
  readonly code: string;
  readonly reasonJa: string;
  readonly reasonEn: string;
}

/** A link-type request (A01-1 or D01-1) SBPS accepted. */
export interface AcceptedLinkRequest {
  readonly ok: true;
  /** The fields as received, in body order (detail rows repeat names). */
  readonly pairs: Array<[string, string]>;
  /** The same by name (first occurrence). */
  readonly values: Readonly<Record<string, string>>;
}

/** What SBPS checks every link-type request against: the merchant's contract and the clock. */
export interface LinkRequestContext {
  readonly merchantId: string;
  readonly serviceId: string;
  readonly hashKey: string;
  readonly now: Date;
  /** The only origins an A02-1 may go to (normalised, e.g. `http://127.0.0.1:3000`). */
  readonly notificationOrigins: ReadonlySet<string>;
}

/** `limit_second` when the merchant sends none: SBPS applies a pre-registered value [A]. */
export const DEFAULT_LIMIT_SECOND = 600;

export const refuse = (code: string, reasonJa: string, reasonEn: string): LinkRefusal => ({
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

/** The Shift_JIS form, decoded, or SBPS's refusal of a body it cannot read. */
export function readLinkForm(
  body: Uint8Array,
  what: { readonly ja: string; readonly en: string },
): AcceptedLinkRequest | LinkRefusal {
  let pairs: Array<[string, string]>;
  try {
    pairs = decodeSbpsFormPairs(body);
  } catch (error) {
    if (!(error instanceof SbpsFormError)) throw error;
    return refuse(
      '40200999',
      `${what.ja}を読み取れませんでした（Shift_JIS の application/x-www-form-urlencoded で送信してください）。`,
      `The ${what.en} could not be read: ${error.message}`,
    );
  }
  const values: Record<string, string> = {};
  for (const [name, value] of pairs) if (!(name in values)) values[name] = value;
  return { ok: true, pairs, values };
}

/** The first field problems (at most five) as one refusal, coded after the first. */
export function refuseProblems(problems: readonly SbpsFieldProblem[]): LinkRefusal | undefined {
  const first = problems[0];
  if (!first) return undefined;
  const shown = problems.slice(0, 5);
  return refuse(
    sbpsErrorCodeForProblem(first),
    shown.map((p) => p.message.ja).join(' '),
    shown.map((p) => p.message.en).join(' '),
  );
}

export function checkMerchant(
  values: Readonly<Record<string, string>>,
  ctx: LinkRequestContext,
): LinkRefusal | undefined {
  if (values.merchant_id === ctx.merchantId && values.service_id === ctx.serviceId) return;
  const item = values.merchant_id !== ctx.merchantId ? '001' : '002';
  return refuse(
    `40214${item}`,
    'マーチャントIDまたはサービスIDが不正です。',
    `merchant_id / service_id do not match this merchant (${ctx.merchantId} / ${ctx.serviceId}).`,
  );
}

/**
 * The `sps_hashcode` over UTF-8 bytes of `fields` in table order (spec §3; A01-1 rows 1–39, D01-1
 * rows 1–19). One computed over Shift_JIS is the classic mistake and is refused with a message
 * that says so.
 */
export function checkLinkHash(
  fields: readonly SbpsField[],
  pairs: Array<[string, string]>,
  values: Readonly<Record<string, string>>,
  ctx: LinkRequestContext,
  rows: string,
): LinkRefusal | undefined {
  const hashInput = layOutSbpsFields(fields, pairs).map(([, value]) => value);
  const received = values.sps_hashcode ?? '';
  if (sameHash(received, computeSpsHashcode(hashInput, ctx.hashKey, 'utf-8'))) return;
  let overShiftJis = false;
  try {
    overShiftJis = sameHash(received, computeSpsHashcode(hashInput, ctx.hashKey, 'shift_jis'));
  } catch (error) {
    if (!(error instanceof ShiftJisEncodingError)) throw error;
  }
  return overShiftJis
    ? refuse(
        '40209025',
        'ハッシュ値が一致しません。Shift_JIS で計算されたハッシュ値です。sps_hashcode は UTF-8 のバイト列で計算してください（送信は Shift_JIS）。',
        'The sps_hashcode does not match: it was computed over Shift_JIS bytes. A01-1 and D01-1 are transmitted in Shift_JIS but hashed over UTF-8 bytes (spec §3).',
      )
    : refuse(
        '40209025',
        'ハッシュ値が一致しません。項目の順序・ハッシュキー・UTF-8 での計算をご確認ください。',
        `The sps_hashcode does not match. Check the field order (${rows}), the hash key, trimming, and that the hash is computed over UTF-8 bytes.`,
      );
}

/** Empty = SBPS's own selection screen; au is the only method this sandbox offers. */
export function checkPayMethod(values: Readonly<Record<string, string>>): LinkRefusal | undefined {
  const methods = (values.pay_method ?? '').split(',').map((m) => m.trim());
  if (values.pay_method === '' || methods.includes('auone')) return;
  return refuse(
    '40201999',
    '決済手段（pay_method）に auone が含まれていません。',
    'pay_method does not include auone, the only payment method of this sandbox.',
  );
}

/**
 * The four URLs are absolute http(s), and `pagecon_url` is on an origin the sandbox may post to:
 * the A02-1 is the emulator's one server-to-server message, so a signed form must not make it
 * post to an address of the sandbox's network (server-side request forgery), only to the bridge.
 */
export function checkReturnUrls(
  values: Readonly<Record<string, string>>,
  ctx: LinkRequestContext,
): LinkRefusal | undefined {
  for (const name of ['success_url', 'cancel_url', 'error_url', 'pagecon_url'] as const) {
    if (!isHttpUrl(values[name] ?? '')) {
      return refuse(
        name === 'pagecon_url' ? '40206009' : '40206999',
        `${name} は http(s) の絶対 URL で指定してください。`,
        `${name} must be an absolute http(s) URL.`,
      );
    }
  }
  const notificationOrigin = new URL(values.pagecon_url ?? '').origin;
  if (ctx.notificationOrigins.has(notificationOrigin)) return;
  const allowed = [...ctx.notificationOrigins].join(', ') || '(none)';
  return refuse(
    '40213009',
    `pagecon_url（${notificationOrigin}）には結果通知を送信できません。このサンドボックスは、マウントしているブリッジ（${allowed}）にのみ A02-1 を送信します。`,
    `pagecon_url (${notificationOrigin}) cannot receive result notifications: this sandbox posts the A02-1 only to the bridge that mounts it (${allowed}).`,
  );
}

/** `request_date + limit_second` not passed, `request_date` in Japan time (spec §2, §16). */
export function checkRequestValidity(
  values: Readonly<Record<string, string>>,
  ctx: LinkRequestContext,
): LinkRefusal | undefined {
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
  if (!sbpsRequestExpired(requestDate, limitSecond, ctx.now)) return;
  return refuse(
    '40210023',
    'リクエストの有効期限が切れています（request_date + limit_second を経過）。日本時間で request_date を指定しているかご確認ください。',
    'The request has expired: request_date + limit_second has passed. request_date must be the current Japan time (JST), not UTC.',
  );
}

/** A completed order_id is not reused: unique per merchant and service (spec §2). */
export function refuseCompletedOrder(): LinkRefusal {
  return refuse(
    '40296004',
    'この購入ID（order_id）の決済は完了しています。新しい order_id で要求してください。',
    'A purchase with this order_id has already completed; order_id must be unique per merchant and service.',
  );
}
