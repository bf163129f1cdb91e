import { formatSbpsDate } from '@au-pay/core';
import {
  computeSpsHashcode,
  RECURRING_APPLICATION_FIELDS,
  verifySbpsResult,
} from '@au-pay/core/sbps';
import { describe, expect, it } from 'vitest';
import { HASH_KEY, readForm, TestMerchant } from '../testing/index.js';
import { merchantForEachTest } from '../testing/merchant-per-test.js';

// D01-1, the recurring (fixed-term / pay-as-you-go) application, over HTTP (spec/sbps-au.md §7,
// §13, §15; endpoint and result layout assumed, §17 item 10).

let shop: TestMerchant;
merchantForEachTest(TestMerchant.start, (merchant) => {
  shop = merchant;
});

type Pairs = Array<[string, string]>;
const D01_1 = { endpoint: 'FepPayInfoReceive.do' } as const;

// D01-1 rows 1–10 and 15–18, then A02-1 rows 34–43 (spec §7 "Result").
const RESULT_NAMES = [
  'pay_method',
  'merchant_id',
  'service_id',
  'cust_code',
  'order_id',
  'item_id',
  'item_name',
  'service_type',
  'tracking_id',
  'terminal_type',
  'free1',
  'free2',
  'free3',
  'request_date',
  'res_pay_method',
  'res_result',
  'res_tracking_id',
  'res_sps_cust_no',
  'res_sps_payment_no',
  'res_payinfo_key',
  'res_payment_date',
  'res_err_code',
  'res_date',
  'limit_second',
  'sps_hashcode',
];

/** Changes values, then signs rows 1–19 again over `encoding`. */
function resign(
  pairs: Pairs,
  changes: Record<string, string>,
  encoding: 'utf-8' | 'shift_jis' = 'utf-8',
): Pairs {
  const unsigned = pairs
    .filter(([name]) => name !== 'sps_hashcode')
    .map(([name, value]): [string, string] => [name, changes[name] ?? value]);
  const order = RECURRING_APPLICATION_FIELDS.map((field) => field.name);
  const values = order
    .filter((name) => name !== 'sps_hashcode')
    .map((name) => unsigned.find(([n]) => n === name)?.[1] ?? '');
  return [...unsigned, ['sps_hashcode', computeSpsHashcode(values, HASH_KEY, encoding)]];
}

async function refusal(pairs: Pairs): Promise<{ status: number; html: string }> {
  const response = await shop.postPurchase(pairs, D01_1);
  return { status: response.status, html: await response.text() };
}

/** Applies through the au screens; the contract's tracking ID from the A02-1. */
async function applied(overrides: Parameters<TestMerchant['applicationRequest']>[0] = {}) {
  const done = await shop.apply('success@au.example', shop.applicationRequest(overrides));
  const received = await shop.followReturn(done);
  expect(received.kind).toBe('success');
  const trackingId = shop.notifications.at(-1)?.params.res_tracking_id ?? '';
  expect(trackingId).toMatch(/^\d{14}$/);
  return trackingId;
}

const charge = (trackingId: string, orderId: string) =>
  shop.api('ST01-00104-402', {
    tracking_id: trackingId,
    cust_code: 'CUST0003',
    order_id: orderId,
    item_id: 'SUB-PLAN',
    item_name: '都度課金プラン',
    amount: '300',
  });

describe('D01-1 application (service_type=0)', () => {
  it('opens a fixed-term contract with no charge, reported by an A02-1 and an A03-1 of D01-1 rows', async () => {
    const pairs = shop.applicationRequest({ free1: 'メモ' });
    const orderId = pairs.find(([name]) => name === 'order_id')?.[1];
    const done = await shop.apply('success@au.example', pairs);
    expect(done.html).toContain('お申し込みが完了しました');

    expect(shop.notifications).toHaveLength(1);
    const notification = shop.notifications[0];
    expect(notification?.verified).toBe(true);
    const params = notification?.params ?? {};
    expect(Object.keys(params).sort()).toEqual([...RESULT_NAMES].sort());
    expect(params).toMatchObject({
      order_id: orderId,
      service_type: '0',
      tracking_id: '',
      item_name: '都度課金プラン',
      free1: 'メモ',
      res_result: 'OK',
      res_err_code: '',
      res_payment_date: formatSbpsDate(shop.now),
    });
    expect(params.sps_hashcode).toMatch(/^[0-9A-F]{40}$/);

    const received = await shop.followReturn(done);
    expect(received.kind).toBe('success');
    expect(verifySbpsResult('return', received.params, HASH_KEY)).toBe(true);
    expect(received.params.res_tracking_id).toBe(params.res_tracking_id);
    expect(received.params).not.toHaveProperty('amount');

    const trackingId = params.res_tracking_id ?? '';
    expect(shop.sbps.contract(trackingId)).toMatchObject({
      kind: 'fixed',
      state: 'active',
      custCode: 'CUST0003',
    });
    // No charge was made: the contract has no purchase.
    expect(shop.sbps.purchase(trackingId)).toBeUndefined();
    const call = await charge(trackingId, 'ORD-D-CHARGE-1');
    expect(call.response?.result).toBe('OK');
    expect(shop.sbps.purchase(call.response?.trackingId ?? '')).toMatchObject({
      state: 'authorized',
      amount: 300,
      contractTrackingId: trackingId,
    });
  });

  it('cancel@au.example: back to cancel_url, no A02-1 and no contract', async () => {
    const done = await shop.apply('cancel@au.example');
    const received = await shop.followReturn(done);
    expect(received.kind).toBe('cancel');
    expect(received.params.res_result).toBe('NG');
    expect(shop.notifications).toHaveLength(0);
    expect(shop.sbps.contracts()).toHaveLength(0);
  });

  it('restricted@au.example: back to error_url, no A02-1 and no contract', async () => {
    const received = await shop.followReturn(await shop.apply('restricted@au.example'));
    expect(received.kind).toBe('error');
    expect(received.params.res_err_code).toBe('AUU1');
    expect(shop.notifications).toHaveLength(0);
    expect(shop.sbps.contracts()).toHaveLength(0);
  });
});

describe('D01-1 refusals (SBPS error page, nothing sent)', () => {
  it('refuses a wrong hash, and says so for one computed over Shift_JIS', async () => {
    const pairs = shop.applicationRequest();
    const changed = pairs.map(([n, v]): [string, string] => [
      n,
      n === 'item_name' ? '別のプラン' : v,
    ]);
    const wrong = await refusal(changed);
    expect(wrong.status).toBe(400);
    expect(wrong.html).toContain('40209025');
    const overShiftJis = await refusal(resign(pairs, {}, 'shift_jis'));
    expect(overShiftJis.html).toContain('Shift_JIS で計算されたハッシュ値です');
    expect(shop.notifications).toHaveLength(0);
  });

  it('refuses another merchant, an expired request and a pagecon_url on another origin', async () => {
    expect(
      (await refusal(resign(shop.applicationRequest(), { merchant_id: '54321' }))).html,
    ).toContain('40214001');
    const old = shop.applicationRequest({ requestDate: '20250301110000' });
    expect((await refusal(old)).html).toContain('40210023');
    const elsewhere = shop.applicationRequest({ pageconUrl: 'http://127.0.0.2:9/notify' });
    expect((await refusal(elsewhere)).html).toContain('40213009');
  });

  it('refuses field problems of core’s table: service_type 1 without tracking_id', async () => {
    const pairs = resign(shop.applicationRequest(), { service_type: '1' });
    const page = await refusal(pairs);
    expect(page.status).toBe(400);
    expect(page.html).toContain('tracking_id');
  });

  it('refuses an order_id whose application completed', async () => {
    const pairs = shop.applicationRequest();
    await applied({ orderId: pairs.find(([n]) => n === 'order_id')?.[1] ?? '' });
    expect((await refusal(pairs)).html).toContain('40296004');
  });

  it('refuses a cancellation naming no fixed-term contract (L5) or another customer’s (L6)', async () => {
    const unknown = shop.applicationRequest({ action: 'cancel', trackingId: '12345678901234' });
    expect((await refusal(unknown)).html).toContain('402L5027');
    const contract = await applied();
    const other = shop.applicationRequest({
      action: 'cancel',
      trackingId: contract,
      custCode: 'SOMEONE-ELSE',
    });
    expect((await refusal(other)).html).toContain('402L6003');
  });
});

describe('D01-1 cancellation (service_type=1) and re-application (service_type=2)', () => {
  it('ends the contract with a D01-1 result, then applies for it again', async () => {
    const contract = await applied();
    const cancel = shop.applicationRequest({ action: 'cancel', trackingId: contract });
    const confirm = await shop.toConfirm('limit@au.example', cancel, D01_1);
    expect(confirm.html).toContain('<h1>継続課金の解約</h1>');
    const done = await shop.submit(confirm.url, 'confirm', { pin: '1234' });
    expect(done.html).toContain('解約が完了しました');
    // limit@ charges nothing when a contract ends: it behaves like success.
    expect(shop.notifications.at(-1)?.params).toMatchObject({
      service_type: '1',
      tracking_id: contract,
      res_tracking_id: contract,
      res_result: 'OK',
    });
    expect(shop.notifications.at(-1)?.verified).toBe(true);
    expect((await shop.followReturn(done)).kind).toBe('success');
    expect(shop.sbps.contract(contract)?.state).toBe('cancelled');
    // A fixed-term contract gets no separate cancellation notice.
    expect(shop.sbps.notices()).toHaveLength(0);
    expect((await charge(contract, 'ORD-AFTER-CANCEL')).response?.errCode).toBe('402L2027');
    expect((await shop.api('ST02-00309-402', { tracking_id: contract })).response?.errCode).toBe(
      '402L7027',
    );
    const again = shop.applicationRequest({ action: 'cancel', trackingId: contract });
    expect((await refusal(again)).html).toContain('402L7027');

    const reapply = shop.applicationRequest({ action: 'reapply', trackingId: contract });
    const reapplied = await shop.apply('success@au.example', reapply);
    expect(shop.notifications.at(-1)?.params).toMatchObject({
      service_type: '2',
      tracking_id: contract,
      res_tracking_id: contract,
      res_result: 'OK',
    });
    expect((await shop.followReturn(reapplied)).kind).toBe('success');
    expect(shop.sbps.contract(contract)?.state).toBe('active');
    expect((await charge(contract, 'ORD-AFTER-REAPPLY')).response?.result).toBe('OK');
    const twice = shop.applicationRequest({ action: 'reapply', trackingId: contract });
    expect((await refusal(twice)).html).toContain('402L8027');
  });

  it('re-applies a contract ended through ST02-00309-402', async () => {
    const contract = await applied();
    expect((await shop.api('ST02-00309-402', { tracking_id: contract })).response?.result).toBe(
      'OK',
    );
    const done = await shop.apply(
      'success@au.example',
      shop.applicationRequest({ action: 'reapply', trackingId: contract }),
    );
    expect(readForm(done, 'sbps-return').action).toBe(`${shop.origin}/shop/success`);
    expect(shop.sbps.contract(contract)?.state).toBe('active');
  });
});
