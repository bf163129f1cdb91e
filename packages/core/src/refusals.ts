import { formatJapanTime } from './calendar.js';
import type { LocalizedText } from './localized-text.js';
import type { PaymentStatus } from './status.js';
import type {
  SubscriptionEventType,
  SubscriptionKind,
  SubscriptionStatus,
} from './subscription-status.js';
import { formatYen } from './yen.js';

/*
 * Every reason au-pay refuses an amount or a change of payment status, with its English and
 * Japanese message. The bridge answers these codes to merchants; the widget shows the messages.
 * Amount and status messages sit in two tables so that a bundle using only checkAmount (the
 * widget) carries only the amount messages.
 */

/** The codes checkAmount (amount.ts) refuses with. */
export const amountRefusalCodes = [
  'amount_missing',
  'amount_wrong_type',
  'amount_not_a_number',
  'amount_not_finite',
  'amount_negative',
  'amount_not_integer',
  'amount_below_minimum',
  'amount_above_maximum',
] as const;

/** The codes transition (status.ts) refuses with. */
export const statusRefusalCodes = [
  'not_supported_by_acquirer',
  'invalid_state',
  'stale_request',
  'not_yet_expired',
  'settlement_window_closed',
  'cancellation_window_closed',
  'paid_cancellation_window_closed',
  'refund_window_closed',
  'partial_refund_not_yet_open',
  'amount_invalid',
  'amount_exceeds_authorized',
  'amount_exceeds_captured',
  'amount_mismatch',
] as const;

/** The codes transitionSubscription (subscription-status.ts) refuses with. */
export const subscriptionRefusalCodes = [
  'subscription_invalid_state',
  'subscription_kind_mismatch',
  'subscription_not_yet_expired',
  'subscription_contract_expired',
  'billing_month_not_billed',
] as const;

export type AmountRefusalCode = (typeof amountRefusalCodes)[number];
export type StatusRefusalCode = (typeof statusRefusalCodes)[number];
export type SubscriptionRefusalCode = (typeof subscriptionRefusalCodes)[number];
export type RefusalCode = AmountRefusalCode | StatusRefusalCode | SubscriptionRefusalCode;

/** Every refusal code. */
export const refusalCodes: readonly RefusalCode[] = [
  ...amountRefusalCodes,
  ...statusRefusalCodes,
  ...subscriptionRefusalCodes,
];

/** What a merchant or the acquirer asked for, as named in refusals. */
export type PaymentAction = 'succeed' | 'fail' | 'expire' | 'capture' | 'cancel' | 'refund';

/**
 * What an acquirer does not offer. `*_in_automatic_mode`: the acquirer offers it, but not for a
 * payment in automatic capture mode (SBPS errors 24 and 40, spec/sbps-au.md §8).
 */
export type UnsupportedOperation =
  | 'capture'
  | 'capture_in_automatic_mode'
  | 'partial_capture'
  | 'cancel'
  | 'cancel_in_automatic_mode'
  | 'partial_cancel'
  | 'multiple_partial_cancels'
  | 'refund'
  | 'partial_refund'
  | 'multiple_partial_refunds';

/** The facts refusal messages are built from. */
export interface RefusalDetails {
  /** The acquirer, by name. */
  acquirer?: LocalizedText;
  /** The payment's status when the refusal was made. */
  status?: PaymentStatus;
  /** What was asked for. */
  action?: PaymentAction;
  /** What the acquirer does not offer (not_supported_by_acquirer). */
  operation?: UnsupportedOperation;
  /** A limit in whole yen. */
  limit?: number;
  /** The deadline passed, or the instant something opens or expires. */
  at?: Date;
  /** The subscription's status when the refusal was made. */
  subscriptionStatus?: SubscriptionStatus;
  /** What happened, or was asked for, to a subscription. */
  subscriptionEvent?: SubscriptionEventType;
  /** The subscription's kind. */
  kind?: SubscriptionKind;
  /** A billing month as given (`yyyy-MM`). */
  month?: string;
}

type Needs<K extends keyof RefusalDetails> = Required<Pick<RefusalDetails, K>>;

/** The details each code's message needs. */
export interface RefusalDetailsByCode {
  amount_missing: Record<never, never>;
  amount_wrong_type: Record<never, never>;
  amount_not_a_number: Record<never, never>;
  amount_not_finite: Record<never, never>;
  amount_negative: Record<never, never>;
  amount_not_integer: Record<never, never>;
  amount_below_minimum: Needs<'acquirer' | 'limit'>;
  amount_above_maximum: Needs<'acquirer' | 'limit'>;
  not_supported_by_acquirer: Needs<'acquirer' | 'operation'>;
  invalid_state: Needs<'status' | 'action'>;
  stale_request: Needs<'status' | 'action' | 'at'>;
  not_yet_expired: Needs<'at'>;
  settlement_window_closed: Needs<'at'>;
  cancellation_window_closed: Needs<'at'>;
  paid_cancellation_window_closed: Needs<'at'>;
  refund_window_closed: Needs<'at'>;
  partial_refund_not_yet_open: Needs<'at'>;
  amount_invalid: Record<never, never>;
  amount_exceeds_authorized: Needs<'limit'>;
  amount_exceeds_captured: Needs<'limit'>;
  amount_mismatch: Needs<'limit'>;
  subscription_invalid_state: Needs<'subscriptionStatus' | 'subscriptionEvent'>;
  subscription_kind_mismatch: Needs<'kind' | 'subscriptionEvent'>;
  subscription_not_yet_expired: Needs<'at'>;
  subscription_contract_expired: Needs<'at'>;
  billing_month_not_billed: Needs<'month'>;
}

/** A refusal: its code, its message in both languages and the facts the message names. */
export interface Refusal extends RefusalDetails {
  code: RefusalCode;
  message: LocalizedText;
}

const statusNames: Record<PaymentStatus, LocalizedText> = {
  pending: { en: 'pending', ja: '決済待ち' },
  authorized: { en: 'authorized', ja: '与信済み' },
  captured: { en: 'captured', ja: '売上確定済み' },
  partially_refunded: { en: 'partially refunded', ja: '一部返金済み' },
  refunded: { en: 'refunded', ja: '返金済み' },
  cancelled: { en: 'cancelled', ja: '取消済み' },
  failed: { en: 'failed', ja: '失敗' },
  expired: { en: 'expired', ja: '期限切れ' },
};

const actionNames: Record<PaymentAction, LocalizedText> = {
  succeed: { en: 'record a successful payment for', ja: '決済完了にする' },
  fail: { en: 'record a failed payment for', ja: '決済失敗にする' },
  expire: { en: 'expire', ja: '期限切れにする' },
  capture: { en: 'capture', ja: '売上確定する' },
  cancel: { en: 'cancel', ja: '取消する' },
  refund: { en: 'refund', ja: '返金する' },
};

function unsupported(operation: UnsupportedOperation, acquirer: LocalizedText): LocalizedText {
  const { en, ja } = acquirer;
  switch (operation) {
    case 'capture':
      return {
        en: `${en} settles au PAY payments when the buyer pays: there is no authorization to capture.`,
        ja: `${ja}のau PAYは購入時に売上が確定するため、売上確定の操作はありません。`,
      };
    case 'capture_in_automatic_mode':
      return {
        en: 'This payment uses automatic capture: it was settled when the buyer paid, so there is nothing to capture.',
        ja: 'この決済は自動売上のため購入時に売上が確定しています。売上確定の操作は不要です。',
      };
    case 'partial_capture':
      return {
        en: `${en} cannot capture part of an au PAY authorization; capture the full amount.`,
        ja: `${ja}ではau PAYの一部売上確定はできません。全額で売上確定してください。`,
      };
    case 'cancel':
      return {
        en: `${en} has no au PAY authorization to cancel; give the money back with a refund.`,
        ja: `${ja}のau PAYには取消できる与信がありません。返金をご利用ください。`,
      };
    case 'cancel_in_automatic_mode':
      return {
        en: 'This payment uses automatic capture, which cannot be cancelled; give the money back with a refund.',
        ja: '自動売上の決済は取消できません。返金をご利用ください。',
      };
    case 'partial_cancel':
      return {
        en: `${en} cannot cancel part of an au PAY authorization; omit the amount to cancel all of it.`,
        ja: `${ja}ではau PAYの与信の一部取消はできません。金額を指定せずに全額を取消してください。`,
      };
    case 'multiple_partial_cancels':
      return {
        en: `${en} allows one partial cancel per au PAY payment, and this payment already has one; capture the rest, or leave it to expire.`,
        ja: `${ja}のau PAYで一部取消できるのは1回だけで、この決済はすでに一部取消されています。残額は売上確定するか、期限切れまでそのままにしてください。`,
      };
    case 'refund':
      return {
        en: `${en} does not refund au PAY payments.`,
        ja: `${ja}ではau PAYの返金はできません。`,
      };
    case 'partial_refund':
      return {
        en: `${en} refunds au PAY payments only in full; omit the amount to refund everything.`,
        ja: `${ja}のau PAYは全額返金のみです。金額を指定せずに返金してください。`,
      };
    case 'multiple_partial_refunds':
      return {
        en: `${en} allows one partial refund per au PAY payment, and this payment already has one.`,
        ja: `${ja}のau PAYで一部返金できるのは1回だけで、この決済はすでに一部返金されています。`,
      };
  }
}

const yen = (amount: number): LocalizedText => ({
  en: formatYen(amount, 'en'),
  ja: formatYen(amount, 'ja'),
});
const time = (at: Date): LocalizedText => ({
  en: formatJapanTime(at, 'en'),
  ja: formatJapanTime(at, 'ja'),
});

type MessagesOf<Code extends RefusalCode> = {
  [C in Code]: (details: RefusalDetailsByCode[C]) => LocalizedText;
};

/** The messages of checkAmount's refusals. */
export const amountRefusalMessages: MessagesOf<AmountRefusalCode> = {
  amount_missing: () => ({ en: 'The amount is missing.', ja: '金額が指定されていません。' }),
  amount_wrong_type: () => ({
    en: 'The amount must be a number or a string of digits.',
    ja: '金額は数値または半角数字の文字列で指定してください。',
  }),
  amount_not_a_number: () => ({
    en: 'The amount must be written with the digits 0-9 only: no spaces, commas, signs, exponents or full-width digits.',
    ja: '金額は半角数字（0〜9）だけで指定してください。空白、カンマ、記号、指数表記、全角数字は使えません。',
  }),
  amount_not_finite: () => ({
    en: 'The amount must be a finite number.',
    ja: '金額に無限大は指定できません。',
  }),
  amount_negative: () => ({
    en: 'The amount cannot be negative.',
    ja: '金額にマイナスの値は指定できません。',
  }),
  amount_not_integer: () => ({
    en: 'The amount must be a whole number of yen, without a decimal point.',
    ja: '金額は小数点なしの1円単位で指定してください。',
  }),
  amount_below_minimum: (d) => {
    const a = d.acquirer;
    const min = yen(d.limit);
    return {
      en: `The amount must be at least ${min.en} for au PAY through ${a.en}.`,
      ja: `${a.ja}経由のau PAYの金額は${min.ja}以上です。`,
    };
  },
  amount_above_maximum: (d) => {
    const a = d.acquirer;
    const max = yen(d.limit);
    return {
      en: `The amount must be at most ${max.en} for au PAY through ${a.en}.`,
      ja: `${a.ja}経由のau PAYの金額は${max.ja}以下です。`,
    };
  },
};

const statusRefusalMessages: MessagesOf<StatusRefusalCode> = {
  not_supported_by_acquirer: (d) => unsupported(d.operation, d.acquirer),
  invalid_state: (d) => {
    const s = statusNames[d.status];
    const act = actionNames[d.action];
    return {
      en: `Cannot ${act.en} a payment that is ${s.en}.`,
      ja: `${s.ja}の決済は${act.ja}ことができません。`,
    };
  },
  stale_request: (d) => {
    const s = statusNames[d.status];
    const t = time(d.at);
    return {
      en: `This request to ${actionNames[d.action].en} the payment is dated before it became ${s.en} at ${t.en}; send it again.`,
      ja: `この操作は、決済が${t.ja}に${s.ja}になる前の日時で行われました。もう一度お試しください。`,
    };
  },
  not_yet_expired: (d) => {
    const t = time(d.at);
    return {
      en: `This payment does not expire before ${t.en}.`,
      ja: `この決済の有効期限は${t.ja}です。まだ期限切れではありません。`,
    };
  },
  settlement_window_closed: (d) => {
    const t = time(d.at);
    return {
      en: `The settlement window closed at ${t.en}: an authorization can be captured until the 90th day including the purchase date.`,
      ja: `売上確定の受付は${t.ja}に終了しました。売上確定できるのは購入日を含めて90日目までです。`,
    };
  },
  cancellation_window_closed: (d) => {
    const t = time(d.at);
    return {
      en: `The cancellation window closed at ${t.en}: an authorization can be cancelled until the 90th day including the purchase date.`,
      ja: `取消の受付は${t.ja}に終了しました。取消できるのは購入日を含めて90日目までです。`,
    };
  },
  paid_cancellation_window_closed: (d) => {
    const t = time(d.at);
    return {
      en: `The cancellation window closed at ${t.en}: a paid payment can be cancelled until 00:15 UTC+8 (01:15 Japan time) on the day after payment; give the money back with a refund.`,
      ja: `取消の受付は${t.ja}に終了しました。支払済みの決済を取消できるのは支払日の翌日 0:15(UTC+8、日本時間 1:15)までです。返金をご利用ください。`,
    };
  },
  refund_window_closed: (d) => {
    const t = time(d.at);
    return {
      en: `The refund window of this payment closed at ${t.en}.`,
      ja: `この決済の返金の受付は${t.ja}に終了しました。`,
    };
  },
  partial_refund_not_yet_open: (d) => {
    const t = time(d.at);
    return {
      en: `A partial refund is possible from ${t.en}, once au has billed the settlement month; until then only a full refund is possible.`,
      ja: `一部返金は、auの請求処理後の${t.ja}から可能です。それまでは全額返金のみできます。`,
    };
  },
  amount_invalid: () => ({
    en: 'The amount must be a whole number of yen, at least ¥1.',
    ja: '金額は1円以上の整数で指定してください。',
  }),
  amount_exceeds_authorized: (d) => {
    const max = yen(d.limit);
    return {
      en: `The amount is more than the ${max.en} authorized.`,
      ja: `金額が与信額${max.ja}を超えています。`,
    };
  },
  amount_exceeds_captured: (d) => {
    const max = yen(d.limit);
    return {
      en: `The amount is more than the ${max.en} that can still be refunded.`,
      ja: `金額が返金可能な残額${max.ja}を超えています。`,
    };
  },
  amount_mismatch: (d) => {
    const expected = yen(d.limit);
    return {
      en: `The acquirer reported a different amount from the ${expected.en} this payment was created for.`,
      ja: `決済事業者から通知された金額が、この決済の金額${expected.ja}と異なります。`,
    };
  },
};

const subscriptionStatusNames: Record<SubscriptionStatus, LocalizedText> = {
  incomplete: { en: 'incomplete', ja: '申込手続き中' },
  active: { en: 'active', ja: '継続中' },
  cancelled: { en: 'cancelled', ja: '解約済み' },
  expired: { en: 'expired', ja: '契約期限切れ' },
  incomplete_expired: { en: 'incomplete and expired', ja: '申込未完了で期限切れ' },
};

const subscriptionKindNames: Record<SubscriptionKind, LocalizedText> = {
  monthly: { en: 'monthly (recurring simple)', ja: '月額（継続課金（簡易））' },
  on_demand: {
    en: 'on-demand (fixed-term / pay-as-you-go)',
    ja: '都度課金（継続課金（定期・従量））',
  },
};

const subscriptionEventNames: Record<SubscriptionEventType, LocalizedText> = {
  buyer_consented: { en: 'record the buyer consent of', ja: '申込完了にする' },
  consent_failed: { en: 'record a failed sign-up of', ja: '申込失敗にする' },
  expire: { en: 'expire', ja: '期限切れにする' },
  monthly_charge_failed: { en: 'record a failed monthly charge of', ja: '月次課金失敗を記録する' },
  charge_requested: { en: 'charge', ja: '課金する' },
  cancel_requested: { en: 'cancel', ja: '解約する' },
  cancellation_notified: { en: 'record a cancellation of', ja: '解約済みにする' },
  resume_requested: { en: 'resume', ja: '再開する' },
};

/** Why an event does not apply to a kind of subscription (spec/sbps-au.md §14). */
function kindMismatch(kind: SubscriptionKind, event: SubscriptionEventType): LocalizedText {
  const k = subscriptionKindNames[kind];
  switch (event) {
    case 'charge_requested':
      return {
        en: 'Only on-demand subscriptions can be charged by the merchant: SBPS bills monthly subscriptions by itself on the 1st of each month.',
        ja: '加盟店が課金できるのは都度課金の継続契約だけです。月額の継続契約はSBペイメントサービスが毎月1日に自動で課金します。',
      };
    case 'resume_requested':
      return {
        en: 'Only on-demand subscriptions can be resumed; start a new monthly subscription instead.',
        ja: '再開できるのは都度課金の継続契約だけです。月額の場合は新しく申し込んでください。',
      };
    case 'expire':
      return {
        en: 'A monthly subscription does not expire: SBPS bills it every month until it is cancelled.',
        ja: '月額の継続契約に有効期限はありません。解約されるまで毎月課金されます。',
      };
    case 'monthly_charge_failed':
      return {
        en: 'SBPS bills only monthly subscriptions by itself, so an on-demand subscription has no failed monthly charge.',
        ja: 'SBペイメントサービスが自動課金するのは月額の継続契約だけのため、都度課金の契約に月次課金の失敗はありません。',
      };
    default:
      return {
        en: `Cannot ${subscriptionEventNames[event].en} a ${k.en} subscription.`,
        ja: `${k.ja}の継続契約は${subscriptionEventNames[event].ja}ことができません。`,
      };
  }
}

const subscriptionRefusalMessages: MessagesOf<SubscriptionRefusalCode> = {
  subscription_invalid_state: (d) => {
    const s = subscriptionStatusNames[d.subscriptionStatus];
    const act = subscriptionEventNames[d.subscriptionEvent];
    return {
      en: `Cannot ${act.en} a subscription that is ${s.en}.`,
      ja: `${s.ja}の継続契約は${act.ja}ことができません。`,
    };
  },
  subscription_kind_mismatch: (d) => kindMismatch(d.kind, d.subscriptionEvent),
  subscription_not_yet_expired: (d) => {
    const t = time(d.at);
    return {
      en: `This subscription does not expire before ${t.en}.`,
      ja: `この継続契約の期限は${t.ja}です。まだ期限切れではありません。`,
    };
  },
  subscription_contract_expired: (d) => {
    const t = time(d.at);
    return {
      en: `This on-demand contract expired at ${t.en}, 365 days after its last payment; the buyer must sign up again.`,
      ja: `この継続契約は最終課金から365日目を過ぎ、${t.ja}に期限切れになりました。購入者に改めて申し込んでもらう必要があります。`,
    };
  },
  billing_month_not_billed: (d) => ({
    en: `SBPS does not bill this subscription for ${JSON.stringify(d.month)}: the month must be yyyy-MM, after the sign-up month and not in the future.`,
    ja: `${JSON.stringify(d.month)}はこの継続契約の課金月ではありません。課金月はyyyy-MM形式で、申込月より後かつ当月以前です。`,
  }),
};

/** The message of a refusal code, built from the details it names. */
export function refusalMessage<C extends RefusalCode>(
  code: C,
  details: RefusalDetailsByCode[C],
): LocalizedText {
  const isIn = (codes: readonly string[]) => codes.includes(code);
  const message = (
    isIn(amountRefusalCodes)
      ? amountRefusalMessages[code as AmountRefusalCode]
      : isIn(statusRefusalCodes)
        ? statusRefusalMessages[code as StatusRefusalCode]
        : subscriptionRefusalMessages[code as SubscriptionRefusalCode]
  ) as (details: RefusalDetailsByCode[C]) => LocalizedText;
  return message(details);
}

/** A refusal with its message and the details it names. */
export function refuse<C extends RefusalCode>(code: C, details: RefusalDetailsByCode[C]): Refusal {
  return { code, message: refusalMessage(code, details), ...details };
}
