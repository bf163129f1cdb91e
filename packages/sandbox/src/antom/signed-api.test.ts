import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AntomTestMerchant } from '../testing/index.js';
import { merchantForEachTest } from '../testing/merchant-per-test.js';

// Every request verified strictly, every reply signed (spec/antom-au.md §3, §9, §12).

let shop: AntomTestMerchant;
merchantForEachTest(AntomTestMerchant.start, (merchant) => {
  shop = merchant;
});

const FIVE_MINUTES = 5 * 60 * 1000;

function expectRefused(reply: Awaited<ReturnType<AntomTestMerchant['call']>>, code: string) {
  expect(reply.status).toBe(200);
  expect(reply.verified).toBe(true);
  expect(reply.json.result.resultStatus).toBe('F');
  expect(reply.json.result.resultCode).toBe(code);
  expect(shop.antom.payments()).toHaveLength(0);
}

describe('request signatures', () => {
  it('accepts a correctly signed pay and signs the reply with the sandbox key', async () => {
    const reply = await shop.call('pay', shop.payBody());
    expect(reply.status).toBe(200);
    expect(reply.verified).toBe(true);
    expect(reply.headers.get('client-id')).toBe(shop.clientId);
    expect(reply.headers.get('response-time')).toBe(shop.now.toISOString());
    expect(reply.headers.get('signature')).toMatch(/^algorithm=RSA256,keyVersion=1,signature=/);
    expect(reply.json.result).toEqual({
      resultCode: 'PAYMENT_IN_PROCESS',
      resultStatus: 'U',
      resultMessage: 'payment in process',
    });
  });

  it('also accepts a signature over the full path requested (mount path included)', async () => {
    const signedPath = `/sandbox/antom${shop.apiPath('pay')}`;
    const reply = await shop.call('pay', shop.payBody(), { signedPath });
    expect(reply.verified).toBe(true);
    expect(reply.json.result.resultCode).toBe('PAYMENT_IN_PROCESS');
    const wrong = await shop.call('pay', shop.payBody(), { signedPath: '/elsewhere/pay' });
    expect(wrong.json.result.resultCode).toBe('INVALID_SIGNATURE');
  });

  it('refuses a signature made with another key: INVALID_SIGNATURE', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    expectRefused(await shop.call('pay', shop.payBody(), { privateKey }), 'INVALID_SIGNATURE');
  });

  it('refuses a body that is not the one signed: INVALID_SIGNATURE', async () => {
    const body = shop.payBody();
    const signedBody = JSON.stringify({ ...body, paymentAmount: { currency: 'JPY', value: '1' } });
    expectRefused(await shop.call('pay', body, { signedBody }), 'INVALID_SIGNATURE');
  });

  it('refuses a request-time more than 5 minutes from the sandbox clock, either way', async () => {
    for (const offset of [-FIVE_MINUTES - 1, FIVE_MINUTES + 1]) {
      const requestTime = String(shop.now.getTime() + offset);
      expectRefused(await shop.call('pay', shop.payBody(), { requestTime }), 'INVALID_SIGNATURE');
    }
    const edge = String(shop.now.getTime() - FIVE_MINUTES);
    expect(
      (await shop.call('pay', shop.payBody(), { requestTime: edge })).json.result.resultCode,
    ).toBe('PAYMENT_IN_PROCESS');
  });

  it('refuses another client id: INVALID_CLIENT', async () => {
    expectRefused(
      await shop.call('pay', shop.payBody(), { clientId: 'SANDBOX_OTHER000000000' }),
      'INVALID_CLIENT',
    );
  });

  it('refuses a SANDBOX_ client on the live path, and an unknown endpoint', async () => {
    const body = JSON.stringify(shop.payBody());
    const response = await fetch(`${shop.origin}/sandbox/antom/ams/api/v1/payments/pay`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'client-id': shop.clientId },
      body,
    });
    expect(((await response.json()) as { result: { resultCode: string } }).result.resultCode).toBe(
      'INVALID_CLIENT',
    );
    expectRefused(await shop.call('capture', {}), 'NO_INTERFACE_DEF');
  });

  it('refuses a body that is not JSON', async () => {
    expectRefused(
      await shop.call('pay', 'a=1', { contentType: 'application/x-www-form-urlencoded' }),
      'MEDIA_TYPE_NOT_ACCEPTABLE',
    );
    expectRefused(await shop.call('pay', '[1]'), 'PARAM_ILLEGAL');
  });
});
