import { partialRefundOpensAt } from '@au-pay/core';
import type { Page } from '@playwright/test';
import { expect, test } from '../support/fixtures.js';
import { OrdersPage } from '../support/orders-page.js';

// NomuPay's single-partial rules from the orders page (spec/nomupay-au.md §6: "full or **one**
// partial cancel", "full or **one** partial refund"): the one partial operation is made, a second
// one, sent from a page opened before it (another tab), is refused with the bridge's reason.

/** Fills the partial amount of `action` in the payment's card on `page` and submits it. */
async function submitPartial(
  page: Page,
  paymentId: string,
  action: 'cancel' | 'refund',
  amount: number,
): Promise<void> {
  const form = page.locator(`li.order[id="${paymentId}"] form.partial[action$="/${action}"]`);
  await form.locator('input[name="amount"]').fill(String(amount));
  await form.locator('button[type="submit"]').click();
  await page.waitForURL(/\/orders/);
}

test('15. NomuPay: a partial cancel keeps the rest authorized, a second is refused, the rest is captured', async ({
  page,
  context,
  buyer,
  bridge,
  shot,
}) => {
  await buyer.openShop('en');
  await buyer.addToCart('video-pass-1m');
  const id = await buyer.checkout('manual', 'nomupay');
  await buyer.pay();
  await expect(page).toHaveURL(/\/bridge\/sandbox\/nomupay\//);
  await buyer.payOnAu();
  await buyer.expectResult('authorized');
  await bridge.waitForStatus(id, 'authorized');

  const orders = new OrdersPage(page);
  await orders.expectWebhooks(id, ['payment.authorized']);
  // Another tab with the same orders page, opened before the partial cancel.
  const stale = await context.newPage();
  await stale.goto(`/orders?lang=en#${id}`);
  await expect(stale.locator(`li.order[id="${id}"] form.partial[action$="/cancel"]`)).toHaveCount(
    1,
  );

  await submitPartial(page, id, 'cancel', 300);
  await expect(orders.notice(id)).toHaveText(
    'Part of the authorization was cancelled; the rest can still be captured.',
  );
  let payment = await bridge.waitForStatus(id, 'authorized');
  expect(payment).toMatchObject({ amount: 980, cancelledAmount: 300, capturedAmount: 0 });
  await orders.expectWebhooks(id, ['payment.authorized', 'payment.cancelled']);
  await expect(orders.order(id).locator('.order-cancelled')).toHaveText('¥300');
  // After the one partial cancel: nothing more to cancel, the rest to capture.
  await expect(orders.order(id).locator('form[action$="/cancel"]')).toHaveCount(0);
  await shot('partially-cancelled');

  // The tab opened before it still offers a partial cancel: the bridge refuses it, and says why.
  await submitPartial(stale, id, 'cancel', 100);
  const refused = stale.locator(`li.order[id="${id}"] .notice`);
  await expect(refused).toHaveClass(/notice-error/);
  await expect(refused).toContainText('allows one partial cancel per au PAY payment');
  await expect(refused).toContainText('not_supported_by_acquirer');
  expect((await bridge.payment(id)).cancelledAmount).toBe(300);
  await stale.close();

  await orders.open(id);
  await orders.order(id).getByRole('button', { name: 'Capture all ¥680' }).click();
  await expect(orders.notice(id)).toHaveText('Captured.');
  payment = await bridge.waitForStatus(id, 'captured');
  expect(payment).toMatchObject({ capturedAmount: 680, cancelledAmount: 300 });
  await orders.expectWebhooks(id, ['payment.authorized', 'payment.cancelled', 'payment.captured']);
  await shot('rest-captured');
});

test('16. NomuPay: one partial refund once the month has turned; a second is refused with its reason @later', async ({
  page,
  context,
  buyer,
  bridge,
  shot,
}) => {
  await buyer.openShop('ja');
  await buyer.addToCart('video-pass-1m');
  const id = await buyer.checkout('automatic', 'nomupay');
  await buyer.pay();
  await buyer.payOnAu();
  await buyer.expectResult('paid');
  const paid = await bridge.waitForStatus(id, 'captured');
  expect(paid).toMatchObject({ acquirer: 'nomupay', capturedAmount: 980 });

  // Partial refunds open on the 1st of the month after settlement (SBPS's au rule, spec §6).
  const settled = paid.capturedAt ?? paid.events.at(-1)?.createdAt ?? new Date().toISOString();
  await bridge.advanceClock(partialRefundOpensAt(new Date(settled)));

  const orders = new OrdersPage(page);
  await orders.open(id);
  const stale = await context.newPage();
  await stale.goto(`/orders#${id}`);
  await expect(stale.locator(`li.order[id="${id}"] form.partial[action$="/refund"]`)).toHaveCount(
    1,
  );

  await submitPartial(page, id, 'refund', 300);
  await expect(orders.notice(id)).toHaveText('返金しました。');
  const payment = await bridge.waitForStatus(id, 'partially_refunded');
  expect(payment).toMatchObject({ capturedAmount: 980, refundedAmount: 300 });
  await orders.expectWebhooks(id, ['payment.captured', 'payment.refunded']);
  // NomuPay allows one partial refund: nothing more is offered.
  await expect(orders.order(id).locator('form[action$="/refund"]')).toHaveCount(0);
  await shot('partially-refunded');

  // A second partial refund from the tab opened before: refused, with the reason in Japanese.
  await submitPartial(stale, id, 'refund', 200);
  const refused = stale.locator(`li.order[id="${id}"] .notice`);
  await expect(refused).toHaveClass(/notice-error/);
  await expect(refused).toContainText('一部返金できるのは1回だけ');
  await expect(refused).toContainText('not_supported_by_acquirer');
  expect((await bridge.payment(id)).refundedAmount).toBe(300);
  await stale.close();
  await shot('second-refund-refused');
});
