/** Languages au-pay speaks: Japanese first, English second. */
export type Lang = 'ja' | 'en';

/** The same text in both languages. */
export interface LocalizedText {
  en: string;
  ja: string;
}
