import { fieldValue, type SbpsFieldValues } from './field.js';
import { fieldProblem, type SbpsFieldProblem, validateSbpsFields } from './field-validation.js';
import { verifyFieldHash } from './hashcode.js';
import { RECURRING_APPLICATION_FIELDS } from './link-fields.js';
import { linkRequestPairs, type SbpsLinkRequestInput, signLinkRequest } from './link-request.js';

/** What a D01-1 asks SBPS to do with a fixed-term / pay-as-you-go contract (spec §7 row 8). */
export type RecurringApplicationAction = 'apply' | 'cancel' | 'reapply';

const SERVICE_TYPE: Readonly<Record<RecurringApplicationAction, string>> = {
  apply: '0',
  cancel: '1',
  reapply: '2',
};

/** Typed input of the D01-1 recurring application (spec §7). */
export type RecurringApplicationInput = SbpsLinkRequestInput &
  (
    | { readonly action: 'apply' }
    | {
        readonly action: 'cancel' | 'reapply';
        /** The contract to act on. */
        readonly trackingId: string;
      }
  );

/**
 * Problems of a D01-1 request: its field table, plus `pay_method` required when `service_type`
 * is 1, 2 or 3 (spec §7 row 1) and `tracking_id` for 1 and 2 (spec §7 row 9, assumed). Never throws.
 */
export function validateRecurringApplication(values: SbpsFieldValues): SbpsFieldProblem[] {
  const problems = validateSbpsFields(RECURRING_APPLICATION_FIELDS, values);
  const serviceType = fieldValue(values, 'service_type');
  const needs = (field: string, serviceTypes: readonly string[]) => {
    if (!serviceTypes.includes(serviceType) || fieldValue(values, field) !== '') return;
    problems.push(
      fieldProblem(field, 'required', (name) => ({
        en: `${name.en} is required when service_type is ${serviceType}.`,
        ja: `service_typeが${serviceType}の場合、${name.ja}は必須です。`,
      })),
    );
  };
  needs('pay_method', ['1', '2', '3']);
  needs('tracking_id', ['1', '2']);
  return problems;
}

/**
 * The signed D01-1 request as ordered `[name, value]` pairs, `sps_hashcode` (UTF-8, spec §3) last.
 * Throws `SbpsValidationError` listing every problem with the input.
 */
export function buildRecurringApplication(
  input: RecurringApplicationInput,
  hashKey: string,
): Array<[string, string]> {
  return signLinkRequest(
    'D01-1 recurring application',
    RECURRING_APPLICATION_FIELDS,
    [
      ['pay_method', 'auone'],
      ...linkRequestPairs(input),
      ['service_type', SERVICE_TYPE[input.action]],
      ['tracking_id', input.action === 'apply' ? '' : input.trackingId],
    ],
    validateRecurringApplication,
    hashKey,
  );
}

/** Checks the `sps_hashcode` of a received D01-1: rows 1–19 in order, over UTF-8 (spec §3, §7). */
export function verifyRecurringApplication(params: SbpsFieldValues, hashKey: string): boolean {
  return verifyFieldHash(RECURRING_APPLICATION_FIELDS, params, hashKey, 'utf-8');
}
