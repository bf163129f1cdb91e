import type { SubscriptionMessages } from './subscription-messages.js';

export const subscriptionsJa: SubscriptionMessages = {
  nav: 'ご契約',
  plans: {
    title: '定期購入・継続課金',
    intro:
      'au の通信料金と一緒にお支払い。ご契約の確認と解約は「ご契約」ページからいつでもできます。',
    perMonth: (price) => `月額 ${price}`,
    perUse: (price) => `1回 ${price}`,
    subscribe: '申し込む',
    subscribeLabel: (plan) => `${plan}に申し込む`,
  },
  bills: (kind, amount) =>
    kind === 'monthly'
      ? `月額 ${amount}（初月はお申し込み時、翌月からは毎月1日に請求）`
      : amount
        ? `初回 ${amount}、その後はご利用のたびに請求`
        : 'ご利用のたびに請求',
  statusNames: {
    incomplete: '申し込み手続き中',
    active: 'ご契約中',
    cancelled: '解約済み',
    expired: '契約期間終了',
    incomplete_expired: '申し込み期限切れ',
  },
  subscribe: {
    title: 'お申し込み',
    intro:
      'ボタンを押すと au PAY の画面に進みます。au ID でログインし、確認コードと暗証番号でお申し込みください。',
    plan: 'プラン',
    billing: 'ご請求',
    back: 'ご契約の一覧へ',
    gone: 'このお申し込みは見つからないか、すでに手続きが済んでいます。',
  },
  mine: {
    title: 'ご契約',
    intro: 'このブラウザでお申し込みいただいた定期購入・継続課金です。',
    howToCancelTitle: '解約の方法',
    howToCancel: {
      monthly:
        '月額プランは、下の「解約する」を押すといつでも解約できます。次の1日からは請求されません（請求済みの月の返金はありません）。',
      on_demand:
        '継続課金は、下の「解約する」を押すといつでも解約できます。以後は請求されません。解約後も「再開する」から au PAY で再度お申し込みいただけます。',
    },
    none: 'お申し込みはまだありません。',
    customer: 'お客様ID',
    status: '状態',
    billing: 'ご請求',
    nextBilling: '次回のご請求',
    noNextBilling: { monthly: 'なし', on_demand: 'ご利用のたび' },
    signedUp: 'お申し込み日時',
    charges: 'ご請求の履歴',
    noCharges: 'ご請求はまだありません。',
    cancel: '解約する',
    cancelLabel: (plan) => `${plan}を解約する`,
    resume: '再開する',
    continueSignUp: 'お申し込みを続ける',
    cancelled: '解約しました。',
    returned: {
      active: 'お申し込みが完了しました。ありがとうございます。',
      other: 'お申し込みは完了していません。',
    },
  },
  orders: {
    title: '定期購入・継続課金',
    intro:
      'ご契約ごとの請求です。継続課金は「今すぐ請求」で1回分を請求し（与信）、上の注文一覧で売上確定します。',
    none: 'ご契約はまだありません。',
    customer: 'お客様ID',
    chargeNow: (amount) => `今すぐ請求（${amount}）`,
    cancel: '解約',
    charges: '請求',
    billingMonth: '対象月',
    done: { charge: '請求しました。注文一覧で売上確定できます。', cancel: '解約しました。' },
  },
};
