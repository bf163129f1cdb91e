import { getAcquirerProfile, parseSbpsDate, pendingExpiresAt } from '@au-pay/core';
import express, { type Router } from 'express';
import type { OpenOperation, PaymentRecord } from '../../store/payment-store.js';
import {
  type AcquirerConnector,
  type AcquirerHost,
  type AcquirerOutcome,
  AcquirerUnavailableError,
  type CheckoutRequest,
  type CheckoutStart,
  type MoneyCall,
} from '../acquirer.js';
import { type NomupayAnswer, NomupayApiClient } from './api-client.js';
import type { NomupayConfig } from './config.js';
import { type NomupayPaymentReading, readNomupayPayment } from './payment-result.js';
import { nomupayReturnRoute } from './returns.js';
import { nomupayWebhookRoute } from './webhooks.js';

export interface NomupayConnectorOptions {
  config: NomupayConfig;
  /** The bridge's clock: NomuPay checks every signature's `exp` against its own. */
  now: () => Date;
  /** Abort an API call after this long; its outcome is then unknown. Default 30 s. */
  timeoutMs?: number;
  /** Tracking reads after an operation answered `pending`, before its outcome counts as unknown. */
  trackingReads?: number;
  fetch?: typeof fetch;
}

/** The carrier step's `limit_second` (spec/nomupay-au.md §5.3: 600). */
const NOMUPAY_LIMIT_SECOND = 600;

const RESOURCE = { capture: 'captures', cancel: 'cancels', refund: 'refunds' } as const;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The idempotency key of a payment's creation at NomuPay (spec §9: 8–50 characters): one per
 * payment, so a second checkout replays the first answer and never creates a second payment.
 */
export const checkoutIdempotencyKey = (payment: PaymentRecord): string => `checkout-${payment.id}`;

/**
 * NomuPay (uP API) for au Kantan Kessai (spec/nomupay-au.md): the payment is created at checkout
 * and the buyer's browser posts NomuPay's `nextStep.redirect` to the carrier; results come by
 * webhook or from the tracking URL; captures, cancels and refunds are asynchronous operations
 * keyed by our operation ids. Signing and verification come from `@au-pay/core/nomupay`.
 */
export class NomupayConnector implements AcquirerConnector {
  readonly id = 'nomupay' as const;
  readonly #config: NomupayConfig;
  readonly #api: NomupayApiClient;
  readonly #trackingReads: number;

  constructor(options: NomupayConnectorOptions) {
    this.#config = options.config;
    this.#trackingReads = options.trackingReads ?? 5;
    this.#api = new NomupayApiClient(options.config, {
      now: options.now,
      ...(options.fetch && { fetch: options.fetch }),
      ...(options.timeoutMs !== undefined && { timeoutMs: options.timeoutMs }),
    });
  }

  /** `POST /v1/payments` (spec §5), then a page posting `nextStep.redirect` unchanged (§5.3). */
  async startCheckout(payment: PaymentRecord, request: CheckoutRequest): Promise<CheckoutStart> {
    const answer = await this.#api.request(
      'POST',
      `/v1/payments?idempotencyKey=${encodeURIComponent(checkoutIdempotencyKey(payment))}`,
      {
        processingAccountId: this.#config.processingAccountId,
        merchantReference: payment.id,
        amount: { value: payment.amount, currency: 'jpy' },
        paymentMethod: {
          type: 'au_kantan_kessai',
          auKantanKessai: { returnUrl: `${request.callbackBaseUrl}/return/${payment.id}` },
        },
      },
    );
    const redirect = redirectOf(answer);
    const requestDate = redirect.fields.find(([name]) => name === 'request_date')?.[1];
    return {
      kind: 'form_post',
      action: redirect.url,
      fields: redirect.fields,
      // The values are ASCII (spec §5.3); posted as they are.
      charset: 'utf-8',
      // A second checkout replays the first answer: the carrier's time runs from its request_date.
      requestedAt: readRequestDate(requestDate) ?? request.now,
    };
  }

  /** The carrier step's rule (SBPS's): `request_date + limit_second`, then 4 minutes. */
  pendingExpiresAt(payment: PaymentRecord, start: CheckoutStart): Date {
    return pendingExpiresAt(
      getAcquirerProfile(payment.acquirer),
      start.requestedAt,
      NOMUPAY_LIMIT_SECOND,
    );
  }

  /** `POST /nomupay/webhooks` and `GET|POST /nomupay/return/:id`. */
  routes(host: AcquirerHost): Router {
    const router = express.Router();
    const captureApproved = (payment: PaymentRecord, nomupayId: string) =>
      this.#captureApproved(payment, nomupayId);
    nomupayWebhookRoute(router, host, this.#config, captureApproved);
    nomupayReturnRoute(router, host, (payment) => this.#readPayment(payment), captureApproved);
    return router;
  }

  capture(payment: PaymentRecord, call: MoneyCall): Promise<AcquirerOutcome> {
    return this.#operate(payment, call);
  }

  cancel(payment: PaymentRecord, call: MoneyCall): Promise<AcquirerOutcome> {
    return this.#operate(payment, call);
  }

  refund(payment: PaymentRecord, call: MoneyCall): Promise<AcquirerOutcome> {
    return this.#operate(payment, call);
  }

  /**
   * Whether an operation whose answer was lost was applied: NomuPay keeps each request by its
   * idempotency key (spec §9, `GET /v1/requests/...`), and the stored answer's tracking URL gives
   * the operation's current status (§8).
   */
  async inquire(
    _payment: PaymentRecord,
    operation: OpenOperation,
  ): Promise<'applied' | 'not_applied' | 'unknown'> {
    const stored = await this.#api.request(
      'GET',
      `/v1/requests/${RESOURCE[operation.kind]}?idempotencyKey=${encodeURIComponent(operation.id)}`,
    );
    if (stored.status === 404) return 'not_applied';
    if (stored.status !== 200 && stored.status !== 201) return 'unknown';
    const status = await this.#finalStatus(stored);
    if (status === null) return 'unknown';
    return status === 'failed' || status === 'declined' || status === 'rejected'
      ? 'not_applied'
      : 'applied';
  }

  /** The whole capture of an automatic-capture payment, keyed by the payment (spec §9). */
  async #captureApproved(payment: PaymentRecord, nomupayId: string): Promise<void> {
    const answer = await this.#api.request(
      'POST',
      `/v1/payments/${encodeURIComponent(nomupayId)}/captures?idempotencyKey=${encodeURIComponent(`autocapture-${payment.id}`)}`,
      { merchantReference: payment.id },
    );
    if (answer.status >= 400) {
      throw new Error(`NomuPay refused the automatic capture (HTTP ${answer.status})`);
    }
    const status = await this.#finalStatus(answer);
    if (status !== 'captured') {
      throw new Error(`NomuPay's automatic capture is ${status ?? 'still pending'}`);
    }
  }

  /** The payment as NomuPay has it now: its creation by key, then its tracking URL (spec §8, §9). */
  async #readPayment(payment: PaymentRecord): Promise<NomupayPaymentReading> {
    const stored = await this.#api.request(
      'GET',
      `/v1/requests/payments?idempotencyKey=${encodeURIComponent(checkoutIdempotencyKey(payment))}`,
    );
    if (stored.status === 404) return { kind: 'pending' };
    const tracking = trackingPathOf(stored.body);
    const current = tracking ? await this.#api.request('GET', tracking) : stored;
    if (current.status !== 200 && current.status !== 201) {
      return { kind: 'unreadable', problem: `tracking answered ${current.status}` };
    }
    return readNomupayPayment(current.body, payment.amount, 'api');
  }

  /**
   * One capture, cancel or refund, keyed by our operation id (spec §6, §9): a retry of the same
   * operation replays NomuPay's answer, never a second operation. The outcome is asynchronous: the
   * tracking URL is read until it is final; still pending, the outcome is unknown and the operation
   * stays open for `inquire`.
   */
  async #operate(payment: PaymentRecord, call: MoneyCall): Promise<AcquirerOutcome> {
    const nomupayId = payment.acquirerReference;
    if (nomupayId === null) {
      throw new AcquirerUnavailableError(
        'NomuPay payment id unknown (no result yet)',
        'not_applied',
      );
    }
    const answer = await this.#api.request(
      'POST',
      `/v1/payments/${encodeURIComponent(nomupayId)}/${RESOURCE[call.kind]}?idempotencyKey=${encodeURIComponent(call.id)}`,
      {
        ...(call.amount !== undefined && { amount: { value: call.amount, currency: 'jpy' } }),
        merchantReference: call.id,
      },
    );
    if (answer.status >= 400) return refusalOf(answer);
    const status = await this.#finalStatus(answer);
    if (status === null) {
      throw new AcquirerUnavailableError(
        `NomuPay ${call.kind} ${call.id} is still pending`,
        'unknown',
      );
    }
    if (status === 'failed' || status === 'declined' || status === 'rejected') {
      return {
        ok: false,
        code: status,
        message: {
          en: `NomuPay did not carry out the ${call.kind} (${status}).`,
          ja: `NomuPay で処理できませんでした（${status}）。`,
        },
        retryable: false,
      };
    }
    return {
      ok: true,
      transactionId: typeof answer.body.id === 'string' ? answer.body.id : null,
      processedAt: null,
    };
  }

  /** Reads the answer's tracking URL until its status is final; null while pending. */
  async #finalStatus(answer: NomupayAnswer): Promise<string | null> {
    let body = answer.body;
    const tracking = trackingPathOf(body);
    for (let read = 0; ; read += 1) {
      const status = typeof body.status === 'string' ? body.status : 'unknown';
      if (status !== 'pending' && status !== 'unknown') return status;
      if (read >= this.#trackingReads || tracking === null) return null;
      const current = await this.#api.request('GET', tracking);
      if (current.status !== 200) return null;
      body = current.body;
    }
  }
}

/** `trackingUrl` is a path (spec §8); anything else is not followed. */
function trackingPathOf(body: Record<string, unknown>): string | null {
  const url = body.trackingUrl;
  return typeof url === 'string' && /^\/v1\/tracks\/[A-Za-z0-9/_-]+$/.test(url) ? url : null;
}

/** `request_date` (Japan time, `yyyyMMddHHmmss`), or undefined when absent or unreadable. */
function readRequestDate(value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  try {
    return parseSbpsDate(value);
  } catch {
    return undefined;
  }
}

/** `nextStep.redirect` of a create answer (spec §5.2): a POST to an http(s) URL, ordered params. */
function redirectOf(answer: NomupayAnswer): {
  url: string;
  fields: ReadonlyArray<readonly [string, string]>;
} {
  const { body } = answer;
  const nextStep = isRecord(body.nextStep) ? body.nextStep : undefined;
  const redirect = isRecord(nextStep?.redirect) ? nextStep.redirect : undefined;
  const params = redirect?.params;
  const url = typeof redirect?.url === 'string' ? redirect.url : '';
  const fields: [string, string][] = [];
  if (Array.isArray(params)) {
    for (const param of params) {
      if (isRecord(param) && typeof param.name === 'string' && typeof param.value === 'string') {
        fields.push([param.name, param.value]);
      }
    }
  }
  const usable =
    answer.status < 300 &&
    body.status === 'pending' &&
    nextStep?.type === 'redirect' &&
    String(redirect?.method).toLowerCase() === 'post' &&
    /^https?:\/\//.test(url) &&
    Array.isArray(params) &&
    fields.length === params.length &&
    fields.length > 0;
  if (!usable) {
    const code = isRecord(body.error) ? String(body.error.code) : String(body.status);
    throw new AcquirerUnavailableError(
      `NomuPay did not answer the payment's creation with a redirect (HTTP ${answer.status}, ${code})`,
      'not_applied',
    );
  }
  return { url, fields };
}

/** A 4xx from NomuPay: its own code and message, kept for the merchant. */
function refusalOf(answer: NomupayAnswer): AcquirerOutcome {
  const error = isRecord(answer.body.error) ? answer.body.error : {};
  const code = typeof error.code === 'string' ? error.code : `http_${answer.status}`;
  const en = typeof error.message === 'string' ? error.message : `NomuPay refused (${code}).`;
  const ja =
    typeof error.message_ja === 'string' ? error.message_ja : `NomuPay が拒否しました（${code}）。`;
  return {
    ok: false,
    code,
    message: { en, ja },
    retryable: answer.status === 409 || answer.status === 429,
  };
}
