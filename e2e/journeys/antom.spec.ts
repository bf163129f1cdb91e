import { SANDBOX_DEFAULTS } from '@au-pay/bridge';
import { getAcquirerProfile, refusalMessage } from '@au-pay/core';
import type { Page } from '@playwright/test';
import { eventTypes } from '../support/bridge-client.js';
import { expect, test } from '../support/fixtures.js';
import { OrdersPage } from '../support/orders-page.js';

// Antom chosen on the cart (spec/antom-au.md): what the buyer and the merchant see when the buyer
// cancels on the au screens, when the merchant asks for a partial refund Antom does not offer, and
// when a payment is left until au's 14 minutes are over. Journeys 11 and 12 (success, full refund)
// are in other-acquirers.spec.ts.

test('17. Antom: the cart offers automatic sales only; the buyer cancels on the au login screen', async ({
  page,
  buyer,
  bridge,
  shot,
}) => {
  await buyer.openShop('ja');
  await buyer.addToCart('green-tea');

  // Specified sales chosen with SBPS, then Antom: the cart follows Antom's profile.
  await page.goto('/cart');
  const manual = page.locator('input[name="captureMode"][value="manual"]');
  const automatic = page.locator('input[name="captureMode"][value="automatic"]');
  await page.locator('input[name="acquirer"][value="sbps"]').check();
  await manual.check();
  await page.locator('input[name="acquirer"][value="antom"]').check();
  await expect(manual).toBeDisabled();
  await expect(automatic).toBeChecked();
  await expect(page.locator('#unavailable-manual')).toHaveText(
    '選択した決済代行会社ではご利用いただけません。',
  );
  await shot('cart-antom');
  // Back to SBPS: specified sales is offered again.
  await page.locator('input[name="acquirer"][value="sbps"]').check();
  await expect(manual).toBeEnabled();
  await expect(page.locator('#unavailable-manual')).toBeHidden();

  const id = await buyer.checkout('automatic', 'antom');
  await buyer.pay();
  await expect(page).toHaveURL(/\/bridge\/sandbox\/antom\//);
  await buyer.cancelOnAu();

  // Antom reports the cancelled payment as failed (spec §11): not paid, nothing charged.
  await buyer.expectResult('failed');
  await expect(page.locator('h1')).toHaveText('お支払いができませんでした');
  const payment = await bridge.waitForStatus(id, 'failed');
  expect(payment).toMatchObject({ acquirer: 'antom', capturedAmount: 0, refundedAmount: 0 });
  // The failure is Antom's signed notification (F), kept as the payment's event.
  expect(eventTypes(payment)).toContain('antom.notification');

  const orders = new OrdersPage(page);
  await orders.expectWebhooks(id, ['payment.failed']);
  await expect(orders.order(id).locator('.status')).toHaveText('失敗');
  await expect(orders.order(id).locator('.order-actions button')).toHaveCount(0);
  await shot('orders');
});

test('18. Antom: a partial refund is refused with its reason (ja and en), nothing refunded', async ({
  page,
  buyer,
  bridge,
  shot,
}) => {
  await buyer.openShop('ja');
  await buyer.addToCart('video-pass-1m');
  const id = await buyer.checkout('automatic', 'antom');
  await buyer.pay();
  await buyer.payOnAu();
  await buyer.expectResult('paid');
  await bridge.waitForStatus(id, 'captured');

  const orders = new OrdersPage(page);
  await orders.expectWebhooks(id, ['payment.captured']);
  // The page offers Antom's full refund only; a partial one comes from elsewhere (an old page, a
  // script): posted here as the page's own form would post it.
  await expect(orders.order(id).locator('form.partial')).toHaveCount(0);
  const reason = refusalMessage('not_supported_by_acquirer', {
    acquirer: getAcquirerProfile('antom').name,
    operation: 'partial_refund',
  });
  for (const lang of ['ja', 'en'] as const) {
    await page.goto(`/orders?lang=${lang}#${id}`);
    await expect(page.locator('html')).toHaveAttribute('lang', lang);
    await postPartialRefund(page, id, 300);
    await expect(orders.notice(id)).toHaveClass(/notice-error/);
    await expect(orders.notice(id)).toContainText(reason[lang]);
    await expect(orders.notice(id).locator('code')).toHaveText('not_supported_by_acquirer');
    await shot(`partial-refund-refused-${lang}`);
  }

  const payment = await bridge.payment(id);
  expect(payment).toMatchObject({ status: 'captured', capturedAmount: 980, refundedAmount: 0 });
  expect(eventTypes(payment).filter((type) => type.startsWith('refund.'))).toEqual([]);
  expect(await orders.webhookTypes(id)).toEqual(['payment.captured']);
  // The full refund is still there.
  await expect(orders.order(id).getByRole('button', { name: 'Refund all ¥980' })).toBeVisible();
});

test('19. Antom: a payment left 15 minutes on the au screens expires @later', async ({
  page,
  request,
  baseURL,
  buyer,
  bridge,
  shot,
}) => {
  await buyer.openShop('en');
  await buyer.addToCart('green-tea');
  const id = await buyer.checkout('automatic', 'antom');
  await buyer.pay();
  await expect(page).toHaveURL(/\/bridge\/sandbox\/antom\//);
  await buyer.logIn('success@au.example');

  // The buyer walks away from the code screen: au's 14 minutes pass (spec/antom-au.md §10), and
  // Antom closes the payment (a signed F notification).
  // By 15 minutes from wherever the shop's clock is: another @later journey may move it too.
  const moved = await request.post(`${baseURL}/bridge/sandbox/clock`, {
    headers: { authorization: `Bearer ${SANDBOX_DEFAULTS.secretKey}` },
    data: { advanceSeconds: 15 * 60 },
  });
  expect(moved.status(), 'POST /sandbox/clock').toBe(200);
  const payment = await bridge.waitForStatus(id, 'expired');
  expect(payment).toMatchObject({ acquirer: 'antom', capturedAmount: 0 });

  const orders = new OrdersPage(page);
  await orders.expectWebhooks(id, ['payment.expired']);
  await expect(orders.order(id).locator('.status')).toHaveText('Expired');
  await shot('orders-expired');

  // Back on the pay page, the shop shows the payment as expired.
  await page.goto(`/pay/${id}`);
  await buyer.expectResult('expired');
  await expect(page.locator('h1')).toHaveText('The payment expired');
});

/** Posts a partial refund of `id` from the orders page (same origin, as the browser posts forms). */
async function postPartialRefund(page: Page, id: string, amount: number): Promise<void> {
  await Promise.all([
    page.waitForResponse(
      (response) =>
        response.request().method() === 'POST' && response.url().endsWith(`/orders/${id}/refund`),
    ),
    page.evaluate(
      ({ id, amount }) => {
        const form = document.createElement('form');
        form.method = 'post';
        form.action = `/orders/${id}/refund`;
        const field = document.createElement('input');
        field.type = 'hidden';
        field.name = 'amount';
        field.value = String(amount);
        form.append(field);
        document.body.append(form);
        form.submit();
      },
      { id, amount },
    ),
  ]);
  await expect(page.locator(`li.order[id="${id}"] .notice`)).toBeVisible();
}
