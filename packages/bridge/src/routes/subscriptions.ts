import { createSubscriptionSchema, subscriptionIdSchema } from '@au-pay/core';
import express, { type Router } from 'express';
import type { BridgeContext } from '../bridge-context.js';
import { ApiError, jsonErrorHandler } from '../http/api-error.js';
import { requireSecretKey } from '../http/bearer-auth.js';
import { jsonBody } from '../http/body-readers.js';
import { answerIdempotently, type IdempotencyOptions } from '../payments/idempotency.js';
import { ReplaySeal } from '../payments/replay-seal.js';
import type { SubscriptionRecord } from '../store/subscription-store.js';
import { createSubscription } from '../subscriptions/create-subscription.js';
import { findSubscription, subscriptionNotFound } from '../subscriptions/find-subscription.js';
import {
  cancelSubscription,
  chargeSubscription,
  resumeSubscription,
} from '../subscriptions/subscription-operations.js';
import {
  type CreatedSubscriptionView,
  subscriptionView,
} from '../subscriptions/subscription-view.js';
import { checkItemName, checkReturnUrl, pageSize, parseBody } from './payments.js';

/**
 * The path id, checked before the idempotency claim, whose scope holds it: PostgreSQL refuses a
 * NUL in text (a 500 the endpoint fuzz found).
 */
function checkedId(id: string): string {
  if (!subscriptionIdSchema.safeParse(id).success) throw subscriptionNotFound(id);
  return id;
}

/**
 * `acquirer` may be given, but SBPS is the only acquirer that sells recurring billing through
 * au (issue #14; Antom and NomuPay take one-time payments only).
 */
function checkSbps(context: BridgeContext, body: unknown): unknown {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return body;
  const { acquirer, ...rest } = body as Record<string, unknown>;
  if (acquirer !== undefined && acquirer !== 'sbps') {
    throw new ApiError(
      400,
      'subscriptions_sbps_only',
      'Subscriptions are sold through SBPS only: leave acquirer out, or set it to "sbps".',
      {
        message_ja:
          '継続課金は SBPS でのみご利用いただけます。acquirer を省略するか "sbps" にしてください。',
        param: 'acquirer',
      },
    );
  }
  if (!context.connectors.has('sbps')) {
    throw new ApiError(
      400,
      'acquirer_not_configured',
      'SBPS is not configured on this bridge, and subscriptions are sold through SBPS only.',
      {
        message_ja:
          'このブリッジには SBPS が設定されていません。継続課金は SBPS でのみご利用いただけます。',
        param: 'acquirer',
        configured: [...context.connectors.keys()],
      },
    );
  }
  return rest;
}

/** The merchant API, `/v1/subscriptions`: Bearer secret key, JSON in and out (DESIGN). */
export function subscriptionsRouter(context: BridgeContext): Router {
  const router = express.Router();
  const seal = new ReplaySeal(context.config.secretKey);
  const idempotency: IdempotencyOptions = {
    store: context.store,
    now: context.now,
    inFlightTtlMs: context.settings.idempotencyInFlightTtlMs,
  };
  // Answers carrying a client secret keep it sealed for replays, as POST /v1/payments does.
  const sealedSecret: IdempotencyOptions = {
    ...idempotency,
    storedForm: seal.storedForm(),
  };
  const created = (subscription: SubscriptionRecord, clientSecret: string) => ({
    ...subscriptionView(subscription, context.now()),
    clientSecret,
    nextStep: {
      type: 'checkout' as const,
      url: `${context.config.publicUrl}/checkout/${subscription.id}`,
      method: 'POST' as const,
    },
  });

  router.use((_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });
  router.use(requireSecretKey(context.config.secretKey));
  router.use(jsonBody(context.settings.jsonBodyLimit));

  router.post('/', async (req, res) => {
    await answerIdempotently(req, res, 'POST /v1/subscriptions', sealedSecret, async () => {
      const request = parseBody(createSubscriptionSchema, checkSbps(context, req.body));
      checkReturnUrl(request.returnUrl, context.config.returnUrlOrigins);
      checkItemName(request.itemName);
      const { subscription, clientSecret } = await createSubscription(context, request);
      return {
        status: 201,
        body: created(subscription, clientSecret) satisfies CreatedSubscriptionView,
      };
    });
  });

  router.get('/', async (req, res) => {
    const limit = pageSize(req.query.limit);
    const cursorId = req.query.starting_after;
    let cursor: SubscriptionRecord | null = null;
    if (cursorId !== undefined) {
      cursor =
        typeof cursorId === 'string' && subscriptionIdSchema.safeParse(cursorId).success
          ? await context.store.getSubscription(cursorId)
          : null;
      if (!cursor) {
        throw new ApiError(
          400,
          'invalid_cursor',
          'starting_after must be the id of a subscription.',
          {
            message_ja: 'starting_after には継続課金の ID を指定してください。',
            param: 'starting_after',
          },
        );
      }
    }
    const page = await context.store.listSubscriptions({
      limit: limit + 1,
      ...(cursor && { startingAfter: { createdAt: cursor.createdAt, id: cursor.id } }),
    });
    const data = page.slice(0, limit);
    res.json({
      object: 'list',
      data: data.map((subscription) => subscriptionView(subscription, context.now())),
      hasMore: page.length > limit,
      nextCursor: page.length > limit ? (data.at(-1)?.id ?? null) : null,
    });
  });

  router.get('/:id', async (req, res) => {
    const subscription = await findSubscription(context, req.params.id);
    const [payments, events] = await Promise.all([
      context.store.listSubscriptionPayments(subscription.id),
      context.store.listSubscriptionEvents(subscription.id),
    ]);
    res.json(subscriptionView(subscription, context.now(), { payments, events }));
  });

  router.post('/:id/charges', async (req, res) => {
    const id = checkedId(req.params.id);
    await answerIdempotently(req, res, `POST /v1/subscriptions/${id}/charges`, idempotency, () =>
      chargeSubscription(context, id, req.body ?? {}),
    );
  });

  router.post('/:id/cancel', async (req, res) => {
    const id = checkedId(req.params.id);
    await answerIdempotently(req, res, `POST /v1/subscriptions/${id}/cancel`, idempotency, () =>
      cancelSubscription(context, id, req.body ?? {}),
    );
  });

  router.post('/:id/resume', async (req, res) => {
    const id = checkedId(req.params.id);
    await answerIdempotently(
      req,
      res,
      `POST /v1/subscriptions/${id}/resume`,
      sealedSecret,
      async () => {
        const { subscription, clientSecret } = await resumeSubscription(
          context,
          id,
          req.body ?? {},
        );
        return { status: 200, body: created(subscription, clientSecret) };
      },
    );
  });

  router.use((_req, _res) => {
    throw new ApiError(404, 'not_found', 'No such endpoint of the au-pay merchant API.');
  });
  router.use(jsonErrorHandler(context.logger));
  return router;
}
