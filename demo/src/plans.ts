import type { SubscriptionKind } from '@au-pay/core';
import type { Lang } from './i18n/index.js';

/**
 * A subscription the demo shop sells (issue #14). Prices are whole yen, tax included, and come
 * from here when the shop's server creates the subscription: never from the browser.
 */
export interface Plan {
  id: string;
  kind: SubscriptionKind;
  /**
   * `monthly`: the monthly price (the first month is charged at sign-up, then SBPS bills on the
   * 1st, spec/sbps-au.md §14). `on_demand`: the price of one use, charged at sign-up as the first
   * charge and again by each "charge now" on the orders page.
   */
  price: number;
  /** In the merchant reference (`SUB-VIDEO-…`), so that the orders page knows a charge's plan. */
  code: string;
  name: Record<Lang, string>;
  description: Record<Lang, string>;
  /**
   * SBPS `item_name`: at most 20 double-byte characters, and it must say what is sold and when it
   * is billed (spec/sbps-au.md §4 A01-1 row 10, "Recurring fixed-term").
   */
  itemName: Record<Lang, string>;
}

export const PLANS: readonly Plan[] = [
  {
    id: 'video-monthly',
    kind: 'monthly',
    price: 980,
    code: 'VIDEO',
    name: { ja: '動画見放題 月額プラン', en: 'Video plan, monthly' },
    description: {
      ja: 'アニメ・ドラマが見放題。初月はお申し込み時、翌月からは毎月1日に au の通信料金と一緒に請求されます。いつでも解約できます。',
      en: 'Unlimited anime and drama. The first month is charged when you sign up, then on the 1st of each month with your au phone bill. Cancel any time.',
    },
    itemName: { ja: '動画見放題 月額 毎月1日請求', en: 'Video plan, billed monthly on the 1st' },
  },
  {
    id: 'karaoke-payg',
    kind: 'on_demand',
    price: 220,
    code: 'KARAOKE',
    name: { ja: 'オンラインカラオケ 使った分だけ', en: 'Online karaoke, pay as you go' },
    description: {
      ja: '1曲 220円。お申し込み時に1曲分、その後は歌った分だけ au の通信料金と一緒に請求されます。最後のご利用から 365 日で契約は終了します。',
      en: '¥220 a song. One song is charged when you sign up, then each song you sing, with your au phone bill. The contract ends 365 days after your last song.',
    },
    itemName: { ja: 'カラオケ 1曲ごとに都度請求', en: 'Karaoke, billed per song' },
  },
];

export function findPlan(id: string): Plan | undefined {
  return PLANS.find((plan) => plan.id === id);
}

/** The plan a subscription was created for, read back from its merchant reference. */
export function planOfReference(merchantReference: string): Plan | undefined {
  const code = /^SUB-([A-Z]+)-/.exec(merchantReference)?.[1];
  return PLANS.find((plan) => plan.code === code);
}
