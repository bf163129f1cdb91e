import { getAcquirerProfile, pendingExpiresAt } from '@au-pay/core';
import express, { type Router } from 'express';
import type { OpenOperation, PaymentRecord, PaymentStore } from '../../store/payment-store.js';
import {
  type AcquirerConnector,
  type AcquirerHost,
  type AcquirerOutcome,
  AcquirerUnavailableError,
  type CheckoutRequest,
  type CheckoutStart,
  type MoneyCall,
} from '../acquirer.js';
import { type AntomAnswer, AntomApiClient } from './api-client.js';
import type { AntomConfig } from './config.js';
import { antomNotificationRoute } from './notification.js';
import { payRequested, recordPayRequest } from './pay-requests.js';
import { antomAmount, antomNotifyUrl, buildPayRequest } from './requests.js';
import { antomResultMessage, isRetryableAntomCode } from './result-messages.js';
import { antomReturnRoute } from './returns.js';

export interface AntomConnectorOptions {
  config: AntomConfig;
  fetch?: typeof fetch;
  /** The clock inquiries are dated with (the bridge's). */
  now?: () => Date;
  /** Abort an API call after this long; its outcome is then unknown. Default 30 s. */
  timeoutMs?: number;
}

/**
 * Antom for au carrier billing (spec/antom-au.md): One-time Payments API-only, `CASHIER_PAYMENT`
 * with a redirect to Antom's au pages, results by notifyPayment (inquiryPayment as fallback), one
 * full refund, cancel, all signed both ways with RSA256 (`@au-pay/core/antom`).
 */
export class AntomConnector implements AcquirerConnector {
  readonly id = 'antom' as const;
  readonly #config: AntomConfig;
  readonly #client: AntomApiClient;
  readonly #now: () => Date;
  /** The bridge's store, known once the routes are mounted: where pay requests are recorded. */
  #store: PaymentStore | null = null;

  constructor(options: AntomConnectorOptions) {
    this.#config = options.config;
    this.#client = new AntomApiClient(options.config, options.fetch, options.timeoutMs);
    this.#now = options.now ?? (() => new Date());
  }

  /**
   * pay, then the buyer goes to `normalUrl` (or posts `redirectActionForm`). Anything but a
   * verified `U`/`PAYMENT_IN_PROCESS` with somewhere to go is an error page, never a redirect.
   */
  async startCheckout(payment: PaymentRecord, request: CheckoutRequest): Promise<CheckoutStart> {
    const body = buildPayRequest({
      payment,
      // The first checkout's layout: a repeat must carry the same content (requests.ts).
      layout: payment.layout ?? request.layout,
      callbackBaseUrl: request.callbackBaseUrl,
      paymentMethodType: this.#config.paymentMethodType,
    });
    // Recorded before it is sent: a cancel must know Antom may hold the payment even if no answer
    // comes back (pay-requests.ts).
    if (this.#store) await recordPayRequest(this.#store, payment, request.now);
    const answer = await this.#client.call('pay', body, request.now);
    const { result } = answer;
    if (result.resultStatus !== 'U' || result.resultCode !== 'PAYMENT_IN_PROCESS') {
      throw new AcquirerUnavailableError(
        `Antom answered pay with ${result.resultStatus}/${result.resultCode}`,
        result.resultStatus === 'F' ? 'not_applied' : 'unknown',
      );
    }
    // Antom's time limit counts from its payment's creation (spec §10): the first pay request.
    const requestedAt = dateOf(answer.body.paymentCreateTime) ?? request.now;
    const form = answer.body.redirectActionForm as
      | { method?: unknown; redirectUrl?: unknown; parameters?: unknown }
      | undefined;
    if (form?.method === 'POST' && typeof form.redirectUrl === 'string') {
      return {
        kind: 'form_post',
        action: absoluteUrl(form.redirectUrl),
        fields: formFields(form.parameters),
        charset: 'utf-8',
        requestedAt,
      };
    }
    const normalUrl = answer.body.normalUrl;
    if (typeof normalUrl !== 'string') {
      throw new AcquirerUnavailableError('Antom answered pay without a normalUrl', 'unknown');
    }
    return { kind: 'redirect', url: absoluteUrl(normalUrl), requestedAt };
  }

  /** 14 minutes after Antom created the payment (core's Antom profile, spec §10). */
  pendingExpiresAt(payment: PaymentRecord, start: CheckoutStart): Date {
    return pendingExpiresAt(getAcquirerProfile(payment.acquirer), start.requestedAt);
  }

  /** `POST /antom/notify` (notifyPayment, notifyRefund) and `GET /antom/return/:id`. */
  routes(host: AcquirerHost): Router {
    this.#store = host.store;
    const router = express.Router();
    antomNotificationRoute(router, host, this.#config);
    antomReturnRoute(router, host, this);
    return router;
  }

  /** Antom has no separate capture for au (spec §1); core refuses it before this is reached. */
  async capture(payment: PaymentRecord): Promise<AcquirerOutcome> {
    throw new AcquirerUnavailableError(
      `payment ${payment.id}: Antom has no separate capture for au`,
      'not_applied',
    );
  }

  /**
   * Full cancellation (spec §7), by our `paymentRequestId`. A payment no pay request was ever sent
   * for is unknown to Antom (it would answer `ORDER_NOT_EXIST`): it is cancelled here, no call.
   * One whose pay was sent, answered or not, goes to Antom.
   */
  async cancel(payment: PaymentRecord, call: MoneyCall): Promise<AcquirerOutcome> {
    if (this.#store && !(await payRequested(this.#store, payment))) {
      return { ok: true, transactionId: null, processedAt: null };
    }
    const answer = await this.#client.call(
      'cancel',
      { paymentRequestId: payment.id },
      call.requestedAt,
    );
    return outcomeOf(answer, 'cancelTime', 'paymentId');
  }

  /**
   * One full refund (spec §8.1). `refundRequestId` is the operation id, the same for every retry
   * of the operation, so Antom never refunds twice and inquiryRefund finds it.
   */
  async refund(payment: PaymentRecord, call: MoneyCall): Promise<AcquirerOutcome> {
    if (payment.acquirerReference === null) {
      throw new AcquirerUnavailableError(
        `payment ${payment.id} has no Antom paymentId`,
        'not_applied',
      );
    }
    if (call.amount !== undefined && call.amount !== payment.capturedAmount) {
      // Core refuses a partial refund first (not_supported_by_acquirer); never sent.
      throw new AcquirerUnavailableError('Antom refunds au payments in full only', 'not_applied');
    }
    const answer = await this.#client.call(
      'refund',
      {
        refundRequestId: call.id,
        paymentId: payment.acquirerReference,
        refundAmount: antomAmount(payment.capturedAmount),
        refundNotifyUrl: antomNotifyUrl(this.#config.callbackBaseUrl),
      },
      call.requestedAt,
    );
    return outcomeOf(answer, 'refundTime', 'refundId');
  }

  /**
   * Settles an operation whose outcome is unknown: inquiryRefund by its `refundRequestId`, or
   * inquiryPayment for a cancel (spec §6, §8.2).
   */
  async inquire(
    payment: PaymentRecord,
    operation: OpenOperation,
  ): Promise<'applied' | 'not_applied' | 'unknown'> {
    if (operation.kind === 'refund') {
      const answer = await this.#client.call(
        'inquiryRefund',
        { refundRequestId: operation.id },
        this.#now(),
      );
      if (answer.result.resultStatus === 'F') {
        return answer.result.resultCode === 'ORDER_NOT_EXIST' ? 'not_applied' : 'unknown';
      }
      if (answer.result.resultStatus !== 'S') return 'unknown';
      const status = answer.body.refundStatus;
      return status === 'SUCCESS' ? 'applied' : status === 'FAIL' ? 'not_applied' : 'unknown';
    }
    if (operation.kind === 'cancel') {
      const inquiry = await this.inquirePayment(payment);
      if (inquiry === null) return 'unknown';
      return inquiry.status === 'CANCELLED' ? 'applied' : 'not_applied';
    }
    return 'not_applied';
  }

  /** inquiryPayment by our `paymentRequestId`; null when Antom's answer says nothing certain. */
  async inquirePayment(payment: PaymentRecord): Promise<PaymentInquiry | null> {
    const answer = await this.#client.call(
      'inquiryPayment',
      { paymentRequestId: payment.id },
      this.#now(),
    );
    if (answer.result.resultStatus !== 'S') return null;
    const status = answer.body.paymentStatus;
    if (typeof status !== 'string') return null;
    return { status, answer };
  }
}

export interface PaymentInquiry {
  /** `SUCCESS`, `FAIL`, `PROCESSING`, `CANCELLED` or `PENDING` (spec §6). */
  status: string;
  answer: AntomAnswer;
}

/** `S` done, `F` refused, `U` unknown: the operation stays open for the inquiry (spec §9). */
function outcomeOf(answer: AntomAnswer, timeField: string, idField: string): AcquirerOutcome {
  const { result, body } = answer;
  if (result.resultStatus === 'S') {
    const id = body[idField];
    const time = body[timeField];
    return {
      ok: true,
      transactionId: typeof id === 'string' ? id : null,
      processedAt: typeof time === 'string' ? time : null,
    };
  }
  if (result.resultStatus === 'F') {
    return {
      ok: false,
      code: result.resultCode,
      message: antomResultMessage(result.resultCode, result.resultMessage),
      retryable: isRetryableAntomCode(result.resultCode),
    };
  }
  // U (REFUND_IN_PROCESS, UNKNOWN_EXCEPTION, ...): applied or not is not known yet.
  throw new AcquirerUnavailableError(
    `Antom answered ${result.resultStatus}/${result.resultCode}`,
    'unknown',
  );
}

function dateOf(value: unknown): Date | null {
  if (typeof value !== 'string') return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

function absoluteUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new AcquirerUnavailableError('Antom answered pay with an unusable URL', 'unknown');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new AcquirerUnavailableError('Antom answered pay with a non-http URL', 'unknown');
  }
  return url.href;
}

/** `redirectActionForm.parameters`: a query string, a JSON object, or an object (spec §4.2). */
function formFields(parameters: unknown): Array<readonly [string, string]> {
  let value = parameters;
  if (typeof value === 'string') {
    const text = value.trim();
    if (text.startsWith('{')) {
      try {
        value = JSON.parse(text);
      } catch {
        return [];
      }
    } else {
      return [...new URLSearchParams(text)];
    }
  }
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).map(([name, field]) => [name, String(field)] as const);
}
