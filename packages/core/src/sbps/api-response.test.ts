import { describe, expect, it } from 'vitest';
import { SbpsApiError } from './api-error.js';
import {
  buildSbpsApiResponse,
  parseSbpsApiResponse,
  SBPS_API_RESPONSE_CONTENT_TYPE,
} from './api-response.js';
import { SbpsValidationError } from './field-validation.js';
import { decodeShiftJis, encodeShiftJis } from './shift-jis.js';
import { SbpsXmlError } from './xml.js';

const OK = {
  id: 'ST02-00201-402',
  result: 'OK',
  spsTransactionId: 'B12345001ST020020140200000000001',
  processDate: '20250305100001',
  date: '20250305100002',
} as const;

describe('buildSbpsApiResponse', () => {
  it('writes the response as SBPS does: single-quoted declaration, <res_err_code/> when empty', () => {
    expect(SBPS_API_RESPONSE_CONTENT_TYPE).toBe('text/xml;charset=Shift_JIS');
    expect(decodeShiftJis(buildSbpsApiResponse({ ...OK, spsTransactionId: 'B1' }))).toBe(
      [
        "<?xml version='1.0' encoding='Shift_JIS' ?>",
        '  <sps-api-response id="ST02-00201-402">',
        '    <res_result>OK</res_result>',
        '    <res_sps_transaction_id>B1</res_sps_transaction_id>',
        '    <res_process_date>20250305100001</res_process_date>',
        '    <res_err_code/>',
        '    <res_date>20250305100002</res_date>',
        '  </sps-api-response>',
        '',
      ].join('\n'),
    );
  });

  it('nests res_cancel_type in res_pay_method_info and includes res_tracking_id', () => {
    const xml = decodeShiftJis(
      buildSbpsApiResponse({
        ...OK,
        spsTransactionId: 'B1',
        trackingId: '12345678901234',
        cancelType: '01',
      }),
    );
    expect(xml).toContain('<res_tracking_id>12345678901234</res_tracking_id>');
    expect(xml).toContain(
      '<res_pay_method_info>\n      <res_cancel_type>01</res_cancel_type>\n    </res_pay_method_info>',
    );
  });

  it('refuses values that do not fit their element', () => {
    expect(() => buildSbpsApiResponse({ ...OK, errCode: '402' })).toThrow(SbpsValidationError);
    expect(() => buildSbpsApiResponse({ ...OK, spsTransactionId: 'x'.repeat(33) })).toThrow(
      /res_sps_transaction_id is too long/,
    );
  });
});

describe('parseSbpsApiResponse', () => {
  it('round-trips an OK response', () => {
    expect(parseSbpsApiResponse(buildSbpsApiResponse(OK))).toEqual({
      id: 'ST02-00201-402',
      result: 'OK',
      spsTransactionId: OK.spsTransactionId,
      processDate: OK.processDate,
      date: OK.date,
    });
  });

  it('round-trips tracking ID and cancel type', () => {
    const parsed = parseSbpsApiResponse(
      buildSbpsApiResponse({ ...OK, trackingId: '12345678901234', cancelType: '01' }),
    );
    expect(parsed).toMatchObject({ trackingId: '12345678901234', cancelType: '01' });
  });

  it('decodes the error of an NG response', () => {
    const parsed = parseSbpsApiResponse(
      buildSbpsApiResponse({ ...OK, result: 'NG', errCode: '40233027' }),
    );
    expect(parsed.result).toBe('NG');
    expect(parsed.errCode).toBe('40233027');
    expect(parsed.error).toBeInstanceOf(SbpsApiError);
    expect(parsed.error?.message).toBe('The settlement period has passed (tracking_id).');
  });

  it('reads a recorded SBPS sandbox NG answer without id, transaction ID or process date', () => {
    // Shape of a response recorded from SBPS's sandbox (spec §8 sources, taskey/sbpayment.rb).
    const xml =
      "<?xml version='1.0' encoding='Shift_JIS' ?>\n  <sps-api-response>\n" +
      '    <res_result>NG</res_result>\n    <res_err_code>40203027</res_err_code>\n' +
      '    <res_date>20191018172431</res_date>\n  </sps-api-response>\n';
    const parsed = parseSbpsApiResponse(encodeShiftJis(xml));
    expect(parsed).toMatchObject({
      result: 'NG',
      spsTransactionId: '',
      processDate: '',
      errCode: '40203027',
      date: '20191018172431',
    });
    expect(parsed.id).toBeUndefined();
    expect(parsed.error?.messages.en).toBe('A required item is missing (tracking_id).');
  });

  it('decodes escaped entities', () => {
    const xml =
      '<sps-api-response><res_result>OK</res_result><res_sps_transaction_id>a&amp;b&#x41;&#66;</res_sps_transaction_id><res_date>1</res_date></sps-api-response>';
    expect(parseSbpsApiResponse(encodeShiftJis(xml)).spsTransactionId).toBe('a&bAB');
  });

  const parseError = (xml: string): SbpsXmlError => {
    try {
      parseSbpsApiResponse(encodeShiftJis(xml));
    } catch (error) {
      if (error instanceof SbpsXmlError) return error;
      throw error;
    }
    throw new Error('expected an SbpsXmlError');
  };

  it.each([
    ['<sps-api-request/>', 'unexpected_root'],
    ['<sps-api-response><res_date>1</res_date></sps-api-response>', 'missing_element'],
    [
      '<sps-api-response><res_result>PY</res_result><res_date>1</res_date></sps-api-response>',
      'unexpected_value',
    ],
    ['<sps-api-response><res_result>OK</res_result></sps-api-response>', 'missing_element'],
    ['<sps-api-response><res_result>OK</res_result>', 'malformed_xml'],
    ['<html><body>Service Unavailable</body></html>', 'unexpected_root'],
  ])('refuses %s with %s', (xml, code) => {
    expect(parseError(xml).code).toBe(code);
  });
});
