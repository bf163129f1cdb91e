import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type {
  AcquirerConnector,
  AcquirerHost,
  CheckoutRequest,
  CheckoutStart,
  MoneyCall,
} from '../acquirers/acquirer.js';
import { SbpsConnector } from '../acquirers/sbps/connector.js';
import type { OpenOperation, PaymentRecord } from '../store/payment-store.js';
import { BridgeHarness, TestClock } from '../testing/bridge-harness.js';
import { resolveOpenOperations } from './operation-resolver.js';

type InquiryAnswer = 'applied' | 'not_applied' | 'unknown';

/**
 * The acquirer edge of an acquirer with an inquiry API: SBPS's calls, plus `inquire` answering
 * what the test scripts, and a record of what the bridge passed.
 */
class InquiringConnector implements AcquirerConnector {
  readonly id = 'sbps' as const;
  readonly inquiries: { paymentId: string; operation: OpenOperation }[] = [];
  readonly operationIds: string[] = [];
  /** What the acquirer answers about each payment, in turn. */
  readonly answers = new Map<string, InquiryAnswer[]>();

  constructor(readonly sbps: SbpsConnector) {}

  startCheckout(payment: PaymentRecord, request: CheckoutRequest) {
    return this.sbps.startCheckout(payment, request);
  }

  routes(host: AcquirerHost) {
    return this.sbps.routes(host);
  }

  pendingExpiresAt(payment: PaymentRecord, start: CheckoutStart) {
    return this.sbps.pendingExpiresAt(payment, start);
  }

  capture(payment: PaymentRecord, call: MoneyCall) {
    this.operationIds.push(call.id);
    return this.sbps.capture(payment, call);
  }

  cancel(payment: PaymentRecord, call: MoneyCall) {
    this.operationIds.push(call.id);
    return this.sbps.cancel(payment, call);
  }

  refund(payment: PaymentRecord, call: MoneyCall) {
    this.operationIds.push(call.id);
    return this.sbps.refund(payment, call);
  }

  async inquire(payment: PaymentRecord, operation: OpenOperation): Promise<InquiryAnswer> {
    this.inquiries.push({ paymentId: payment.id, operation });
    const answer = this.answers.get(payment.id)?.shift();
    if (answer === undefined) throw new Error('the inquiry API is down');
    return answer;
  }
}

let harness: BridgeHarness;
let connector: InquiringConnector;
const clock = new TestClock();
const DELAY = 60_000;
beforeAll(async () => {
  // The sweep's own timer never fires during the run: the tests run the resolver's passes.
  harness = await BridgeHarness.start({
    clock,
    bridge: { settings: { expirySweepIntervalMs: 3600_000, openOperationInquiryDelayMs: DELAY } },
  });
  connector = new InquiringConnector(new SbpsConnector({ config: harness.sbpsConfig }));
  harness.useConnector(connector);
});
afterAll(async () => {
  await harness.close();
});
beforeEach(() => {
  clock.set('2025-04-02T10:00:00+09:00');
  connector.inquiries.length = 0;
  connector.answers.clear();
});

let trackingSeq = 30_000_000_000_000;

/** A captured payment whose refund of 300 SBPS received and then failed (HTTP 500). */
async function unknownRefund() {
  clock.set('2025-03-10T10:00:00+09:00');
  const created = await harness.createPayment({ amount: 1000, captureMode: 'automatic' });
  trackingSeq += 1;
  await harness.notify(await harness.payment(created.id), {
    overrides: { res_tracking_id: String(trackingSeq) },
  });
  clock.set('2025-04-02T10:00:00+09:00');
  harness.sbps.answerNext({ httpStatus: 500 });
  await harness.api('POST', `/v1/payments/${created.id}/refunds`, { amount: 300 });
  const payment = await harness.payment(created.id);
  if (!payment.openOperation) throw new Error('expected an open operation');
  return { payment, operation: payment.openOperation };
}

const inquiredAbout = (id: string) => connector.inquiries.filter((i) => i.paymentId === id);

describe('the open-operation resolver', () => {
  it('passes the operation id to the connector call', async () => {
    const { operation } = await unknownRefund();
    expect(connector.operationIds.at(-1)).toBe(operation.id);
  });

  it('asks only about operations open longer than the delay, then settles an applied one', async () => {
    const { payment, operation } = await unknownRefund();
    const calls = harness.sbps.calls.length;

    clock.advance(DELAY - 1);
    await resolveOpenOperations(harness.bridge.context);
    expect(inquiredAbout(payment.id)).toEqual([]);

    clock.advance(1);
    connector.answers.set(payment.id, ['applied']);
    await resolveOpenOperations(harness.bridge.context);

    expect(inquiredAbout(payment.id)).toEqual([{ paymentId: payment.id, operation }]);
    const stored = await harness.payment(payment.id);
    expect(stored).toMatchObject({
      status: 'partially_refunded',
      refundedAmount: 300,
      openOperation: null,
      flags: [],
    });
    const events = await harness.store.listEvents(payment.id);
    expect(events.slice(-2).map((event) => [event.type, event.data])).toEqual([
      [
        'refund.resolved',
        {
          operationId: operation.id,
          amount: 300,
          partial: true,
          resolvedBy: 'inquiry',
          applied: true,
        },
      ],
      [
        'payment.refunded',
        { operationId: operation.id, amount: 300, partial: true, resolvedBy: 'inquiry' },
      ],
    ]);
    await harness.until(() => harness.webhooks.ofPayment(payment.id).length === 3);
    expect(harness.webhooks.ofPayment(payment.id).map((event) => event.type)).toEqual([
      'payment.captured',
      'payment.operation_unknown',
      'payment.refunded',
    ]);
    expect(harness.sbps.calls.length).toBe(calls);

    // Settled: never asked about again.
    await resolveOpenOperations(harness.bridge.context);
    expect(inquiredAbout(payment.id)).toHaveLength(1);
  });

  it('closes a not-applied operation without moving money', async () => {
    const { payment } = await unknownRefund();
    clock.advance(DELAY);
    connector.answers.set(payment.id, ['not_applied']);
    await resolveOpenOperations(harness.bridge.context);

    expect(await harness.payment(payment.id)).toMatchObject({
      status: 'captured',
      refundedAmount: 0,
      openOperation: null,
      flags: [],
    });
    const events = await harness.store.listEvents(payment.id);
    expect(events.at(-1)).toMatchObject({
      type: 'refund.resolved',
      data: { applied: false, resolvedBy: 'inquiry' },
    });
  });

  it('keeps asking while the acquirer does not know, or cannot be asked', async () => {
    const { payment, operation } = await unknownRefund();
    clock.advance(DELAY);
    connector.answers.set(payment.id, ['unknown']);
    await resolveOpenOperations(harness.bridge.context);
    // No answer scripted: the inquiry throws.
    await resolveOpenOperations(harness.bridge.context);

    expect(inquiredAbout(payment.id)).toHaveLength(2);
    expect((await harness.payment(payment.id)).openOperation).toEqual(operation);
    const events = await harness.store.listEvents(payment.id);
    expect(events.filter((event) => event.type === 'refund.outcome_unknown')).toHaveLength(1);

    connector.answers.set(payment.id, ['applied']);
    await resolveOpenOperations(harness.bridge.context);
    expect((await harness.payment(payment.id)).refundedAmount).toBe(300);
  });

  it('leaves alone an operation whose request still holds the payment lock', async () => {
    const { payment } = await unknownRefund();
    clock.advance(DELAY);
    await harness.store.claimIdempotencyKey(
      'payment-operation-lock',
      payment.id,
      'lock',
      clock.now(),
      harness.bridge.context.settings.idempotencyInFlightTtlMs,
    );
    connector.answers.set(payment.id, ['applied']);
    try {
      await resolveOpenOperations(harness.bridge.context);
      expect(inquiredAbout(payment.id)).toEqual([]);
    } finally {
      await harness.store.releaseIdempotencyKey('payment-operation-lock', payment.id);
    }
    await resolveOpenOperations(harness.bridge.context);
    expect((await harness.payment(payment.id)).openOperation).toBeNull();
  });

  it('announces once an operation whose request died, where the acquirer has no inquiry', async () => {
    // SBPS itself: no inquiry. The request died after recording its operation.
    harness.useConnector(connector.sbps);
    try {
      const created = await harness.createPayment({ amount: 1000, captureMode: 'automatic' });
      trackingSeq += 1;
      await harness.notify(await harness.payment(created.id), {
        overrides: { res_tracking_id: String(trackingSeq) },
      });
      const operation: OpenOperation = {
        id: 'op_diedwaiting0000000000',
        kind: 'refund',
        amount: 1000,
        partial: false,
        idempotencyKey: null,
        requestedAt: clock.now(),
      };
      await harness.store.updatePayment(created.id, (current) => ({
        payment: { ...current, openOperation: operation },
        events: [{ type: 'refund.requested', data: { operationId: operation.id } }],
        webhooks: [],
      }));
      clock.advance(DELAY);

      await resolveOpenOperations(harness.bridge.context);
      await resolveOpenOperations(harness.bridge.context);

      const events = await harness.store.listEvents(created.id);
      expect(events.filter((event) => event.type === 'refund.outcome_unknown')).toEqual([
        expect.objectContaining({
          data: { operationId: operation.id, amount: 1000, partial: false },
        }),
      ]);
      await harness.until(() => harness.webhooks.ofPayment(created.id).length === 2);
      expect(harness.webhooks.ofPayment(created.id)[1]).toMatchObject({
        type: 'payment.operation_unknown',
        data: { payment: { openOperation: { id: operation.id } } },
      });
      expect((await harness.payment(created.id)).openOperation).toEqual(operation);
    } finally {
      harness.useConnector(connector);
    }
  });
});
