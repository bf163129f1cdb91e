import { acquirerLimitsOf } from './acquirers/amount-limits.js';
import type { AcquirerId } from './acquirers/profile.js';
import type { LocalizedText } from './localized-text.js';
import type { AmountRefusalCode, RefusalDetailsByCode } from './refusals.js';
import { amountRefusalMessages } from './refusals.js';

export type AmountCheck =
  | { ok: true; amount: number }
  | {
      ok: false;
      code: AmountRefusalCode;
      /** The English message (same as `messages.en`). */
      message: string;
      messages: LocalizedText;
    };

// Half-width digits only, like SBPS's type `9` (spec/sbps-au.md §2): no sign, spaces, separators,
// exponents, hex prefixes or full-width digits. Leading zeros are digits too ("0100" is 100).
const DIGITS = /^[0-9]+$/;
// Shapes that are numbers but not whole non-negative yen get their own codes below.
const NEGATIVE_DIGITS = /^-[0-9]+(\.[0-9]+)?$/;
const DECIMAL = /^[0-9]+\.[0-9]+$/;

function refused<C extends AmountRefusalCode>(
  code: C,
  details: RefusalDetailsByCode[C],
): AmountCheck {
  const messages = amountRefusalMessages[code](details);
  return { ok: false, code, message: messages.en, messages };
}

/**
 * Checks an amount in whole yen against an acquirer's limits (DESIGN Contracts). Accepts a number
 * or a string of half-width digits, because HTML attribute values are strings (`"1980"`).
 * Deliberately refused, each with its own code: surrounding spaces (`" 1980"`), exponents
 * (`"1e3"`), hex (`"0x10"`), separators (`"1,980"`), full-width digits (`"１９８０"`) and `"+5"`
 * are `amount_not_a_number`; `"1.5"`, `1.5` and also `"1980.0"` are `amount_not_integer`
 * (yen has no decimals, so a decimal point means a mistake); `"-1"` and `-1` are `amount_negative`.
 */
export function checkAmount(value: unknown, acquirer: AcquirerId): AmountCheck {
  // Limits alone, not the profile: the widget bundles this function (acquirers/amount-limits.ts).
  const { name, amount: limits } = acquirerLimitsOf(acquirer);
  let amount: number;
  if (value === undefined || value === null || value === '') return refused('amount_missing', {});
  if (typeof value === 'string') {
    if (NEGATIVE_DIGITS.test(value)) return refused('amount_negative', {});
    if (DECIMAL.test(value)) return refused('amount_not_integer', {});
    if (!DIGITS.test(value)) return refused('amount_not_a_number', {});
    amount = Number(value);
  } else if (typeof value === 'number') {
    if (Number.isNaN(value)) return refused('amount_not_a_number', {});
    if (!Number.isFinite(value)) return refused('amount_not_finite', {});
    if (value < 0) return refused('amount_negative', {});
    if (!Number.isInteger(value)) return refused('amount_not_integer', {});
    amount = value;
  } else {
    return refused('amount_wrong_type', {});
  }
  // -0 is zero, and zero is below every minimum.
  if (amount < limits.min) {
    return refused('amount_below_minimum', { acquirer: name, limit: limits.min });
  }
  if (amount > limits.max) {
    return refused('amount_above_maximum', { acquirer: name, limit: limits.max });
  }
  return { ok: true, amount };
}
