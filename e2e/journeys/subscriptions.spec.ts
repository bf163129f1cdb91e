import { japanDateOf, japanMidnight } from '@au-pay/core';
import { expect, test } from '../support/fixtures.js';
import { OrdersPage } from '../support/orders-page.js';
import { Subscriber, SubscriptionOrders, SubscriptionsClient } from '../support/subscriptions.js';

// Subscriptions (issue #14) through the demo shop, <au-pay subscription>, the bridge and the
// emulated SBPS. They move the sandbox clock to the 1st (SBPS's billing day), which every payment
// of their shop shares: `@later`, one at a time, in the shop of their own (playwright.config.ts).
test.describe.configure({ mode: 'serial' });

/** 00:00 JST on the 1st of the month after the Japan date of `instant`: SBPS's next billing day. */
function firstOfNextMonth(instant: Date): Date {
  const { year, month } = japanDateOf(instant);
  return japanMidnight(year, month + 1, 1);
}

test('20. monthly: subscribed on the au screens, active, cancelled by the buyer @later', async ({
  page,
  request,
  baseURL,
  buyer,
  bridge,
  shot,
  expectAccessible,
}) => {
  const subscriptions = new SubscriptionsClient(request, `${baseURL}/bridge`);
  const subscriber = new Subscriber(page, shot);
  await buyer.openShop('ja');
  const id = await subscriber.subscribe('video-monthly');
  await expect(buyer.payButton()).toHaveText('月額 980円を au PAY で申し込む');
  await expectAccessible('the sign-up page');

  await buyer.pay();
  await buyer.payOnAu('success@au.example');
  await subscriber.expectBackOnMySubscriptions(id);
  const subscription = await subscriptions.waitForStatus(id, 'active');
  // The first month is charged at sign-up (spec/sbps-au.md §14).
  expect(subscription.charges).toHaveLength(1);
  expect(subscription.charges[0]).toMatchObject({ amount: 980, status: 'captured' });
  await subscriber.expectStatus(id, 'active');
  await expect(subscriber.card(id).locator('.next-billing time')).toHaveAttribute(
    'datetime',
    firstOfNextMonth(await bridge.clock()).toISOString(),
  );
  await expectAccessible('my subscriptions');
  await shot('active');

  // The buyer cancels on "my subscriptions" (ST02-00302-402); SBPS's notice confirms it.
  await subscriber.cancel(id);
  await subscriptions.waitForStatus(id, 'cancelled');
  await subscriber.expectStatus(id, 'cancelled');
  await new SubscriptionOrders(page).expectWebhook(id, 'subscription.cancelled');
  await shot('cancelled');
});

test('21. monthly: SBPS bills the second month on the 1st, and the bridge records it @later', async ({
  page,
  request,
  baseURL,
  buyer,
  bridge,
  shot,
}) => {
  const subscriptions = new SubscriptionsClient(request, `${baseURL}/bridge`);
  const subscriber = new Subscriber(page, shot);
  await buyer.openShop('en');
  const id = await subscriber.subscribe('video-monthly');
  await buyer.pay();
  await buyer.payOnAu('success@au.example');
  await subscriber.expectBackOnMySubscriptions(id);
  await subscriptions.waitForStatus(id, 'active');

  // The 1st, 00:00 JST: SBPS bills the second month by itself; the bridge records it.
  await bridge.advanceClock(firstOfNextMonth(await bridge.clock()));
  const subscription = await subscriptions.waitForCharges(id, 2);
  expect(subscription.charges[1]).toMatchObject({ amount: 980, status: 'captured' });
  const orders = new SubscriptionOrders(page);
  await orders.open(id);
  await expect(orders.card(id).locator('li.charge')).toHaveCount(2);
  await shot('second-month');
});

test('22. monthly, a month SBPS cannot bill (monthfail@au.example): subscription.payment_failed @later', async ({
  page,
  request,
  baseURL,
  buyer,
  bridge,
  shot,
}) => {
  const subscriptions = new SubscriptionsClient(request, `${baseURL}/bridge`);
  const subscriber = new Subscriber(page, shot);
  await buyer.openShop('en');
  const id = await subscriber.subscribe('video-monthly');
  await expect(buyer.payButton()).toHaveText('Subscribe for ¥980 a month with au PAY');
  await buyer.pay();
  await buyer.payOnAu('monthfail@au.example');
  await subscriber.expectBackOnMySubscriptions(id);
  await subscriptions.waitForStatus(id, 'active');

  // The 1st: SBPS's billing fails and it posts its NG notice; the month's charge is failed and
  // the shop's webhook inbox has `subscription.payment_failed`.
  await bridge.advanceClock(firstOfNextMonth(await bridge.clock()));
  const orders = new SubscriptionOrders(page);
  await orders.expectWebhook(id, 'subscription.payment_failed');
  const subscription = await subscriptions.get(id);
  expect(subscription.charges.map((charge) => charge.status)).toEqual(['captured', 'failed']);
  await shot('payment-failed');
});

test('23. pay as you go: a first charge, two more captured, cancelled, resumed through the element @later', async ({
  page,
  request,
  baseURL,
  buyer,
  shot,
}) => {
  const subscriptions = new SubscriptionsClient(request, `${baseURL}/bridge`);
  const subscriber = new Subscriber(page, shot);
  await buyer.openShop('ja');
  const id = await subscriber.subscribe('karaoke-payg');
  await expect(buyer.payButton()).toHaveText('au PAY の継続課金に申し込む（初回 220円）');
  await buyer.pay();
  await buyer.payOnAu('success@au.example');
  await subscriber.expectBackOnMySubscriptions(id);
  let subscription = await subscriptions.waitForStatus(id, 'active');
  // The first charge is an authorization (specified sales), captured like any payment.
  expect(subscription.charges).toHaveLength(1);
  expect(subscription.charges[0]).toMatchObject({ amount: 220, status: 'authorized' });

  // Two more songs: "charge now" twice on the orders page (ST01-00104-402).
  const orders = new SubscriptionOrders(page);
  await orders.chargeNow(id);
  await orders.chargeNow(id);
  subscription = await subscriptions.waitForCharges(id, 3);
  await expect(orders.card(id).locator('li.charge')).toHaveCount(3);
  await shot('three-charges');

  // Each charge is captured from the orders list like any payment.
  const payments = new OrdersPage(page);
  for (const charge of subscription.charges) {
    expect(charge).toMatchObject({ amount: 220, status: 'authorized' });
    await payments.open(charge.id);
    await payments
      .order(charge.id)
      .locator('form.action-form:not(.partial)[action$="/capture"] button')
      .click();
    await expect(payments.notice(charge.id)).toHaveClass(/notice-ok/);
  }
  await expect
    .poll(async () => (await subscriptions.get(id)).charges.map((charge) => charge.status))
    .toEqual(['captured', 'captured', 'captured']);

  // The merchant cancels (ST02-00309-402).
  await orders.cancel(id);
  await subscriptions.waitForStatus(id, 'cancelled');

  // The buyer comes back: "resume" gives a new sign-up through the element, without a charge (D01-1).
  await subscriber.openMySubscriptions();
  await subscriber.resume(id);
  await expect(buyer.payButton()).toHaveText('au PAY の継続課金に申し込む');
  await shot('resume');
  await buyer.pay();
  await buyer.payOnAu('success@au.example');
  await subscriber.expectBackOnMySubscriptions(id);
  subscription = await subscriptions.waitForStatus(id, 'active');
  expect(subscription.charges).toHaveLength(3);
  await subscriber.expectStatus(id, 'active');
  await shot('resumed');
});
