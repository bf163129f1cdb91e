const notSetUp = 'このボタンは設定が完了していません。';

/** Japanese, the first language of au PAY buyers. Every other catalog has the same shape. */
export const ja = {
  /** The button, with the formatted amount. */
  pay: (amount: string) => `${amount}をau PAYで支払う`,
  /** The button when there is no payable amount to show. */
  payWithoutAmount: 'au PAYで支払う',
  /** The button of a monthly subscription, with its monthly price (issue #14). */
  monthly: (amount: string) => `月額 ${amount}を au PAY で申し込む`,
  /** The button of a monthly subscription without a price to show. */
  subscribe: 'au PAY で申し込む',
  /** The button of an on-demand (pay-as-you-go) subscription, with its first charge if any. */
  onDemand: (amount: string) => `au PAY の継続課金に申し込む${amount && `（初回 ${amount}）`}`,
  /** Under the button on a desktop: what happens next. */
  web: 'au IDでログインし、確認コードと暗証番号で支払います。',
  /** Under the button on a smartphone: the same, shorter. */
  wap: 'au ID・確認コード・暗証番号で支払い',
  busy: 'au PAYに接続しています…',
  /** Before the reason `checkAmount` gives (in its own words) for refusing the amount. */
  refused: 'お支払いできません。',
  /** For a refusal core has no words for (currency, acquirer), and for the au-pay-error codes. */
  notSetUp,
  payment_missing: notSetUp,
  client_secret_missing: notSetUp,
  bridge_unreachable: '接続できませんでした。もう一度お試しください。',
  payment_in_progress: 'このお支払いは手続き中です。',
  /** The bridge's answer to `POST /checkout/:id/state` when the payment cannot be paid. */
  payment_not_found: 'お支払い情報が見つかりません。お店でもう一度お手続きください。',
  payment_expired: 'このお支払いは有効期限が切れました。お店でもう一度お手続きください。',
  payment_closed: 'このお支払いはお手続きできません（すでに完了したか、取り消されています）。',
  subscription_missing: notSetUp,
  subscription_in_progress: 'このお申し込みは手続き中です。',
  subscription_not_found: 'お申し込み情報が見つかりません。お店でもう一度お手続きください。',
  subscription_expired: 'このお申し込みは有効期限が切れました。お店でもう一度お手続きください。',
  subscription_closed: 'このお申し込みはお手続きできません（すでに完了したか、解約されています）。',
};

export type Catalog = typeof ja;
