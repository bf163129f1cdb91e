import {
  type AcquirerId,
  cancelRequestSchema,
  captureRequestSchema,
  createPaymentSchema,
  getAcquirerProfile,
  paymentIdSchema,
  refundRequestSchema,
} from '@au-pay/core';
import { encodeShiftJis, ShiftJisEncodingError } from '@au-pay/core/sbps';
import express, { type Request, type Router } from 'express';
import { z } from 'zod';
import type { BridgeContext } from '../bridge-context.js';
import { ApiError, jsonErrorHandler } from '../http/api-error.js';
import { requireSecretKey } from '../http/bearer-auth.js';
import { jsonBody } from '../http/body-readers.js';
import { createPayment } from '../payments/create-payment.js';
import { expireIfDue } from '../payments/expiry.js';
import {
  type ApiAnswer,
  answerIdempotently,
  type IdempotencyOptions,
} from '../payments/idempotency.js';
import {
  type MoneyOperation,
  paymentNotFound,
  runMoneyOperation,
} from '../payments/money-operations.js';
import { type CreatedPaymentView, paymentView } from '../payments/payment-view.js';
import { ReplaySeal } from '../payments/replay-seal.js';
import { resolveOpenOperation } from '../payments/resolve-operation.js';
import type { PaymentRecord } from '../store/payment-store.js';

// `POST /v1/payments/:id/resolve`: what the merchant found in the acquirer's admin tool.
export const resolveRequestSchema = z.strictObject({
  applied: z.boolean({ error: 'applied must be true (the operation was applied) or false.' }),
});

const MAX_PAGE_SIZE = 100;
const DEFAULT_PAGE_SIZE = 20;

/** The merchant API, `/v1/payments`: Bearer secret key, JSON in and out. */
export function paymentsRouter(context: BridgeContext): Router {
  const router = express.Router();
  const sealedClientSecret = new ReplaySeal(context.config.secretKey).storedForm();
  const idempotency: IdempotencyOptions = {
    store: context.store,
    now: context.now,
    inFlightTtlMs: context.settings.idempotencyInFlightTtlMs,
  };

  const requireKey = requireSecretKey(context.config.secretKey);
  const readJson = jsonBody(context.settings.jsonBodyLimit);
  // One router layer for what every request here goes through (Express pays per layer): no
  // caching, the secret key, then the JSON body.
  router.use((req, res, next) => {
    // Payments (and, once, a client secret) must never sit in a cache.
    res.setHeader('Cache-Control', 'no-store');
    requireKey(req, res, (error?: unknown) => {
      if (error === undefined) readJson(req, res, next);
      else next(error);
    });
  });
  router.post('/', async (req, res) => {
    await answerIdempotently(
      req,
      res,
      'POST /v1/payments',
      // The client secret is kept sealed for replays; the payment itself stores only its hash.
      { ...idempotency, storedForm: sealedClientSecret },
      async () => {
        const request = parseBody(
          createPaymentSchema,
          withDefaultAcquirer(req.body, context.config.defaultAcquirer),
        );
        checkReturnUrl(request.returnUrl, context.config.returnUrlOrigins);
        checkItemName(request.itemName);
        checkAcquirerConfigured(request.acquirer, [...context.connectors.keys()]);
        const { payment, clientSecret } = await createPayment(context, request);
        return {
          status: 201,
          body: {
            ...paymentView(payment),
            clientSecret,
            nextStep: {
              type: 'checkout',
              url: `${context.config.publicUrl}/checkout/${payment.id}`,
              method: 'POST',
            },
          } satisfies CreatedPaymentView,
        };
      },
    );
  });

  router.get('/', async (req, res) => {
    const limit = pageSize(req.query.limit);
    const cursorId = req.query.starting_after;
    let cursor: PaymentRecord | null = null;
    if (cursorId !== undefined) {
      cursor =
        typeof cursorId === 'string' && paymentIdSchema.safeParse(cursorId).success
          ? await context.store.getPayment(cursorId)
          : null;
      if (!cursor) {
        throw new ApiError(400, 'invalid_cursor', 'starting_after must be the id of a payment.', {
          message_ja: 'starting_after には決済の ID を指定してください。',
          param: 'starting_after',
        });
      }
    }
    const page = await context.store.listPayments({
      limit: limit + 1,
      ...(cursor && { startingAfter: { createdAt: cursor.createdAt, id: cursor.id } }),
    });
    const data = page.slice(0, limit);
    res.json({
      object: 'list',
      data: data.map((payment) => paymentView(payment)),
      hasMore: page.length > limit,
      nextCursor: page.length > limit ? (data.at(-1)?.id ?? null) : null,
    });
  });

  router.get('/:id', async (req, res) => {
    const payment = await findPayment(context, req.params.id);
    res.json(paymentView(payment, await context.store.listEvents(payment.id)));
  });

  const operation =
    (type: MoneyOperation['type']) => async (req: Request, res: express.Response) => {
      const id = req.params.id as string;
      // Before the idempotency claim, whose scope holds the id: PostgreSQL refuses a NUL in text.
      if (!paymentIdSchema.safeParse(id).success) throw paymentNotFound(id);
      await answerIdempotently(
        req,
        res,
        `POST /v1/payments/${id}/${type}`,
        idempotency,
        async (): Promise<ApiAnswer> => {
          // Checked by answerIdempotently before this runs; kept on the open operation.
          const key = req.get('idempotency-key') ?? null;
          switch (type) {
            case 'capture':
              return runMoneyOperation(
                context,
                id,
                { type, ...parseBody(captureRequestSchema, req.body ?? {}) },
                key,
              );
            case 'cancel':
              return runMoneyOperation(
                context,
                id,
                { type, ...parseBody(cancelRequestSchema, req.body ?? {}) },
                key,
              );
            case 'refund':
              return runMoneyOperation(
                context,
                id,
                { type, ...parseBody(refundRequestSchema, req.body ?? {}) },
                key,
              );
          }
        },
      );
    };
  router.post('/:id/capture', operation('capture'));
  router.post('/:id/cancel', operation('cancel'));
  router.post('/:id/refunds', operation('refund'));

  router.post('/:id/resolve', async (req, res) => {
    const id = req.params.id;
    if (!paymentIdSchema.safeParse(id).success) throw paymentNotFound(id);
    await answerIdempotently(req, res, `POST /v1/payments/${id}/resolve`, idempotency, async () => {
      const { applied } = parseBody(resolveRequestSchema, req.body ?? {});
      return resolveOpenOperation(context, id, applied);
    });
  });

  router.use((_req, _res) => {
    throw new ApiError(404, 'not_found', 'No such endpoint of the au-pay merchant API.', {
      message_ja: 'au-pay の API にこのエンドポイントはありません。',
    });
  });
  router.use(jsonErrorHandler(context.logger));
  return router;
}

/** Validates a body with a core schema; the first problem becomes the error, all are listed. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((issue) => ({
    param: issue.path.join('.'),
    message: issue.message,
  }));
  const first = parsed.error.issues[0];
  // checkAmount's own code (amount_below_minimum, ...) travels in the issue's params.
  const code =
    first && 'params' in first && typeof first.params?.code === 'string'
      ? first.params.code
      : 'invalid_request';
  const param = first?.path.join('.') ?? '';
  // The schemas' messages are English; the Japanese names the field.
  throw new ApiError(400, code, first?.message ?? 'The request body is not valid.', {
    message_ja:
      param === ''
        ? 'リクエストの本文が正しくありません（JSON オブジェクトを送ってください）。'
        : `リクエストの ${param} が正しくありません。`,
    ...(first && { param }),
    issues,
  });
}

/**
 * A payment without `acquirer` goes to `AU_PAY_DEFAULT_ACQUIRER` (else the first configured): set
 * before validation, since the amount limits and capture modes are the acquirer's own.
 */
function withDefaultAcquirer(body: unknown, defaultAcquirer: AcquirerId): unknown {
  if (typeof body !== 'object' || body === null || Array.isArray(body) || 'acquirer' in body) {
    return body;
  }
  return { ...body, acquirer: defaultAcquirer };
}

/** Each payment names its acquirer; only a configured one can take it. */
function checkAcquirerConfigured(acquirer: AcquirerId, configured: readonly AcquirerId[]): void {
  if (configured.includes(acquirer)) return;
  const name = getAcquirerProfile(acquirer).name;
  throw new ApiError(
    400,
    'acquirer_not_configured',
    `${name.en} is not configured on this bridge; configured acquirers: ${configured.join(', ')}.`,
    {
      message_ja: `${name.ja} はこのブリッジに設定されていません。設定済みの決済代行: ${configured.join(', ')}`,
      param: 'acquirer',
      configured,
    },
  );
}

export function checkReturnUrl(returnUrl: string, allowedOrigins: readonly string[]): void {
  const origin = new URL(returnUrl).origin;
  if (!allowedOrigins.includes(origin)) {
    throw new ApiError(
      400,
      'return_url_not_allowed',
      `returnUrl's origin ${origin} is not in RETURN_URL_ORIGINS (${allowedOrigins.join(', ')}).`,
      { message_ja: 'returnUrl のオリジンが許可リストにありません。', param: 'returnUrl' },
    );
  }
}

/** item_name travels to SBPS as Shift_JIS (spec §2 type M): refuse what would arrive as "?". */
export function checkItemName(itemName: string): void {
  try {
    encodeShiftJis(itemName, 'itemName');
  } catch (error) {
    if (!(error instanceof ShiftJisEncodingError)) throw error;
    throw new ApiError(400, 'item_name_not_shift_jis', error.messages.en, {
      message_ja: error.messages.ja,
      param: 'itemName',
    });
  }
}

export function pageSize(value: unknown): number {
  if (value === undefined) return DEFAULT_PAGE_SIZE;
  const limit = typeof value === 'string' && /^\d{1,3}$/.test(value) ? Number(value) : Number.NaN;
  if (!(limit >= 1 && limit <= MAX_PAGE_SIZE)) {
    throw new ApiError(
      400,
      'invalid_limit',
      `limit must be a whole number from 1 to ${MAX_PAGE_SIZE}.`,
      {
        message_ja: `limit には 1〜${MAX_PAGE_SIZE} の整数を指定してください。`,
        param: 'limit',
      },
    );
  }
  return limit;
}

async function findPayment(context: BridgeContext, id: string | undefined): Promise<PaymentRecord> {
  const found =
    id !== undefined && paymentIdSchema.safeParse(id).success
      ? await context.store.getPayment(id)
      : null;
  if (!found) throw paymentNotFound(id ?? '');
  return expireIfDue(context, found);
}
