import { randomBytes } from 'node:crypto';
import { sbpsBuyerDeadline } from '@au-pay/core';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import type { EmulatorHost } from '../emulator-host.js';
import { createSbpsEmulator, type SbpsEmulatorState } from '../sbps/sbps-emulator.js';
import { apiError, type NomupayApiError } from './api-error.js';
import {
  CARRIER_LIMIT_SECOND,
  CARRIER_RESULT_URL,
  type CarrierResult,
  carrierRedirectParams,
  carrierResultFetch,
} from './carrier-step.js';
import {
  checkIdempotencyKey,
  IdempotencyStore,
  type IdempotentResource,
  type StoredAnswer,
} from './idempotency.js';
import {
  NomupayLedger,
  type NomupayOperationKind,
  type SandboxNomupayOperation,
  type SandboxNomupayPayment,
} from './ledger.js';
import { applyOperation, planOperation } from './operation-rules.js';
import { type NomupayEmulatorOptions, resolveNomupayOptions } from './options.js';
import { isApiError, readCreatePayment, readOperation } from './request-bodies.js';
import { operationResource, paymentResource } from './resources.js';
import { rawBodyOf, requireRequestSignature, sendError, sendSigned } from './signed-api.js';
import { type SandboxNomupayWebhook, WebhookOutbox } from './webhook-outbox.js';

/** Read access to what the emulated NomuPay holds, and its clock-driven work, for tests and tools. */
export interface NomupayEmulatorState {
  payment(id: string): Readonly<SandboxNomupayPayment> | undefined;
  payments(): ReadonlyArray<Readonly<SandboxNomupayPayment>>;
  operation(id: string): Readonly<SandboxNomupayOperation> | undefined;
  operationsOf(paymentId: string): ReadonlyArray<Readonly<SandboxNomupayOperation>>;
  /** Every webhook, with its attempts, in the order they were raised. */
  webhooks(): ReadonlyArray<Readonly<SandboxNomupayWebhook>>;
  /** NomuPay's own SBPS (the carrier step), which the buyer goes through. */
  readonly sbps: SbpsEmulatorState;
  /**
   * Does what is due at the sandbox clock's `now`: aborts payments whose buyer ran out of time
   * (`request_date + limit_second`, then the 4-minute rule) and sends the webhooks whose (re)try
   * is due (spec §10). Answers how many webhook attempts it made. Call it after moving the clock,
   * or from a timer.
   */
  deliverDue(): Promise<number>;
}

export interface NomupayEmulator {
  readonly router: Router;
  readonly state: NomupayEmulatorState;
  /** Operations and webhooks still on their way; `whenIdle` waits for them. */
  readonly background: ReadonlySet<Promise<unknown>>;
  /** NomuPay's SBPS's A02-1s still on their way (the slow scenario). */
  readonly carrierBackground: ReadonlySet<Promise<unknown>>;
}

const BODY_LIMIT = '64kb';
const OPERATION_RESOURCE: Record<NomupayOperationKind, IdempotentResource> = {
  capture: 'captures',
  cancel: 'cancels',
  refund: 'refunds',
};

/** The answer of one API call before it is signed and stored under its idempotency key. */
interface Answer extends StoredAnswer {
  /** Runs once the answer is sent (the asynchronous outcome of an operation). */
  readonly afterSent?: () => Promise<void>;
}

const json = (status: number, body: object, afterSent?: () => Promise<void>): Answer => ({
  status,
  body: JSON.stringify(body),
  ...(afterSent ? { afterSent } : {}),
});

/**
 * The NomuPay emulator (spec/nomupay-au.md §12) as an Express router; `createSandbox` mounts it at
 * `/nomupay`, so the API is at `/nomupay/v1/...` with NomuPay's paths:
 *
 * - `POST /v1/payments` → `pending` + `nextStep.redirect` (POST to NomuPay's SBPS at `/sbps`)
 * - `GET /v1/payments`, `GET /v1/payments/:id`
 * - `POST /v1/payments/:id/{captures,cancels,refunds}` → `pending`, processed right after
 * - `GET /v1/requests/{payments,captures,cancels,refunds}?idempotencyKey=`
 * - `GET /v1/tracks/{payments,captures,cancels,refunds}/:trackId`
 *
 * Every request needs an ES256 `X-Signature` (401 otherwise); every answer and webhook carries an
 * HS256 one. NomuPay's SBPS is a second SBPS emulator with NomuPay's own contract, mounted at
 * `/nomupay/sbps` rather than sharing `/sbps`: its merchant, service and hash key are NomuPay's,
 * not the bridge's, and its A02-1 goes to NomuPay (see `CARRIER_RESULT_URL`), never to the bridge.
 */
export function createNomupayEmulator(
  input: NomupayEmulatorOptions,
  host: EmulatorHost,
): NomupayEmulator {
  const options = resolveNomupayOptions(input, host);
  const ledger = new NomupayLedger();
  const idempotency = new IdempotencyStore();
  const outbox = new WebhookOutbox(options);
  const background = new Set<Promise<unknown>>();
  const inBackground = (work: Promise<unknown>) => {
    background.add(work);
    void work.finally(() => background.delete(work));
  };

  /** NomuPay's SBPS reported the buyer's purchase (A02-1). */
  const onCarrierResult = (result: CarrierResult): void => {
    const payment = ledger.payment(result.orderId);
    // A repeated A02-1 (duplicate@au.example) or one for a payment already given up changes nothing.
    if (payment?.status !== 'pending' || !result.ok) return;
    const now = options.now();
    delete payment.reason;
    payment.authorizedAt = now;
    payment.authorizedAmount = payment.amount;
    payment.sbpsTrackingId = result.sbpsTrackingId;
    payment.updatedAt = now;
    if (options.captureMode === 'automatic') {
      payment.capturedAmount = payment.amount;
      payment.capturedAt = now;
      payment.status = 'captured';
    } else {
      payment.status = 'approved';
    }
    inBackground(outbox.send('payment', paymentResource(payment)));
  };

  const sbps = createSbpsEmulator(
    {
      ...options.sbps,
      // NomuPay's own API credentials at SBPS; the merchant never has them.
      apiUser: `${options.sbps.merchantId}${options.sbps.serviceId}`,
      apiPassword: randomBytes(18).toString('base64url'),
      salesMode: options.captureMode,
      requireItemName: false,
    },
    {
      now: options.now,
      fetch: carrierResultFetch(options.sbps.hashKey, onCarrierResult),
      notificationOrigins: new Set([new URL(CARRIER_RESULT_URL).origin]),
      // The result page posts the buyer to the merchant's returnUrl (the bridge).
      formActionOrigins: [...options.formActionOrigins, ...options.notificationOrigins],
      logger: options.logger,
    },
  );

  const router = express.Router();
  router.use('/sbps', sbps.router);

  const api = express.Router();
  api.use(express.raw({ type: () => true, limit: BODY_LIMIT }));
  api.use(requireRequestSignature(options));

  /** Answers a POST through its idempotency key (spec §9): a replay, a 409, or a new answer. */
  const idempotent =
    (resource: IdempotentResource, handle: (req: Request) => Answer | NomupayApiError) =>
    (req: Request, res: Response) => {
      const now = options.now();
      const key = req.query.idempotencyKey;
      if (key !== undefined) {
        const bad = checkIdempotencyKey(key);
        if (bad) return sendError(res, options, bad);
      }
      const fingerprint = `${req.path}\n${rawBodyOf(req).toString('utf8')}`;
      if (typeof key === 'string') {
        const replay = idempotency.replay(resource, key, fingerprint, now);
        if (isApiError(replay)) return sendError(res, options, replay);
        if (replay) return sendSigned(res, options, replay.status, replay.body);
      }
      const answer = handle(req);
      if (isApiError(answer)) return sendError(res, options, answer);
      if (typeof key === 'string') idempotency.store(resource, key, fingerprint, answer, now);
      sendSigned(res, options, answer.status, answer.body);
      if (answer.afterSent) inBackground(answer.afterSent());
    };

  api.post(
    '/v1/payments',
    idempotent('payments', (req) => {
      const request = readCreatePayment(
        rawBodyOf(req),
        options.processingAccountId,
        options.maxAmount,
      );
      if (isApiError(request)) return request;
      const now = options.now();
      const payment = ledger.createPayment({ ...request, requestDate: now }, now);
      const base = options.publicUrl ?? `${req.protocol}://${req.get('host')}${req.baseUrl}`;
      return json(201, {
        ...paymentResource(payment),
        nextStep: {
          type: 'redirect',
          redirect: {
            method: 'post',
            url: `${base}/sbps/f01/FepBuyInfoReceive.do`,
            params: carrierRedirectParams(payment, options),
          },
        },
      });
    }),
  );

  api.get('/v1/payments', (req, res) => {
    const from = Date.parse(String(req.query.from ?? ''));
    const to = Date.parse(String(req.query.to ?? ''));
    const payments = ledger
      .payments()
      .filter((payment) => Number.isNaN(from) || payment.createdAt.getTime() >= from)
      .filter((payment) => Number.isNaN(to) || payment.createdAt.getTime() < to)
      .map(paymentResource);
    sendSigned(res, options, 200, JSON.stringify({ payments }));
  });

  const paymentOr404 = (id: string): SandboxNomupayPayment | NomupayApiError =>
    ledger.payment(id) ??
    apiError(404, 'not_found', `No payment ${id}.`, `支払い ${id} は見つかりません。`);

  api.get('/v1/payments/:paymentId', (req, res) => {
    const payment = paymentOr404(String(req.params.paymentId));
    if (isApiError(payment)) return sendError(res, options, payment);
    sendSigned(res, options, 200, JSON.stringify(paymentResource(payment)));
  });

  for (const kind of ['capture', 'cancel', 'refund'] as const) {
    const resource = OPERATION_RESOURCE[kind];
    api.post(
      `/v1/payments/:paymentId/${resource}`,
      idempotent(resource, (req) => {
        const payment = paymentOr404(String(req.params.paymentId));
        if (isApiError(payment)) return payment;
        const request = readOperation(rawBodyOf(req), options.maxAmount);
        if (isApiError(request)) return request;
        const now = options.now();
        const plan = planOperation(kind, payment, ledger, request.amount, now);
        if (isApiError(plan)) return plan;
        const operation = ledger.createOperation(
          { kind, paymentId: payment.id, merchantReference: request.merchantReference, ...plan },
          now,
        );
        // The outcome is asynchronous (spec §6): `pending` now, the result by webhook and tracking.
        return json(201, operationResource(operation), async () => {
          await Promise.resolve();
          const processedAt = options.now();
          operation.status = applyOperation(operation, payment, processedAt);
          operation.updatedAt = processedAt;
          await outbox.send(kind, operationResource(operation));
        });
      }),
    );
  }

  api.get('/v1/requests/:resource', (req, res) => {
    const resource = req.params.resource as IdempotentResource;
    if (!['payments', 'captures', 'cancels', 'refunds'].includes(resource)) {
      return sendError(
        res,
        options,
        apiError(404, 'not_found', 'Unknown path.', '不明なパスです。'),
      );
    }
    const key = req.query.idempotencyKey;
    const bad = checkIdempotencyKey(key);
    if (bad) return sendError(res, options, bad);
    const stored = idempotency.find(resource, key as string, options.now());
    if (!stored) {
      return sendError(
        res,
        options,
        apiError(
          404,
          'not_found',
          'No request with this idempotencyKey (keys are kept one week).',
          'この idempotencyKey のリクエストはありません（キーの保存期間は 1 週間です）。',
        ),
      );
    }
    sendSigned(res, options, stored.status, stored.body);
  });

  api.get('/v1/tracks/:collection/:trackId', (req, res) => {
    const tracked = ledger.track(String(req.params.collection), String(req.params.trackId));
    if (!tracked) {
      return sendError(
        res,
        options,
        apiError(404, 'not_found', 'Unknown tracking URL.', '不明なトラッキング URL です。'),
      );
    }
    // The current state, in the schema of the original answer (spec §8).
    const body = 'kind' in tracked ? operationResource(tracked) : paymentResource(tracked);
    sendSigned(res, options, 200, JSON.stringify(body));
  });

  api.use((_req: Request, res: Response) => {
    sendError(res, options, apiError(404, 'not_found', 'Unknown path.', '不明なパスです。'));
  });
  // A body the parser refused (too large, unreadable) is answered signed too, like every answer.
  api.use((error: unknown, _req: Request, res: Response, next: NextFunction) => {
    const status = (error as { status?: unknown }).status;
    if (typeof status !== 'number' || status < 400 || status >= 500) return next(error);
    sendError(
      res,
      options,
      apiError(
        status,
        'invalid_request',
        'The request body could not be read.',
        'リクエストボディを読み取れませんでした。',
      ),
    );
  });

  router.use(api);

  const abortTimedOut = async (): Promise<void> => {
    const now = options.now();
    for (const payment of ledger.payments()) {
      if (payment.status !== 'pending') continue;
      if (now < sbpsBuyerDeadline(payment.requestDate, CARRIER_LIMIT_SECOND)) continue;
      payment.status = 'aborted';
      payment.reason = {
        code: 'time_limit_exceeded',
        description: 'The buyer did not complete the carrier step within its time limit.',
      };
      payment.updatedAt = now;
      await outbox.send('payment', paymentResource(payment));
    }
  };

  return {
    router,
    background,
    carrierBackground: sbps.background,
    state: {
      payment: (id) => ledger.payment(id),
      payments: () => ledger.payments(),
      operation: (id) => ledger.operation(id),
      operationsOf: (paymentId) => {
        const payment = ledger.payment(paymentId);
        return payment ? ledger.operationsOf(payment) : [];
      },
      webhooks: () => outbox.list(),
      sbps: sbps.state,
      async deliverDue() {
        const before = outbox.list().reduce((sum, webhook) => sum + webhook.attempts.length, 0);
        await abortTimedOut();
        await outbox.deliverDue();
        return outbox.list().reduce((sum, webhook) => sum + webhook.attempts.length, 0) - before;
      },
    },
  };
}
