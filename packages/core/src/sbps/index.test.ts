import { describe, expect, it } from 'vitest';
import * as sbps from './index.js';

const KEY = '0123456789abcdef0123456789abcdef01234567';

// The contracts DESIGN.md promises for @au-pay/core/sbps, exercised through the entry point.
describe('@au-pay/core/sbps entry', () => {
  it('computes sps_hashcode as specified', () => {
    expect(
      sbps.computeSpsHashcode(
        ['12345', '001', '33334444555566', '20250620000000', '600'],
        KEY,
        'shift_jis',
      ),
    ).toBe('73370778c3d5114897722f36c66162cf17337705');
  });

  it('decodes a Shift_JIS notification body and verifies it', () => {
    const fields: Record<string, string> = {
      merchant_id: '12345',
      service_id: '001',
      item_name: 'テスト商品',
      res_result: 'OK',
      res_date: '20250301120131',
    };
    const signed = { ...fields, sps_hashcode: sbps.signSbpsResult('notification', fields, KEY) };
    const body = new TextEncoder().encode(sbps.encodeSbpsForm(Object.entries(signed)));
    const decoded = sbps.decodeSbpsForm(body);
    expect(decoded).toEqual(signed);
    expect(sbps.verifySbpsResult('notification', decoded, KEY)).toBe(true);
    expect(sbps.verifySbpsResult('return', decoded, KEY)).toBe(false);
  });

  it('carries an API request from builder to SBPS-side verification and back as a response', () => {
    const values = {
      merchant_id: '12345',
      service_id: '001',
      tracking_id: '33334444555566',
      request_date: '20250620000000',
      limit_second: '600',
    };
    const request = sbps.parseSbpsApiRequest(
      sbps.buildSbpsApiRequest('ST02-00309-402', values, KEY),
    );
    expect(sbps.verifySbpsApiRequest(request, KEY)).toBe(true);
    const answer = sbps.parseSbpsApiResponse(
      sbps.buildSbpsApiResponse({ result: 'NG', errCode: '402L7027', date: '20250620000001' }),
    );
    expect(answer.error).toBeInstanceOf(sbps.SbpsApiError);
    expect(answer.error?.messages.en).toBe(
      'The contract has already been cancelled (tracking_id).',
    );
  });
});
