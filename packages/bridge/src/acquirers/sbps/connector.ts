import { formatSbpsDate, getAcquirerProfile, pendingExpiresAt } from '@au-pay/core';
import {
  buildPurchaseRequest,
  buildSbpsApiRequest,
  decodeSbpsErrorCode,
  parseSbpsApiResponse,
  SBPS_API_REQUEST_CONTENT_TYPE,
  type SbpsApiFunctionId,
  type SbpsApiRequestValues,
  type SbpsApiResponse,
} from '@au-pay/core/sbps';
import express, { type Router } from 'express';
import type { PaymentRecord } from '../../store/payment-store.js';
import type { SubscriptionRecord } from '../../store/subscription-store.js';
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
import {
  contractCancelRequest,
  contractChargeRequest,
  subscriptionLinkRequest,
} from './subscription-requests.js';

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

  /** The consent of a subscription: the A01-1 or D01-1 page (subscription-requests.ts). */
  startSubscriptionCheckout(
    subscription: SubscriptionRecord,
    request: CheckoutRequest,
  ): CheckoutStart {
    const { action, fields } = subscriptionLinkRequest(this.#config, subscription, {
      now: request.now,
      callbackBaseUrl: request.callbackBaseUrl,
      limitSecond: this.#limitSecond,
    });
    const url = new URL(action);
    if (this.#sendLayout) url.searchParams.set('layout', request.layout);
    return {
      kind: 'form_post',
      action: url.toString(),
      fields,
      charset: 'shift_jis',
      requestedAt: new Date(Math.floor(request.now.getTime() / 1000) * 1000),
    };
  }

  /** Until when a served consent page can still complete (as for a payment). */
  subscriptionCheckoutExpiresAt(start: CheckoutStart): Date {
    return pendingExpiresAt(getAcquirerProfile('sbps'), start.requestedAt, this.#limitSecond);
  }

  /** ST01-00104-402 on the contract (spec §12): SBPS's answer, its tracking id that of the charge. */
  chargeContract(
    subscription: SubscriptionRecord,
    charge: { orderId: string; itemName: string; amount: number; requestedAt: Date },
  ): Promise<SbpsApiResponse> {
    const { functionId, values } = contractChargeRequest(this.#config, subscription, {
      ...charge,
      limitSecond: this.#limitSecond,
    });
    return this.callApi(functionId, values);
  }

  /** ST02-00302-402 or ST02-00309-402 (spec §11, §13) on the contract. */
  cancelContract(subscription: SubscriptionRecord, requestedAt: Date): Promise<SbpsApiResponse> {
    const { functionId, values } = contractCancelRequest(
      this.#config,
      subscription,
      requestedAt,
      this.#limitSecond,
    );
    return this.callApi(functionId, values);
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
    // A month of a recurring-simple contract is refunded by its month on the contract's tracking
    // id, always in full (spec §10 row 7, §14 "partial refund T only", §15).
    const month =
      functionId === CANCEL_REFUND && payment.billingMonth !== undefined
        ? payment.billingMonth.replace('-', '')
        : undefined;
    const parsed = await this.callApi(functionId, {
      merchant_id: this.#config.merchantId,
      service_id: this.#config.serviceId,
      tracking_id: payment.acquirerReference,
      processing_datetime: date,
      // Omitted = the whole authorized / remaining amount (spec §9 row 6, §10 row 6).
      amount: amount === undefined || month !== undefined ? undefined : String(amount),
      cancel_target_month: month,
      request_date: date,
      limit_second: String(this.#limitSecond),
    });
    return outcomeOf(parsed);
  }

  /**
   * Sends one API-type request (spec §8): signs it, posts it with Basic auth and reads SBPS's
   * answer. Throws `AcquirerUnavailableError` when there is no answer to read, saying whether SBPS
   * certainly did nothing (`not_applied`) or may have acted (`unknown`).
   */
  async callApi(
    functionId: SbpsApiFunctionId,
    values: SbpsApiRequestValues,
  ): Promise<SbpsApiResponse> {
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

    try {
      return parseSbpsApiResponse(new Uint8Array(await response.arrayBuffer()));
    } catch (error) {
      throw new AcquirerUnavailableError(`unreadable answer to ${functionId}`, 'unknown', {
        cause: error,
      });
    }
  }
}

/** SBPS's answer as the neutral money code reads it. */
export function outcomeOf(parsed: SbpsApiResponse): AcquirerOutcome {
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

const NOT_CONNECTED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH']);

/** `fetch` wraps socket errors: `TypeError('fetch failed', { cause: { code } })`. */
function networkErrorCode(error: unknown): string | undefined {
  const cause =
    error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  return typeof cause?.code === 'string' ? cause.code : undefined;
}
