/**
 * Test au IDs, like test card numbers: what the buyer types on the login screen decides how the
 * emulated KDDI and SBPS behave when the buyer confirms the payment (DESIGN.md, "Sandbox acquirer").
 */

/** What happens when the buyer confirms the payment on the last au screen. */
export type ScenarioOutcome =
  | 'success'
  | 'cancel'
  | 'limit'
  | 'restricted'
  | 'notification_ng'
  | 'slow'
  | 'duplicate'
  | 'monthly_failure';

export interface Scenario {
  /** The au ID that selects the scenario (case-insensitive). */
  readonly auId: string;
  readonly outcome: ScenarioOutcome;
  /** What the merchant sees, in English, for the README. */
  readonly description: string;
  /** The same, in Japanese, shown on the sandbox login screen. */
  readonly descriptionJa: string;
}

/** The au ID whose monthly subscription fails every monthly billing after the first month. */
export const MONTHLY_FAILURE_AU_ID = 'monthfail@au.example';

/**
 * The scenario table. Any au ID not listed here behaves like `success@au.example`.
 * Buyer failures (`limit`, `restricted`) return to `error_url` with `res_result=NG` and the
 * scenario's `res_err_code` (see `SandboxErrorCodes`; spec §17.6: the real 4-character codes are
 * not published, so the defaults are sandbox placeholders).
 */
export const SCENARIOS: readonly Scenario[] = [
  {
    auId: 'success@au.example',
    outcome: 'success',
    description:
      'Success (also any unlisted au ID): A02-1 to pagecon_url, then the browser to success_url.',
    descriptionJa: '成功（一覧にない au ID も同じ）：A02-1 を通知し、success_url に戻ります。',
  },
  {
    auId: 'cancel@au.example',
    outcome: 'cancel',
    description:
      'The buyer cancels on the last screen (the cancel button on any screen does the same): browser to cancel_url, no A02-1.',
    descriptionJa:
      '購入者がキャンセル（各画面のキャンセルボタンと同じ）：cancel_url に戻り、A02-1 は送りません。',
  },
  {
    auId: 'limit@au.example',
    outcome: 'limit',
    description: 'Credit limit exceeded: browser to error_url with res_result=NG, no A02-1.',
    descriptionJa: '利用限度額超過：error_url に res_result=NG で戻り、A02-1 は送りません。',
  },
  {
    auId: 'restricted@au.example',
    outcome: 'restricted',
    description:
      'User restricted (self-imposed restriction or overdue payment): error_url, no A02-1.',
    descriptionJa: '利用制限中（ご本人の設定や支払い遅延）：error_url に戻り、A02-1 は送りません。',
  },
  {
    auId: 'ng@au.example',
    outcome: 'notification_ng',
    description:
      'The A02-1 is sent with a wrong sps_hashcode so the merchant answers NG; the purchase becomes inconsistent and the browser goes to error_url.',
    descriptionJa:
      'A02-1 を誤ったハッシュで送信し、加盟店は NG を応答：決済不整合となり error_url に戻ります。',
  },
  {
    auId: 'slow@au.example',
    outcome: 'slow',
    description:
      'Slow acquirer: the browser goes to success_url first; the A02-1 arrives slowNotificationDelayMs later.',
    descriptionJa: '通知遅延：先に success_url に戻り、A02-1 は遅れて届きます。',
  },
  {
    auId: 'duplicate@au.example',
    outcome: 'duplicate',
    description: 'Duplicate notification: the same A02-1 is sent twice; both must be answered OK,.',
    descriptionJa: '重複通知：同じ A02-1 を 2 回送信します。どちらにも OK, の応答が必要です。',
  },
  {
    auId: MONTHLY_FAILURE_AU_ID,
    outcome: 'monthly_failure',
    description:
      'A monthly subscription (pay_type=1) that signs up fine, but every monthly billing by SBPS after the first month fails: an A02-1 with res_result=NG for that month. Anything else succeeds.',
    descriptionJa:
      '月額課金の毎月の請求に失敗：申し込み（pay_type=1）は成功しますが、2 か月目以降の毎月の請求がすべて失敗し、その月の A02-1（res_result=NG）を通知します。それ以外は成功と同じです。',
  },
];

/** The scenario an au ID selects; unlisted IDs succeed. */
export function scenarioForAuId(auId: string): Scenario {
  const key = auId.trim().toLowerCase();
  const found = SCENARIOS.find((scenario) => scenario.auId === key);
  // SCENARIOS[0] is the success row.
  return found ?? (SCENARIOS[0] as Scenario);
}
