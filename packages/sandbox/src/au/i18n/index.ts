import { en } from './en.js';
import { ja } from './ja.js';

export type Lang = 'ja' | 'en';

/** Why the buyer is sent back to the shop without a completed payment. */
/** `timeout`: SBPS's 4-minute rule; `expired`: Antom's 14 minutes (spec/antom-au.md §10). */
export type FailureReason = 'limit' | 'restricted' | 'timeout' | 'expired' | 'notification';

/** Every text on the emulated au screens, one module per language. */
export interface ScreenMessages {
  readonly lang: Lang;
  readonly brand: string;
  readonly sandboxBanner: string;
  /** Label of the link to the other language, written in that language. */
  readonly otherLanguage: string;
  readonly steps: readonly [string, string, string];
  readonly stepOf: (step: number, total: number) => string;
  readonly errorSummaryTitle: string;
  readonly cancel: string;
  readonly timeLimitNote: string;
  readonly login: {
    readonly title: string;
    readonly intro: string;
    readonly auIdLabel: string;
    readonly auIdHint: string;
    readonly passwordLabel: string;
    readonly submit: string;
    readonly auIdRequired: string;
    readonly auIdFormat: string;
    readonly passwordRequired: string;
    readonly passwordLength: string;
    readonly scenariosSummary: string;
    readonly scenariosIntro: string;
  };
  readonly code: {
    readonly title: string;
    readonly sent: string;
    readonly sandboxCode: string;
    readonly codeLabel: string;
    readonly submit: string;
    readonly codeRequired: string;
    readonly codeFormat: string;
    readonly codeMismatch: string;
  };
  readonly confirm: {
    readonly title: string;
    readonly intro: string;
    readonly itemLabel: string;
    readonly amountLabel: string;
    readonly amount: (yen: number) => string;
    readonly methodLabel: string;
    readonly method: string;
    readonly pinLabel: string;
    readonly pinHint: string;
    readonly submit: string;
    readonly pinRequired: string;
    readonly pinFormat: string;
  };
  /** The confirmation screen of a subscription: what is billed and when (spec §4 `item_name`). */
  readonly agreement: {
    readonly step: string;
    readonly title: string;
    readonly intro: string;
    readonly termsLabel: string;
    /** Monthly (recurring simple): billed by SBPS on the 1st, the first month at sign-up. */
    readonly monthly: (yen: number) => string;
    /** On demand (fixed-term / pay-as-you-go): the merchant charges; 365 days (spec §14). */
    readonly onDemand: string;
    readonly firstChargeLabel: string;
    readonly submit: string;
    readonly doneTitle: string;
  };
  /** The confirmation screen of a contract's cancellation (A01-1 or D01-1 `service_type=1`). */
  readonly cancelContract: {
    readonly step: string;
    readonly title: string;
    readonly intro: string;
    readonly contractLabel: string;
    readonly monthlyContract: string;
    readonly onDemandContract: string;
    readonly submit: string;
    readonly doneTitle: string;
  };
  readonly result: {
    readonly successTitle: string;
    readonly cancelTitle: string;
    readonly failureTitle: string;
    readonly failure: Readonly<Record<FailureReason, string>>;
    readonly returning: string;
    readonly returnButton: string;
  };
  readonly session: {
    readonly title: string;
    readonly notFound: string;
    readonly superseded: string;
    readonly finished: string;
  };
}

export function messagesFor(lang: Lang): ScreenMessages {
  return lang === 'en' ? en : ja;
}

/** `?lang=en|ja` (the language switch), anything else keeps the current language. */
export function parseLang(value: unknown): Lang | undefined {
  return value === 'en' || value === 'ja' ? value : undefined;
}
