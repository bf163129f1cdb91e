import type { LocalizedText } from '@au-pay/core';

/**
 * What the merchant reads when Antom refuses a call (`F`), by `resultCode` (spec/antom-au.md §9).
 * An unknown code keeps Antom's own message.
 */
const MESSAGES: Record<string, { en: string; ja: string }> = {
  CANCEL_WINDOW_EXCEED: {
    en: 'the cancellation window has closed (00:15 UTC+8 on the day after the payment)',
    ja: '取消期限（決済翌日の 00:15 UTC+8）を過ぎています',
  },
  REFUND_WINDOW_EXCEED: {
    en: 'the refund window (60 days after the payment) has closed',
    ja: '返金期限（決済から 60 日）を過ぎています',
  },
  REFUND_AMOUNT_EXCEED: {
    en: 'the payment was already refunded',
    ja: 'この決済はすでに返金されています',
  },
  ORDER_NOT_EXIST: {
    en: 'Antom does not know this payment',
    ja: 'Antom に該当する決済がありません',
  },
  ORDER_IS_CLOSED: { en: 'the payment is closed', ja: '決済はすでに終了しています' },
  INVALID_SIGNATURE: {
    en: 'Antom refused the request signature (check ANTOM_PRIVATE_KEY)',
    ja: 'Antom がリクエストの署名を受け付けませんでした（ANTOM_PRIVATE_KEY を確認してください）',
  },
  INVALID_CLIENT: {
    en: 'Antom does not know this client ID (check ANTOM_CLIENT_ID)',
    ja: 'Antom がクライアント ID を受け付けませんでした（ANTOM_CLIENT_ID を確認してください）',
  },
};

export function antomResultMessage(code: string, antomMessage: string): LocalizedText {
  return (
    MESSAGES[code] ?? {
      en: `${code}${antomMessage === '' ? '' : ` (${antomMessage})`}`,
      ja: `${code}${antomMessage === '' ? '' : `（${antomMessage}）`}`,
    }
  );
}

/** Worth retrying later with the same request id (spec §9: back off, retry). */
export function isRetryableAntomCode(code: string): boolean {
  return code === 'REQUEST_TRAFFIC_EXCEED_LIMIT' || code === 'UNKNOWN_EXCEPTION';
}
