import { type PaymentEventView, type PaymentView, SANDBOX_DEFAULTS } from '@au-pay/bridge';
import { type APIRequestContext, expect } from '@playwright/test';

/** `GET /v1/payments/:id`: the payment with its whole event history. */
export type Payment = PaymentView & { events: PaymentEventView[] };

/** The merchant's view of the shop's bridge: the merchant API with the sandbox secret key. */
export class BridgeClient {
  readonly #request: APIRequestContext;
  readonly #url: string;
  readonly #headers = { authorization: `Bearer ${SANDBOX_DEFAULTS.secretKey}` };

  constructor(request: APIRequestContext, url: string) {
    this.#request = request;
    this.#url = url;
  }

  async payment(id: string): Promise<Payment> {
    const response = await this.#request.get(`${this.#url}/v1/payments/${id}`, {
      headers: this.#headers,
    });
    expect(response.status(), `GET /v1/payments/${id}`).toBe(200);
    return (await response.json()) as Payment;
  }

  /** Waits until the payment reaches `status` (notifications and webhooks are asynchronous). */
  async waitForStatus(id: string, status: string): Promise<Payment> {
    await expect
      .poll(async () => (await this.payment(id)).status, { message: `payment ${id} status` })
      .toBe(status);
    return this.payment(id);
  }

  /** The sandbox clock: moves every rule of the bridge and the emulator forward. */
  async advanceClock(to: Date): Promise<void> {
    const response = await this.#request.post(`${this.#url}/sandbox/clock`, {
      headers: this.#headers,
      data: { to: to.toISOString() },
    });
    expect(response.status(), 'POST /sandbox/clock').toBe(200);
  }

  async clock(): Promise<Date> {
    const response = await this.#request.get(`${this.#url}/sandbox/clock`, {
      headers: this.#headers,
    });
    expect(response.status(), 'GET /sandbox/clock').toBe(200);
    return new Date(((await response.json()) as { now: string }).now);
  }
}

export const eventTypes = (payment: Payment): string[] => payment.events.map((event) => event.type);
