import { describe, expect, it } from 'vitest';
import { TestMerchant } from '../testing/index.js';
import { merchantForEachTest } from '../testing/merchant-per-test.js';

// SBPS's cancellation notice of a recurring-simple contract (spec/sbps-au.md §5, §15; its fields
// assumed, §17 item 17): an A02-1 to the contract's pagecon_url with the contract's rows,
// service_type=1 and res_result=OK, after ST02-00302-402 or the buyer's A01-1 service_type=1.

let shop: TestMerchant;
merchantForEachTest(TestMerchant.start, (merchant) => {
  shop = merchant;
});

async function signUp(billing: 'recurring_simple' | 'recurring_fixed_term' = 'recurring_simple') {
  const pairs = shop.purchaseRequest({ billing, amount: 980, itemName: '月額プラン' });
  const received = await shop.followReturn(await shop.pay('success@au.example', pairs));
  return {
    trackingId: received.params.res_tracking_id ?? '',
    orderId: received.params.order_id ?? '',
  };
}

describe('the cancellation notice', () => {
  it('follows ST02-00302-402: the contract’s rows, service_type=1, res_result=OK, once', async () => {
    const { trackingId, orderId } = await signUp();
    const call = await shop.api('ST02-00302-402', { tracking_id: trackingId });
    expect(call.response?.result).toBe('OK');
    await shop.sandbox.whenIdle();

    expect(shop.notifications).toHaveLength(2);
    const notice = shop.notifications[1];
    expect(notice?.verified).toBe(true);
    expect(notice?.params).toMatchObject({
      order_id: orderId,
      amount: '980',
      item_name: '月額プラン',
      pay_type: '1',
      service_type: '1',
      tracking_id: trackingId,
      res_result: 'OK',
      res_tracking_id: trackingId,
      res_err_code: '',
    });
    expect(shop.sbps.notices()).toMatchObject([
      { kind: 'cancellation', contractTrackingId: trackingId, answer: { accepted: true } },
    ]);

    expect((await shop.api('ST02-00302-402', { tracking_id: trackingId })).response?.errCode).toBe(
      '40232027',
    );
    await shop.sandbox.whenIdle();
    expect(shop.notifications).toHaveLength(2);
  });

  it('is not sent for a fixed-term contract ended by ST02-00309-402', async () => {
    const { trackingId } = await signUp('recurring_fixed_term');
    expect((await shop.api('ST02-00309-402', { tracking_id: trackingId })).response?.result).toBe(
      'OK',
    );
    await shop.sandbox.whenIdle();
    expect(shop.notifications).toHaveLength(1);
    expect(shop.sbps.notices()).toHaveLength(0);
  });

  it('follows the buyer’s link (A01-1 service_type=1), before the browser’s return', async () => {
    const { trackingId, orderId } = await signUp();
    const cancel = shop.purchaseRequest({
      billing: 'recurring_simple',
      cancelTrackingId: trackingId,
    });
    const cancelOrderId = cancel.find(([name]) => name === 'order_id')?.[1];
    const done = await shop.pay('success@au.example', cancel);
    expect(shop.notifications).toHaveLength(2);
    // The notice is about the contract: its order, not the cancellation request's.
    expect(shop.notifications[1]?.params).toMatchObject({
      order_id: orderId,
      amount: '980',
      service_type: '1',
      tracking_id: trackingId,
      res_result: 'OK',
      res_tracking_id: trackingId,
    });
    expect(shop.notifications[1]?.verified).toBe(true);
    const returned = await shop.followReturn(done);
    expect(returned.kind).toBe('success');
    expect(returned.params).toMatchObject({
      order_id: cancelOrderId,
      service_type: '1',
      res_tracking_id: trackingId,
    });
    expect(shop.sbps.contract(trackingId)).toMatchObject({ state: 'cancelled' });
    expect(await (await shop.postPurchase(cancel)).text()).toContain('40232027');
    // The cancellation request's order_id is used up, even for another contract.
    const other = await signUp();
    const reused = shop.purchaseRequest({
      billing: 'recurring_simple',
      cancelTrackingId: other.trackingId,
      orderId: cancelOrderId ?? '',
    });
    expect(await (await shop.postPurchase(reused)).text()).toContain('40296004');
  });
});
