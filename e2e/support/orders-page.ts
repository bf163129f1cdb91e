import { expect, type Page } from '@playwright/test';

/** The shop's back office (`/orders`), where the merchant acts and sees the webhooks received. */
export class OrdersPage {
  constructor(readonly page: Page) {}

  order(paymentId: string) {
    return this.page.locator(`li.order[id="${paymentId}"]`);
  }

  async open(paymentId: string): Promise<void> {
    const url = new URL(`/orders#${paymentId}`, this.page.url()).href;
    // Going to the same URL with a #fragment would only scroll, not load the page again.
    if (this.page.url() === url) await this.page.reload();
    else await this.page.goto(`/orders#${paymentId}`);
    await expect(this.order(paymentId)).toBeVisible();
  }

  /** The webhook types the shop received and verified for the payment, oldest first. */
  async webhookTypes(paymentId: string): Promise<string[]> {
    return this.order(paymentId).locator('ul.webhooks > li > code').allTextContents();
  }

  /**
   * Waits (reloading, as a merchant would) until the shop has received exactly these webhooks:
   * deliveries come from the bridge's outbox a moment after the change.
   */
  async expectWebhooks(paymentId: string, types: string[]): Promise<void> {
    await expect
      .poll(
        async () => {
          await this.open(paymentId);
          return this.webhookTypes(paymentId);
        },
        { message: `webhooks received for ${paymentId}`, intervals: [250, 500, 1000] },
      )
      .toEqual(types);
  }

  /** Fills the partial amount of `capture` or `refund` and submits it. */
  async partial(paymentId: string, action: 'capture' | 'refund', amount: number): Promise<void> {
    const form = this.order(paymentId).locator(`form.partial[action$="/${action}"]`);
    await form.locator('input[name="amount"]').fill(String(amount));
    await form.locator('button[type="submit"]').click();
    await this.page.waitForURL(/\/orders/);
  }

  /** The notice the page shows after an action: `ok`, or the refusal's text. */
  notice(paymentId: string) {
    return this.order(paymentId).locator('.notice');
  }
}
