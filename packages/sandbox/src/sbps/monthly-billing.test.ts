import { verifySbpsResult } from '@au-pay/core/sbps';
import { describe, expect, it } from 'vitest';
import { HASH_KEY, TestMerchant } from '../testing/index.js';
import { merchantForEachTest } from '../testing/merchant-per-test.js';

// SBPS's monthly billing of recurring-simple contracts on the sandbox clock (spec/sbps-au.md §5,
// §14, §16): the 1st at 00:00 JST of each month after the sign-up month, each month once. The
// harness starts at 2025-03-01 12:00 JST.

let shop: TestMerchant;
merchantForEachTest(TestMerchant.start, (merchant) => {
  shop = merchant;
});

const at = (iso: string) => {
  shop.now = new Date(iso);
};

/** Signs up for a monthly subscription of 980 yen; the contract's tracking ID and order. */
async function monthly(auId = 'success@au.example') {
  const pairs = shop.purchaseRequest({ billing: 'recurring_simple', amount: 980 });
  const received = await shop.followReturn(await shop.pay(auId, pairs));
  expect(received.kind).toBe('success');
  return {
    trackingId: received.params.res_tracking_id ?? '',
    orderId: received.params.order_id ?? '',
  };
}

/** The charges of a contract by state and month of purchase (JST). */
function charges(trackingId: string) {
  return shop.sbps
    .purchases()
    .filter((p) => p.contractTrackingId === trackingId)
    .map((p) => ({ state: p.state, amount: p.amount, at: p.purchasedAt.toISOString() }));
}

describe('monthly billing', () => {
  it('bills each month after the sign-up month once, at 00:00 JST on the 1st, and sends nothing', async () => {
    const { trackingId } = await monthly();
    const signUp = { state: 'captured', amount: 980, at: shop.now.toISOString() };
    await shop.sbps.processDue();
    expect(charges(trackingId)).toEqual([signUp]);

    at('2025-03-31T14:59:59Z'); // 23:59:59 JST on March 31st: not yet
    await shop.sbps.processDue();
    expect(charges(trackingId)).toHaveLength(1);

    at('2025-03-31T15:00:00Z'); // 2025-04-01 00:00 JST
    await shop.sbps.processDue();
    await shop.sbps.processDue();
    const april = { state: 'captured', amount: 980, at: '2025-03-31T15:00:00.000Z' };
    expect(charges(trackingId)).toEqual([signUp, april]);

    // The clock jumps three months; overlapping calls still bill each month once.
    at('2025-07-15T03:00:00Z');
    await Promise.all([shop.sbps.processDue(), shop.sbps.processDue()]);
    await shop.sbps.processDue();
    expect(charges(trackingId).map((c) => c.at)).toEqual([
      signUp.at,
      april.at,
      '2025-04-30T15:00:00.000Z',
      '2025-05-31T15:00:00.000Z',
      '2025-06-30T15:00:00.000Z',
    ]);
    expect(shop.sbps.contract(trackingId)?.billedMonths).toEqual(
      new Set(['202504', '202505', '202506', '202507']),
    );
    // SBPS sends nothing for a month that was billed: only the sign-up's A02-1 arrived.
    expect(shop.notifications).toHaveLength(1);
    expect(shop.sbps.notices()).toHaveLength(0);

    // A month is a captured charge, refunded with cancel_target_month (spec §10).
    const refund = await shop.api('ST02-00303-402', {
      tracking_id: trackingId,
      cancel_target_month: '202506',
    });
    expect(refund.response?.result).toBe('OK');
    expect(charges(trackingId).map((c) => c.state)).toEqual([
      'captured',
      'captured',
      'captured',
      'refunded',
      'captured',
    ]);
  });

  it('bills a cancelled contract for the months before its cancellation, none after', async () => {
    const { trackingId } = await monthly();
    at('2025-05-15T03:00:00Z'); // April and May were due, but nobody asked yet
    expect((await shop.api('ST02-00302-402', { tracking_id: trackingId })).response?.result).toBe(
      'OK',
    );
    at('2025-09-01T03:00:00Z');
    await shop.sbps.processDue();
    expect(charges(trackingId).map((c) => c.at)).toEqual([
      '2025-03-01T03:00:00.000Z',
      '2025-03-31T15:00:00.000Z',
      '2025-04-30T15:00:00.000Z',
    ]);
  });

  it('does not bill a contract whose sign-up SBPS holds as inconsistent (A02-1 not answered OK,)', async () => {
    const pairs = shop.purchaseRequest({ billing: 'recurring_simple', amount: 980 });
    const received = await shop.followReturn(await shop.pay('ng@au.example', pairs));
    expect(received.kind).toBe('error');
    const [signUp] = shop.sbps.purchases();
    expect(signUp?.inconsistent).toBe(true);
    at('2025-06-15T03:00:00Z');
    await shop.sbps.processDue();
    expect(charges(signUp?.trackingId ?? '')).toHaveLength(1);
  });

  it('does not bill a fixed-term contract: its merchant charges it', async () => {
    const pairs = shop.purchaseRequest({ billing: 'recurring_fixed_term', amount: 500 });
    const received = await shop.followReturn(await shop.pay('success@au.example', pairs));
    at('2025-06-15T03:00:00Z');
    await shop.sbps.processDue();
    expect(charges(received.params.res_tracking_id ?? '')).toHaveLength(1);
  });
});

describe('monthfail@au.example', () => {
  it('signs up fine, then every month fails with one A02-1 res_result=NG per month', async () => {
    const { trackingId, orderId } = await monthly('monthfail@au.example');
    expect(shop.notifications).toHaveLength(1);
    expect(shop.notifications[0]?.params.res_result).toBe('OK');

    at('2025-05-31T15:00:00Z'); // 2025-06-01 00:00 JST: April, May and June are due
    await Promise.all([shop.sbps.processDue(), shop.sbps.processDue()]);
    await shop.sbps.processDue();

    const failures = shop.notifications.slice(1);
    expect(failures).toHaveLength(3);
    expect(failures.map((n) => n.params.res_payment_date).sort()).toEqual([
      '20250401000000',
      '20250501000000',
      '20250601000000',
    ]);
    for (const failure of failures) {
      expect(failure.verified).toBe(true);
      expect(verifySbpsResult('notification', failure.params, HASH_KEY)).toBe(true);
      expect(failure.params).toMatchObject({
        order_id: orderId,
        amount: '980',
        pay_type: '1',
        service_type: '0',
        res_result: 'NG',
        res_tracking_id: trackingId,
        res_err_code: 'K201',
        res_date: '20250601000000',
      });
    }
    expect(charges(trackingId).map((c) => c.state)).toEqual([
      'captured',
      'failed',
      'failed',
      'failed',
    ]);
    expect(shop.sbps.notices().map((n) => [n.kind, n.month, n.answer?.accepted])).toEqual([
      ['monthly_failure', '202504', true],
      ['monthly_failure', '202505', true],
      ['monthly_failure', '202506', true],
    ]);
    // A failed month cannot be refunded: nothing was charged.
    const refund = await shop.api('ST02-00303-402', {
      tracking_id: trackingId,
      cancel_target_month: '202505',
    });
    expect(refund.response?.errCode).toBe('40225027');
  });

  it('does not resend a failure notice the merchant did not answer OK, (SBPS e-mails instead)', async () => {
    await monthly('monthfail@au.example');
    shop.answer = () => 'NG,busy';
    at('2025-03-31T15:00:00Z');
    await shop.sbps.processDue();
    await shop.sbps.processDue();
    expect(shop.notifications).toHaveLength(2);
    const [notice] = shop.sbps.notices();
    expect(notice?.answer).toMatchObject({ accepted: false, status: 200, body: 'NG,busy' });
    shop.answer = () => 'OK,';
    await shop.sbps.processDue();
    expect(shop.notifications).toHaveLength(2);
  });

  it('behaves like success for a one-time purchase', async () => {
    const received = await shop.followReturn(await shop.pay('monthfail@au.example'));
    expect(received.kind).toBe('success');
    expect(shop.sbps.purchase(received.params.res_tracking_id ?? '')?.state).toBe('authorized');
  });
});
