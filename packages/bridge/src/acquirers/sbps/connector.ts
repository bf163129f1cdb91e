import { formatSbpsDate, getAcquirerProfile, pendingExpiresAt } from '@au-pay/core';
import {
  buildPurchaseRequest,
  buildSbpsApiRequest,
  decodeSbpsErrorCode,
  parseSbpsApiResponse,
  SBPS_API_REQUEST_CONTENT_TYPE,
  type SbpsApiFunctionId,
  type SbpsApiRequestValues,
} from '@au-pay/core/sbps';
import express, { type Router } from 'express';
import type { PaymentRecord } from '../../store/payment-store.js';
import {
  type AcquirerConnector,
  type AcquirerHost,
  type AcquirerOutcome,
  AcquirerUnavailableError,
  type CheckoutRequest,
  type CheckoutStart,
  type MoneyCall,
} from '../acquirer.js';
import type { SbpsConfig } from './config.js';
import { sbpsNotificationRoute } from './notification.js';
import { sbpsReturnsRoute } from './returns.js';

export interface SbpsConnectorOptions {
  config: SbpsConfig;
  /** `limit_second` of every request (spec §2); default `SBPS_LIMIT_SECOND`. */
  limitSecond?: number;
  /** Appends `?layout=web|wap` to the purchase URL: only the sandbox emulator reads it. */
  sendLayout?: boolean;
  /** Abort an API call after this long; its outcome is then unknown. Default 30 s. */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

// spec §8: ST02-00201-402 settles (sales); ST02-00303-402 cancels before settlement and refunds
// after it.
/** `limit_second` of each request by default (spec §2; SBPS clients commonly send 600). */
export const SBPS_LIMIT_SECOND = 600;

const SALES: SbpsApiFunctionId = 'ST02-00201-402';
const CANCEL_REFUND: SbpsApiFunctionId = 'ST02-00303-402';

/**
 * SBPS (SoftBank Payment Service) for au Kantan Kessai: link-type purchase (A01-1) through the
 * buyer's browser, API-type (XML over HTTPS, Basic auth, Shift_JIS) settlement, cancellation and
 * refund. Signing, encodings and field rules all come from `@au-pay/core/sbps`.
 */
export class SbpsConnector implements AcquirerConnector {
  readonly id = 'sbps' as const;
  readonly #config: SbpsConfig;
  readonly #limitSecond: number;
  readonly #sendLayout: boolean;
  readonly #timeoutMs: number;
  readonly #fetch: typeof fetch;
  readonly #authorization: string;

  constructor(options: SbpsConnectorOptions) {
    this.#config = options.config;
    this.#limitSecond = options.limitSecond ?? SBPS_LIMIT_SECOND;
    this.#sendLayout = options.sendLayout ?? false;
    this.#timeoutMs = options.timeoutMs ?? 30_000;
    this.#fetch = options.fetch ?? fetch;
    this.#authorization = `Basic ${Buffer.from(
      `${options.config.apiUser}:${options.config.apiPassword}`,
      'utf8',
    ).toString('base64')}`;
  }

  async startCheckout(payment: PaymentRecord, request: CheckoutRequest): Promise<CheckoutStart> {
    const requestDate = formatSbpsDate(request.now);
    const base = request.callbackBaseUrl;
    const fields = buildPurchaseRequest(
      {
        billing: 'one_time',
        merchantId: this.#config.merchantId,
        serviceId: this.#config.serviceId,
        custCode: payment.custCode,
        // One order_id per payment, reused by every checkout: SBPS refuses a second completed
        // purchase for the same order_id, so a double checkout can never charge twice.
        orderId: payment.orderId,
        itemId: payment.id,
        itemName: payment.itemName,
        amount: payment.amount,
        // au supports PC and smartphone only; 1 would be a feature phone (spec §4 row 20).
        terminalType: '0',
        successUrl: `${base}/return/success`,
        cancelUrl: `${base}/return/cancel`,
        errorUrl: `${base}/return/error`,
        pageconUrl: `${base}/notify`,
        requestDate,
        limitSecond: this.#limitSecond,
      },
      this.#config.hashKey,
    );
    const action = new URL(this.#config.purchaseUrl);
    if (this.#sendLayout) action.searchParams.set('layout', request.layout);
    return {
      kind: 'form_post',
      action: action.toString(),
      fields,
      // SBPS verifies sps_hashcode over the Shift_JIS bytes it receives (spec §2, §3).
      charset: 'shift_jis',
      // request_date has whole seconds.
      requestedAt: new Date(Math.floor(request.now.getTime() / 1000) * 1000),
    };
  }

  /** The buyer may start until request_date + limit_second, then has 4 minutes (core's rule). */
  pendingExpiresAt(payment: PaymentRecord, start: CheckoutStart): Date {
    return pendingExpiresAt(
      getAcquirerProfile(payment.acquirer),
      start.requestedAt,
      this.#limitSecond,
    );
  }

  /** `POST /sbps/notify` (A02-1) and `POST /sbps/return/:kind` (A03-1). */
  routes(host: AcquirerHost): Router {
    const router = express.Router();
    sbpsNotificationRoute(router, host, this.#config);
    sbpsReturnsRoute(router, host, this.#config);
    return router;
  }

  // The operation id (MoneyCall) is not sent: the ST02 requests have no field for it (spec §9,
  // §10), and SBPS has no inquiry API, so an unknown outcome waits for the merchant's resolve.
  capture(payment: PaymentRecord, call: MoneyCall): Promise<AcquirerOutcome> {
    return this.#call(SALES, payment, call);
  }

  cancel(payment: PaymentRecord, call: MoneyCall): Promise<AcquirerOutcome> {
    return this.#call(CANCEL_REFUND, payment, { ...call, amount: undefined });
  }

  refund(payment: PaymentRecord, call: MoneyCall): Promise<AcquirerOutcome> {
    return this.#call(CANCEL_REFUND, payment, call);
  }

  async #call(
    functionId: SbpsApiFunctionId,
    payment: PaymentRecord,
    { amount, requestedAt }: MoneyCall,
  ): Promise<AcquirerOutcome> {
    if (payment.acquirerReference === null) {
      throw new AcquirerUnavailableError(
        `payment ${payment.id} has no SBPS tracking id yet`,
        'not_applied',
      );
    }
    const date = formatSbpsDate(requestedAt);
    const values: SbpsApiRequestValues = {
      merchant_id: this.#config.merchantId,
      service_id: this.#config.serviceId,
      tracking_id: payment.acquirerReference,
      processing_datetime: date,
      // Omitted = the whole authorized / remaining amount (spec §9 row 6, §10 row 6).
      amount: amount === undefined ? undefined : String(amount),
      request_date: date,
      limit_second: String(this.#limitSecond),
    };
    let body: Uint8Array;
    try {
      body = buildSbpsApiRequest(functionId, values, this.#config.hashKey);
    } catch (error) {
      throw new AcquirerUnavailableError(`could not build ${functionId}`, 'not_applied', {
        cause: error,
      });
    }

    let response: Response;
    try {
      response = await this.#fetch(this.#config.apiUrl, {
        method: 'POST',
        headers: {
          authorization: this.#authorization,
          'content-type': SBPS_API_REQUEST_CONTENT_TYPE,
        },
        body,
        signal: AbortSignal.timeout(this.#timeoutMs),
        redirect: 'error',
      });
    } catch (error) {
      // A connection that never opened carried nothing; anything later (timeout, reset) may have.
      const neverSent = NOT_CONNECTED.has(networkErrorCode(error) ?? '');
      throw new AcquirerUnavailableError(
        `${functionId} request failed${neverSent ? ' (SBPS could not be reached)' : ''}`,
        neverSent ? 'not_applied' : 'unknown',
        { cause: error },
      );
    }
    if (response.status === 401) {
      // spec §8: bad Basic-auth credentials → 401, nothing processed.
      await response.body?.cancel();
      throw new AcquirerUnavailableError(
        'SBPS refused the API credentials (HTTP 401): check SBPS_API_USER and SBPS_API_PASSWORD',
        'not_applied',
      );
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new AcquirerUnavailableError(
        `SBPS answered HTTP ${response.status} to ${functionId}`,
        'unknown',
      );
    }

    let parsed: ReturnType<typeof parseSbpsApiResponse>;
    try {
      parsed = parseSbpsApiResponse(new Uint8Array(await response.arrayBuffer()));
    } catch (error) {
      throw new AcquirerUnavailableError(`unreadable answer to ${functionId}`, 'unknown', {
        cause: error,
      });
    }
    if (parsed.result === 'OK') {
      return {
        ok: true,
        transactionId: parsed.spsTransactionId === '' ? null : parsed.spsTransactionId,
        processedAt: parsed.processDate === '' ? null : parsed.processDate,
      };
    }
    const decoded = parsed.error ?? decodeSbpsErrorCode(parsed.errCode ?? '');
    return {
      ok: false,
      code: decoded.code,
      message: decoded.messages,
      retryable: decoded.retryable,
    };
  }
}

const NOT_CONNECTED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH']);

/** `fetch` wraps socket errors: `TypeError('fetch failed', { cause: { code } })`. */
function networkErrorCode(error: unknown): string | undefined {
  const cause =
    error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  return typeof cause?.code === 'string' ? cause.code : undefined;
}
