import { decodeShiftJis } from '@au-pay/core/sbps';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BridgeHarness, TEST_SECRET_KEY } from '../testing/bridge-harness.js';
import { bodyRoutes, postAborted, refusedBodies } from '../testing/refused-bodies.js';
import { bodyRefusal } from './body-refusal.js';

let harness: BridgeHarness;
let paymentId: string;
beforeAll(async () => {
  harness = await BridgeHarness.start();
  paymentId = (await harness.createPayment()).id;
});
afterAll(async () => {
  await harness.close();
});

const ROUTES = bodyRoutes(TEST_SECRET_KEY);
const CASES = ROUTES.flatMap((route) =>
  refusedBodies(route.kind, 'note').map((refused) => ({ name: route.name, route, refused })),
);

function logLines(from: number): Array<Record<string, unknown>> {
  return harness.logs.slice(from).map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('an unreadable body is a 4xx in the route’s own format, logged at warn', () => {
  it.each(CASES)('$name: $refused.name', async ({ route, refused }) => {
    const before = await harness.payment(paymentId);
    const from = harness.logs.length;
    const response = await fetch(`${harness.url}${route.path(paymentId)}`, {
      method: 'POST',
      headers: { ...route.headers, ...refused.headers },
      body: refused.body,
      redirect: 'manual',
    });
    const bytes = new Uint8Array(await response.arrayBuffer());
    const contentType = response.headers.get('content-type') ?? '';

    switch (route.format) {
      case 'json': {
        expect(response.status).toBe(refused.status);
        expect(contentType).toMatch(/^application\/json/);
        const body = JSON.parse(Buffer.from(bytes).toString('utf8'));
        expect(body).toEqual({
          error: {
            code: refused.code,
            message: expect.any(String),
            message_ja: expect.any(String),
          },
        });
        break;
      }
      case 'html': {
        expect(response.status).toBe(refused.status);
        expect(contentType).toBe('text/html; charset=utf-8');
        const html = Buffer.from(bytes).toString('utf8');
        expect(html).toMatch(/^<!doctype html>/);
        expect(html).toContain('lang="en"');
        break;
      }
      case 'sbps':
        // SBPS reads only an HTTP 200 with `OK,` or `NG,<reason>` in Shift_JIS (spec §5).
        expect(response.status).toBe(200);
        expect(contentType).toBe('text/plain; charset=Shift_JIS');
        expect(decodeShiftJis(bytes)).toBe(`NG,${refused.code}`);
        break;
    }

    const warned = logLines(from).filter((line) => line.msg === 'request body refused');
    expect(warned).toEqual([
      expect.objectContaining({
        level: 40,
        method: 'POST',
        path: route.path(paymentId),
        code: refused.code,
        status: refused.status,
      }),
    ]);
    expect(logLines(from).filter((line) => (line.level as number) >= 50)).toEqual([]);
    expect(await harness.payment(paymentId)).toEqual(before);
  });

  it('names the refusal in the page a buyer sees, in Japanese and English', async () => {
    const [tooMany] = refusedBodies('form', 'note').filter(
      (refused) => refused.code === 'too_many_parameters',
    );
    if (!tooMany) throw new Error('no too-many-fields body');
    const checkout = await fetch(`${harness.url}/checkout/${paymentId}`, {
      method: 'POST',
      headers: tooMany.headers,
      body: tooMany.body,
    });
    const html = await checkout.text();
    expect(checkout.status).toBe(413);
    expect(html).toContain('The payment could not be started');
    expect(html).toContain('The form has more fields than allowed.');
    expect(html).toContain('お支払いを開始できませんでした');
    expect(html).toContain('フォームの項目が多すぎます。');

    const [tooLarge] = refusedBodies('raw', 'note');
    if (!tooLarge) throw new Error('no oversized body');
    const back = await fetch(`${harness.url}/sbps/return/success`, {
      method: 'POST',
      headers: tooLarge.headers,
      body: tooLarge.body,
      redirect: 'manual',
    });
    expect(back.status).toBe(413);
    expect(back.headers.get('location')).toBeNull();
    expect(await back.text()).toContain('We could not take you back to the shop');
  });

  it('keeps the widget able to read the state refusal from another origin', async () => {
    const [tooLarge] = refusedBodies('form', 'note');
    if (!tooLarge) throw new Error('no oversized body');
    const answer = await fetch(`${harness.url}/checkout/${paymentId}/state`, {
      method: 'POST',
      headers: { ...tooLarge.headers, origin: 'https://shop.example' },
      body: tooLarge.body,
    });
    expect(answer.status).toBe(413);
    expect(answer.headers.get('access-control-allow-origin')).toBe('*');
  });

  it.each(ROUTES)('$name: a request aborted half-way', async (route) => {
    const from = harness.logs.length;
    await postAborted(
      `${harness.url}${route.path(paymentId)}`,
      {
        ...route.headers,
        'content-type':
          route.kind === 'json' ? 'application/json' : 'application/x-www-form-urlencoded',
      },
      'note=half',
    );
    await harness.until(() => logLines(from).some((line) => line.msg === 'request body refused'));
    expect(logLines(from).filter((line) => line.msg === 'request body refused')).toEqual([
      expect.objectContaining({
        level: 40,
        method: 'POST',
        path: route.path(paymentId),
        code: 'request_aborted',
        status: 400,
      }),
    ]);
  });
});

describe('bodyRefusal', () => {
  it('maps a body-parser failure of a type it does not know to a 400 invalid_body', () => {
    expect(bodyRefusal({ type: 'stream.not.readable', status: 500 })).toMatchObject({
      status: 400,
      code: 'invalid_body',
    });
  });

  it('leaves every other error to the error handlers', () => {
    expect(bodyRefusal(new Error('database is locked'))).toBeNull();
    expect(bodyRefusal(Object.assign(new Error('x'), { status: 400 }))).toBeNull();
    // A system error (errno and code) that is not a client's: not a body refusal.
    expect(bodyRefusal(Object.assign(new Error('x'), { errno: -5, code: 'EIO' }))).toBeNull();
    expect(bodyRefusal('text')).toBeNull();
    expect(bodyRefusal(null)).toBeNull();
  });
});
