import type { LocalizedText } from '../localized-text.js';
import type { SbpsFieldProblem, SbpsFieldProblemCode } from './field-validation.js';

// `res_err_code` of the API type (spec/sbps-au.md §8): 3 characters payment method, 2 characters
// error type, 3 characters item. Texts paraphrase SBPS's; combined as "<type> (<item>)."

/** Payment-method part of an error code: au Kantan Kessai and common (spec §1). */
const METHODS = new Set(['402', '999']);

/** Types any method may return (spec §8, "Common types"). */
const COMMON_TYPES: Readonly<Record<string, LocalizedText>> = {
  '00': { en: 'The XML format is invalid', ja: 'XMLの形式が不正です' },
  '01': { en: 'The payment method cannot be used', ja: '決済手段が有効ではありません' },
  '02': { en: 'The API request ID does not exist', ja: 'APIリクエストIDが存在しません' },
  '03': { en: 'A required item is missing', ja: '必須項目が指定されていません' },
  '04': { en: 'An item has characters of the wrong type', ja: '項目の属性（文字種）が不正です' },
  '05': { en: 'An item has the wrong number of digits', ja: '項目の桁数が不正です' },
  '06': { en: 'An item has the wrong format', ja: '項目の形式が不正です' },
  '07': {
    en: 'An item is not one of the defined values',
    ja: '項目に定義外の値が指定されています',
  },
  '08': { en: 'Error (unused type)', ja: 'エラー（未使用の種別）' },
  '09': { en: 'The hash value does not match', ja: 'ハッシュ値が一致しません' },
  '10': {
    en: 'The request has expired (request_date + limit_second has passed)',
    ja: 'リクエストの有効期限が切れています（request_date＋limit_secondを経過）',
  },
  '11': {
    en: 'The target SBPS transaction ID is invalid',
    ja: '対象のSBPSトランザクションIDが不正です',
  },
  '12': { en: 'The target tracking ID is invalid', ja: '対象のトラッキングIDが不正です' },
  '13': {
    en: 'An item that cannot be specified was specified',
    ja: '指定できない項目が指定されています',
  },
  '14': {
    en: 'The merchant ID or service ID is invalid',
    ja: 'マーチャントIDまたはサービスIDが不正です',
  },
  '80': { en: 'A gateway system error occurred', ja: 'ゲートウェイでシステムエラーが発生しました' },
  '81': {
    en: 'The API request parameters could not be processed',
    ja: 'APIリクエストパラメータの処理でエラーが発生しました',
  },
  '82': { en: 'System error (unused type)', ja: 'システムエラー（未使用の種別）' },
  '83': {
    en: 'A gateway record search failed',
    ja: 'ゲートウェイのレコード検索でエラーが発生しました',
  },
  '84': {
    en: 'The payment provider returned invalid parameters',
    ja: '決済機関からの応答パラメータが不正です',
  },
  '85': {
    en: 'The payment provider could not be reached',
    ja: '決済機関との接続でエラーが発生しました',
  },
  '86': {
    en: 'A system error occurred at the payment provider',
    ja: '決済機関でシステムエラーが発生しました',
  },
  '90': { en: 'An API system error occurred', ja: 'APIでシステムエラーが発生しました' },
  '91': { en: 'System error (unused type)', ja: 'システムエラー（未使用の種別）' },
  '92': {
    en: 'The gateway could not be reached',
    ja: 'ゲートウェイとの接続でエラーが発生しました',
  },
  '93': { en: 'The re-entry limit has been reached', ja: '再入力回数の上限に達しました' },
  '94': { en: 'The payment has not been completed', ja: '決済が完了していません' },
  '95': { en: 'The customer information is inconsistent', ja: '顧客情報の整合性エラーです' },
  '96': { en: 'The same request was received twice', ja: 'リクエストが重複しています' },
};

/** Types specific to au Kantan Kessai, method `402` (spec §8, "au (402) types"). */
const AU_TYPES: Readonly<Record<string, LocalizedText>> = {
  '20': {
    en: 'There is no authorization, so the sale was stopped',
    ja: '与信が存在しないため、売上を中止しました',
  },
  '21': {
    en: 'The authorization has already been cancelled, so the sale was stopped',
    ja: '与信が取消済みのため、売上を中止しました',
  },
  '22': {
    en: 'The amount is above the authorized amount, so the sale was stopped',
    ja: '与信金額を超えているため、売上を中止しました',
  },
  '23': { en: 'The sale has already been made', ja: '売上済みです' },
  '24': {
    en: 'This payment uses automated sales, so no sales request is needed',
    ja: '自動売上のため、売上要求は不要です',
  },
  '25': {
    en: 'There is no authorization, so the cancellation or refund was stopped',
    ja: '与信が存在しないため、取消・返金を中止しました',
  },
  '26': {
    en: 'The payment has already been cancelled, so the cancellation or refund was stopped',
    ja: '取消済みのため、取消・返金を中止しました',
  },
  '27': {
    en: 'There is no sale for the specified month, so the refund was stopped',
    ja: '指定月の売上データが存在しないため、返金を中止しました',
  },
  '28': {
    en: 'A partial refund is only possible from the month after the sales-confirmation date',
    ja: '部分返金は売上確定日の翌月以降から可能です',
  },
  '29': {
    en: 'au has not yet run its billing, so the refund was stopped; retry later',
    ja: 'auセンターで課金処理が未実施のため、返金を中止しました。時間をおいて再度お試しください',
  },
  '30': { en: 'The payment has already been refunded', ja: '返金済みです' },
  '31': {
    en: 'A refund is only possible until the last day of the month after next from the sales-confirmation date',
    ja: '返金は売上確定日の翌々月末日までです',
  },
  '32': { en: 'The recurring contract has already been cancelled', ja: '継続課金は解約済みです' },
  '33': { en: 'The settlement period has passed', ja: '売上期間を過ぎています' },
  '34': {
    en: 'The payment provider reported another error',
    ja: '決済機関でその他のエラーが発生しました',
  },
  '36': { en: 'The sale is already being processed', ja: '売上処理中です' },
  '37': {
    en: 'The sale is being processed, so the cancellation was stopped',
    ja: '売上処理中のため、取消を中止しました',
  },
  '38': { en: 'A refund is already being processed', ja: '返金処理中です' },
  '40': {
    en: 'This payment uses automated sales; use a refund instead',
    ja: '自動売上のため、返金をご利用ください',
  },
  '41': {
    en: 'A refund cannot be used for this payment',
    ja: 'この決済では返金をご利用いただけません',
  },
  '42': { en: 'The amount differs from the authorized amount', ja: '与信金額と金額が異なります' },
  '43': {
    en: "The authorization was cancelled for the customer's reasons (the user was no longer valid at sales time)",
    ja: 'お客様都合により与信が取り消されました（売上時点で無効なユーザー）',
  },
  '75': {
    en: 'The refund amount is above the sales amount',
    ja: '返金金額が売上金額を超えています',
  },
  L0: {
    en: 'There is no initial application, so the recurring charge was stopped',
    ja: '初回申込が存在しないため、継続課金を中止しました',
  },
  L1: {
    en: 'cust_code differs from the initial application, so the recurring charge was stopped',
    ja: '顧客IDが初回申込時と異なるため、継続課金を中止しました',
  },
  L2: {
    en: 'The contract has already been cancelled, so the charge was stopped',
    ja: '解約済みのため、継続課金を中止しました',
  },
  L3: {
    en: 'Recurring billing cannot be used because the contract has been cancelled',
    ja: '契約が解約されているため、継続課金を利用できません',
  },
  L4: {
    en: 'The usable amount was exceeded or an error occurred at the au centre; retry later',
    ja: '利用可能額の超過、またはauセンターでエラーが発生しました。時間をおいて再度お試しください',
  },
  L5: {
    en: 'There is no initial application, so the cancellation was stopped',
    ja: '初回申込が存在しないため、解約を中止しました',
  },
  L6: {
    en: 'cust_code differs from the initial application, so the cancellation was stopped',
    ja: '顧客IDが初回申込時と異なるため、解約を中止しました',
  },
  L7: { en: 'The contract has already been cancelled', ja: '解約済みです' },
  U0: { en: 'The buyer is not a valid au user', ja: '有効なユーザーではありません' },
  U1: {
    en: "The payment was refused for a reason on the buyer's side",
    ja: 'ユーザー側の理由によりご利用いただけません',
  },
  U2: {
    en: "The payment was refused for a reason at the buyer's provider (ISP)",
    ja: 'ご利用のプロバイダ側の理由によりご利用いただけません',
  },
  U3: {
    en: "The buyer's settings do not allow this payment (e.g. recurring billing)",
    ja: 'ユーザーの設定によりご利用いただけません（継続課金の申込不可など）',
  },
};

/** Item part of an error code → the item it names (spec §8, "Item codes"). */
const ITEMS: Readonly<Record<string, string>> = {
  '000': 'API request ID',
  '001': 'merchant_id',
  '002': 'service_id',
  '003': 'cust_code',
  '004': 'order_id',
  '005': 'item_id',
  '006': 'item_name',
  '007': 'tax',
  '008': 'amount',
  '009': 'pagecon_url',
  '010': 'free1',
  '011': 'free2',
  '012': 'free3',
  '013': 'order_rowno',
  '014': 'dtl_rowno',
  '015': 'dtl_item_id',
  '016': 'dtl_item_name',
  '017': 'dtl_item_count',
  '018': 'dtl_tax',
  '019': 'dtl_amount',
  '020': 'div_settele',
  '021': 'last_charge_month',
  '022': 'camp_type',
  '023': 'request_date',
  '024': 'limit_second',
  '025': 'sps_hashcode',
  '026': 'sps_transaction_id',
  '027': 'tracking_id',
  '028': 'encrypted_flg',
  '029': 'processing_datetime',
  '030': 'sps_cust_info_return_flg',
  '200': 'cancel_target_month',
};
const NO_SPECIFIC_ITEM = '999';
const ITEM_NAMES_JA: Readonly<Record<string, string>> = { '000': 'APIリクエストID' };

/** A decoded `res_err_code`, usable as an Error; `retryable` says whether trying later may help. */
export class SbpsApiError extends Error {
  override readonly name = 'SbpsApiError';
  /** The 8-character `res_err_code` as received. */
  readonly code: string;
  /** `402` au Kantan Kessai, `999` common. */
  readonly method: string;
  /** Error type, e.g. `33` or `L4`. */
  readonly type: string;
  /** Item code, e.g. `027`. */
  readonly item: string;
  /** The item's field name when the item code is known and specific, e.g. `tracking_id`. */
  readonly field: string | undefined;
  /** Whether the code is in the spec's tables; unknown codes still decode, with a generic text. */
  readonly known: boolean;
  readonly retryable: boolean;
  readonly messages: LocalizedText;

  constructor(code: string) {
    const method = code.slice(0, 3);
    const type = code.slice(3, 5);
    const item = code.slice(5, 8);
    const wellFormed = /^[0-9]{3}[0-9A-Z]{2}[0-9]{3}$/.test(code);
    const typeText = wellFormed
      ? (COMMON_TYPES[type] ?? (method === '402' ? AU_TYPES[type] : undefined))
      : undefined;
    const field = ITEMS[item];
    const messages = SbpsApiError.describe(code, typeText, item, field);
    super(messages.en);
    this.code = code;
    this.method = method;
    this.type = type;
    this.item = item;
    this.field = wellFormed ? field : undefined;
    this.known =
      typeText !== undefined &&
      METHODS.has(method) &&
      (field !== undefined || item === NO_SPECIFIC_ITEM);
    // spec §8: types starting with 8 or 9 are system-side; 29 and L4 say "retry later".
    this.retryable =
      wellFormed && (/^[89]/.test(type) || (method === '402' && ['29', 'L4'].includes(type)));
    this.messages = messages;
  }

  private static describe(
    code: string,
    typeText: LocalizedText | undefined,
    item: string,
    field: string | undefined,
  ): LocalizedText {
    if (typeText === undefined) {
      return {
        en: `SBPS reported error ${code}, which au-pay does not know.`,
        ja: `SBPSから不明なエラー（${code}）が返されました。`,
      };
    }
    if (item === NO_SPECIFIC_ITEM || field === undefined) {
      const suffix = item === NO_SPECIFIC_ITEM ? '' : ` (item ${item})`;
      const suffixJa = item === NO_SPECIFIC_ITEM ? '' : `（項目${item}）`;
      return { en: `${typeText.en}${suffix}.`, ja: `${typeText.ja}${suffixJa}。` };
    }
    return {
      en: `${typeText.en} (${field}).`,
      ja: `${typeText.ja}（${ITEM_NAMES_JA[item] ?? field}）。`,
    };
  }
}

/** Decodes an 8-character `res_err_code`; never throws, unknown codes get a generic message. */
export function decodeSbpsErrorCode(code: string): SbpsApiError {
  return new SbpsApiError(code);
}

/** The SBPS error type for each validation problem, as SBPS would report it (spec §8). */
const TYPE_BY_PROBLEM: Readonly<Record<SbpsFieldProblemCode, string>> = {
  required: '03',
  control_character: '04',
  not_digits: '04',
  not_single_byte: '04',
  not_shift_jis: '04',
  too_long: '05',
  wrong_length: '05',
  not_allowed: '07',
  padded: '06',
  duplicate: '00',
  unknown_field: '13',
};

/**
 * The `res_err_code` SBPS answers for a validation problem of an au API request, e.g. a missing
 * `tracking_id` → `40203027` (for the sandbox emulator).
 */
export function sbpsErrorCodeForProblem(problem: SbpsFieldProblem): string {
  const item = Object.entries(ITEMS).find(([, name]) => name === problem.field)?.[0];
  return `402${TYPE_BY_PROBLEM[problem.code]}${item ?? NO_SPECIFIC_ITEM}`;
}
