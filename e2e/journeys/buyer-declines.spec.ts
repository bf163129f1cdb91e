import { eventTypes } from '../support/bridge-client.js';
import { expect, test } from '../support/fixtures.js';
import { OrdersPage } from '../support/orders-page.js';

// Every way au can say no ends back at the shop with "not completed", nothing charged, no money
// webhook, and a way to try again.

test('3. the buyer cancels on the au login screen', async ({ page, buyer, bridge }) => {
  await buyer.openShop('ja');
  await buyer.addToCart('green-tea');
  const id = await buyer.checkout('automatic');
  await buyer.pay();
  await buyer.cancelOnAu();

  await buyer.expectResult('incomplete');
  await expect(page.getByRole('link', { name: 'もう一度支払う' })).toHaveAttribute(
    'href',
    `/pay/${id}`,
  );
  const payment = await bridge.payment(id);
  expect(payment).toMatchObject({ status: 'pending', capturedAmount: 0 });
  expect(eventTypes(payment)).not.toContain('sbps.notification');
  await new OrdersPage(page).expectWebhooks(id, []);
});

for (const [auId, reason] of [
  ['limit@au.example', 'credit limit exceeded'],
  ['restricted@au.example', 'user restricted'],
] as const) {
  test(`4. au refuses the buyer: ${reason}`, async ({ page, buyer, bridge }) => {
    await buyer.openShop('ja');
    await buyer.addToCart('video-pass-1m');
    const id = await buyer.checkout('automatic');
    await buyer.pay();
    await buyer.logIn(auId);
    await buyer.enterCode();
    await buyer.confirm();

    await buyer.expectResult('incomplete');
    await expect(page.locator('h1')).toHaveText('お支払いは完了していません');
    const payment = await bridge.payment(id);
    expect(payment).toMatchObject({ status: 'pending', capturedAmount: 0 });
    expect(eventTypes(payment)).not.toContain('sbps.notification');
    await new OrdersPage(page).expectWebhooks(id, []);
  });
}

test('5. the shop answers the notification NG: the buyer sees an error, nothing is captured', async ({
  page,
  buyer,
  bridge,
}) => {
  await buyer.openShop('ja');
  await buyer.addToCart('manga-vol-1');
  const id = await buyer.checkout('automatic');
  await buyer.pay();
  await buyer.logIn('ng@au.example');
  await buyer.enterCode();
  await buyer.confirm();

  await buyer.expectResult('incomplete');
  await expect(page.locator('h1')).toHaveText('お支払いは完了していません');
  const payment = await bridge.payment(id);
  expect(payment).toMatchObject({ status: 'pending', capturedAmount: 0 });
  // The bridge refused the unsigned notification, so nothing moved.
  expect(eventTypes(payment)).not.toContain('sbps.notification');
  await new OrdersPage(page).expectWebhooks(id, []);
});
