import {
  captureRequestSchema,
  checkoutFormSchema,
  clientSecretSchema,
  createPaymentSchema,
  paymentStatuses,
  refundRequestSchema,
} from '@au-pay/core';
import express, { type Router } from 'express';
import { z } from 'zod';
import { webhookEventTypes } from '../store/payment-store.js';
import { subscriptionPaths, subscriptionSchema } from './openapi-subscriptions.js';
import { resolveRequestSchema } from './payments.js';

// Response shapes of the merchant API, as zod schemas so that the document is generated, not
// written by hand (they mirror payments/payment-view.ts).
const isoInstant = z.iso.datetime();

const paymentEventSchema = z.object({
  id: z.string(),
  type: z.string().meta({ examples: ['payment.created', 'checkout.served', 'payment.captured'] }),
  data: z.record(z.string(), z.unknown()),
  createdAt: isoInstant,
});

const openOperationSchema = z
  .object({
    id: z.string().regex(/^op_[0-9A-Za-z]{22}$/),
    kind: z.enum(['capture', 'cancel', 'refund']),
    amount: z.int().positive().meta({ description: 'Yen this operation moves' }),
    partial: z.boolean(),
    idempotencyKey: z.string().nullable(),
    requestedAt: isoInstant,
  })
  .meta({
    id: 'OpenOperation',
    description:
      'A capture, cancel or refund sent to the acquirer whose outcome is not recorded (a timeout, an unreadable answer, the bridge stopped while waiting). While it is open, every capture, cancel and refund of the payment is refused with 409 acquirer_outcome_unknown and nothing is sent: check the acquirer admin tool, then POST /v1/payments/{id}/resolve.',
  });

const paymentSchema = z
  .object({
    id: z.string().regex(/^pay_[0-9A-Za-z]{22}$/),
    object: z.literal('payment'),
    status: z.enum(paymentStatuses),
    amount: z.int().positive(),
    currency: z.literal('JPY'),
    capturedAmount: z.int().nonnegative(),
    refundedAmount: z.int().nonnegative(),
    captureMode: z.enum(['automatic', 'manual']),
    acquirer: z.enum(['sbps', 'antom', 'nomupay']).meta({
      description:
        "The payment's acquirer: one configured on this bridge (sbps, antom and nomupay have connectors)",
    }),
    merchantReference: z.string(),
    itemName: z.string(),
    returnUrl: z.url(),
    customerId: z.string().nullable(),
    acquirerReference: z.string().nullable().meta({
      description: "The acquirer's handle of the payment (SBPS res_tracking_id, Antom paymentId)",
    }),
    layout: z.enum(['web', 'wap']).nullable(),
    flags: z.array(z.string()).meta({
      description:
        'Things to look at: late_success (the acquirer reported the purchase after the payment expired or failed; the payment then moved on to authorized or captured and can be captured, cancelled or refunded as usual), displayed_amount_mismatch, acquirer_outcome_unknown, acquirer_state_conflict, conflicting_purchase',
    }),
    openOperation: openOperationSchema.nullable(),
    createdAt: isoInstant,
    expiresAt: isoInstant,
    authorizedAt: isoInstant.nullable(),
    capturedAt: isoInstant.nullable(),
    updatedAt: isoInstant,
    subscriptionId: z.string().optional().meta({
      description:
        'The subscription this payment charges (first charge, monthly record, on-demand charge)',
    }),
    billingMonth: z.string().optional().meta({
      description: 'yyyy-MM: the month of a monthly subscription this payment records',
    }),
    events: z.array(paymentEventSchema).optional(),
  })
  .meta({ id: 'Payment' });

const createdPaymentSchema = paymentSchema
  .extend({
    clientSecret: z.string().meta({ description: 'Returned once; give it to the widget only.' }),
    nextStep: z.object({
      type: z.literal('checkout'),
      url: z.url(),
      method: z.literal('POST'),
    }),
  })
  .meta({ id: 'CreatedPayment' });

const paymentListSchema = z
  .object({
    object: z.literal('list'),
    data: z.array(paymentSchema),
    hasMore: z.boolean(),
    nextCursor: z.string().nullable(),
  })
  .meta({ id: 'PaymentList' });

const checkoutStateSchema = z
  .object({ status: z.enum(paymentStatuses), payable: z.boolean() })
  .meta({ id: 'CheckoutState' });

const errorSchema = z
  .object({
    error: z.object({
      code: z.string().meta({
        examples: [
          'refund_window_closed',
          'partial_refund_not_yet_open',
          'paid_cancellation_window_closed',
          'acquirer_refused',
          'acquirer_outcome_unknown',
          'acquirer_not_configured',
          'no_open_operation',
        ],
      }),
      message: z.string(),
      message_ja: z.string().optional(),
      param: z.string().optional(),
      acquirerCode: z.string().optional(),
      configured: z
        .array(z.string())
        .optional()
        .meta({ description: 'With acquirer_not_configured: the acquirers this bridge takes' }),
      retryable: z.boolean().optional(),
      openOperation: openOperationSchema
        .optional()
        .meta({ description: 'With acquirer_outcome_unknown: the operation to resolve' }),
    }),
  })
  .meta({ id: 'Error' });

const webhookEventSchema = z
  .object({
    id: z
      .string()
      .regex(/^evt_/)
      .meta({ description: 'The same on every retry: de-duplicate by it' }),
    type: z.enum(webhookEventTypes),
    created: isoInstant,
    data: z
      .object({ payment: paymentSchema.optional(), subscription: subscriptionSchema.optional() })
      .catchall(z.unknown())
      .meta({
        description:
          'payment.*: the payment as it stands; capture and refund events add amount and partial. payment.operation_unknown: payment.openOperation is the operation to resolve. subscription.*: the subscription as it stands; subscription.payment_failed adds billingMonth.',
      }),
  })
  .meta({ id: 'WebhookEvent' });

const schema = (value: z.ZodType, io: 'input' | 'output' = 'output') =>
  z.toJSONSchema(value, { target: 'draft-2020-12', io, unrepresentable: 'any' });

const json = (value: z.ZodType, io: 'input' | 'output' = 'output') => ({
  'application/json': { schema: schema(value, io) },
});

const retryAfterHeader = {
  description: 'Seconds until this address may try again',
  schema: { type: 'integer', minimum: 1 },
};

const errors = {
  '400': { description: 'Invalid request', content: json(errorSchema) },
  '401': { description: 'Missing or wrong secret key', content: json(errorSchema) },
  '404': { description: 'No such payment', content: json(errorSchema) },
  '409': {
    description:
      'Refused by the payment state, a time window, an Idempotency-Key in use, an operation in progress (payment_busy), an earlier operation whose outcome is unknown (acquirer_outcome_unknown), or nothing to resolve (no_open_operation)',
    content: json(errorSchema),
  },
  '413': { description: 'Body too large', content: json(errorSchema) },
  '415': {
    description: 'Content-Encoding or charset of the body not supported',
    content: json(errorSchema),
  },
  '422': {
    description:
      'Refused amount, refused by the acquirer, or Idempotency-Key reused with another body',
    content: json(errorSchema),
  },
  '429': {
    description:
      'Too many missing or wrong secret keys from this address in a minute (`rate_limited`, AU_PAY_RATE_LIMIT); a request with the right key is never limited',
    headers: { 'Retry-After': retryAfterHeader },
    content: json(errorSchema),
  },
  '502': {
    description:
      'The acquirer unreachable (acquirer_unavailable), or this operation was sent and its outcome is unknown (acquirer_outcome_unknown: it stays open until resolved)',
    content: json(errorSchema),
  },
};

const idParameter = {
  name: 'id',
  in: 'path',
  required: true,
  schema: { type: 'string', pattern: '^pay_[0-9A-Za-z]{22}$' },
};
// The widget's checkout takes a payment or a subscription.
const checkoutIdParameter = {
  ...idParameter,
  schema: { type: 'string', pattern: '^(pay|sub)_[0-9A-Za-z]{22}$' },
};
const idempotencyKeyParameter = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  description:
    'Same key + same body replays the first answer; another body is refused. Kept 24 hours from its first request: after that the key is forgotten and a request under it is a new request.',
  schema: { type: 'string', minLength: 8, maxLength: 255 },
};

function operation(summary: string, body: z.ZodType | null, ok: z.ZodType, okStatus = '200') {
  return {
    summary,
    parameters: [idParameter, idempotencyKeyParameter],
    ...(body && { requestBody: { required: false, content: json(body, 'input') } }),
    responses: { [okStatus]: { description: 'The payment', content: json(ok) }, ...errors },
  };
}

/** The OpenAPI 3.1 document of the merchant API, from the zod schemas the bridge validates with. */
export function openApiDocument(publicUrl: string): Record<string, unknown> {
  return {
    openapi: '3.1.0',
    info: {
      title: 'au-pay bridge',
      version: '1',
      description:
        'au PAY (au Kantan Kessai) through SoftBank Payment Service: the merchant API of the bridge.',
    },
    servers: [{ url: publicUrl }],
    security: [{ secretKey: [] }],
    components: {
      securitySchemes: { secretKey: { type: 'http', scheme: 'bearer' } },
    },
    paths: {
      '/v1/payments': {
        post: {
          summary: 'Create a pending payment',
          parameters: [idempotencyKeyParameter],
          requestBody: {
            required: true,
            description:
              'acquirer: one this bridge has configured (sbps, antom and nomupay have connectors); another is refused with 400 acquirer_not_configured. Without it: AU_PAY_DEFAULT_ACQUIRER, else the first configured of sbps, antom, nomupay.',
            content: json(createPaymentSchema, 'input'),
          },
          responses: {
            '201': { description: 'Created', content: json(createdPaymentSchema) },
            ...errors,
          },
        },
        get: {
          summary: 'List payments, newest first',
          parameters: [
            { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 100 } },
            {
              name: 'starting_after',
              in: 'query',
              description:
                'nextCursor of the page before (a payment id): the page lists the payments after it, newest first, then by id.',
              schema: { type: 'string' },
            },
          ],
          responses: {
            '200': { description: 'A page', content: json(paymentListSchema) },
            ...errors,
          },
        },
      },
      '/v1/payments/{id}': {
        get: {
          summary: 'A payment with its event history',
          parameters: [idParameter],
          responses: {
            '200': { description: 'The payment', content: json(paymentSchema) },
            ...errors,
          },
        },
      },
      '/v1/payments/{id}/capture': {
        post: operation(
          'Settle an authorization (partial with a smaller amount)',
          captureRequestSchema,
          paymentSchema,
        ),
      },
      '/v1/payments/{id}/cancel': {
        post: operation(
          'Cancel an authorization before settlement (SBPS, NomuPay); at Antom, an unpaid payment, or a paid one until 00:15 UTC+8 on the day after payment (409 paid_cancellation_window_closed after)',
          null,
          paymentSchema,
        ),
      },
      '/v1/payments/{id}/refunds': {
        post: operation('Refund (partial with an amount)', refundRequestSchema, paymentSchema),
      },
      '/v1/payments/{id}/resolve': {
        post: {
          ...operation(
            'Settle the open operation whose outcome was unknown, after checking the acquirer admin tool: applied true applies it as if the acquirer had said OK (events and webhook as usual), false closes it and changes nothing else',
            resolveRequestSchema,
            paymentSchema,
          ),
          requestBody: { required: true, content: json(resolveRequestSchema, 'input') },
        },
      },
      ...subscriptionPaths({ json, errors, idempotencyKeyParameter, paymentSchema }),
      '/checkout/{id}': {
        post: {
          summary:
            "The buyer's browser, from the widget: starts the checkout at the payment's acquirer (SBPS: a page that posts the signed purchase request; Antom: a 303 to Antom's normalUrl after a signed pay call). For a subscription (sub_…): the page that posts the signed A01-1 (pay_type=1 monthly, pay_type=2 on_demand with a first charge) or D01-1 (service_type=0, or 2 after a resume) to SBPS",
          security: [],
          parameters: [checkoutIdParameter],
          requestBody: {
            required: true,
            content: {
              'application/x-www-form-urlencoded': { schema: schema(checkoutFormSchema, 'input') },
            },
          },
          responses: {
            '200': {
              description:
                "Auto-submitting page in the acquirer's charset (SBPS: Shift_JIS), posting to the acquirer",
              content: { 'text/html': {} },
            },
            '303': { description: "A connector that starts by redirect: to the acquirer's page" },
            '400': {
              description: 'Invalid form, or a body that cannot be read',
              content: { 'text/html': {} },
            },
            '404': {
              description: 'Unknown payment or wrong client secret',
              content: { 'text/html': {} },
            },
            '409': {
              description: 'The payment is no longer pending',
              content: { 'text/html': {} },
            },
            '410': { description: 'The payment expired', content: { 'text/html': {} } },
            '502': {
              description:
                'The acquirer refused to start the checkout or its answer could not be trusted (Antom: unsigned or badly signed): nothing is recorded, the buyer may try again',
              content: { 'text/html': {} },
            },
            '413': {
              description: 'Form too large, or more than 10 fields',
              content: { 'text/html': {} },
            },
            '415': {
              description: 'Content-Encoding or charset of the form not supported',
              content: { 'text/html': {} },
            },
            '429': {
              description:
                'Too many checkout requests from this address in a minute (AU_PAY_RATE_LIMIT)',
              headers: { 'Retry-After': retryAfterHeader },
              content: { 'text/html': {} },
            },
          },
        },
      },
      '/checkout/{id}/state': {
        post: {
          summary:
            "The buyer's browser, from the widget, before it opens checkout: whether the payment can still be paid, or the subscription (sub_…) consented to: payable while it is incomplete (a CORS simple request, readable from any origin)",
          security: [],
          parameters: [checkoutIdParameter],
          requestBody: {
            required: true,
            content: {
              'application/x-www-form-urlencoded': {
                schema: schema(z.object({ client_secret: clientSecretSchema }), 'input'),
              },
            },
          },
          responses: {
            '200': {
              description:
                'The status (a pending payment past its limit is expired on read) and whether POST /checkout/{id} would serve the purchase page now',
              content: json(checkoutStateSchema),
            },
            '400': { description: 'Unreadable body', content: json(errorSchema) },
            '404': {
              description: 'Unknown payment, or a wrong or missing client secret (the same answer)',
              content: json(errorSchema),
            },
            '413': {
              description: 'Form too large, or more than 10 fields',
              content: json(errorSchema),
            },
            '415': {
              description: 'Content-Encoding or charset of the form not supported',
              content: json(errorSchema),
            },
            '429': {
              description:
                'Too many checkout requests from this address in a minute, counted with POST /checkout/{id} (`rate_limited`, AU_PAY_RATE_LIMIT)',
              headers: { 'Retry-After': retryAfterHeader },
              content: json(errorSchema),
            },
          },
        },
      },
      '/healthz': {
        get: {
          summary: 'Liveness',
          security: [],
          responses: {
            '200': { description: 'Alive', content: json(z.object({ ok: z.literal(true) })) },
          },
        },
      },
    },
    webhooks: {
      paymentEvent: {
        post: {
          summary:
            'Sent to WEBHOOK_URL, signed in the AuPay-Signature header (t=…,v1=HMAC-SHA256 of t.body), retried from a durable outbox',
          security: [],
          requestBody: { required: true, content: json(webhookEventSchema) },
          responses: { '2XX': { description: 'Received' } },
        },
      },
    },
  };
}

/** `GET /openapi.json` and `GET /healthz`: public, cheap, cross-origin readable. */
export function publicInfoRouter(publicUrl: string): Router {
  const router = express.Router();
  const document = JSON.stringify(openApiDocument(publicUrl));
  router.get('/openapi.json', (_req, res) => {
    res.type('application/json').set('Access-Control-Allow-Origin', '*').send(document);
  });
  // The widget checks that the bridge is reachable before it lets the buyer pay.
  router.get('/healthz', (_req, res) => {
    res
      .set({
        'Access-Control-Allow-Origin': '*',
        'Cross-Origin-Resource-Policy': 'cross-origin',
        'Cache-Control': 'no-store',
      })
      .json({ ok: true });
  });
  return router;
}
