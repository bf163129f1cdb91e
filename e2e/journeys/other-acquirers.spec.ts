import { eventTypes } from '../support/bridge-client.js';
import { expect, test } from '../support/fixtures.js';
import { OrdersPage } from '../support/orders-page.js';

// The same shop, `<au-pay>` and au screens, with the payment taken by Antom or NomuPay: the buyer
// chooses the acquirer on the cart; the orders page offers only what that acquirer allows.

test('11. Antom: automated sales, paid on the au screens, captured, webhook', async ({
  page,
  buyer,
  bridge,
  shot,
}) => {
  await buyer.openShop('ja');
  await buyer.addToCart('green-tea');
  await buyer.addToCart('manga-vol-1');
  const id = await buyer.checkout('automatic', 'antom');
  await expect(buyer.payButton()).toContainText('754円');

  await buyer.pay();
  await expect(page).toHaveURL(/\/bridge\/sandbox\/antom\//);
  await buyer.payOnAu();

  await buyer.expectResult('paid');
  await expect(page.locator('h1')).toHaveText('お支払いが完了しました');
  const payment = await bridge.waitForStatus(id, 'captured');
  expect(payment).toMatchObject({
    acquirer: 'antom',
    amount: 754,
    capturedAmount: 754,
    refundedAmount: 0,
    flags: [],
  });
  expect(eventTypes(payment)).toEqual(
    expect.arrayContaining(['payment.created', 'antom.notification']),
  );

  const orders = new OrdersPage(page);
  await orders.expectWebhooks(id, ['payment.captured']);
  await expect(orders.order(id).locator('.order-acquirer')).toHaveText('Antom');
  await shot('orders');
});

test('12. Antom: the orders page offers a full refund only, and it is made', async ({
  page,
  buyer,
  bridge,
  shot,
}) => {
  await buyer.openShop('en');
  await buyer.addToCart('video-pass-1m');
  const id = await buyer.checkout('automatic', 'antom');
  await buyer.pay();
  await buyer.payOnAu();
  await buyer.expectResult('paid');
  await bridge.waitForStatus(id, 'captured');

  const orders = new OrdersPage(page);
  await orders.expectWebhooks(id, ['payment.captured']);
  // Antom refunds in full only (spec/antom-au.md): no partial form.
  await expect(orders.order(id).locator('form.partial')).toHaveCount(0);
  await orders.order(id).getByRole('button', { name: 'Refund all ¥980' }).click();
  await expect(orders.notice(id)).toHaveText('Refunded.');

  const payment = await bridge.waitForStatus(id, 'refunded');
  expect(payment).toMatchObject({ acquirer: 'antom', capturedAmount: 980, refundedAmount: 980 });
  await orders.expectWebhooks(id, ['payment.captured', 'payment.refunded']);
  await expect(orders.order(id).locator('.order-actions button')).toHaveCount(0);
  await shot('orders');
});

test('13. NomuPay: specified sales, authorized, then captured in part from the orders page', async ({
  page,
  buyer,
  bridge,
  shot,
}) => {
  await buyer.openShop('en');
  await buyer.addToCart('video-pass-1m');
  const id = await buyer.checkout('manual', 'nomupay');
  await expect(buyer.payButton()).toHaveText('Pay ¥980 with au PAY');

  await buyer.pay();
  await expect(page).toHaveURL(/\/bridge\/sandbox\/nomupay\//);
  await buyer.payOnAu();

  await buyer.expectResult('authorized');
  await expect(page.locator('h1')).toHaveText('Thank you for your order');
  let payment = await bridge.waitForStatus(id, 'authorized');
  expect(payment).toMatchObject({
    acquirer: 'nomupay',
    amount: 980,
    capturedAmount: 0,
    captureMode: 'manual',
  });

  const orders = new OrdersPage(page);
  await orders.expectWebhooks(id, ['payment.authorized']);
  await expect(orders.order(id).locator('.order-acquirer')).toHaveText('NomuPay');
  await orders.partial(id, 'capture', 700);
  await expect(orders.notice(id)).toHaveText('Captured.');
  payment = await bridge.waitForStatus(id, 'captured');
  expect(payment).toMatchObject({ capturedAmount: 700, refundedAmount: 0 });
  await orders.expectWebhooks(id, ['payment.authorized', 'payment.captured']);
  // One partial refund is still offered (spec/nomupay-au.md §6).
  await expect(orders.order(id).locator('form.partial[action$="/refund"]')).toHaveCount(1);
  await shot('orders');
});

test('14. NomuPay: the buyer cancels on the au login screen', async ({ page, buyer, bridge }) => {
  await buyer.openShop('ja');
  await buyer.addToCart('green-tea');
  const id = await buyer.checkout('automatic', 'nomupay');
  await buyer.pay();
  await buyer.cancelOnAu();

  await buyer.expectResult('incomplete');
  await expect(page.locator('h1')).toHaveText('お支払いは完了していません');
  const payment = await bridge.payment(id);
  expect(payment).toMatchObject({ acquirer: 'nomupay', status: 'pending', capturedAmount: 0 });
  await new OrdersPage(page).expectWebhooks(id, []);
});
