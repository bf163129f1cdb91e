import { eventTypes } from '../support/bridge-client.js';
import { expect, test } from '../support/fixtures.js';
import { OrdersPage } from '../support/orders-page.js';

test('1. success with automated sales: shop, cart, <au-pay>, au screens, back at the result @postgres', async ({
  page,
  buyer,
  bridge,
  shot,
  expectAccessible,
}, testInfo) => {
  const phone = testInfo.project.use.isMobile === true;

  await buyer.openShop('ja');
  await buyer.addToCart('manga-vol-1');
  await buyer.addToCart('green-tea');
  const id = await buyer.checkout('automatic');
  await expect(buyer.payButton()).toBeEnabled();
  await expect(buyer.payButton()).toContainText('754円');
  await expectAccessible('the pay page with <au-pay>');

  await buyer.pay();
  await expectAccessible('the au login screen');
  await buyer.logIn('success@au.example');
  await expectAccessible('the au code screen');
  await buyer.enterCode();
  await expect(page.getByText('754', { exact: false }).first()).toBeVisible();
  await expectAccessible('the au confirm (PIN) screen');
  await buyer.confirm();

  await buyer.expectResult('paid');
  await expect(page.locator('h1')).toHaveText('お支払いが完了しました');
  await expectAccessible('the result page');

  const payment = await bridge.waitForStatus(id, 'captured');
  expect(payment).toMatchObject({ amount: 754, capturedAmount: 754, refundedAmount: 0, flags: [] });
  // The element chose the layout by itself, and the bridge asked au for the matching screens.
  const served = payment.events.find((event) => event.type === 'checkout.served');
  expect(served?.data.layout).toBe(phone ? 'wap' : 'web');
  expect(eventTypes(payment)).toEqual(
    expect.arrayContaining(['payment.created', 'checkout.served', 'sbps.notification']),
  );

  const orders = new OrdersPage(page);
  await orders.expectWebhooks(id, ['payment.captured']);
  await shot('orders');
});

test('10. in English throughout: specified sales, authorized, then captured from the orders page', async ({
  page,
  buyer,
  bridge,
  shot,
}) => {
  await buyer.openShop('en');
  await expect(page.locator('h1')).toHaveText('Products');
  await buyer.addToCart('video-pass-1m');
  const id = await buyer.checkout('manual');
  await expect(buyer.payButton()).toHaveText('Pay ¥980 with au PAY');

  await buyer.pay();
  // au's screens open in Japanese, as KDDI's do; the buyer switches them to English.
  await expect(page.locator('html')).toHaveAttribute('lang', 'ja');
  await page.locator('a[hreflang="en"]').click();
  await expect(page.locator('h1')).toHaveText('Log in with your au ID');
  await buyer.logIn('success@au.example');
  await expect(page.locator('h1')).toHaveText('Enter the verification code');
  await buyer.enterCode();
  await expect(page.locator('h1')).toHaveText('Confirm your payment');
  await expect(page.locator('dl.summary')).toContainText('¥980');
  await buyer.confirm();

  await buyer.expectResult('authorized');
  await expect(page.locator('h1')).toHaveText('Thank you for your order');
  let payment = await bridge.waitForStatus(id, 'authorized');
  expect(payment).toMatchObject({ amount: 980, capturedAmount: 0, captureMode: 'manual' });

  const orders = new OrdersPage(page);
  await orders.expectWebhooks(id, ['payment.authorized']);
  await orders.order(id).getByRole('button', { name: 'Capture all ¥980' }).click();
  await expect(orders.notice(id)).toHaveText('Captured.');
  payment = await bridge.waitForStatus(id, 'captured');
  expect(payment.capturedAmount).toBe(980);
  await orders.expectWebhooks(id, ['payment.authorized', 'payment.captured']);
  await shot('orders');
});
