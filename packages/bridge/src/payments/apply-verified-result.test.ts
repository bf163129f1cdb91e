import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VerifiedResult } from '../acquirers/acquirer.js';
import { BridgeHarness, TestClock } from '../testing/bridge-harness.js';
import { applyVerifiedResult } from './apply-verified-result.js';

let harness: BridgeHarness;
const clock = new TestClock();
beforeAll(async () => {
  clock.set('2025-04-02T10:00:00+09:00');
  harness = await BridgeHarness.start({ clock });
});
afterAll(async () => {
  await harness.close();
});

const success = (resultId: string, acquirerReference: string): VerifiedResult => ({
  kind: 'succeeded',
  resultId,
  amount: 1100,
  acquirerReference,
  evidence: { type: 'sbps.notification', data: { trackingId: resultId } },
});

describe('applyVerifiedResult', () => {
  it('pays a payment whose acquirer reference was known before it was paid', async () => {
    // Antom and NomuPay know their payment id when the checkout starts: a set reference is not
    // "already paid".
    const created = await harness.createPayment({ captureMode: 'manual' });
    await harness.store.updatePayment(created.id, (current) => ({
      payment: { ...current, acquirerReference: 'known-at-start' },
      events: [],
      webhooks: [],
    }));
    const applied = await applyVerifiedResult(
      harness.bridge.context,
      created.id,
      success('result-1', 'known-at-start'),
    );
    expect(applied.outcome).toBe('applied');
    expect(await harness.payment(created.id)).toMatchObject({
      status: 'authorized',
      acquirerReference: 'known-at-start',
      paidResultId: 'result-1',
      flags: [],
    });
  });

  it('applies one result once: a repeat changes nothing, another success only flags', async () => {
    const created = await harness.createPayment({ captureMode: 'automatic' });
    const context = harness.bridge.context;
    expect((await applyVerifiedResult(context, created.id, success('r-1', 'r-1'))).outcome).toBe(
      'applied',
    );
    const paid = await harness.payment(created.id);
    expect(paid).toMatchObject({ status: 'captured', paidResultId: 'r-1' });
    expect((await applyVerifiedResult(context, created.id, success('r-1', 'r-1'))).outcome).toBe(
      'repeat',
    );
    expect(await harness.payment(created.id)).toEqual(paid);
    expect((await applyVerifiedResult(context, created.id, success('r-2', 'r-2'))).outcome).toBe(
      'applied',
    );
    expect(await harness.payment(created.id)).toMatchObject({
      status: 'captured',
      acquirerReference: 'r-1',
      paidResultId: 'r-1',
      flags: ['conflicting_purchase'],
    });
  });

  it('answers not_found for an unknown payment', async () => {
    expect(
      await applyVerifiedResult(
        harness.bridge.context,
        'pay_0000000000000000000000',
        success('x', 'x'),
      ),
    ).toEqual({ outcome: 'not_found' });
  });
});
