import { describe, expect, it } from 'vitest';
import type { NewWebhookMessage, PaymentStore, WebhookEventType } from '../store/payment-store.js';
import { newPublicId } from '../store/public-id.js';
import {
  DuplicateSubscriptionError,
  type SubscriptionChange,
  type SubscriptionRecord,
} from '../store/subscription-store.js';
import { testPayment } from './test-payment.js';

const T0 = new Date('2026-04-01T09:15:30.123Z');
const after = (ms: number) => new Date(T0.getTime() + ms);
const MINUTE = 60_000;

/** An incomplete monthly subscription with a fresh id, for tests of anything that stores them. */
export function testSubscription(overrides: Partial<SubscriptionRecord> = {}): SubscriptionRecord {
  const id = newPublicId('sub');
  return {
    id,
    kind: 'monthly',
    status: 'incomplete',
    amount: 980,
    itemName: '月額プラン 毎月1日請求',
    merchantReference: 'plan-basic',
    customerId: 'cust-0001',
    returnUrl: 'https://shop.example/subscribed',
    clientSecretHash: 'd'.repeat(64),
    orderId: id,
    resumeCount: 0,
    contractTrackingId: null,
    layout: null,
    checkoutCount: 0,
    appliedResults: [],
    flags: [],
    createdAt: T0,
    updatedAt: T0,
    expiresAt: after(30 * MINUTE),
    activatedAt: null,
    cancelledAt: null,
    lastChargedAt: null,
    lastFailedMonth: null,
    version: 1,
    ...overrides,
  };
}

const created = { type: 'subscription.created', data: { kind: 'monthly' } };

function webhook(type: WebhookEventType): NewWebhookMessage {
  const id = newPublicId('evt');
  return { id, type, payload: JSON.stringify({ id, type }) };
}

/** Records `month` of an active monthly subscription unless it is recorded already. */
function recordMonth(month: string, now: Date) {
  return (current: SubscriptionRecord, payments: { billingMonth?: string }[]) =>
    payments.some((payment) => payment.billingMonth === month)
      ? null
      : ({
          subscription: { ...current, updatedAt: now },
          events: [{ type: 'subscription.month_recorded', data: { month } }],
          webhooks: [],
          newPayments: [
            {
              payment: testPayment({
                subscriptionId: current.id,
                billingMonth: month,
                status: 'captured',
                capturedAmount: 1980,
                createdAt: now,
                updatedAt: now,
              }),
              event: { type: 'payment.created', data: { month } },
              webhooks: [webhook('payment.captured')],
            },
          ],
        } satisfies SubscriptionChange);
}

/**
 * The behaviour every store shows for subscriptions (store/subscription-store.ts); run by
 * `describePaymentStoreConformance` with its store.
 */
export function describeSubscriptionStoreConformance(store: () => PaymentStore): void {
  describe('subscriptions', () => {
    it('keeps every field of a subscription exactly, sets its version to 1 and records its creation', async () => {
      const subscription = testSubscription({ version: 7, amount: null, kind: 'on_demand' });
      const stored = await store().insertSubscription(subscription, created);
      expect(stored).toEqual({ ...subscription, version: 1 });
      expect(await store().getSubscription(subscription.id)).toEqual(stored);
      const events = await store().listSubscriptionEvents(subscription.id);
      expect(events.map((event) => [event.type, event.data, event.createdAt])).toEqual([
        [created.type, created.data, T0],
      ]);
      expect(await store().getSubscription(newPublicId('sub'))).toBeNull();
    });

    it('refuses a second subscription with the same id, writing nothing', async () => {
      const subscription = testSubscription();
      await store().insertSubscription(subscription, created);
      await expect(
        store().insertSubscription({ ...subscription, itemName: 'other' }, created),
      ).rejects.toBeInstanceOf(DuplicateSubscriptionError);
      expect((await store().getSubscription(subscription.id))?.itemName).toBe(
        subscription.itemName,
      );
      expect(await store().listSubscriptionEvents(subscription.id)).toHaveLength(1);
    });

    it('lists newest first and pages strictly after a cursor', async () => {
      const subscriptions = [0, 1, 2].map((n) =>
        testSubscription({ createdAt: after(n * MINUTE) }),
      );
      for (const subscription of subscriptions) {
        await store().insertSubscription(subscription, created);
      }
      const [oldest, middle, newest] = subscriptions as [
        SubscriptionRecord,
        SubscriptionRecord,
        SubscriptionRecord,
      ];
      expect((await store().listSubscriptions({ limit: 2 })).map((s) => s.id)).toEqual([
        newest.id,
        middle.id,
      ]);
      const next = await store().listSubscriptions({
        limit: 2,
        startingAfter: { createdAt: middle.createdAt, id: middle.id },
      });
      expect(next.map((s) => s.id)).toEqual([oldest.id]);
    });

    it('writes the subscription, its events, webhooks, new payments and payment changes together', async () => {
      const subscription = await store().insertSubscription(testSubscription(), created);
      const now = after(MINUTE);
      const first = await store().updateSubscription(subscription.id, (current) => ({
        subscription: { ...current, status: 'active', activatedAt: now, updatedAt: now },
        events: [{ type: 'subscription.activated', data: { trackingId: '12345678901234' } }],
        webhooks: [webhook('subscription.activated')],
        newPayments: [
          {
            payment: testPayment({
              subscriptionId: current.id,
              billingMonth: '2026-04',
              createdAt: now,
              updatedAt: now,
            }),
            event: { type: 'payment.created', data: { month: '2026-04' } },
            webhooks: [webhook('payment.captured')],
          },
        ],
      }));
      expect(first?.changed).toBe(true);
      expect(first?.subscription).toMatchObject({ status: 'active', version: 2 });
      const [payment] = await store().listSubscriptionPayments(subscription.id);
      expect(payment).toMatchObject({ subscriptionId: subscription.id, billingMonth: '2026-04' });
      if (!payment) throw new Error('no payment');
      expect(await store().getPayment(payment.id)).toEqual(payment);
      expect((await store().listEvents(payment.id)).map((e) => e.type)).toEqual([
        'payment.created',
      ]);
      expect((await store().listWebhooks(payment.id)).map((w) => w.type)).toEqual([
        'payment.captured',
      ]);
      const ownWebhooks = await store().listSubscriptionWebhooks(subscription.id);
      expect(ownWebhooks.map((w) => [w.type, w.paymentId, w.subscriptionId])).toEqual([
        ['subscription.activated', null, subscription.id],
      ]);

      const later = after(2 * MINUTE);
      await store().updateSubscription(subscription.id, (current, payments) => {
        const [charge] = payments;
        if (!charge) throw new Error('the payment is not handed to decide');
        return {
          subscription: { ...current, lastFailedMonth: '2026-04', updatedAt: later },
          events: [],
          webhooks: [webhook('subscription.payment_failed')],
          paymentChanges: [
            {
              payment: { ...charge, status: 'failed', updatedAt: later },
              events: [{ type: 'payment.failed', data: {} }],
              webhooks: [],
            },
          ],
        };
      });
      expect(await store().getPayment(payment.id)).toMatchObject({
        status: 'failed',
        version: 2,
      });
      expect((await store().listEvents(payment.id)).map((e) => e.type)).toEqual([
        'payment.created',
        'payment.failed',
      ]);
      expect((await store().listSubscriptionEvents(subscription.id)).map((e) => e.type)).toEqual([
        'subscription.created',
        'subscription.activated',
      ]);
    });

    it('hands a subscription webhook out of the outbox like a payment one', async () => {
      const subscription = await store().insertSubscription(testSubscription(), created);
      await store().updateSubscription(subscription.id, (current) => ({
        subscription: current,
        events: [],
        webhooks: [webhook('subscription.cancelled')],
      }));
      const [due] = await store().claimDueWebhooks(after(MINUTE), 10, MINUTE);
      expect(due).toMatchObject({
        type: 'subscription.cancelled',
        paymentId: null,
        subscriptionId: subscription.id,
      });
    });

    it('refuses a second record of one billing month, writing nothing', async () => {
      const subscription = await store().insertSubscription(testSubscription(), created);
      await store().updateSubscription(subscription.id, recordMonth('2026-05', after(MINUTE)));
      const again = (current: SubscriptionRecord) => {
        const change = recordMonth('2026-05', after(2 * MINUTE))(current, []);
        if (!change) throw new Error('unreachable');
        return change;
      };
      await expect(store().updateSubscription(subscription.id, again)).rejects.toThrow();
      expect(await store().listSubscriptionPayments(subscription.id)).toHaveLength(1);
      expect((await store().listSubscriptionEvents(subscription.id)).map((e) => e.type)).toEqual([
        'subscription.created',
        'subscription.month_recorded',
      ]);
      expect(await store().getSubscription(subscription.id)).toMatchObject({ version: 2 });
    });

    it('records a month once when 20 decisions race to record it', async () => {
      const subscription = await store().insertSubscription(testSubscription(), created);
      const results = await Promise.all(
        Array.from({ length: 20 }, () =>
          store().updateSubscription(subscription.id, recordMonth('2026-06', after(MINUTE))),
        ),
      );
      expect(results.filter((result) => result?.changed)).toHaveLength(1);
      const payments = await store().listSubscriptionPayments(subscription.id);
      expect(payments.map((p) => p.billingMonth)).toEqual(['2026-06']);
    });

    it('writes nothing when decide answers null or throws, and answers null for an unknown id', async () => {
      const subscription = await store().insertSubscription(testSubscription(), created);
      expect(await store().updateSubscription(subscription.id, () => null)).toEqual({
        subscription,
        changed: false,
      });
      await expect(
        store().updateSubscription(subscription.id, () => {
          throw new Error('no');
        }),
      ).rejects.toThrow('no');
      expect(await store().getSubscription(subscription.id)).toEqual(subscription);
      expect(await store().updateSubscription(newPublicId('sub'), () => null)).toBeNull();
    });

    it('lists ids by status and kind, in id order, after a given id', async () => {
      const monthly = [1, 2, 3].map(() => testSubscription({ status: 'active' }));
      const onDemand = testSubscription({ status: 'active', kind: 'on_demand' });
      const incomplete = testSubscription();
      for (const s of [...monthly, onDemand, incomplete]) {
        await store().insertSubscription(s, created);
      }
      const ids = monthly.map((s) => s.id).sort();
      const page = await store().listSubscriptionIds({
        status: 'active',
        kind: 'monthly',
        limit: 2,
      });
      expect(page).toEqual(ids.slice(0, 2));
      expect(
        await store().listSubscriptionIds({
          status: 'active',
          kind: 'monthly',
          afterId: page.at(-1),
          limit: 2,
        }),
      ).toEqual(ids.slice(2));
      expect(await store().listSubscriptionIds({ status: 'active', limit: 10 })).toHaveLength(4);
      expect(await store().listSubscriptionIds({ status: 'incomplete', limit: 10 })).toEqual([
        incomplete.id,
      ]);
    });
  });
}
