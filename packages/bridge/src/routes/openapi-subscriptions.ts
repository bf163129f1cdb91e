import {
  createSubscriptionSchema,
  subscriptionChargeSchema,
  subscriptionKinds,
  subscriptionStatuses,
} from '@au-pay/core';
import { z } from 'zod';

// The subscription part of /openapi.json (openapi.ts), from the schemas the bridge validates with;
// the response shapes mirror subscriptions/subscription-view.ts.
const isoInstant = z.iso.datetime();

export const subscriptionSchema = z
  .object({
    id: z.string().regex(/^sub_[0-9A-Za-z]{22}$/),
    object: z.literal('subscription'),
    acquirer: z.literal('sbps'),
    kind: z.enum(subscriptionKinds).meta({
      description:
        'monthly: SBPS recurring simple (billed by SBPS at 00:00 JST on the 1st of each month, the first month at sign-up); on_demand: fixed-term / pay-as-you-go (the merchant charges with POST /v1/subscriptions/{id}/charges)',
    }),
    status: z.enum(subscriptionStatuses),
    amount: z.int().positive().nullable().meta({
      description:
        'The monthly price, the first charge of an on_demand subscription, or null (an on_demand D01-1 application without a charge)',
    }),
    currency: z.literal('JPY'),
    itemName: z.string(),
    merchantReference: z.string(),
    customerId: z.string().meta({ description: 'SBPS cust_code: unique per end user' }),
    returnUrl: z.url(),
    contractTrackingId: z.string().nullable().meta({
      description: "SBPS's tracking id of the contract, once the buyer consented",
    }),
    nextBillingDate: isoInstant.nullable().meta({
      description: 'monthly, active: when SBPS bills next (00:00 JST on the 1st)',
    }),
    contractExpiresAt: isoInstant.nullable().meta({
      description: 'on_demand: when the contract expires without a further charge (365th day)',
    }),
    lastFailedMonth: z.string().nullable().meta({
      description: 'yyyy-MM of the latest month SBPS reported as failed',
    }),
    flags: z.array(z.string()).meta({
      description:
        'late_consent: SBPS reported a consent after the subscription had expired; cancel that contract in SBPS',
    }),
    createdAt: isoInstant,
    updatedAt: isoInstant,
    expiresAt: isoInstant.meta({
      description: 'Until when an incomplete subscription can be consented to',
    }),
    activatedAt: isoInstant.nullable(),
    cancelledAt: isoInstant.nullable(),
    lastChargedAt: isoInstant.nullable(),
    charges: z.array(z.record(z.string(), z.unknown())).optional().meta({
      description:
        'GET /v1/subscriptions/{id} only: its payments (Payment objects with subscriptionId, and billingMonth for a monthly record), oldest first',
    }),
    events: z.array(z.record(z.string(), z.unknown())).optional(),
  })
  .meta({ id: 'Subscription' });

const createdSubscriptionSchema = subscriptionSchema.extend({
  clientSecret: z.string().meta({ description: 'Returned once; give it to the widget only.' }),
  nextStep: z.object({
    type: z.literal('checkout'),
    url: z.url(),
    method: z.literal('POST'),
  }),
});

const subscriptionListSchema = z.object({
  object: z.literal('list'),
  data: z.array(subscriptionSchema),
  hasMore: z.boolean(),
  nextCursor: z.string().nullable(),
});

/** What openapi.ts lends: its helpers and shared shapes. */
export interface OpenApiParts {
  json(value: z.ZodType, io?: 'input' | 'output'): Record<string, unknown>;
  errors: Record<string, unknown>;
  idempotencyKeyParameter: Record<string, unknown>;
  paymentSchema: z.ZodType;
}

/** The `/v1/subscriptions` paths of the OpenAPI document. */
export function subscriptionPaths(parts: OpenApiParts): Record<string, unknown> {
  const { json, errors, idempotencyKeyParameter, paymentSchema } = parts;
  const id = {
    name: 'id',
    in: 'path',
    required: true,
    schema: { type: 'string', pattern: '^sub_[0-9A-Za-z]{22}$' },
  };
  const answer = (description: string, body: z.ZodType) => ({
    description,
    content: json(body),
  });
  return {
    '/v1/subscriptions': {
      post: {
        summary:
          'Create an incomplete SBPS subscription; the buyer consents through POST /checkout/{id} (A01-1 pay_type=1 or 2, or D01-1)',
        parameters: [idempotencyKeyParameter],
        requestBody: {
          required: true,
          description:
            'SBPS only: acquirer may be left out or be "sbps"; another is refused with 400 subscriptions_sbps_only. amount is required for monthly.',
          content: json(createSubscriptionSchema, 'input'),
        },
        responses: { '201': answer('Created', createdSubscriptionSchema), ...errors },
      },
      get: {
        summary: 'List subscriptions, newest first',
        parameters: [
          { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 100 } },
          {
            name: 'starting_after',
            in: 'query',
            description: 'nextCursor of the page before (a subscription id)',
            schema: { type: 'string' },
          },
        ],
        responses: { '200': answer('A page', subscriptionListSchema), ...errors },
      },
    },
    '/v1/subscriptions/{id}': {
      get: {
        summary: 'A subscription with its charges and event history',
        parameters: [id],
        responses: { '200': answer('The subscription', subscriptionSchema), ...errors },
      },
    },
    '/v1/subscriptions/{id}/charges': {
      post: {
        summary:
          'on_demand, active: one ST01-00104-402 charge → an authorized payment, captured with POST /v1/payments/{id}/capture. SBPS refusals (L0–L4) answer 402 acquirer_refused with acquirerCode; while a charge outcome is unknown, 409 acquirer_outcome_unknown',
        parameters: [id, idempotencyKeyParameter],
        requestBody: { required: true, content: json(subscriptionChargeSchema, 'input') },
        responses: {
          '201': answer('The authorized payment', paymentSchema),
          '402': { description: 'SBPS refused the charge (acquirer_refused)' },
          ...errors,
        },
      },
    },
    '/v1/subscriptions/{id}/cancel': {
      post: {
        summary:
          'Cancel the contract: ST02-00302-402 (monthly) or ST02-00309-402 (on_demand) → cancelled, subscription.cancelled',
        parameters: [id, idempotencyKeyParameter],
        responses: { '200': answer('The subscription', subscriptionSchema), ...errors },
      },
    },
    '/v1/subscriptions/{id}/resume': {
      post: {
        summary:
          'on_demand, cancelled: back to incomplete with a new client secret; the buyer re-applies through POST /checkout/{id} (D01-1 service_type=2)',
        parameters: [id, idempotencyKeyParameter],
        responses: {
          '200': answer(
            'The subscription, its new client secret and next step',
            createdSubscriptionSchema,
          ),
          ...errors,
        },
      },
    },
  };
}
