import { decodeSbpsErrorCode, type SbpsApiError } from './api-error.js';
import { SBPS_API_RESPONSE_FIELDS } from './api-fields.js';
import { assertNoProblems, validateSbpsFields } from './field-validation.js';
import { encodeShiftJis } from './shift-jis.js';
import { escapeXml, parseSbpsXml, SbpsXmlError } from './xml.js';

/** Content-Type SBPS answers API requests with (spec §8). */
export const SBPS_API_RESPONSE_CONTENT_TYPE = 'text/xml;charset=Shift_JIS';

/** An API response as read by the merchant. */
export interface SbpsApiResponse {
  /** Function ID on the root; absent when SBPS could not identify the request (spec §8). */
  readonly id?: string;
  readonly result: 'OK' | 'NG';
  /** `''` when SBPS sent none (NG answers to unreadable requests carry only the error). */
  readonly spsTransactionId: string;
  /** Tracking ID created by this request (ST01-00104-402). */
  readonly trackingId?: string;
  /** `res_pay_method_info/res_cancel_type` of ST02-00303-402; opaque (spec §17 item 7). */
  readonly cancelType?: string;
  /** `yyyyMMddHHmmss` JST, `''` when absent. */
  readonly processDate: string;
  readonly errCode?: string;
  /** `res_date`, `yyyyMMddHHmmss` JST. */
  readonly date: string;
  /** The decoded `errCode`. */
  readonly error?: SbpsApiError;
}

/** What the SBPS side answers (sandbox emulator). */
export interface SbpsApiResponseInput {
  readonly id?: string;
  readonly result: 'OK' | 'NG';
  readonly spsTransactionId?: string;
  readonly trackingId?: string;
  readonly cancelType?: string;
  readonly processDate?: string;
  readonly errCode?: string;
  readonly date: string;
}

const INDENT = '    ';

/**
 * Shift_JIS bytes of an API response laid out as SBPS writes it (spec §8): declaration in single
 * quotes, `<sps-api-response id="…">`, elements in spec order, empty ones as `<x/>`
 * (`res_err_code` is always present). Serve with {@link SBPS_API_RESPONSE_CONTENT_TYPE}.
 * Throws `SbpsValidationError` when a value does not fit its element.
 */
export function buildSbpsApiResponse(input: SbpsApiResponseInput): Uint8Array {
  const values: Record<string, string | undefined> = {
    res_result: input.result,
    res_sps_transaction_id: input.spsTransactionId,
    res_tracking_id: input.trackingId,
    res_cancel_type: input.cancelType,
    res_process_date: input.processDate,
    res_err_code: input.errCode ?? '',
    res_date: input.date,
  };
  const given = Object.fromEntries(
    Object.entries(values).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
  assertNoProblems('SBPS API response', validateSbpsFields(SBPS_API_RESPONSE_FIELDS, given));

  const lines = SBPS_API_RESPONSE_FIELDS.flatMap((field) => {
    const value = given[field.name];
    if (value === undefined) return [];
    const element =
      value === '' ? `<${field.name}/>` : `<${field.name}>${escapeXml(value)}</${field.name}>`;
    return field.parent === undefined
      ? [`${INDENT}${element}`]
      : [`${INDENT}<${field.parent}>`, `${INDENT}  ${element}`, `${INDENT}</${field.parent}>`];
  });
  const id = input.id === undefined ? '' : ` id="${escapeXml(input.id)}"`;
  return encodeShiftJis(
    [
      "<?xml version='1.0' encoding='Shift_JIS' ?>",
      `  <sps-api-response${id}>`,
      ...lines,
      '  </sps-api-response>',
      '',
    ].join('\n'),
  );
}

/**
 * Reads an SBPS API response (Shift_JIS XML) into a typed object; `error` holds the decoded
 * `res_err_code` when there is one. Throws `SbpsXmlError` on malformed XML, a wrong root, or a
 * missing or unexpected `res_result` / `res_date`.
 */
export function parseSbpsApiResponse(bytes: Uint8Array): SbpsApiResponse {
  const document = parseSbpsXml(bytes);
  if (document.root !== 'sps-api-response') {
    throw new SbpsXmlError(
      'unexpected_root',
      `Expected <sps-api-response>, got <${document.root}>.`,
    );
  }
  const value = (name: string): string | undefined =>
    document.leaves.find((leaf) => leaf.name === name)?.value;
  const result = value('res_result');
  if (result !== 'OK' && result !== 'NG') {
    throw new SbpsXmlError(
      result === undefined ? 'missing_element' : 'unexpected_value',
      `res_result must be OK or NG (got ${result === undefined ? 'none' : `"${result}"`}).`,
    );
  }
  const date = value('res_date');
  if (date === undefined)
    throw new SbpsXmlError('missing_element', 'The response has no res_date.');
  const optional = (key: string, found: string | undefined) =>
    found === undefined || found === '' ? {} : { [key]: found };
  const errCode = value('res_err_code');
  return {
    ...optional('id', document.attributes.id),
    result,
    spsTransactionId: value('res_sps_transaction_id') ?? '',
    ...optional('trackingId', value('res_tracking_id')),
    ...optional('cancelType', value('res_cancel_type')),
    processDate: value('res_process_date') ?? '',
    ...optional('errCode', errCode),
    date,
    ...(errCode === undefined || errCode === '' ? {} : { error: decodeSbpsErrorCode(errCode) }),
  };
}
