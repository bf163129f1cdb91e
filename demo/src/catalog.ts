import type { Lang } from './i18n/index.js';

/** A product of the demo shop. Prices are whole yen, tax included, as Japanese shops show them. */
export interface Product {
  id: string;
  price: number;
  name: Record<Lang, string>;
  description: Record<Lang, string>;
  /** Which drawing the shop page shows (views/product-art.ts). */
  art: 'drink' | 'manga' | 'plan';
}

/** One-time purchases only: recurring au PAY arrives with subscriptions. */
export const CATALOG: readonly Product[] = [
  {
    id: 'green-tea',
    price: 160,
    name: { ja: '緑茶 500ml', en: 'Green tea, 500 ml' },
    description: {
      ja: '静岡県産の茶葉を使った、すっきりした味わいのペットボトル緑茶。',
      en: 'A crisp bottled green tea brewed from Shizuoka leaves.',
    },
    art: 'drink',
  },
  {
    id: 'manga-vol-1',
    price: 594,
    name: { ja: '星屑ランナー 第1巻', en: 'Stardust Runner, Vol. 1' },
    description: {
      ja: '宇宙の配達員が銀河を駆ける SF コミックの第1巻（電子書籍）。',
      en: 'Volume one of the sci-fi comic about a courier racing across the galaxy (e-book).',
    },
    art: 'manga',
  },
  {
    id: 'video-pass-1m',
    price: 980,
    name: { ja: '動画見放題 1か月パス', en: 'Video pass, 1 month' },
    description: {
      ja: 'アニメ・ドラマが 30 日間見放題。自動更新はありません。',
      en: 'Unlimited anime and drama for 30 days. Does not renew automatically.',
    },
    art: 'plan',
  },
];

export function findProduct(id: string): Product | undefined {
  return CATALOG.find((product) => product.id === id);
}
