import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from './logger.js';
import {
  BridgeHarness,
  TEST_API_PASSWORD,
  TEST_HASH_KEY,
  TEST_SECRET_KEY,
  TEST_WEBHOOK_SECRET,
} from './testing/bridge-harness.js';

let harness: BridgeHarness;
beforeAll(async () => {
  harness = await BridgeHarness.start();
});
afterAll(async () => {
  await harness.close();
});

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
});
