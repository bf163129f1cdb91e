import type { Locator, Page } from '@playwright/test';
import { eventTypes } from '../support/bridge-client.js';
import { AU_SCREENS } from '../support/buyer.js';
import { expect, test } from '../support/fixtures.js';
import { OrdersPage } from '../support/orders-page.js';

/** Counts the purchase requests the browser posts to the (emulated) acquirer. */
function countPurchaseRequests(page: Page): () => number {
  let count = 0;
  page.on('request', (request) => {
    if (request.method() === 'POST' && /FepBuyInfoReceive\.do/.test(request.url())) count += 1;
  });
  return () => count;
}

const checkoutsServed = (events: { type: string }[]) =>
  events.filter((event) => event.type === 'checkout.served').length;

/** Ways a buyer presses the element more than once. */
const repeatedPresses: [string, (page: Page, button: Locator) => Promise<void>][] = [
  ['6a. a double click', (_page, button) => button.dblclick()],
  [
    '6b. Enter held down',
    async (page, button) => {
      await button.focus();
      // The first keydown, then the auto-repeats a held key sends.
      for (let repeat = 0; repeat < 6; repeat += 1) await page.keyboard.down('Enter');
      await page.keyboard.up('Enter');
    },
  ],
];

for (const [how, press] of repeatedPresses) {
  test(`${how} on the element makes exactly one purchase at the acquirer`, async ({
    page,
    buyer,
    bridge,
  }) => {
    const purchases = countPurchaseRequests(page);
    await buyer.openShop('ja');
    await buyer.addToCart('green-tea');
    const id = await buyer.checkout('automatic');

    await press(page, buyer.payButton());
    await page.waitForURL(AU_SCREENS);
    await expect(page.locator('#au_id')).toBeVisible();
    // Let a second submission, if one was made, reach the acquirer before counting.
    await page.waitForLoadState('networkidle');

    expect(purchases()).toBe(1);
    expect(checkoutsServed((await bridge.payment(id)).events)).toBe(1);
    await buyer.payOnAu();
    await buyer.expectResult('paid');
    expect((await bridge.waitForStatus(id, 'captured')).capturedAmount).toBe(160);
    await new OrdersPage(page).expectWebhooks(id, ['payment.captured']);
  });
}

test('7. an amount changed in the page: au charges what the server created, and the shop is told', async ({
  page,
  buyer,
  bridge,
  shot,
}) => {
  await buyer.openShop('ja');
  await buyer.addToCart('video-pass-1m');
  const id = await buyer.checkout('automatic');
  await expect(buyer.payButton()).toContainText('980円');

  // What a buyer with the developer tools (or a compromised script) could do.
  await page.locator('au-pay').evaluate((element) => element.setAttribute('amount', '1'));
  await expect(buyer.payButton()).toContainText('1円');
  await shot('tampered-element');
  await buyer.pay();
  await buyer.logIn('success@au.example');
  await buyer.enterCode();
  // au's confirm screen shows the amount the shop's server created.
  await expect(page.locator('dl.summary')).toContainText('980');
  await expect(page.locator('dl.summary')).not.toContainText(/(^|[^0-9,])1円/);
  await shot('au-confirm');
  await buyer.confirm();
  await buyer.expectResult('paid');

  const payment = await bridge.waitForStatus(id, 'captured');
  expect(payment).toMatchObject({ amount: 980, capturedAmount: 980 });
  expect(payment.flags).toContain('displayed_amount_mismatch');
  const mismatch = payment.events.find((e) => e.type === 'checkout.displayed_amount_mismatch');
  expect(mismatch?.data).toEqual({ amount: 980, displayedAmount: 1 });
  const orders = new OrdersPage(page);
  await orders.expectWebhooks(id, ['payment.captured']);
  await expect(orders.order(id).locator('.flags')).toContainText('displayed_amount_mismatch');
});

test('8. Back from the au screens to the shop, then paying again with the same element', async ({
  page,
  buyer,
  bridge,
  shot,
}) => {
  await buyer.openShop('ja');
  await buyer.addToCart('manga-vol-1');
  const id = await buyer.checkout('automatic');
  await buyer.pay();
  await buyer.logIn('success@au.example');

  // The buyer changes their mind on the code screen and goes back to the shop.
  await page.goBack();
  await page.goBack();
  await page.waitForURL(new RegExp(`/pay/${id}$`));
  await expect(buyer.payButton()).toBeEnabled();
  await expect(buyer.payButton()).not.toHaveAttribute('aria-busy', 'true');
  await shot('back-at-the-shop');

  await buyer.pay();
  await buyer.payOnAu();
  await buyer.expectResult('paid');

  const payment = await bridge.waitForStatus(id, 'captured');
  expect(payment.capturedAmount).toBe(594);
  expect(checkoutsServed(payment.events)).toBe(2);
  expect(eventTypes(payment).filter((type) => type === 'sbps.notification')).toHaveLength(1);
  await new OrdersPage(page).expectWebhooks(id, ['payment.captured']);
});
