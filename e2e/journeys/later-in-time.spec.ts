import { partialRefundOpensAt } from '@au-pay/core';
import { expect, test } from '../support/fixtures.js';
import { OrdersPage } from '../support/orders-page.js';

// These journeys move the sandbox clock, which every payment of their shop shares: they run one
// at a time, in their own shop, after the other journeys (playwright.config.ts, `@later`).
test.describe.configure({ mode: 'serial' });

test('2. specified sales: a partial capture, then a partial refund once the month has turned @later', async ({
  page,
  buyer,
  bridge,
  shot,
}) => {
  await buyer.openShop('ja');
  await buyer.addToCart('video-pass-1m');
  await buyer.addToCart('green-tea');
  const id = await buyer.checkout('manual');
  await buyer.pay();
  await buyer.logIn('success@au.example');
  await buyer.enterCode();
  await buyer.confirm();
  await buyer.expectResult('authorized');
  await bridge.waitForStatus(id, 'authorized');

  // The merchant ships only the pass: a partial capture of 980 of 1,140 yen.
  const orders = new OrdersPage(page);
  await orders.open(id);
  await orders.partial(id, 'capture', 980);
  await expect(orders.notice(id)).toHaveClass(/notice-ok/);
  let payment = await bridge.waitForStatus(id, 'captured');
  expect(payment).toMatchObject({ amount: 1140, capturedAmount: 980, refundedAmount: 0 });
  await orders.expectWebhooks(id, ['payment.authorized', 'payment.captured']);
  await shot('partially-captured');

  // A partial refund before the month after the sale is refused, with the bridge's own words.
  await orders.partial(id, 'refund', 300);
  await expect(orders.notice(id)).toHaveClass(/notice-error/);
  await expect(orders.notice(id)).toContainText('partial_refund_not_yet_open');
  await shot('partial-refund-refused');
  expect((await bridge.payment(id)).refundedAmount).toBe(0);

  // The 1st of the next month, 00:00 in Japan: the partial refund opens.
  const captured = payment.events.find((event) => event.type === 'payment.captured');
  await bridge.advanceClock(partialRefundOpensAt(new Date(captured?.createdAt ?? Date.now())));
  await orders.open(id);
  await orders.partial(id, 'refund', 300);
  await expect(orders.notice(id)).toHaveClass(/notice-ok/);
  payment = await bridge.waitForStatus(id, 'partially_refunded');
  expect(payment).toMatchObject({ capturedAmount: 980, refundedAmount: 300 });
  await orders.expectWebhooks(id, ['payment.authorized', 'payment.captured', 'payment.refunded']);
  await shot('partially-refunded');
});

test('9. a payment left pending past its limit expires, and the element says so @later', async ({
  page,
  buyer,
  bridge,
  shot,
}) => {
  await buyer.openShop('ja');
  await buyer.addToCart('green-tea');
  const id = await buyer.checkout('automatic');
  await expect(buyer.payButton()).toBeEnabled();

  // The buyer leaves the pay page open for longer than the checkout window (30 minutes).
  const now = await bridge.clock();
  await bridge.advanceClock(new Date(now.getTime() + 31 * 60 * 1000));
  const payment = await bridge.waitForStatus(id, 'expired');
  expect(payment.capturedAmount).toBe(0);

  await buyer.payButton().click();
  await expect(page.locator('au-pay').locator('[part="message"]')).toContainText('有効期限');
  expect(page.url()).toMatch(new RegExp(`/pay/${id}$`));
  await shot('element-says-expired');
  await new OrdersPage(page).expectWebhooks(id, ['payment.expired']);
});
