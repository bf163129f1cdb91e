import { describe, expect, it } from 'vitest';
import { decodeSbpsErrorCode, SbpsApiError, sbpsErrorCodeForProblem } from './api-error.js';
import { validateSbpsApiRequest } from './api-request.js';

describe('decodeSbpsErrorCode', () => {
  it('decodes the spec §8 illustration: au, hash value error, sps_hashcode', () => {
    const error = decodeSbpsErrorCode('40209025');
    expect(error).toBeInstanceOf(SbpsApiError);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({
      name: 'SbpsApiError',
      code: '40209025',
      method: '402',
      type: '09',
      item: '025',
      field: 'sps_hashcode',
      known: true,
      retryable: false,
    });
    expect(error.messages).toEqual({
      en: 'The hash value does not match (sps_hashcode).',
      ja: 'ハッシュ値が一致しません（sps_hashcode）。',
    });
  });

  it('combines type and item into one sentence in both languages', () => {
    const error = decodeSbpsErrorCode('40233027');
    expect(error.message).toBe('The settlement period has passed (tracking_id).');
    expect(error.messages.ja).toBe('売上期間を過ぎています（tracking_id）。');
    expect(error.retryable).toBe(false);
  });

  it.each([
    ['402L4999', true],
    ['40229027', true],
    ['40280999', true],
    ['99996000', true],
    ['99990000', true],
    ['40222008', false],
    ['402L5027', false],
  ])('marks %s retryable: %s', (code, retryable) => {
    expect(decodeSbpsErrorCode(code).retryable).toBe(retryable);
  });

  it('leaves out the item for 999 (no specific item)', () => {
    const error = decodeSbpsErrorCode('402L4999');
    expect(error.field).toBeUndefined();
    expect(error.message).toBe(
      'The usable amount was exceeded or an error occurred at the au centre; retry later.',
    );
    expect(error.messages.ja).toContain('時間をおいて再度お試しください');
  });

  it('decodes common errors with method 999 and names item 000 in Japanese', () => {
    const error = decodeSbpsErrorCode('99996000');
    expect(error).toMatchObject({ method: '999', type: '96', known: true });
    expect(error.messages).toEqual({
      en: 'The same request was received twice (API request ID).',
      ja: 'リクエストが重複しています（APIリクエストID）。',
    });
  });

  it.each([
    '40220008',
    '40221008',
    '40222008',
    '40223027',
    '40224027',
    '40225027',
    '40226027',
    '40227200',
    '40228008',
    '40229027',
    '40230027',
    '40231027',
    '40232027',
    '40233027',
    '40234999',
    '40236027',
    '40237027',
    '40238027',
    '40240027',
    '40241027',
    '40242008',
    '40243027',
    '40275008',
    '402L0027',
    '402L1003',
    '402L2027',
    '402L3027',
    '402L4999',
    '402L5027',
    '402L6003',
    '402L7027',
    '402U0999',
    '402U1999',
    '402U2999',
    '402U3999',
  ])('knows the au error %s', (code) => {
    const error = decodeSbpsErrorCode(code);
    expect(error.known).toBe(true);
    expect(error.messages.en).toMatch(/\.$/);
    expect(error.messages.ja).toMatch(/。$/);
  });

  it.each([
    '00',
    '01',
    '02',
    '03',
    '04',
    '05',
    '06',
    '07',
    '08',
    '09',
    '10',
    '11',
    '12',
    '13',
    '14',
    '80',
    '81',
    '82',
    '83',
    '84',
    '85',
    '86',
    '90',
    '91',
    '92',
    '93',
    '94',
    '95',
    '96',
  ])('knows the common type %s', (type) => {
    expect(decodeSbpsErrorCode(`402${type}001`).known).toBe(true);
    expect(decodeSbpsErrorCode(`999${type}999`).known).toBe(true);
  });

  it.each(Array.from({ length: 31 }, (_, item) => String(item).padStart(3, '0')).concat('200'))(
    'knows the item code %s',
    (item) => {
      const error = decodeSbpsErrorCode(`40203${item}`);
      expect(error.known).toBe(true);
      expect(error.field).toBeDefined();
    },
  );

  it('does not apply au types to other payment methods', () => {
    const error = decodeSbpsErrorCode('10133027');
    expect(error.known).toBe(false);
    expect(error.message).toBe('SBPS reported error 10133027, which au-pay does not know.');
  });

  it('handles an unknown type, an unknown item and malformed codes gracefully', () => {
    expect(decodeSbpsErrorCode('402ZZ027')).toMatchObject({ known: false, retryable: false });
    const unknownItem = decodeSbpsErrorCode('40203555');
    expect(unknownItem).toMatchObject({ known: false, field: undefined });
    expect(unknownItem.messages).toEqual({
      en: 'A required item is missing (item 555).',
      ja: '必須項目が指定されていません（項目555）。',
    });
    for (const code of ['', '4020', 'abcdefgh', '402092025', '4020902x']) {
      const error = decodeSbpsErrorCode(code);
      expect(error.known).toBe(false);
      expect(error.retryable).toBe(false);
      expect(error.messages.ja).toContain('不明なエラー');
    }
    expect(decodeSbpsErrorCode('99990ABC').retryable).toBe(false);
  });
});

describe('sbpsErrorCodeForProblem', () => {
  it('maps validation problems of a received request to the res_err_code SBPS answers', () => {
    const problems = validateSbpsApiRequest('ST02-00201-402', {
      merchant_id: '12345',
      service_id: '001',
      amount: '12a',
      request_date: '2025030510000',
      sps_hashcode: 'x',
      pay_method: 'auone',
    });
    expect(problems.map(sbpsErrorCodeForProblem)).toEqual([
      '40213999', // pay_method: not specifiable, no item code of its own
      '40203027', // tracking_id missing (the code recorded from SBPS's sandbox)
      '40204008', // amount not digits
      '40205023', // request_date wrong length
    ]);
  });
});
