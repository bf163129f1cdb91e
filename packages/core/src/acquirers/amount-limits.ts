import type { AcquirerId, AcquirerProfile } from './profile.js';
import { acquirerIds } from './profile.js';

/**
 * What `checkAmount` needs to know of an acquirer: its amount limits, and its name, which the
 * limit refusals quote ("at most ¥500,000 for au PAY through Antom").
 */
export type AcquirerLimits = Pick<AcquirerProfile, 'name' | 'amount'>;

// SBPS's maximum is also NomuPay's (below).
const sbpsMax = 9_999_999;

/**
 * Every acquirer's amount limits, apart from the rest of its profile: the profiles read theirs
 * from here, and `checkAmount` reads this table alone, so that a bundle checking amounts (the
 * `<au-pay>` widget) carries none of the capabilities, windows and timeouts.
 */
export const acquirerLimits: Readonly<Record<AcquirerId, AcquirerLimits>> = {
  sbps: {
    name: { en: 'SoftBank Payment Service', ja: 'SBペイメントサービス' },
    // spec/sbps-au.md §4 row 12: amount "1–9,999,999 in SBPS format" (7 digits, type 9).
    amount: { min: 1, max: sbpsMax, maxPublished: true },
  },
  antom: {
    name: { en: 'Antom', ja: 'Antom' },
    // seeds/000 (Antom): "Minimum payment amount | 1 JPY", "Maximum payment amount | 500,000 JPY".
    amount: { min: 1, max: 500_000, maxPublished: true },
  },
  nomupay: {
    name: { en: 'NomuPay', ja: 'NomuPay' },
    // seeds/001 (NomuPay): "Min Amount | 1". spec/nomupay-au.md §13: maximum "Not published;
    // reuse the SBPS/au limit from the SBPS spec".
    amount: { min: 1, max: sbpsMax, maxPublished: false },
  },
};

/** The error for an acquirer id au-pay does not know, naming the ones it does. */
export function unknownAcquirer(id: unknown): RangeError {
  return new RangeError(
    `Unknown acquirer ${JSON.stringify(id)}: expected one of ${acquirerIds.join(', ')}.`,
  );
}

/** The limits of an acquirer; throws `unknownAcquirer` for anything else. */
export function acquirerLimitsOf(id: AcquirerId): AcquirerLimits {
  if (!(acquirerIds as readonly string[]).includes(id)) throw unknownAcquirer(id);
  return acquirerLimits[id];
}
