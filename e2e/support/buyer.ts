import type { AcquirerId, CaptureMode } from '@au-pay/core';
import { expect, type Page } from '@playwright/test';

export type Lang = 'ja' | 'en';

/** The emulated au screens live under the sandbox acquirers of the shop's bridge. */
export const AU_SCREENS = /\/bridge\/sandbox\/(sbps|antom|nomupay)\//;

/**
 * A buyer in the demo shop: the steps a person takes, by the controls a person sees. Each step
 * waits for the page it leads to, so a journey reads as the buyer's story.
 */
export class Buyer {
  /** `shot` saves a screenshot of the step just reached (fixtures.ts). */
  constructor(
    readonly page: Page,
    private readonly shot: (step: string) => Promise<void> = async () => {},
  ) {}

  async openShop(lang: Lang = 'ja'): Promise<void> {
    await this.page.goto(`/?lang=${lang}`);
    await expect(this.page.locator('html')).toHaveAttribute('lang', lang);
    await this.shot('shop');
  }

  async addToCart(productId: string): Promise<void> {
    await this.page.locator(`#product-${productId} form button`).click();
    await expect(this.page.locator('.notice-ok')).toBeVisible();
    await this.shot(`added-${productId}`);
  }

  /**
   * From the cart to the shop's pay page, with the acquirer chosen on the cart (else the one the
   * cart preselects); answers the payment id the shop's server created.
   */
  async checkout(mode: CaptureMode = 'automatic', acquirer?: AcquirerId): Promise<string> {
    await this.page.goto('/cart');
    if (acquirer) await this.page.locator(`input[name="acquirer"][value="${acquirer}"]`).check();
    await this.page.locator(`input[name="captureMode"][value="${mode}"]`).check();
    await this.page.locator('form.checkout button[type="submit"]').click();
    await this.page.waitForURL(/\/pay\/pay_/);
    const id = /\/pay\/(pay_[A-Za-z0-9]+)/.exec(this.page.url())?.[1];
    if (!id) throw new Error(`no payment id in ${this.page.url()}`);
    await expect(this.payButton()).toBeEnabled();
    await this.shot('pay-page');
    return id;
  }

  /** The `<au-pay>` element's button (in its shadow root). */
  payButton() {
    return this.page.locator('au-pay').getByRole('button');
  }

  /** Clicks the element and rides the auto-post to au's login screen. */
  async pay(): Promise<void> {
    await this.payButton().click();
    await this.page.waitForURL(AU_SCREENS);
    await expect(this.page.locator('#au_id')).toBeVisible();
    await this.shot('au-login');
  }

  async logIn(auId: string): Promise<void> {
    await this.page.locator('#au_id').fill(auId);
    await this.page.locator('#password').fill('sandbox-password');
    await this.page.locator('button.primary').click();
    await expect(this.page.locator('#code')).toBeVisible();
    await this.shot('au-code');
  }

  /** Types the 6-digit code the sandbox shows in place of the SMS. */
  async enterCode(): Promise<void> {
    const code = (await this.page.locator('.sandbox-code strong').textContent())?.trim() ?? '';
    expect(code).toMatch(/^\d{6}$/);
    await this.page.locator('#code').fill(code);
    await this.page.locator('button.primary').click();
    await expect(this.page.locator('#pin')).toBeVisible();
    await this.shot('au-pin');
  }

  /** Enters the PIN on the confirm screen and pays; the browser then goes back to the shop. */
  async confirm(): Promise<void> {
    await this.page.locator('#pin').fill('1234');
    await this.page.locator('button.primary').click();
  }

  /** The "cancel and return to the shop" button every au screen has. */
  async cancelOnAu(): Promise<void> {
    await this.page.locator('button.secondary').click();
  }

  /** Waits for the shop's result page and checks the state it shows. */
  async expectResult(state: string): Promise<void> {
    await this.page.waitForURL(/\/result\?/);
    await expect(this.page.locator('#result')).toHaveClass(new RegExp(`\\bresult-${state}\\b`));
    await this.shot(`result-${state}`);
  }

  /** au ID, code, PIN: the three au screens of a buyer who pays. */
  async payOnAu(auId = 'success@au.example'): Promise<void> {
    await this.logIn(auId);
    await this.enterCode();
    await this.confirm();
  }
}
