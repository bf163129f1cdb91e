import { en } from './en.js';
import { ja } from './ja.js';
import type { Messages } from './messages.js';

export type { Messages } from './messages.js';

export type Lang = 'ja' | 'en';

/** Japanese first: the buyers are in Japan. */
export const DEFAULT_LANG: Lang = 'ja';

export function isLang(value: unknown): value is Lang {
  return value === 'ja' || value === 'en';
}

export function messagesFor(lang: Lang): Messages {
  return lang === 'en' ? en : ja;
}
