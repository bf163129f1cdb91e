import type { Messages } from './messages.js';

const digits = new Intl.NumberFormat('ja-JP', { maximumFractionDigits: 0 });

export const ja: Messages = {
  htmlLang: 'ja',
  shopName: 'au PAY デモショップ',
  sandboxBanner: 'サンドボックス環境です。実際の請求は発生しません。',
  footer: 'au-pay のデモショップです。ブリッジは /bridge にマウントされています。',
  skipToContent: '本文へ移動',
  nav: { label: 'メインメニュー', shop: '商品', cart: 'カート', orders: '注文管理' },
  otherLanguage: 'English',
  yen: (amount) => `${digits.format(amount)}円`,

  shop: {
    title: '商品一覧',
    intro:
      'お支払いは au PAY（auかんたん決済）。ご購入代金は毎月の au 携帯電話料金と合算してお支払いいただけます。',
    addToCart: 'カートに入れる',
    addToCartLabel: (product) => `${product}をカートに入れる`,
    added: (product) => `「${product}」をカートに入れました。`,
    viewCart: 'カートを見る',
    oneTime: '1回払い',
  },

  cart: {
    title: 'カート',
    empty: 'カートに商品はありません。',
    backToShop: '買い物を続ける',
    product: '商品',
    unitPrice: '単価',
    quantity: '数量',
    quantityOf: (product) => `${product}の数量`,
    subtotal: '小計',
    remove: '削除',
    removeLabel: (product) => `${product}をカートから削除`,
    update: '数量を更新',
    total: '合計（税込）',
    captureMode: {
      legend: '売上の確定',
      automatic: '自動売上',
      automaticHint: 'お客様が承認した時点で売上が確定し、携帯電話料金に請求されます。',
      manual: '指定売上',
      manualHint: '承認時は与信のみ。ショップが「注文管理」で売上を確定するまで請求されません。',
      unavailable: '選択した決済代行会社ではご利用いただけません。',
    },
    acquirer: {
      legend: '決済代行会社',
      hints: {
        sbps: '自動売上・指定売上。全額返金と一部返金ができます。',
        antom: '自動売上のみ。返金は全額のみです。',
        nomupay: '自動売上・指定売上。一部の売上確定・返金は 1 回までです。',
      },
    },
    pay: 'au PAY で支払う',
    payHint: '次の画面で au ID にログインし、確認コードと暗証番号で承認します。',
    itemsSummary: (first, others) => (others > 0 ? `${first} ほか${others}点` : first),
    tooManyItems: '1 回のご注文でカートに入れられるのは各商品 9 個までです。',
  },

  pay: {
    title: 'お支払い',
    intro: '下のボタンから au PAY のお支払い画面に進みます。',
    orderNumber: '注文番号',
    amount: 'お支払い金額',
    fallbackButton: 'au PAY でお支払い',
    fallbackNote:
      'au PAY ボタンの部品（au-pay.js）がまだ配信されていないため、簡易フォームを表示しています。',
    testIdsTitle: 'サンドボックスのテスト用 au ID',
    testIdsIntro: 'ログイン画面で入力する au ID によって結果が変わります。',
    testIdColumn: 'au ID',
    testOutcomeColumn: '動作',
    codeAndPin:
      'パスワードは何でも構いません。確認コードは次の画面に表示されます。暗証番号は任意の 4 桁の数字です。',
    backToCart: 'カートに戻る',
    expired: 'このお支払い画面は有効期限が切れました。カートからもう一度お試しください。',
    alreadyDone: 'このお支払いはすでに完了しています。',
  },

  result: {
    title: 'ご注文の状況',
    orderNumber: '注文番号',
    amount: 'お支払い金額',
    paymentId: '決済 ID',
    headings: {
      processing: 'お支払いを確認しています',
      authorized: 'ご注文を承りました',
      paid: 'お支払いが完了しました',
      refunded: '返金済みのご注文です',
      cancelled: 'お支払いは取り消されました',
      failed: 'お支払いができませんでした',
      expired: 'お支払いの有効期限が切れました',
      incomplete: 'お支払いは完了していません',
    },
    bodies: {
      processing:
        'au からの結果通知を待っています。このページは自動で更新されます。お支払い画面を途中で閉じた場合は、もう一度お試しください。',
      authorized:
        'au PAY での承認が完了しました。商品の発送時にショップが売上を確定し、携帯電話料金と合算して請求されます。',
      paid: 'ご購入代金は毎月の au 携帯電話料金と合算して請求されます。ありがとうございました。',
      refunded: 'このご注文の代金は返金されました。',
      cancelled: 'このご注文の請求はありません。',
      failed:
        'お支払いが承認されませんでした（利用限度額超過やご利用制限など）。請求は発生していません。別の方法でお試しください。',
      expired:
        'お支払い画面の有効期限が切れました。請求は発生していません。カートからもう一度お試しください。',
      incomplete:
        'au PAY の画面でキャンセルされたか、お支払いが承認されませんでした（利用限度額超過など）。請求は発生していません。もう一度お試しいただけます。',
    },
    checking: '状況を確認中…',
    stillChecking:
      '結果の確認に時間がかかっています。しばらくしてから「最新の状況を表示」を押してください。',
    refresh: '最新の状況を表示',
    tryAgain: 'もう一度支払う',
    continueShopping: '買い物を続ける',
    seeOrders: '注文管理で見る',
    missingPayment: '決済 ID が指定されていません。',
    unknownPayment: 'このお支払いは見つかりませんでした。',
  },

  orders: {
    title: '注文管理',
    intro:
      'ショップの管理画面の例です。ブリッジの API で売上確定・取消・返金を行い、受け取った Webhook を表示します（デモのためログインはありません）。',
    none: 'まだ注文はありません。',
    statusNames: {
      pending: '未完了',
      authorized: '与信済み',
      captured: '売上確定',
      partially_refunded: '一部返金',
      refunded: '返金済み',
      cancelled: '取消済み',
      failed: '失敗',
      expired: '期限切れ',
    },
    amount: '金額',
    captured: '売上確定額',
    refunded: '返金額',
    cancelledPart: '一部取消額',
    acquirerLabel: '決済代行会社',
    captureModeLabel: '売上方式',
    captureModes: { automatic: '自動売上', manual: '指定売上' },
    created: '作成日時',
    settleBy: '売上確定期限',
    expiring: '期限間近',
    flags: '要確認',
    noFlags: 'なし',
    paymentId: '決済 ID',
    itemName: '商品名',
    history: 'イベント履歴',
    webhooks: '受信した Webhook',
    noWebhooks: 'まだ受信していません。',
    webhookDuplicates: (count) => `重複受信 ${count} 回（無視しました）`,
    eventColumn: 'イベント',
    timeColumn: '日時',
    detailsColumn: '内容',
    awaitingBuyer: '購入者のお支払い完了を待っています。',
    noActions: 'この状態で行える操作はありません。',
    captureFull: (amount) => `全額 ${amount} を売上確定`,
    capturePartial: '一部を売上確定',
    cancel: '取り消す',
    cancelPartial: '一部を取り消す',
    refundFull: (amount) => `全額 ${amount} を返金`,
    refundPartial: '一部を返金',
    partialAmount: '金額（円）',
    done: {
      capture: '売上を確定しました。',
      cancel: '取り消しました。',
      cancelPartial: '与信の一部を取り消しました。残額は売上確定できます。',
      refund: '返金しました。',
    },
    refused: 'ブリッジが操作を受け付けませんでした：',
    clock: {
      title: 'サンドボックスの時計',
      intro:
        'サンドボックスの時刻を進めて、後で起きることを今すぐ試せます（時計は戻せません）。未完了のお支払いは 30 分で期限切れになり、一部返金は売上確定の翌月 1 日から行えます。',
      now: 'サンドボックスの現在時刻（日本時間）',
      aheadBy: (days, hours, minutes) =>
        `実際の時刻より ${days > 0 ? `${days} 日 ` : ''}${hours} 時間 ${minutes} 分進んでいます。`,
      realTime: '実際の時刻と同じです。',
      unavailable: 'サンドボックスの時計を読み取れませんでした。',
      plusHour: '1 時間進める',
      plusDay: '1 日進める',
      nextMonth: '翌月 1 日 0:00（日本時間）へ',
      moved: 'サンドボックスの時計を進めました。',
      alreadyPast: 'サンドボックスの時計はすでにその時刻を過ぎています。',
    },
  },

  errors: {
    title: 'エラー',
    bridgeUnavailable:
      '決済サーバー（ブリッジ）に接続できませんでした。しばらくしてからもう一度お試しください。',
    unexpected: '予期しないエラーが発生しました。もう一度お試しください。',
    notFound: 'ページが見つかりません。',
    forbidden: 'このリクエストは受け付けられません。ページを再読み込みしてからお試しください。',
    invalidAmount: '金額は 1 円以上の整数で入力してください。',
  },
};
