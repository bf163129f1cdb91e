import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BridgeHarness } from '../testing/bridge-harness.js';

let harness: BridgeHarness;
beforeAll(async () => {
  harness = await BridgeHarness.start();
});
afterAll(async () => {
  await harness.close();
});

const MINUTE_MS = 60_000;

/** Asks like the widget: a form post (a CORS simple request) from another origin. */
async function state(id: string, fields: Record<string, string>) {
  const response = await fetch(`${harness.url}/checkout/${id}/state`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      origin: 'https://shop.example',
    },
    body: new URLSearchParams(fields).toString(),
  });
  const body = (await response.json()) as {
    status?: string;
    payable?: boolean;
    error?: { code: string; message: string };
  };
  return { status: response.status, headers: response.headers, body };
}

describe('POST /checkout/:id/state', () => {
  it('answers a pending payment as payable, readable from any origin and never cached', async () => {
    const created = await harness.createPayment();
    const answer = await state(created.id, { client_secret: created.clientSecret });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ status: 'pending', payable: true });
    expect(answer.headers.get('access-control-allow-origin')).toBe('*');
    expect(answer.headers.get('cache-control')).toBe('no-store');
    expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
  });

  it('answers the same 404 for a wrong or missing secret and for an unknown or malformed id', async () => {
    const created = await harness.createPayment();
    const unknownId = `pay_${'0'.repeat(22)}`;
    const answers = await Promise.all([
      state(created.id, { client_secret: `${created.clientSecret.slice(0, -1)}x` }),
      state(created.id, { client_secret: 'short' }),
      state(created.id, {}),
      state(unknownId, { client_secret: created.clientSecret }),
      state('not-a-payment', { client_secret: created.clientSecret }),
    ]);
    for (const answer of answers) {
      expect(answer.status).toBe(404);
      expect(answer.body).toEqual(answers[0]?.body);
      expect(answer.headers.get('access-control-allow-origin')).toBe('*');
    }
    expect(answers[0]?.body.error).toMatchObject({
      code: 'payment_not_found',
      message: expect.any(String),
    });
    // Asking changes nothing.
    expect(await harness.payment(created.id)).toMatchObject({ status: 'pending' });
  });

  it('expires a pending payment past its limit on read, so the answer says expired', async () => {
    const created = await harness.createPayment();
    harness.clock.advance(31 * MINUTE_MS);
    const answer = await state(created.id, { client_secret: created.clientSecret });
    expect(answer.body).toEqual({ status: 'expired', payable: false });
    const events = await harness.store.listEvents(created.id);
    expect(events.map((event) => event.type)).toContain('payment.expired');
    await harness.until(() =>
      harness.webhooks.ofPayment(created.id).some((event) => event.type === 'payment.expired'),
    );
  });

  it('is not payable once the checkout window closed, while a served checkout keeps it pending', async () => {
    const created = await harness.createPayment();
    harness.clock.advance(29 * MINUTE_MS);
    const checkout = await harness.checkout(created.id, {
      client_secret: created.clientSecret,
      layout: 'web',
    });
    expect(checkout.status).toBe(200);
    harness.clock.advance(2 * MINUTE_MS);
    const answer = await state(created.id, { client_secret: created.clientSecret });
    expect(answer.body).toEqual({ status: 'pending', payable: false });
    // The same rule as the checkout route itself.
    const again = await harness.checkout(created.id, {
      client_secret: created.clientSecret,
      layout: 'web',
    });
    expect(again.status).toBe(410);
  });

  it('answers a paid payment as not payable', async () => {
    const created = await harness.createPayment({ captureMode: 'manual' });
    await harness.checkout(created.id, { client_secret: created.clientSecret, layout: 'web' });
    const notified = await harness.notify(await harness.payment(created.id));
    expect(notified.text).toBe('OK,');
    const answer = await state(created.id, { client_secret: created.clientSecret });
    expect(answer.body).toEqual({ status: 'authorized', payable: false });
  });

  it('answers an oversized body with a JSON error the widget can read', async () => {
    const created = await harness.createPayment();
    const answer = await state(created.id, {
      client_secret: created.clientSecret,
      padding: 'x'.repeat(4096),
    });
    expect(answer.status).toBe(413);
    expect(answer.body.error?.code).toBe('payload_too_large');
    expect(answer.headers.get('access-control-allow-origin')).toBe('*');
  });
});
