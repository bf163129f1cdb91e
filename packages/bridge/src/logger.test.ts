import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from './logger.js';
import {
  BridgeHarness,
  TEST_API_PASSWORD,
  TEST_HASH_KEY,
  TEST_SECRET_KEY,
  TEST_WEBHOOK_SECRET,
} from './testing/bridge-harness.js';
import { bodyRoutes, postAborted, refusedBodies } from './testing/refused-bodies.js';

/** A card-like number: what a buyer may type into any field. */
const CARD_NUMBER = '4111111111111111';

let harness: BridgeHarness;
beforeAll(async () => {
  harness = await BridgeHarness.start();
});
afterAll(async () => {
  await harness.close();
});

function lines(from: number): Array<Record<string, unknown>> {
  return harness.logs.slice(from).map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('logs', () => {
  it('name the payment id of every step and never carry a secret', async () => {
    const created = await harness.createPayment({ captureMode: 'manual' });
    const checkout = await harness.checkout(created.id, {
      client_secret: created.clientSecret,
      layout: 'web',
    });
    const hashcode = /name="sps_hashcode" value="([0-9a-f]+)"/.exec(
      checkout.bytes.toString('latin1'),
    )?.[1];
    expect(hashcode).toBeDefined();
    const payment = await harness.payment(created.id);
    const notification = harness.notificationBody(payment);
    await harness.notify(payment, { body: notification });
    await harness.notify(payment, { tamper: { sps_hashcode: 'f'.repeat(40) } });
    await harness.checkout(created.id, { client_secret: 'wrong-secret-0123456789', layout: 'web' });
    await harness.api('POST', `/v1/payments/${created.id}/capture`, { amount: 600 });
    await harness.api('GET', '/v1/payments', undefined, { authorization: 'Bearer not-the-key' });
    await harness.until(() => harness.webhooks.ofPayment(created.id).length === 2);

    const lines = harness.logs.map((line) => JSON.parse(line) as Record<string, unknown>);
    const messages = lines.filter((line) => line.paymentId === created.id).map((line) => line.msg);
    expect(messages).toEqual(
      expect.arrayContaining([
        'payment created',
        'checkout served',
        'sbps notification accepted',
        'payment updated',
      ]),
    );
    const text = harness.logs.join('\n');
    const notificationHash = new URLSearchParams(notification).get('sps_hashcode') ?? '';
    for (const secret of [
      TEST_SECRET_KEY,
      created.clientSecret,
      payment.clientSecretHash,
      TEST_HASH_KEY,
      TEST_API_PASSWORD,
      TEST_WEBHOOK_SECRET,
      Buffer.from(`12345001:${TEST_API_PASSWORD}`).toString('base64'),
      hashcode ?? '',
      notificationHash,
      notificationHash.toLowerCase(),
    ]) {
      expect(secret.length).toBeGreaterThan(10);
      expect(text).not.toContain(secret);
    }
  });

  it('never carry a request body: refused bodies, bad keys, bad checkouts, bad notifications', {
    timeout: 30_000,
  }, async () => {
    const created = await harness.createPayment({ captureMode: 'automatic' });
    const payment = await harness.payment(created.id);
    const other = await harness.createPayment();
    const signed = new URLSearchParams(harness.notificationBody(payment));
    const hashcode = signed.get('sps_hashcode') ?? '';
    const secrets = [created.clientSecret, hashcode, TEST_SECRET_KEY, TEST_HASH_KEY, CARD_NUMBER];
    // Every body below carries all of them, as form fields or inside a JSON text.
    const carried = {
      client_secret: created.clientSecret,
      sps_hashcode: hashcode,
      secret_key: TEST_SECRET_KEY,
      hash_key: TEST_HASH_KEY,
      card: CARD_NUMBER,
    };
    const payload = new URLSearchParams(carried).toString();
    const from = harness.logs.length;

    // Every body-parser refusal on every route, and a request aborted half-way on each.
    let refusals = 0;
    for (const route of bodyRoutes(TEST_SECRET_KEY)) {
      const path = route.path(payment.id);
      for (const refused of refusedBodies(route.kind, payload)) {
        const response = await fetch(`${harness.url}${path}`, {
          method: 'POST',
          headers: { ...route.headers, ...refused.headers },
          body: refused.body,
          redirect: 'manual',
        });
        await response.arrayBuffer();
        refusals += 1;
      }
      const contentType =
        route.kind === 'json' ? 'application/json' : 'application/x-www-form-urlencoded';
      await postAborted(
        `${harness.url}${path}`,
        { ...route.headers, 'content-type': contentType },
        payload,
      );
      refusals += 1;
    }
    await harness.until(
      () => lines(from).filter((line) => line.msg === 'request body refused').length === refusals,
    );

    // Auth failures, with the secrets in the body.
    await harness.api('POST', '/v1/payments', carried, { authorization: 'Bearer wrong-key-0000' });
    await harness.api('POST', '/v1/payments', carried, { authorization: '' });
    await harness.api('POST', `/v1/payments/${payment.id}/refunds`, carried, {
      authorization: `Bearer ${TEST_HASH_KEY}`,
    });
    // Merchant API refusals of a readable body.
    await harness.api('POST', '/v1/payments', carried);
    await harness.api('POST', `/v1/payments/${payment.id}/capture`, carried);

    // Bad checkouts: another payment's secret, a bad form, an unknown payment, the state call.
    await harness.checkout(other.id, { ...carried, layout: 'web' });
    await harness.checkout(payment.id, { ...carried, layout: 'mobile' });
    await harness.checkout(`pay_${'0'.repeat(22)}`, { ...carried, layout: 'web' });
    await fetch(`${harness.url}/checkout/${other.id}/state`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: payload,
    });

    // Bad notifications: a wrong hash, then signed ones the bridge refuses, each with the secrets
    // added (a card number in free1, signed) and its own sps_hashcode to keep out of the logs too.
    const { sps_hashcode: _, ...unsigned } = carried;
    const refusedSigned: Array<Record<string, string>> = [
      { order_id: `pay_${'1'.repeat(22)}` },
      { amount: '1' },
      { res_result: 'NG' },
    ];
    const bodies = [
      harness.notificationBody(payment, {
        tamper: { ...unsigned, sps_hashcode: hashcode.slice(1) },
      }),
      ...refusedSigned.map((overrides) =>
        harness.notificationBody(payment, {
          overrides: { ...overrides, free1: CARD_NUMBER },
          tamper: unsigned,
        }),
      ),
      `${payload}&a=%ZZ`,
    ];
    for (const body of bodies) {
      const own = new URLSearchParams(body).get('sps_hashcode');
      if (own && own !== hashcode) secrets.push(own);
    }
    const notifications = bodies.map((body) => harness.notify(payment, { body }));
    const answers = (await Promise.all(notifications)).map((answer) => answer.text);
    expect(answers).toEqual([
      'NG,invalid sps_hashcode',
      'NG,unknown order_id',
      'NG,amount mismatch',
      'NG,not a completed purchase',
      'NG,malformed body',
    ]);
    // A browser return that does not verify.
    await fetch(`${harness.url}/sbps/return/success`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      // Signed for another body: it does not verify.
      body: harness.notificationBody(
        payment,
        { overrides: { free1: CARD_NUMBER }, tamper: { ...unsigned, sps_hashcode: hashcode } },
        'return',
      ),
      redirect: 'manual',
    });

    const written = lines(from);
    expect(written.map((line) => line.msg)).toEqual(
      expect.arrayContaining([
        'request body refused',
        'checkout refused: bad payment link',
        'sbps notification refused: sps_hashcode does not verify',
        'sbps notification refused: unknown order_id',
        'sbps notification refused: amount differs from the payment',
        'sbps return refused: does not verify',
      ]),
    );
    const text = harness.logs.slice(from).join('\n');
    for (const secret of [...secrets, hashcode.toLowerCase()]) {
      expect(secret.length).toBeGreaterThan(10);
      expect(text).not.toContain(secret);
    }
  });

  it('redacts secrets even when a caller logs them by mistake', () => {
    const lines: string[] = [];
    const logger = createLogger({
      destination: { write: (line: string) => void lines.push(line) },
    });
    logger.info(
      {
        paymentId: 'pay_x',
        authorization: 'Bearer sk_live_secret',
        clientSecret: 'pay_x_secret_abc',
        sps_hashcode: 'deadbeef',
        req: { headers: { authorization: 'Basic dXNlcjpwdw==' } },
        config: {
          secretKey: 'k1',
          sbps: { hashKey: 'k2', apiPassword: 'k3' },
          webhook: { secret: 'k4' },
        },
        form: { client_secret: 'cs', hashKey: 'hk' },
      },
      'oops',
    );
    const text = lines.join('');
    for (const secret of [
      'sk_live_secret',
      'pay_x_secret_abc',
      'deadbeef',
      'dXNlcjpwdw',
      'k1',
      'k2',
      'k3',
      'k4',
      '"cs"',
      '"hk"',
    ]) {
      expect(text).not.toContain(secret);
    }
    expect(text).toContain('pay_x');
  });

  it('drops the body a body-parser error carries, and request payloads one or two levels down', () => {
    const lines: string[] = [];
    const logger = createLogger({
      destination: { write: (line: string) => void lines.push(line) },
    });
    const body = `client_secret=cs_in_body&card=${CARD_NUMBER}`;
    // What body-parser's urlencoded parser throws for too many fields: the whole body attached.
    const tooMany = Object.assign(new Error('too many parameters'), {
      type: 'parameters.too.many',
      status: 413,
      body,
    });
    logger.error({ err: tooMany }, 'unexpected error');
    logger.error({ error: tooMany }, 'unexpected error');
    logger.error({ err: new Error('wrapped', { cause: tooMany }) }, 'unexpected error');
    logger.error({ err: new AggregateError([tooMany], 'several') }, 'unexpected error');
    logger.warn({ req: { body: { client_secret: 'cs_in_req_body' }, rawBody: body } }, 'oops');
    logger.warn({ params: { card: CARD_NUMBER }, request: { form: body } }, 'oops');
    logger.warn({ a: { b: { client_secret: 'cs_two_down', sps_hashcode: 'ab12cd34ef' } } }, 'oops');

    const text = lines.join('');
    for (const secret of [
      'cs_in_body',
      CARD_NUMBER,
      'cs_in_req_body',
      'cs_two_down',
      'ab12cd34ef',
    ]) {
      expect(text).not.toContain(secret);
    }
    // What the error was stays.
    expect(text).toContain('too many parameters');
    expect(text).toContain('"status":413');
    expect(text).toContain('wrapped');
  });
});
