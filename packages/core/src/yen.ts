import type { Lang } from './localized-text.js';

function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+$)/g, ',');
}

/**
 * A whole-yen amount for people: `¥1,980` in English, `1,980円` in Japanese. Written without
 * `Intl` so that the widget shows the same text in every browser and locale. Throws a RangeError
 * for anything but a safe integer (yen has no minor unit).
 */
export function formatYen(amount: number, lang: Lang): string {
  if (!Number.isSafeInteger(amount)) {
    throw new RangeError(`formatYen needs a whole number of yen, got ${amount}.`);
  }
  const sign = amount < 0 ? '-' : '';
  const grouped = groupThousands(String(Math.abs(amount)));
  return lang === 'ja' ? `${sign}${grouped}円` : `${sign}¥${grouped}`;
}
