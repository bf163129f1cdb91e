import { en } from './en.js';
import { type Catalog, ja } from './ja.js';

export type { Catalog };

/** The languages `<au-pay>` speaks: Japanese first, English second. */
export type Lang = 'ja' | 'en';

const catalogs: Record<Lang, Catalog> = { ja, en };

/** The messages in one language. */
export const messagesFor = (lang: Lang): Catalog => catalogs[lang];

/**
 * The first language tag (BCP 47, nearest first) that `<au-pay>` speaks; Japanese when none
 * does, because au PAY buyers are au customers in Japan.
 */
export function pickLang(tags: readonly (string | null | undefined)[]): Lang {
  for (const tag of tags) {
    const primary = /^(ja|en)\b/i.exec(tag ?? '')?.[1];
    if (primary) return primary.toLowerCase() as Lang;
  }
  return 'ja';
}
