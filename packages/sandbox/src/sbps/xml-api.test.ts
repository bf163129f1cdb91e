import { formatSbpsDate } from '@au-pay/core';
import { computeSpsHashcode, encodeShiftJis } from '@au-pay/core/sbps';
import { describe, expect, it } from 'vitest';
import { API_USER, HASH_KEY, readForm, sandboxCode, TestMerchant } from '../testing/index.js';
import { merchantForEachTest } from '../testing/merchant-per-test.js';

// The API type (spec/sbps-au.md §8–§13) with the rules of §15 and the Japan-time windows of §16,
// driven by the injected clock. The harness starts at 2025-03-01 12:00 JST.

let shop: TestMerchant;
merchantForEachTest(TestMerchant.start, (merchant) => {
  shop = merchant;
});

async function authorized(
  overrides: Parameters<TestMerchant['purchaseRequest']>[0] = {},
): Promise<string> {
  const page = await shop.pay('success@au.example', shop.purchaseRequest(overrides));
  const trackingId = readForm(page, 'sbps-return').fields.find(
    ([n]) => n === 'res_tracking_id',
  )?.[1];
  if (!trackingId) throw new Error('no tracking id');
  return trackingId;
}

const at = (iso: string) => {
  shop.now = new Date(iso);
};

describe('access', () => {
  it('answers 401 without Basic auth or with a wrong password', async () => {
    const missing = await shop.api(
      'ST02-00201-402',
      { tracking_id: '12345678901234' },
      { auth: null },
    );
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toMatch(/^Basic realm=/);
    const wrong = `Basic ${Buffer.from(`${API_USER}:nope`).toString('base64')}`;
    expect(
      (await shop.api('ST02-00201-402', { tracking_id: '12345678901234' }, { auth: wrong })).status,
    ).toBe(401);
  });

  it('answers type 02 for an unknown function ID, without an id on the root', async () => {
    const body = encodeShiftJis(
      '<?xml version="1.0" encoding="Shift_JIS"?><sps-api-request id="ST02-00999-402"><merchant_id>12345</merchant_id></sps-api-request>',
    );
    const call = await shop.postApi(body);
    expect(call.status).toBe(200);
    expect(call.response).toMatchObject({ result: 'NG', errCode: '40202000' });
    expect(call.response?.id).toBeUndefined();
    expect(call.text).toMatch(/^<\?xml version='1.0' encoding='Shift_JIS' \?>/);
  });

  it('answers type 00 for malformed XML', async () => {
    const call = await shop.postApi(encodeShiftJis('<sps-api-request id="ST02-00201-402">'));
    expect(call.response?.errCode).toMatch(/^40200/);
  });

  it('refuses a wrong hash (09), another merchant (14) and an expired request (10)', async () => {
    const trackingId = await authorized();
    let call = await shop.api(
      'ST02-00201-402',
      { tracking_id: trackingId },
      { hashKey: 'other-key' },
    );
    expect(call.response?.errCode).toBe('40209025');
    call = await shop.api('ST02-00201-402', { tracking_id: trackingId, merchant_id: '99999' });
    expect(call.response?.errCode).toBe('40214001');
    const old = formatSbpsDate(new Date(shop.now.getTime() - 601_000));
    call = await shop.api('ST02-00201-402', { tracking_id: trackingId, request_date: old });
    expect(call.response?.errCode).toBe('40210023');
    expect(shop.sbps.purchase(trackingId)?.state).toBe('authorized');
  });

  it('reports validation problems with core codes (type + item)', async () => {
    // Core's builder refuses such input, so the XML is written by hand.
    const values = [
      ['merchant_id', '12345'],
      ['service_id', '001'],
      ['tracking_id', '1234'],
      ['request_date', formatSbpsDate(shop.now)],
      ['limit_second', '600'],
    ];
    const hash = computeSpsHashcode(
      values.map(([, v]) => v ?? ''),
      HASH_KEY,
      'shift_jis',
    );
    const xml = `<?xml version="1.0" encoding="Shift_JIS"?><sps-api-request id="ST02-00201-402">${values
      .map(([n, v]) => `<${n}>${v}</${n}>`)
      .join('')}<sps_hashcode>${hash}</sps_hashcode></sps-api-request>`;
    const call = await shop.postApi(encodeShiftJis(xml));
    expect(call.response).toMatchObject({
      id: 'ST02-00201-402',
      result: 'NG',
      errCode: '40205027',
    });
  });

  it('answers type 12 for an unknown tracking ID', async () => {
    const call = await shop.api('ST02-00201-402', { tracking_id: '99999999999999' });
    expect(call.response?.errCode).toBe('40212027');
  });
});

describe('settlement and cancellation windows (90th day including the purchase date)', () => {
  it('settles until 2025-05-30 00:00 JST for a purchase on 2025-03-01, then answers 33', async () => {
    const early = await authorized();
    const late = await authorized();
    at('2025-05-29T14:59:59Z');
    expect((await shop.api('ST02-00201-402', { tracking_id: early })).response?.result).toBe('OK');
    at('2025-05-29T15:00:00Z');
    expect((await shop.api('ST02-00201-402', { tracking_id: late })).response?.errCode).toBe(
      '40233027',
    );
    // The lapsed authorization cannot be cancelled either.
    expect((await shop.api('ST02-00303-402', { tracking_id: late })).response?.errCode).toBe(
      '40225027',
    );
  });

  it('does not cancel part of an authorization (use a partial settlement)', async () => {
    const trackingId = await authorized();
    const call = await shop.api('ST02-00303-402', { tracking_id: trackingId, amount: '100' });
    expect(call.response?.errCode).toBe('40213008');
  });

  it('answers 20/25 for a purchase that never authorized', async () => {
    const page = await shop.pay('limit@au.example');
    const trackingId =
      readForm(page, 'sbps-return').fields.find(([n]) => n === 'res_tracking_id')?.[1] ?? '';
    expect((await shop.api('ST02-00201-402', { tracking_id: trackingId })).response?.errCode).toBe(
      '40220027',
    );
    expect((await shop.api('ST02-00303-402', { tracking_id: trackingId })).response?.errCode).toBe(
      '40225027',
    );
  });
});

describe('refund windows', () => {
  it('refunds until the end of the month after next from the sales date, then answers 31', async () => {
    const inTime = await authorized();
    const tooLate = await authorized();
    await shop.api('ST02-00201-402', { tracking_id: inTime });
    await shop.api('ST02-00201-402', { tracking_id: tooLate });
    // Sold on 2025-03-01 JST: refunds close at 2025-06-01 00:00 JST.
    at('2025-05-31T14:59:59Z');
    expect((await shop.api('ST02-00303-402', { tracking_id: inTime })).response?.result).toBe('OK');
    at('2025-05-31T15:00:00Z');
    const call = await shop.api('ST02-00303-402', { tracking_id: tooLate });
    expect(call.response?.errCode).toBe('40231027');
    expect(shop.sbps.purchase(tooLate)?.state).toBe('captured');
  });

  it('opens partial refunds at 00:00 JST on the 1st of the month after the sales date', async () => {
    const trackingId = await authorized();
    await shop.api('ST02-00201-402', { tracking_id: trackingId });
    at('2025-03-31T14:59:59Z');
    let call = await shop.api('ST02-00303-402', { tracking_id: trackingId, amount: '100' });
    expect(call.response?.errCode).toBe('40228027');
    at('2025-03-31T15:00:00Z');
    call = await shop.api('ST02-00303-402', { tracking_id: trackingId, amount: '100' });
    expect(call.response?.result).toBe('OK');
    // The rest, without an amount.
    call = await shop.api('ST02-00303-402', { tracking_id: trackingId });
    expect(call.response?.result).toBe('OK');
    expect(shop.sbps.purchase(trackingId)).toMatchObject({
      state: 'refunded',
      refundedTotal: 1100,
    });
  });
});

describe('recurring', () => {
  it('fixed-term: charges on the contract, settles them, and ends the contract', async () => {
    const contract = await authorized({ billing: 'recurring_fixed_term', custCode: 'CUST0002' });
    expect(shop.sbps.contract(contract)).toMatchObject({
      kind: 'fixed',
      state: 'active',
    });
    const charge = {
      tracking_id: contract,
      cust_code: 'CUST0002',
      order_id: 'ORD-R-202503',
      item_id: 'SUB-PLAN',
      item_name: '月額プラン',
      amount: '980',
    };
    let call = await shop.api('ST01-00104-402', charge);
    expect(call.response?.result).toBe('OK');
    const chargeId = call.response?.trackingId ?? '';
    expect(chargeId).toMatch(/^\d{14}$/);
    expect(chargeId).not.toBe(contract);
    expect(shop.sbps.purchase(chargeId)).toMatchObject({
      state: 'authorized',
      amount: 980,
      itemName: '月額プラン',
    });
    expect((await shop.api('ST02-00201-402', { tracking_id: chargeId })).response?.result).toBe(
      'OK',
    );

    call = await shop.api('ST01-00104-402', { ...charge, order_id: 'ORD-R-2', cust_code: 'OTHER' });
    expect(call.response?.errCode).toBe('402L1003');
    call = await shop.api('ST01-00104-402', {
      ...charge,
      order_id: 'ORD-R-3',
      tracking_id: chargeId,
    });
    expect(call.response?.errCode).toBe('402L0027');

    expect((await shop.api('ST02-00309-402', { tracking_id: contract })).response?.result).toBe(
      'OK',
    );
    expect((await shop.api('ST02-00309-402', { tracking_id: contract })).response?.errCode).toBe(
      '402L7027',
    );
    call = await shop.api('ST01-00104-402', { ...charge, order_id: 'ORD-R-4' });
    expect(call.response?.errCode).toBe('402L2027');
  });

  it('fixed-term: the contract expires on the 365th day after the last payment', async () => {
    const contract = await authorized({ billing: 'recurring_fixed_term' });
    at('2026-02-28T15:00:00Z'); // 2026-03-01 00:00 JST = 2025-03-01 + 365 days
    const call = await shop.api('ST01-00104-402', {
      tracking_id: contract,
      cust_code: 'CUST0001',
      order_id: 'ORD-LATE',
      item_id: 'SUB',
      item_name: 'プラン',
      amount: '100',
    });
    expect(call.response?.errCode).toBe('402L3027');
  });

  it('recurring simple: automated sales, first month refundable from next month, cancellation', async () => {
    const contract = await authorized({ billing: 'recurring_simple' });
    expect(shop.sbps.purchase(contract)).toMatchObject({
      state: 'captured',
      salesMode: 'automatic',
    });
    expect((await shop.api('ST02-00201-402', { tracking_id: contract })).response?.errCode).toBe(
      '40224027',
    );
    let call = await shop.api('ST02-00303-402', {
      tracking_id: contract,
      cancel_target_month: '202503',
    });
    expect(call.response?.errCode).toBe('40229027');
    at('2025-03-31T15:00:00Z');
    call = await shop.api('ST02-00303-402', {
      tracking_id: contract,
      cancel_target_month: '202502',
    });
    expect(call.response?.errCode).toBe('40227200');
    call = await shop.api('ST02-00303-402', {
      tracking_id: contract,
      cancel_target_month: '202503',
    });
    expect(call.response?.result).toBe('OK');
    expect((await shop.api('ST02-00302-402', { tracking_id: contract })).response?.result).toBe(
      'OK',
    );
    expect((await shop.api('ST02-00302-402', { tracking_id: contract })).response?.errCode).toBe(
      '40232027',
    );
  });

  it('recurring simple: cancelled through the link (A01-1 service_type=1) with a notice', async () => {
    const contract = await authorized({ billing: 'recurring_simple' });
    const cancel = shop.purchaseRequest({
      billing: 'recurring_simple',
      cancelTrackingId: contract,
    });
    const login = await shop.start(cancel);
    const code = await shop.submit(login.url, 'login', { au_id: 'a@b.example', password: 'x' });
    const confirm = await shop.submit(code.url, 'code', {
      code: sandboxCode(code),
    });
    expect(confirm.html).toContain('<h1>継続課金の解約</h1>');
    expect(confirm.html).not.toContain('お支払い金額');
    const done = await shop.submit(confirm.url, 'confirm', { pin: '1234' });
    expect(done.html).toContain('解約が完了しました');
    const notice = shop.notifications.at(-1)?.params;
    expect(notice).toMatchObject({
      res_result: 'OK',
      pay_type: '1',
      service_type: '1',
      tracking_id: contract,
      res_tracking_id: contract,
    });
    expect(shop.notifications.at(-1)?.verified).toBe(true);
    expect((await shop.followReturn(done)).kind).toBe('success');
    expect(shop.sbps.contract(contract)?.state).toBe('cancelled');
    const again = await shop.postPurchase(
      shop.purchaseRequest({ billing: 'recurring_simple', cancelTrackingId: contract }),
    );
    expect(await again.text()).toContain('40232027');
  });
});
