import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BridgeHarness } from '../testing/bridge-harness.js';
import { ExpirySweeper } from './expiry.js';
import { underOperationLock } from './operation-lock.js';

const HOUR = 60 * 60 * 1000;

let harness: BridgeHarness;
let sweeper: ExpirySweeper;
beforeAll(async () => {
  // The background pass runs by hand here, at the instants the test chooses. The in-flight TTL
  // is longer than a day, so that a claim still in flight at 24 h is one nobody may take over.
  harness = await BridgeHarness.start({
    bridge: { workers: false, settings: { idempotencyInFlightTtlMs: 48 * HOUR } },
  });
  sweeper = new ExpirySweeper(harness.bridge.context);
});
afterAll(async () => {
  await harness.close();
});

const body = {
  amount: 1100,
  currency: 'JPY',
  merchantReference: 'ORDER-PRUNE',
  itemName: 'テスト商品',
  returnUrl: 'https://shop.example/return',
};

describe('Idempotency-Key after 24 hours', () => {
  it('replays at 23 h; after 24 h the background pass has forgotten the key and it is new', async () => {
    const headers = { 'idempotency-key': 'prune-order-0001' };
    const first = await harness.api<{ id: string }>('POST', '/v1/payments', body, headers);
    expect(first.status).toBe(201);

    harness.clock.advance(23 * HOUR);
    await sweeper.sweep();
    const replay = await harness.api<{ id: string }>('POST', '/v1/payments', body, headers);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.body).toEqual(first.body);

    harness.clock.advance(HOUR + 1);
    await sweeper.sweep();
    // Another body too: nothing of the first request is left under the key.
    const fresh = await harness.api<{ id: string }>(
      'POST',
      '/v1/payments',
      { ...body, amount: 2200 },
      headers,
    );
    expect(fresh.status).toBe(201);
    expect(fresh.headers.get('idempotent-replayed')).toBeNull();
    expect(fresh.body.id).not.toBe(first.body.id);
    // And the new answer is the one that replays now.
    const again = await harness.api('POST', '/v1/payments', { ...body, amount: 2200 }, headers);
    expect(again.body).toEqual(fresh.body);
  });

  it('never prunes an operation lock still held, even past 24 h', async () => {
    const payment = await harness.createPayment();
    const held = await underOperationLock(harness.bridge.context, payment.id, async () => {
      harness.clock.advance(25 * HOUR);
      await sweeper.sweep();
      return underOperationLock(harness.bridge.context, payment.id, async () => 'second');
    });
    expect(held).toEqual({ ran: true, value: { ran: false } });
  });
});
