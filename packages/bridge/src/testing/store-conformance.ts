import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type AcquirerNotification,
  AUTHORIZATION_EXPIRING_FLAG,
  DuplicatePaymentError,
  type NewWebhookMessage,
  type OpenOperation,
  type PaymentChange,
  type PaymentRecord,
  type PaymentStore,
  type WebhookEventType,
} from '../store/payment-store.js';
import { newPublicId } from '../store/public-id.js';
import { describeSubscriptionStoreConformance } from './subscription-store-conformance.js';
import { TEST_PAYMENT_TIME, testPayment } from './test-payment.js';

const T0 = TEST_PAYMENT_TIME;
const after = (ms: number) => new Date(T0.getTime() + ms);
const MINUTE = 60_000;

const created = { type: 'payment.created', data: { amount: 1980 } };

function webhook(type: WebhookEventType, paymentId: string): NewWebhookMessage {
  const id = newPublicId('evt');
  return { id, type, payload: JSON.stringify({ id, type, data: { paymentId } }) };
}

/** A refund sent to the acquirer at `requestedAt`, its answer not yet recorded. */
function openRefund(requestedAt: Date, overrides: Partial<OpenOperation> = {}): OpenOperation {
  return {
    id: newPublicId('op'),
    kind: 'refund',
    amount: 100,
    partial: true,
    idempotencyKey: 'refund-key-0001',
    requestedAt,
    ...overrides,
  };
}

/** The decision the bridge makes on a capture notification: only a pending payment moves. */
function captureIfPending(now: Date) {
  return (current: PaymentRecord): PaymentChange | null =>
    current.status !== 'pending'
      ? null
      : {
          payment: {
            ...current,
            status: 'captured',
            capturedAmount: current.amount,
            capturedAt: now,
            updatedAt: now,
          },
          events: [{ type: 'payment.captured', data: { amount: current.amount } }],
          webhooks: [webhook('payment.captured', current.id)],
        };
}

/**
 * The behaviour every `PaymentStore` must show. `open` returns a store over an empty database,
 * not yet migrated; the suite migrates and closes it.
 */
export function describePaymentStoreConformance(
  name: string,
  open: () => Promise<PaymentStore>,
): void {
  describe(`PaymentStore conformance: ${name}`, () => {
    let store: PaymentStore;

    beforeEach(async () => {
      store = await open();
      await store.migrate();
    });

    afterEach(async () => {
      await store.close();
    });

    describeSubscriptionStoreConformance(() => store);

    describe('payments', () => {
      it('keeps every field of a payment exactly, and sets its version to 1', async () => {
        const payment = testPayment({
          layout: 'wap',
          acquirerReference: 'res-0001',
          flags: ['late_success', 'displayed_amount_mismatch'],
          authorizedAt: after(1),
          version: 7,
        });
        const stored = await store.insertPayment(payment, created);

        expect(stored).toEqual({ ...payment, version: 1 });
        expect(await store.getPayment(payment.id)).toEqual(stored);
        expect(await store.getPaymentByOrderId(payment.orderId)).toEqual(stored);
      });

      it('answers null for an unknown id or order id', async () => {
        expect(await store.getPayment('pay_unknown')).toBeNull();
        expect(await store.getPaymentByOrderId('ord_unknown')).toBeNull();
      });

      it('records the creation event with the payment', async () => {
        const payment = testPayment();
        await store.insertPayment(payment, created);

        const events = await store.listEvents(payment.id);
        expect(events).toEqual([
          {
            id: expect.any(String),
            paymentId: payment.id,
            type: 'payment.created',
            data: { amount: 1980 },
            createdAt: payment.createdAt,
          },
        ]);
      });

      it('refuses a second payment with the same id, writing nothing', async () => {
        const first = await store.insertPayment(testPayment(), created);

        const duplicate = store.insertPayment(testPayment({ id: first.id }), created);
        await expect(duplicate).rejects.toThrow(DuplicatePaymentError);
        await expect(duplicate).rejects.toMatchObject({ field: 'id' });
        expect(await store.getPayment(first.id)).toEqual(first);
        expect(await store.listEvents(first.id)).toHaveLength(1);
      });

      it('refuses a second payment with the same order id, writing nothing', async () => {
        const first = await store.insertPayment(testPayment(), created);
        const second = testPayment({ orderId: first.orderId });

        const duplicate = store.insertPayment(second, created);
        await expect(duplicate).rejects.toThrow(DuplicatePaymentError);
        await expect(duplicate).rejects.toMatchObject({ field: 'orderId' });
        expect(await store.getPayment(second.id)).toBeNull();
        expect(await store.listEvents(second.id)).toEqual([]);
      });

      it('lists newest first, pages strictly after a cursor, and honours the limit', async () => {
        const offsets = [3, 0, 4, 1, 2];
        for (const offset of offsets) {
          await store.insertPayment(testPayment({ createdAt: after(offset * MINUTE) }), created);
        }

        const firstPage = await store.listPayments({ limit: 2 });
        expect(firstPage.map((p) => p.createdAt)).toEqual([after(4 * MINUTE), after(3 * MINUTE)]);
        const secondPage = await store.listPayments({ limit: 2, startingAfter: firstPage[1] });
        expect(secondPage.map((p) => p.createdAt)).toEqual([after(2 * MINUTE), after(MINUTE)]);
        const lastPage = await store.listPayments({ limit: 2, startingAfter: secondPage[1] });
        expect(lastPage.map((p) => p.createdAt)).toEqual([after(0)]);
      });

      // 250 inserts and 13 pages: more than vitest's 5 s default on a loaded 2-core machine.
      it('lists 250 payments of one instant exactly once across pages of 20, by id descending', async () => {
        const ids: string[] = [];
        for (let i = 0; i < 250; i += 1) {
          ids.push((await store.insertPayment(testPayment(), created)).id);
        }
        // One newer and one older payment around them, so the cursor must also cross instants.
        const newest = await store.insertPayment(testPayment({ createdAt: after(1) }), created);
        const oldest = await store.insertPayment(testPayment({ createdAt: after(-1) }), created);

        const seen: PaymentRecord[] = [];
        let page = await store.listPayments({ limit: 20 });
        while (page.length > 0) {
          seen.push(...page);
          page = await store.listPayments({ limit: 20, startingAfter: page.at(-1) });
        }

        const sameInstant = seen.slice(1, -1).map((p) => p.id);
        expect(seen).toHaveLength(252);
        expect(seen[0]?.id).toBe(newest.id);
        expect(seen.at(-1)?.id).toBe(oldest.id);
        expect(new Set(sameInstant)).toEqual(new Set(ids));
        // Descending in the store's own order of ids: each page continues where the last ended.
        const again = await store.listPayments({ limit: 300, startingAfter: newest });
        expect(again.slice(0, 250).map((p) => p.id)).toEqual(sameInstant);
      }, 60_000);

      it('keeps an open operation exactly, through an update, and clears it', async () => {
        const operation = openRefund(after(1), { idempotencyKey: null, kind: 'capture' });
        const payment = await store.insertPayment(
          testPayment({ status: 'captured', capturedAmount: 1980, openOperation: operation }),
          created,
        );
        expect((await store.getPayment(payment.id))?.openOperation).toEqual(operation);

        const refund = openRefund(after(2));
        const opened = await store.updatePayment(payment.id, (current) => ({
          payment: { ...current, openOperation: refund, updatedAt: after(2) },
          events: [{ type: 'refund.requested', data: { operationId: refund.id } }],
          webhooks: [],
        }));
        expect(opened?.payment.openOperation).toEqual(refund);
        expect(await store.getPayment(payment.id)).toEqual(opened?.payment);

        await store.updatePayment(payment.id, (current) => ({
          payment: { ...current, openOperation: null, updatedAt: after(3) },
          events: [],
          webhooks: [],
        }));
        expect((await store.getPayment(payment.id))?.openOperation).toBeNull();
      });

      it('lists payments whose open operation was requested at or before a time, oldest first', async () => {
        const open = (requestedAt: Date) =>
          store.insertPayment(
            testPayment({ status: 'captured', openOperation: openRefund(requestedAt) }),
            created,
          );
        const newer = await open(after(2 * MINUTE));
        const oldest = await open(after(MINUTE));
        const exact = await open(after(3 * MINUTE));
        await open(after(3 * MINUTE + 1));
        await store.insertPayment(testPayment({ status: 'captured' }), created);

        expect(await store.listOpenOperations(after(3 * MINUTE), 10)).toEqual([
          oldest.id,
          newer.id,
          exact.id,
        ]);
        expect(await store.listOpenOperations(after(3 * MINUTE), 1)).toEqual([oldest.id]);
        expect(await store.listOpenOperations(after(MINUTE - 1), 10)).toEqual([]);
      });

      it('lists pending payments that expired at or before now, oldest expiry first', async () => {
        const now = after(60 * MINUTE);
        const late = await store.insertPayment(testPayment({ expiresAt: after(MINUTE) }), created);
        const exact = await store.insertPayment(testPayment({ expiresAt: now }), created);
        await store.insertPayment(testPayment({ expiresAt: after(60 * MINUTE + 1) }), created);
        await store.insertPayment(
          testPayment({ status: 'captured', expiresAt: after(MINUTE) }),
          created,
        );

        expect(await store.listExpiredPending(now, 10)).toEqual([late.id, exact.id]);
        expect(await store.listExpiredPending(now, 1)).toEqual([late.id]);
      });

      it('lists authorizations past their settlement deadline, and those within the warning not yet warned', async () => {
        const now = after(60 * MINUTE);
        const warnUntil = after(120 * MINUTE);
        const authorized = (settleBy: Date, flags: string[] = []) =>
          store.insertPayment(
            testPayment({
              status: 'authorized',
              captureMode: 'manual',
              authorizedAt: T0,
              purchaseRequestedAt: after(1),
              settleBy,
              flags,
            }),
            created,
          );
        const lapsedWarned = await authorized(after(MINUTE), [AUTHORIZATION_EXPIRING_FLAG]);
        const lapsing = await authorized(now);
        const toWarn = await authorized(warnUntil, ['late_success']);
        await authorized(after(90 * MINUTE), [AUTHORIZATION_EXPIRING_FLAG]);
        await authorized(after(120 * MINUTE + 1));
        await store.insertPayment(
          testPayment({ status: 'captured', captureMode: 'manual', settleBy: after(MINUTE) }),
          created,
        );

        expect(await store.listLapsingAuthorizations(now, warnUntil, 10)).toEqual([
          lapsedWarned.id,
          lapsing.id,
          toWarn.id,
        ]);
        expect(await store.listLapsingAuthorizations(now, warnUntil, 1)).toEqual([lapsedWarned.id]);
        expect(await store.getPayment(lapsing.id)).toMatchObject({
          purchaseRequestedAt: after(1),
          settleBy: now,
        });
      });
    });

    describe('updatePayment', () => {
      it('writes the payment, its events and its webhooks together', async () => {
        const payment = await store.insertPayment(testPayment(), created);
        const capturedAt = after(5 * MINUTE);

        const result = await store.updatePayment(payment.id, captureIfPending(capturedAt));

        expect(result?.changed).toBe(true);
        expect(result?.payment).toMatchObject({ status: 'captured', capturedAmount: 1980 });
        expect(result?.payment.version).toBe(2);
        expect(await store.getPayment(payment.id)).toEqual(result?.payment);
        const events = await store.listEvents(payment.id);
        expect(events.map((e) => [e.type, e.createdAt])).toEqual([
          ['payment.created', payment.createdAt],
          ['payment.captured', capturedAt],
        ]);
        const webhooks = await store.listWebhooks(payment.id);
        expect(webhooks).toEqual([
          {
            id: expect.stringMatching(/^evt_/),
            type: 'payment.captured',
            payload: expect.stringContaining(payment.id),
            paymentId: payment.id,
            attempts: 0,
            nextAttemptAt: capturedAt,
            deliveredAt: null,
            abandonedAt: null,
            lastError: null,
            createdAt: capturedAt,
          },
        ]);
      });

      it('keeps the history in order, oldest first', async () => {
        const payment = await store.insertPayment(testPayment(), created);
        for (const [minute, type] of [
          [1, 'checkout.served'],
          [2, 'sbps.notification'],
          [3, 'payment.authorized'],
        ] as const) {
          await store.updatePayment(payment.id, (current) => ({
            payment: { ...current, updatedAt: after(minute * MINUTE) },
            events: [{ type, data: { minute } }],
            webhooks: [],
          }));
        }

        const events = await store.listEvents(payment.id);
        expect(events.map((e) => e.type)).toEqual([
          'payment.created',
          'checkout.served',
          'sbps.notification',
          'payment.authorized',
        ]);
        expect(events[2]?.data).toEqual({ minute: 2 });
        expect((await store.getPayment(payment.id))?.version).toBe(4);
      });

      it('keeps the order of the events and webhooks of one change', async () => {
        const payment = await store.insertPayment(testPayment(), created);
        const types = ['sbps.notification', 'payment.authorized', 'payment.captured'] as const;
        const messages = [
          webhook('payment.authorized', payment.id),
          webhook('payment.captured', payment.id),
          webhook('payment.refunded', payment.id),
        ];

        await store.updatePayment(payment.id, (current) => ({
          payment: { ...current, status: 'captured', updatedAt: after(MINUTE) },
          events: types.map((type, position) => ({ type, data: { position, text: 'テスト"\\' } })),
          webhooks: messages,
        }));

        const events = await store.listEvents(payment.id);
        expect(events.map((e) => [e.type, e.data])).toEqual([
          ['payment.created', created.data],
          ...types.map((type, position) => [type, { position, text: 'テスト"\\' }]),
        ]);
        expect(new Set(events.map((e) => e.id)).size).toBe(4);
        expect((await store.listWebhooks(payment.id)).map((m) => [m.id, m.payload])).toEqual(
          messages.map((m) => [m.id, m.payload]),
        );
      });

      it('writes nothing when decide answers null', async () => {
        const payment = await store.insertPayment(testPayment({ status: 'cancelled' }), created);

        const result = await store.updatePayment(payment.id, captureIfPending(after(MINUTE)));

        expect(result).toEqual({ payment, changed: false });
        expect(await store.getPayment(payment.id)).toEqual(payment);
        expect(await store.listEvents(payment.id)).toHaveLength(1);
        expect(await store.listWebhooks(payment.id)).toEqual([]);
      });

      it('writes nothing and rejects when decide throws', async () => {
        const payment = await store.insertPayment(testPayment(), created);

        const update = store.updatePayment(payment.id, () => {
          throw new Error('refund_window_closed');
        });

        await expect(update).rejects.toThrow('refund_window_closed');
        expect(await store.getPayment(payment.id)).toEqual(payment);
        expect(await store.listEvents(payment.id)).toHaveLength(1);
      });

      it('rolls the payment back when one of its writes fails', async () => {
        const payment = await store.insertPayment(testPayment(), created);
        const message = webhook('payment.captured', payment.id);

        // The same webhook id twice: the second insert fails after the payment was updated.
        const update = store.updatePayment(payment.id, (current) => ({
          payment: { ...current, status: 'captured', updatedAt: after(MINUTE) },
          events: [{ type: 'payment.captured', data: {} }],
          webhooks: [message, message],
        }));

        await expect(update).rejects.toThrow();
        expect(await store.getPayment(payment.id)).toEqual(payment);
        expect(await store.listEvents(payment.id)).toHaveLength(1);
        expect(await store.listWebhooks(payment.id)).toEqual([]);
      });

      it('answers null for an unknown payment without calling decide', async () => {
        let called = false;
        const result = await store.updatePayment('pay_unknown', () => {
          called = true;
          return null;
        });

        expect(result).toBeNull();
        expect(called).toBe(false);
      });

      it('finds the payment by its order id too, writing the same way', async () => {
        const other = await store.insertPayment(testPayment(), created);
        const payment = await store.insertPayment(
          testPayment({ orderId: newPublicId('ord') }),
          created,
        );
        const capturedAt = after(5 * MINUTE);
        let seen: string | undefined;

        const result = await store.updatePaymentByOrderId(payment.orderId, (current) => {
          seen = current.id;
          return captureIfPending(capturedAt)(current);
        });

        expect(seen).toBe(payment.id);
        expect(result?.payment).toMatchObject({ id: payment.id, status: 'captured', version: 2 });
        expect(await store.getPayment(payment.id)).toEqual(result?.payment);
        expect((await store.listEvents(payment.id)).map((e) => e.type)).toEqual([
          'payment.created',
          'payment.captured',
        ]);
        expect(await store.getPayment(other.id)).toEqual(other);
        expect(await store.updatePaymentByOrderId(payment.id, () => null)).toBeNull();
      });

      it('refuses to move a payment onto an order id another payment holds', async () => {
        const taken = await store.insertPayment(testPayment(), created);
        const payment = await store.insertPayment(testPayment(), created);

        const update = store.updatePayment(payment.id, (current) => ({
          payment: { ...current, orderId: taken.orderId },
          events: [],
          webhooks: [],
        }));

        await expect(update).rejects.toMatchObject({
          name: 'DuplicatePaymentError',
          field: 'orderId',
        });
        expect(await store.getPayment(payment.id)).toEqual(payment);
      });

      it('applies exactly one of 50 concurrent captures of one pending payment', async () => {
        const payment = await store.insertPayment(testPayment(), created);
        // Open every pooled connection first, so that the updates really overlap.
        await Promise.all(Array.from({ length: 50 }, () => store.getPayment(payment.id)));

        const results = await Promise.all(
          Array.from({ length: 50 }, (_, i) =>
            store.updatePayment(payment.id, captureIfPending(after(i + 1))),
          ),
        );

        expect(results.filter((result) => result?.changed)).toHaveLength(1);
        expect(results.every((result) => result?.payment.status === 'captured')).toBe(true);
        const stored = await store.getPayment(payment.id);
        expect(stored).toMatchObject({ status: 'captured', capturedAmount: 1980, version: 2 });
        const events = await store.listEvents(payment.id);
        expect(events.filter((e) => e.type === 'payment.captured')).toHaveLength(1);
        expect(await store.listWebhooks(payment.id)).toHaveLength(1);
      });
    });

    describe('acquirer notifications', () => {
      // A change that is no repeat by itself (every call writes an event): only the notification
      // it carries can make it one.
      const noted =
        (id: string, acquirer: AcquirerNotification['acquirer'] = 'nomupay', at = after(MINUTE)) =>
        (current: PaymentRecord): PaymentChange => ({
          payment: { ...current, updatedAt: at },
          events: [{ type: 'nomupay.webhook', data: { webhookId: id } }],
          webhooks: [],
          notification: { acquirer, id },
        });

      it('records a notification with its change; the same one again writes nothing', async () => {
        const payment = await store.insertPayment(testPayment(), created);
        const first = { acquirer: 'nomupay', id: '2KqZ0v8mYc3Jm1bXo9TtR4sWf7A' } as const;
        expect(await store.hasAcquirerNotification(first)).toBe(false);

        expect((await store.updatePayment(payment.id, noted(first.id)))?.changed).toBe(true);
        expect(await store.hasAcquirerNotification(first)).toBe(true);
        const again = await store.updatePayment(payment.id, noted(first.id, 'nomupay', after(2)));
        expect(again).toMatchObject({ changed: false, payment: { version: 2 } });
        expect(await store.getPayment(payment.id)).toMatchObject({ version: 2 });

        // Another id, or the same id from another acquirer, is another notification.
        expect((await store.updatePayment(payment.id, noted('other-id')))?.changed).toBe(true);
        expect((await store.updatePayment(payment.id, noted(first.id, 'sbps')))?.changed).toBe(
          true,
        );
        const events = await store.listEvents(payment.id);
        expect(events.filter((e) => e.type === 'nomupay.webhook')).toHaveLength(3);
      });

      it('applies exactly one of 20 concurrent changes carrying the same notification', async () => {
        const payment = await store.insertPayment(testPayment(), created);
        await Promise.all(Array.from({ length: 20 }, () => store.getPayment(payment.id)));
        const results = await Promise.all(
          Array.from({ length: 20 }, () => store.updatePayment(payment.id, noted('same-id'))),
        );
        expect(results.filter((result) => result?.changed)).toHaveLength(1);
        const events = await store.listEvents(payment.id);
        expect(events.filter((e) => e.type === 'nomupay.webhook')).toHaveLength(1);
      });
    });

    describe('idempotency keys', () => {
      const scope = 'POST /v1/payments';
      const ttl = 60_000;

      it('claims a new key once, and reports the claim in flight to a repeat', async () => {
        expect(await store.claimIdempotencyKey(scope, 'k1', 'hash-a', T0, ttl)).toEqual({
          kind: 'claimed',
        });
        expect(await store.claimIdempotencyKey(scope, 'k1', 'hash-a', after(1), ttl)).toEqual({
          kind: 'in_flight',
        });
      });

      it('replays the completed response to the same request', async () => {
        await store.claimIdempotencyKey(scope, 'k1', 'hash-a', T0, ttl);
        await store.completeIdempotencyKey(scope, 'k1', { status: 201, body: '{"id":"pay_1"}' });

        expect(
          await store.claimIdempotencyKey(scope, 'k1', 'hash-a', after(ttl * 10), ttl),
        ).toEqual({ kind: 'replay', status: 201, body: '{"id":"pay_1"}' });
      });

      it('refuses a different request under the same key, in flight or completed', async () => {
        await store.claimIdempotencyKey(scope, 'k1', 'hash-a', T0, ttl);
        expect(await store.claimIdempotencyKey(scope, 'k1', 'hash-b', after(1), ttl)).toEqual({
          kind: 'mismatch',
        });

        await store.completeIdempotencyKey(scope, 'k1', { status: 201, body: '{}' });
        expect(await store.claimIdempotencyKey(scope, 'k1', 'hash-b', after(2), ttl)).toEqual({
          kind: 'mismatch',
        });
      });

      it('keeps scopes apart', async () => {
        await store.claimIdempotencyKey(scope, 'k1', 'hash-a', T0, ttl);

        expect(
          await store.claimIdempotencyKey('POST /v1/payments/:id/refunds', 'k1', 'hash-a', T0, ttl),
        ).toEqual({ kind: 'claimed' });
      });

      it('lets a released claim be claimed again, but never forgets a completed one', async () => {
        await store.claimIdempotencyKey(scope, 'k1', 'hash-a', T0, ttl);
        await store.releaseIdempotencyKey(scope, 'k1');
        expect(await store.claimIdempotencyKey(scope, 'k1', 'hash-b', after(1), ttl)).toEqual({
          kind: 'claimed',
        });

        await store.completeIdempotencyKey(scope, 'k1', { status: 409, body: 'done' });
        await store.releaseIdempotencyKey(scope, 'k1');
        expect(await store.claimIdempotencyKey(scope, 'k1', 'hash-b', after(2), ttl)).toEqual({
          kind: 'replay',
          status: 409,
          body: 'done',
        });
      });

      it('reclaims an in-flight claim older than the ttl, and only then', async () => {
        await store.claimIdempotencyKey(scope, 'k1', 'hash-a', T0, ttl);

        expect(await store.claimIdempotencyKey(scope, 'k1', 'hash-a', after(ttl), ttl)).toEqual({
          kind: 'in_flight',
        });
        expect(await store.claimIdempotencyKey(scope, 'k1', 'hash-a', after(ttl + 1), ttl)).toEqual(
          { kind: 'claimed' },
        );
        // The reclaim is a fresh claim: it is in flight again for a whole ttl.
        expect(await store.claimIdempotencyKey(scope, 'k1', 'hash-a', after(ttl + 2), ttl)).toEqual(
          { kind: 'in_flight' },
        );
      });

      const day = 24 * 60 * MINUTE;
      const prune = (completedBefore: Date, abandonedBefore: Date, limit = 100) =>
        store.pruneIdempotencyKeys({ completedBefore, abandonedBefore, limit });

      it('prunes completed keys claimed before the cutoff: the key is then new', async () => {
        await store.claimIdempotencyKey(scope, 'old', 'hash-a', T0, ttl);
        await store.completeIdempotencyKey(scope, 'old', { status: 201, body: '{}' });
        await store.claimIdempotencyKey(scope, 'edge', 'hash-a', after(1), ttl);
        await store.completeIdempotencyKey(scope, 'edge', { status: 201, body: '{}' });

        expect(await prune(after(1), T0)).toBe(1);
        expect(await store.claimIdempotencyKey(scope, 'old', 'hash-b', after(day), ttl)).toEqual({
          kind: 'claimed',
        });
        expect(await store.claimIdempotencyKey(scope, 'edge', 'hash-a', after(day), ttl)).toEqual({
          kind: 'replay',
          status: 201,
          body: '{}',
        });
      });

      it('prunes a claim in flight only before its own, earlier cutoff', async () => {
        await store.claimIdempotencyKey(scope, 'running', 'hash-a', T0, ttl);

        expect(await prune(after(day), T0)).toBe(0);
        expect(await store.claimIdempotencyKey(scope, 'running', 'hash-b', after(1), ttl)).toEqual({
          kind: 'mismatch',
        });
        expect(await prune(after(day), after(1))).toBe(1);
        expect(await store.claimIdempotencyKey(scope, 'running', 'hash-b', after(2), ttl)).toEqual({
          kind: 'claimed',
        });
      });

      it('prunes at most the limit at a time, in every scope', async () => {
        for (const [index, name] of ['a', 'b', 'c', 'd', 'e'].entries()) {
          await store.claimIdempotencyKey(`scope-${index % 2}`, name, 'hash-a', T0, ttl);
          await store.completeIdempotencyKey(`scope-${index % 2}`, name, {
            status: 200,
            body: '{}',
          });
        }

        expect(await prune(after(1), T0, 2)).toBe(2);
        expect(await prune(after(1), T0, 2)).toBe(2);
        expect(await prune(after(1), T0, 2)).toBe(1);
        expect(await prune(after(1), T0, 2)).toBe(0);
      });

      it('prunes each key once when several instances prune together', async () => {
        for (let i = 0; i < 30; i += 1) {
          await store.claimIdempotencyKey(scope, `k${i}`, 'hash-a', T0, ttl);
          await store.completeIdempotencyKey(scope, `k${i}`, { status: 200, body: '{}' });
        }

        const counts = await Promise.all(Array.from({ length: 4 }, () => prune(after(1), T0, 8)));
        let rest = 0;
        for (let deleted = 1; deleted > 0; rest += deleted) deleted = await prune(after(1), T0, 8);
        expect(counts.reduce((sum, count) => sum + count, 0) + rest).toBe(30);
      });

      it('gives exactly one of 20 concurrent claims of one key', async () => {
        const claims = await Promise.all(
          Array.from({ length: 20 }, () =>
            store.claimIdempotencyKey(scope, 'k-race', 'hash-a', T0, ttl),
          ),
        );

        expect(claims.filter((claim) => claim.kind === 'claimed')).toHaveLength(1);
        expect(claims.filter((claim) => claim.kind === 'in_flight')).toHaveLength(19);
      });
    });

    describe('webhook outbox', () => {
      const lease = 30_000;

      async function capturedPayment(at: Date): Promise<PaymentRecord> {
        const payment = await store.insertPayment(testPayment(), created);
        await store.updatePayment(payment.id, captureIfPending(at));
        return payment;
      }

      it('does not hand out a message before it is due', async () => {
        await capturedPayment(after(MINUTE));

        expect(await store.claimDueWebhooks(after(MINUTE - 1), 10, lease)).toEqual([]);
        expect(await store.claimDueWebhooks(after(MINUTE), 10, lease)).toHaveLength(1);
      });

      it('leases a message: nobody else gets it until the lease ends', async () => {
        const payment = await capturedPayment(T0);

        const first = await store.claimDueWebhooks(T0, 10, lease);
        expect(first.map((m) => m.paymentId)).toEqual([payment.id]);
        expect(await store.claimDueWebhooks(after(lease - 1), 10, lease)).toEqual([]);
        const afterLease = await store.claimDueWebhooks(after(lease), 10, lease);
        expect(afterLease.map((m) => m.id)).toEqual(first.map((m) => m.id));
      });

      it('hands out the most overdue messages first, up to the limit', async () => {
        const second = await capturedPayment(after(2));
        const first = await capturedPayment(after(1));
        const third = await capturedPayment(after(3));

        const claimed = await store.claimDueWebhooks(after(MINUTE), 2, lease);
        expect(claimed.map((m) => m.paymentId)).toEqual([first.id, second.id]);
        const rest = await store.claimDueWebhooks(after(MINUTE), 2, lease);
        expect(rest.map((m) => m.paymentId)).toEqual([third.id]);
      });

      it('leases each message to one of several concurrent claimers', async () => {
        for (let i = 0; i < 5; i++) await capturedPayment(after(i));

        const claims = await Promise.all(
          Array.from({ length: 10 }, () => store.claimDueWebhooks(after(MINUTE), 2, lease)),
        );

        const claimedIds = claims.flat().map((m) => m.id);
        expect(claimedIds).toHaveLength(5);
        expect(new Set(claimedIds).size).toBe(5);
      });

      it('schedules a failed message again at its next attempt', async () => {
        const payment = await capturedPayment(T0);
        const [message] = await store.claimDueWebhooks(T0, 10, lease);
        if (!message) throw new Error('expected a due message');

        await store.markWebhookFailed(message.id, {
          error: 'HTTP 500',
          nextAttemptAt: after(MINUTE),
          abandon: false,
          at: after(1),
        });

        const [failed] = await store.listWebhooks(payment.id);
        expect(failed).toMatchObject({
          attempts: 1,
          lastError: 'HTTP 500',
          nextAttemptAt: after(MINUTE),
          deliveredAt: null,
          abandonedAt: null,
        });
        expect(await store.claimDueWebhooks(after(MINUTE - 1), 10, lease)).toEqual([]);
        const retried = await store.claimDueWebhooks(after(MINUTE), 10, lease);
        expect(retried.map((m) => [m.id, m.attempts])).toEqual([[message.id, 1]]);
      });

      it('never hands out a delivered message again', async () => {
        const payment = await capturedPayment(T0);
        const [message] = await store.claimDueWebhooks(T0, 10, lease);
        if (!message) throw new Error('expected a due message');

        await store.markWebhookDelivered(message.id, after(1));

        expect(await store.listWebhooks(payment.id)).toMatchObject([
          { attempts: 1, deliveredAt: after(1), abandonedAt: null },
        ]);
        expect(await store.claimDueWebhooks(after(lease * 10), 10, lease)).toEqual([]);
      });

      it('keeps an abandoned message for operators but never hands it out again', async () => {
        const payment = await capturedPayment(T0);
        const [message] = await store.claimDueWebhooks(T0, 10, lease);
        if (!message) throw new Error('expected a due message');

        await store.markWebhookFailed(message.id, {
          error: 'connect ECONNREFUSED',
          nextAttemptAt: after(1),
          abandon: true,
          at: after(1),
        });

        expect(await store.listWebhooks(payment.id)).toMatchObject([
          {
            attempts: 1,
            abandonedAt: after(1),
            deliveredAt: null,
            lastError: 'connect ECONNREFUSED',
          },
        ]);
        expect(await store.claimDueWebhooks(after(lease * 10), 10, lease)).toEqual([]);
      });
    });

    describe('migrate', () => {
      it('is harmless when run again', async () => {
        const payment = await store.insertPayment(testPayment(), created);

        await store.migrate();

        expect(await store.getPayment(payment.id)).toEqual(payment);
      });
    });
  });
}
