import type { CreatedPaymentView, PaymentView, SandboxClockView } from '@au-pay/bridge';
import type { CreatePaymentInput } from '@au-pay/core';
import type { Lang } from './i18n/index.js';
import type { SubscriptionCheckout, SubscriptionView } from './subscription-view.js';

/** The bridge answered with a refusal: `{ "error": { "code", "message", "message_ja"? } }`. */
export class BridgeRefusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly messageJa: string | undefined,
  ) {
    super(message);
    this.name = 'BridgeRefusal';
  }

  /** The bridge's own words, in the buyer's language when the bridge gave them. */
  localized(lang: Lang): string {
    return lang === 'ja' && this.messageJa ? this.messageJa : this.message;
  }
}

/** The bridge did not answer, or answered something that is not its API. */
export class BridgeUnavailable extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'BridgeUnavailable';
  }
}

const TIMEOUT_MS = 15_000;

/**
 * The shop server's client of the bridge's merchant API, over HTTP like any merchant's server would
 * use it. The secret key stays here: it never reaches a page.
 */
export class BridgeApi {
  constructor(
    /** The bridge's `PUBLIC_URL`, e.g. `http://127.0.0.1:3000/bridge`. */
    private readonly baseUrl: string,
    private readonly secretKey: string,
  ) {}

  createPayment(payment: CreatePaymentInput, idempotencyKey: string): Promise<CreatedPaymentView> {
    return this.request<CreatedPaymentView>('POST', '/v1/payments', payment, idempotencyKey);
  }

  /** The payment with its event history, or null when the bridge does not know it. */
  async getPayment(id: string): Promise<PaymentView | null> {
    try {
      return await this.request<PaymentView>('GET', `/v1/payments/${encodeURIComponent(id)}`);
    } catch (error) {
      if (error instanceof BridgeRefusal && error.status === 404) return null;
      throw error;
    }
  }

  /** The most recent payments, newest first. */
  async listPayments(limit = 50): Promise<PaymentView[]> {
    const body = await this.request<{ data: PaymentView[] } | PaymentView[]>(
      'GET',
      `/v1/payments?limit=${limit}`,
    );
    return Array.isArray(body) ? body : body.data;
  }

  capture(id: string, amount: number | undefined, idempotencyKey: string): Promise<PaymentView> {
    return this.paymentAction(id, 'capture', amount, idempotencyKey);
  }

  /** With an amount, a partial cancel (NomuPay only; the bridge refuses it elsewhere). */
  cancel(id: string, amount: number | undefined, idempotencyKey: string): Promise<PaymentView> {
    return this.paymentAction(id, 'cancel', amount, idempotencyKey);
  }

  refund(id: string, amount: number | undefined, idempotencyKey: string): Promise<PaymentView> {
    return this.paymentAction(id, 'refunds', amount, idempotencyKey);
  }

  /** `POST /v1/subscriptions` (SBPS only): the amount is the plan's, from the shop's catalog. */
  createSubscription(
    subscription: {
      kind: SubscriptionView['kind'];
      amount?: number;
      itemName: string;
      merchantReference: string;
      customerId: string;
      returnUrl: string;
    },
    idempotencyKey: string,
  ): Promise<SubscriptionCheckout> {
    return this.request('POST', '/v1/subscriptions', subscription, idempotencyKey);
  }

  /** The subscription with its charges, or null when the bridge does not know it. */
  async getSubscription(id: string): Promise<SubscriptionView | null> {
    try {
      return await this.request('GET', `/v1/subscriptions/${encodeURIComponent(id)}`);
    } catch (error) {
      if (error instanceof BridgeRefusal && error.status === 404) return null;
      throw error;
    }
  }

  /** The most recent subscriptions, newest first. */
  async listSubscriptions(limit = 50): Promise<SubscriptionView[]> {
    const body = await this.request<{ data: SubscriptionView[] }>(
      'GET',
      `/v1/subscriptions?limit=${limit}`,
    );
    return body.data;
  }

  /** An `on_demand` charge (ST01-00104-402): a payment `authorized`, captured as usual. */
  chargeSubscription(
    id: string,
    charge: { amount: number; itemName?: string; merchantReference: string },
    idempotencyKey: string,
  ): Promise<PaymentView> {
    return this.request(
      'POST',
      `/v1/subscriptions/${encodeURIComponent(id)}/charges`,
      charge,
      idempotencyKey,
    );
  }

  cancelSubscription(id: string, idempotencyKey: string): Promise<SubscriptionView> {
    return this.request(
      'POST',
      `/v1/subscriptions/${encodeURIComponent(id)}/cancel`,
      {},
      idempotencyKey,
    );
  }

  /** A cancelled `on_demand` subscription: a new client secret for the buyer's re-application. */
  resumeSubscription(id: string, idempotencyKey: string): Promise<SubscriptionCheckout> {
    return this.request(
      'POST',
      `/v1/subscriptions/${encodeURIComponent(id)}/resume`,
      {},
      idempotencyKey,
    );
  }

  /** The sandbox's test clock (sandbox mode only). */
  getClock(): Promise<SandboxClockView> {
    return this.request<SandboxClockView>('GET', '/sandbox/clock');
  }

  /** Moves the sandbox clock forward by `seconds`; every call moves it again. */
  advanceClock(seconds: number): Promise<SandboxClockView> {
    return this.request<SandboxClockView>('POST', '/sandbox/clock', { advanceSeconds: seconds });
  }

  /**
   * Moves the sandbox clock forward to `instant`. The bridge refuses an instant the clock has
   * passed (409 `clock_cannot_go_back`), so repeating the same call does not move it twice.
   */
  advanceClockTo(instant: Date): Promise<SandboxClockView> {
    return this.request<SandboxClockView>('POST', '/sandbox/clock', { to: instant.toISOString() });
  }

  private paymentAction(
    id: string,
    action: 'capture' | 'cancel' | 'refunds',
    amount: number | undefined,
    idempotencyKey: string,
  ): Promise<PaymentView> {
    return this.request<PaymentView>(
      'POST',
      `/v1/payments/${encodeURIComponent(id)}/${action}`,
      amount === undefined ? {} : { amount },
      idempotencyKey,
    );
  }

  private async request<T>(
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
    idempotencyKey?: string,
  ): Promise<T> {
    const headers: Record<string, string> = {
      authorization: `Bearer ${this.secretKey}`,
      accept: 'application/json',
    };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (idempotencyKey !== undefined) headers['idempotency-key'] = idempotencyKey;

    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers,
        ...(body !== undefined && { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (error) {
      throw new BridgeUnavailable(`${method} ${path}: the bridge did not answer`, { cause: error });
    }

    const text = await response.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new BridgeUnavailable(
        `${method} ${path}: the bridge answered ${response.status} without JSON`,
      );
    }
    if (response.ok) return json as T;

    const error = (json as { error?: Record<string, unknown> } | null)?.error;
    if (typeof error?.code !== 'string' || typeof error.message !== 'string') {
      throw new BridgeUnavailable(
        `${method} ${path}: the bridge answered ${response.status} without an error body`,
      );
    }
    const messageJa = typeof error.message_ja === 'string' ? error.message_ja : undefined;
    throw new BridgeRefusal(response.status, error.code, error.message, messageJa);
  }
}
