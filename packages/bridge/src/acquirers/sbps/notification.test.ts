import { encodeSbpsForm, verifySbpsResult } from '@au-pay/core/sbps';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BridgeHarness, resultFields, TEST_HASH_KEY } from '../../testing/bridge-harness.js';

let harness: BridgeHarness;
beforeAll(async () => {
  harness = await BridgeHarness.start();
});
afterAll(async () => {
  await harness.close();
});

async function pendingPayment(overrides: Record<string, unknown> = {}) {
  const created = await harness.createPayment(overrides);
  return harness.payment(created.id);
}

/** The store's view of a payment: what must not change when a notification is refused. */
async function snapshot(id: string) {
  return {
    payment: await harness.payment(id),
    events: await harness.store.listEvents(id),
    // Delivery progresses on its own; what must not change is which webhooks exist.
    webhooks: (await harness.store.listWebhooks(id)).map(({ id, type, payload }) => ({
      id,
      type,
      payload,
    })),
  };
}

describe('POST /sbps/notify', () => {
  it('captures an automatic-capture payment and answers exactly "OK," in Shift_JIS text', async () => {
    const payment = await pendingPayment({ captureMode: 'automatic' });
    const answer = await harness.notify(payment);
    expect(answer).toEqual({
      status: 200,
      text: 'OK,',
      contentType: 'text/plain; charset=Shift_JIS',
    });
    const stored = await harness.payment(payment.id);
    expect(stored).toMatchObject({
      status: 'captured',
      capturedAmount: 1100,
      acquirerReference: '12345678901234',
    });
    expect(stored.capturedAt).toEqual(harness.clock.now());
    const events = await harness.store.listEvents(payment.id);
    expect(events.map((event) => event.type)).toEqual([
      'payment.created',
      'sbps.notification',
      'payment.captured',
    ]);
    expect(events[1]?.data).toMatchObject({ result: 'OK', trackingId: '12345678901234' });
    await harness.until(() => harness.webhooks.ofPayment(payment.id).length === 1);
    expect(harness.webhooks.ofPayment(payment.id)[0]).toMatchObject({
      type: 'payment.captured',
      data: { payment: { id: payment.id, status: 'captured', capturedAmount: 1100 } },
    });
  });

  it('authorizes a manual-capture payment (specified sales)', async () => {
    const payment = await pendingPayment({ captureMode: 'manual' });
    expect((await harness.notify(payment)).text).toBe('OK,');
    expect(await harness.payment(payment.id)).toMatchObject({
      status: 'authorized',
      capturedAmount: 0,
    });
  });

  it('counts the settlement deadline from the request_date the A02-1 echoes, else from creation', async () => {
    const payment = await pendingPayment({ captureMode: 'manual' });
    const notified = await harness.notify(payment, {
      overrides: { request_date: '20250311001000' },
    });
    expect(notified.text).toBe('OK,');
    expect(await harness.payment(payment.id)).toMatchObject({
      purchaseRequestedAt: new Date('2025-03-11T00:10:00+09:00'),
      // Day 90 counted from 11 March (day 1) ends at 00:00 JST on 9 June.
      settleBy: new Date('2025-06-09T00:00:00+09:00'),
    });

    const undated = await pendingPayment({ captureMode: 'manual' });
    expect((await harness.notify(undated, { overrides: { request_date: '' } })).text).toBe('OK,');
    expect(await harness.payment(undated.id)).toMatchObject({
      status: 'authorized',
      purchaseRequestedAt: null,
      settleBy: new Date('2025-06-08T00:00:00+09:00'),
    });
    expect(harness.logs.join('\n')).toContain('request_date unreadable');
  });

  it('accepts the hash in lowercase as well as SBPS uppercase', async () => {
    const payment = await pendingPayment();
    const body = harness.notificationBody(payment);
    const lower = body.replace(
      /sps_hashcode=([0-9A-F]+)/,
      (_m, hash: string) => `sps_hashcode=${hash.toLowerCase()}`,
    );
    expect((await harness.notify(payment, { body: lower })).text).toBe('OK,');
  });

  it('refuses res_result=NG: SBPS notifies a one-time purchase only once it completed', async () => {
    const payment = await pendingPayment();
    const before = await snapshot(payment.id);
    const from = harness.logs.length;
    const answer = await harness.notify(payment, {
      overrides: { res_result: 'NG', res_tracking_id: '', res_err_code: 'AUL4' },
    });
    expect(answer).toEqual({
      status: 200,
      text: 'NG,not a completed purchase',
      contentType: 'text/plain; charset=Shift_JIS',
    });
    expect(await snapshot(payment.id)).toEqual(before);
    const warned = harness.logs.slice(from).map((line) => JSON.parse(line));
    expect(warned).toContainEqual(
      expect.objectContaining({
        level: 40,
        orderId: payment.orderId,
        result: 'NG',
        msg: expect.stringContaining('not a completed purchase'),
      }),
    );
  });

  it('applies 50 concurrent copies exactly once: one transition, one event, one webhook', async () => {
    const payment = await pendingPayment();
    const body = harness.notificationBody(payment);
    const answers = await Promise.all(
      Array.from({ length: 50 }, () => harness.notify(payment, { body })),
    );
    expect(answers.map((answer) => answer.text)).toEqual(Array(50).fill('OK,'));
    const { payment: stored, events, webhooks } = await snapshot(payment.id);
    expect(stored.status).toBe('captured');
    expect(stored.version).toBe(2);
    expect(events.filter((event) => event.type === 'sbps.notification')).toHaveLength(1);
    expect(events.filter((event) => event.type === 'payment.captured')).toHaveLength(1);
    expect(webhooks).toHaveLength(1);
  });

  it('never moves a payment backwards: a late NG after OK is refused and changes nothing', async () => {
    const payment = await pendingPayment();
    await harness.notify(payment);
    const before = await snapshot(payment.id);
    const answer = await harness.notify(payment, {
      overrides: { res_result: 'NG', res_err_code: 'AUU1' },
    });
    expect(answer.text).toBe('NG,not a completed purchase');
    expect(await snapshot(payment.id)).toEqual(before);
  });

  it('answers OK to a success for an expired payment, captures it, flags late_success and tells the merchant', async () => {
    const payment = await pendingPayment();
    harness.clock.advance(31 * 60_000);
    const expired = await harness.api('GET', `/v1/payments/${payment.id}`);
    expect(expired.body).toMatchObject({ status: 'expired' });

    const answer = await harness.notify(payment);
    expect(answer.text).toBe('OK,');
    const stored = await harness.payment(payment.id);
    expect(stored).toMatchObject({ status: 'captured', capturedAmount: payment.amount });
    expect(stored.flags).toContain('late_success');
    expect(stored.acquirerReference).toBe('12345678901234');
    const types = (await harness.store.listEvents(payment.id)).map((event) => event.type);
    expect(types).toEqual([
      'payment.created',
      'payment.expired',
      'sbps.notification',
      'payment.late_success',
      'payment.captured',
    ]);
    await harness.until(() => harness.webhooks.ofPayment(payment.id).length === 2);
    expect(harness.webhooks.ofPayment(payment.id)[1]).toMatchObject({
      type: 'payment.captured',
      data: { lateSuccess: true, payment: { status: 'captured', flags: ['late_success'] } },
    });
    // A repeat of the late success writes nothing more.
    const before = await snapshot(payment.id);
    expect((await harness.notify(payment)).text).toBe('OK,');
    expect(await snapshot(payment.id)).toEqual(before);
  });

  describe('refusals answer "NG,<reason>" and change nothing', () => {
    it.each([
      ['a tampered hash', { tamper: { sps_hashcode: '0'.repeat(40) } }, 'NG,invalid sps_hashcode'],
      ['a tampered amount', { tamper: { amount: '1' } }, 'NG,invalid sps_hashcode'],
      [
        'a tampered order id',
        { tamper: { order_id: 'pay_0000000000000000000000' } },
        'NG,invalid sps_hashcode',
      ],
      [
        'a tampered result',
        { tamper: { res_result: 'OK', res_tracking_id: '99999999999999' } },
        'NG,invalid sps_hashcode',
      ],
      [
        'another merchant (signed)',
        { overrides: { merchant_id: '54321' } },
        'NG,merchant mismatch',
      ],
      ['another service (signed)', { overrides: { service_id: '002' } }, 'NG,merchant mismatch'],
      ['another amount (signed)', { overrides: { amount: '1' } }, 'NG,amount mismatch'],
      [
        'an unknown order (signed)',
        { overrides: { order_id: 'pay_0000000000000000000000' } },
        'NG,unknown order_id',
      ],
    ])('%s', async (_name, options, expected) => {
      const payment = await pendingPayment();
      const before = await snapshot(payment.id);
      const answer = await harness.notify(payment, options);
      expect(answer.status).toBe(200);
      expect(answer.text).toBe(expected);
      expect(await snapshot(payment.id)).toEqual(before);
    });

    it('a missing hash', async () => {
      const payment = await pendingPayment();
      const fields = resultFields(payment, harness.clock.now());
      const body = encodeSbpsForm(Object.entries(fields));
      expect((await harness.notify(payment, { body })).text).toBe('NG,invalid sps_hashcode');
      expect((await harness.payment(payment.id)).status).toBe('pending');
    });

    it('a Shift_JIS body sent as UTF-8', async () => {
      const payment = await pendingPayment();
      // Signed correctly, but item_name travels as UTF-8 percent-escapes instead of Shift_JIS.
      const signed = new URLSearchParams(harness.notificationBody(payment));
      const utf8 = new URLSearchParams();
      for (const [name, value] of new URLSearchParams(
        harness.notificationBody(payment).replace(/item_name=[^&]*/, 'item_name=X'),
      )) {
        utf8.set(name, value);
      }
      utf8.set('item_name', 'テスト商品');
      utf8.set('sps_hashcode', signed.get('sps_hashcode') ?? '');
      const answer = await harness.notify(payment, { body: utf8.toString() });
      expect(answer.text).toMatch(/^NG,/);
      expect((await harness.payment(payment.id)).status).toBe('pending');
    });

    it('an empty or malformed body', async () => {
      const payment = await pendingPayment();
      expect((await harness.notify(payment, { body: '' })).text).toBe('NG,empty body');
      expect((await harness.notify(payment, { body: 'a=%ZZ' })).text).toBe('NG,malformed body');
      expect((await harness.payment(payment.id)).status).toBe('pending');
    });

    it('a body over the size limit, as SBPS reads an answer: 200 and NG,', async () => {
      const payment = await pendingPayment();
      const answer = await harness.notify(payment, { body: `free1=${'x'.repeat(40_000)}` });
      expect(answer).toEqual({
        status: 200,
        text: 'NG,payload_too_large',
        contentType: 'text/plain; charset=Shift_JIS',
      });
      expect((await harness.payment(payment.id)).status).toBe('pending');
    });

    it.each([
      ['an unknown res_result', { res_result: 'PY' }],
      ['a success without a tracking id', { res_tracking_id: '' }],
      ['a success with a malformed tracking id', { res_tracking_id: '1234' }],
    ])('%s (signed)', async (_name, overrides) => {
      const payment = await pendingPayment();
      const before = await snapshot(payment.id);
      const answer = await harness.notify(payment, { overrides });
      expect(answer.text).toBe('NG,not a completed purchase');
      expect(await snapshot(payment.id)).toEqual(before);
    });
  });
});

describe('a browser return (A03-1) posted to /sbps/notify', () => {
  /** What the buyer's browser carried back from the emulated SBPS, posted where A02-1 goes. */
  async function postAsNotification(fields: Array<[string, string]>) {
    const response = await fetch(`${harness.url}/sbps/notify`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: encodeSbpsForm(fields),
    });
    return { status: response.status, text: await response.text() };
  }

  it('is refused when it is a cancel return: NG, the payment stays pending, no webhook', async () => {
    // ASCII values: the A03-1 hash (Shift_JIS) is then the A02-1 hash (UTF-8), spec §3.
    const created = await harness.createPayment({
      captureMode: 'automatic',
      itemName: 'Green tea',
    });
    const journey = await harness.buyer().pay(created, { cancelAt: 'confirm' });
    expect(journey.returnForm.action).toBe(`${harness.url}/sbps/return/cancel`);
    const cancelReturn = journey.returnForm.fields;
    expect(verifySbpsResult('notification', cancelReturn, TEST_HASH_KEY)).toBe(true);
    const before = await snapshot(created.id);

    const answer = await postAsNotification(cancelReturn);
    expect(answer).toEqual({ status: 200, text: 'NG,not a completed purchase' });
    expect(await snapshot(created.id)).toEqual(before);
    expect(before.payment.status).toBe('pending');
    expect(before.webhooks).toEqual([]);
  });

  it('changes nothing when it is a success return: the genuine A02-1 came first', async () => {
    const created = await harness.createPayment({
      captureMode: 'automatic',
      itemName: 'Green tea',
    });
    const journey = await harness.buyer().pay(created);
    // The emulator's genuine A02-1 was accepted before the browser was sent back.
    const before = await snapshot(created.id);
    expect(before.payment.status).toBe('captured');
    expect(before.webhooks.map((webhook) => webhook.type)).toEqual(['payment.captured']);

    // It says what the A02-1 said (same tracking id): a repeat.
    expect(await postAsNotification(journey.returnForm.fields)).toEqual({
      status: 200,
      text: 'OK,',
    });
    expect(await snapshot(created.id)).toEqual(before);
  });
});
