import { type PaymentView, SANDBOX_DEFAULTS } from '@au-pay/bridge';
import { type APIRequestContext, expect, type Page } from '@playwright/test';

/** `GET /v1/subscriptions/:id`, the fields the journeys read. */
export interface Subscription {
  id: string;
  kind: 'monthly' | 'on_demand';
  status: string;
  amount: number | null;
  charges: (PaymentView & { billingMonth?: string | null })[];
}

/** The merchant's view of the shop's subscriptions (the bridge's API, sandbox secret key). */
export class SubscriptionsClient {
  readonly #headers = { authorization: `Bearer ${SANDBOX_DEFAULTS.secretKey}` };

  constructor(
    private readonly request: APIRequestContext,
    private readonly url: string,
  ) {}

  async get(id: string): Promise<Subscription> {
    const response = await this.request.get(`${this.url}/v1/subscriptions/${id}`, {
      headers: this.#headers,
    });
    expect(response.status(), `GET /v1/subscriptions/${id}`).toBe(200);
    return (await response.json()) as Subscription;
  }

  /** Waits until the subscription reaches `status` (SBPS's results arrive asynchronously). */
  async waitForStatus(id: string, status: string): Promise<Subscription> {
    await expect
      .poll(async () => (await this.get(id)).status, { message: `subscription ${id} status` })
      .toBe(status);
    return this.get(id);
  }

  /** Waits until the subscription has `count` charges. */
  async waitForCharges(id: string, count: number): Promise<Subscription> {
    await expect
      .poll(async () => (await this.get(id)).charges.length, { message: `charges of ${id}` })
      .toBe(count);
    return this.get(id);
  }
}

/** The buyer's subscription steps in the demo shop: the plans, the sign-up page, "my subscriptions". */
export class Subscriber {
  constructor(
    readonly page: Page,
    private readonly shot: (step: string) => Promise<void> = async () => {},
  ) {}

  /** From the shop page's plan to its sign-up page; answers the subscription id. */
  async subscribe(planId: string): Promise<string> {
    await this.page.locator(`#plan-${planId} form button`).click();
    await this.page.waitForURL(/\/subscribe\/sub_/);
    const id = /\/subscribe\/(sub_[A-Za-z0-9]+)/.exec(this.page.url())?.[1];
    if (!id) throw new Error(`no subscription id in ${this.page.url()}`);
    await this.shot(`sign-up-${planId}`);
    return id;
  }

  /** Back from the au screens: the shop's "my subscriptions" page (the subscriptions' returnUrl). */
  async expectBackOnMySubscriptions(id: string): Promise<void> {
    await this.page.waitForURL(/\/subscriptions(\?|$)/);
    await expect(this.card(id)).toBeVisible();
  }

  async openMySubscriptions(): Promise<void> {
    await this.page.goto('/subscriptions');
  }

  card(id: string) {
    return this.page.locator(`li.subscription[id="${id}"]`);
  }

  /** Waits (reloading, as the buyer would) until the page shows the subscription in `status`. */
  async expectStatus(id: string, status: string): Promise<void> {
    await expect
      .poll(
        async () => {
          await this.page.goto(`/subscriptions#${id}`);
          return this.card(id).locator('.status').first().getAttribute('class');
        },
        { message: `${id} on my subscriptions`, intervals: [250, 500, 1000] },
      )
      .toContain(`status-${status}`);
  }

  async cancel(id: string): Promise<void> {
    await this.card(id).locator('form[action$="/cancel"] button').click();
    await this.page.waitForURL(/\/subscriptions/);
  }

  /** "Resume" on a cancelled pay-as-you-go subscription: to its sign-up page again. */
  async resume(id: string): Promise<void> {
    await this.card(id).locator('form[action$="/resume"] button').click();
    await this.page.waitForURL(new RegExp(`/subscribe/${id}$`));
  }
}

/** The subscriptions section of the shop's orders page. */
export class SubscriptionOrders {
  constructor(readonly page: Page) {}

  card(id: string) {
    return this.page.locator(`#subscriptions li.order[id="${id}"]`);
  }

  async open(id: string): Promise<void> {
    await this.page.goto(`/orders?_=${Date.now()}#${id}`);
    await expect(this.card(id)).toBeVisible();
  }

  /** "Charge now" on an active pay-as-you-go subscription. */
  async chargeNow(id: string): Promise<void> {
    await this.open(id);
    await this.card(id).locator('form[action$="/charge"] button').click();
    await this.page.waitForURL(/\/orders/);
    await expect(this.card(id).locator('.notice')).toHaveClass(/notice-ok/);
  }

  async cancel(id: string): Promise<void> {
    await this.open(id);
    await this.card(id).locator('form[action$="/cancel"] button').click();
    await this.page.waitForURL(/\/orders/);
    await expect(this.card(id).locator('.notice')).toHaveClass(/notice-ok/);
  }

  /** Waits (reloading) until the shop has received a webhook of `type` for the subscription. */
  async expectWebhook(id: string, type: string): Promise<void> {
    await expect
      .poll(
        async () => {
          await this.open(id);
          return this.card(id).locator('ul.webhooks > li > code').allTextContents();
        },
        { message: `webhooks received for ${id}`, intervals: [250, 500, 1000] },
      )
      .toContain(type);
  }
}
