/**
 * Acceptance: several bridge instances on one PostgreSQL keep money exactly-once (au-pay issue #15
 * item 1). Two real `au-pay-bridge` processes share one database, a scripted SBPS XML API that
 * counts what reaches it, and the merchant's webhook endpoint. Spread over both: the first A02-1
 * of every payment plus two duplicates each (one instance SIGKILLed mid-burst and restarted, as
 * SBPS retries what got no `OK,`), then a capture or a refund of many payments sent to both
 * instances at once, then both sweeps at once; webhook delivery runs on both throughout.
 *
 * `MULTI_INSTANCE_SCALE` (default 1) multiplies the counts, which default to the issue's: 200
 * notified payments and 100 money operations.
 */
import { request as httpRequest } from 'node:http';
import { formatSbpsDate } from '@au-pay/core';
import {
  buildSbpsApiResponse,
  encodeSbpsForm,
  parseSbpsApiRequest,
  SBPS_API_RESPONSE_CONTENT_TYPE,
  signSbpsResult,
} from '@au-pay/core/sbps';
import { createTestDatabase } from '@au-pay/test-postgres';
import { Pool } from 'pg';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { SANDBOX_DEFAULTS } from '../src/config.js';
import { resultFields } from '../src/testing/bridge-harness.js';
import {
  type BridgeProcess,
  listenOnLoopback,
  readBody,
  startBridgeProcess,
} from '../src/testing/bridge-process.js';
import { WEBHOOK_EVENT_ID_HEADER } from '../src/webhooks/dispatcher.js';
import { verifyWebhook } from '../src/webhooks/signature.js';

const WEBHOOK_SECRET = 'whsec_multi_instance_0123456789ab';
// spec §8: ST02-00201-402 settles (sales); ST02-00303-402 cancels before settlement and refunds.
const SALES = 'ST02-00201-402';
const CANCEL_REFUND = 'ST02-00303-402';
const SCALE = Number(process.env.MULTI_INSTANCE_SCALE ?? '1');
const NOTIFIED = Math.max(4, Math.round(200 * SCALE));
// Half of the money operations are captures of specified-sales payments, half full refunds.
const OPERATIONS = Math.max(2, Math.round(100 * SCALE));
const CAPTURES = Math.floor(OPERATIONS / 2);
const REFUNDS = OPERATIONS - CAPTURES;
// Never notified: the sweeps of both instances expire them.
const ABANDONED = Math.max(2, Math.round(20 * SCALE));
// Requests in flight at once: a busy shop's worth on a 2-core machine.
const CONCURRENCY = 16;
const SHOP = 'https://shop.example';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});
const onCleanup = (cleanup: () => Promise<void> | void) => {
  cleanups.push(cleanup);
};

/** SBPS's XML API: answers every request OK and counts them by function id and tracking id. */
async function startScriptedSbps() {
  const requests: { id: string; trackingId: string }[] = [];
  const { url } = await listenOnLoopback((req, res) => {
    void readBody(req).then((body) => {
      const request = parseSbpsApiRequest(new Uint8Array(body));
      const trackingId = request.fields.find(([name]) => name === 'tracking_id')?.[1] ?? '';
      requests.push({ id: request.id, trackingId });
      const date = formatSbpsDate(new Date());
      res.writeHead(200, { 'content-type': SBPS_API_RESPONSE_CONTENT_TYPE });
      res.end(
        Buffer.from(
          buildSbpsApiResponse({
            id: request.id,
            result: 'OK',
            spsTransactionId: `B12345001ST0200303402${String(requests.length).padStart(11, '0')}`,
            processDate: date,
            date,
          }),
        ),
      );
    });
  }, onCleanup);
  return { url: `${url}/api/xmlapi.do`, requests };
}

/** The merchant's endpoint: keeps every delivery whose signature verifies, with its id header. */
async function startWebhookReceiver() {
  const deliveries: { headerId: string; id: string; type: string; paymentId: string }[] = [];
  const { url } = await listenOnLoopback((req, res) => {
    void readBody(req).then((body) => {
      try {
        const event = verifyWebhook(body, req.headers['aupay-signature'], WEBHOOK_SECRET);
        deliveries.push({
          headerId: String(req.headers[WEBHOOK_EVENT_ID_HEADER.toLowerCase()]),
          id: event.id,
          type: event.type,
          paymentId: (event.data.payment as { id: string }).id,
        });
        res.writeHead(204).end();
      } catch {
        res.writeHead(400).end();
      }
    });
  }, onCleanup);
  return { url: `${url}/hooks`, deliveries };
}

/** Runs `work` over `items` with at most `limit` in flight. */
async function inParallel<T>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<void>,
) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next;
      next += 1;
      await work(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: limit }, worker));
}

/**
 * Starts an A02-1 post to `url` and sends only half of its body: the instance cannot answer it
 * until the rest comes. Resolves once that half is written, with how the request ends (wrapped:
 * a promise resolved with a promise would wait for it).
 */
function postHalfANotification(
  url: string,
  body: string,
): Promise<{ ended: Promise<'answered' | 'died'> }> {
  return new Promise((written) => {
    const request = httpRequest(`${url}/sbps/notify`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded; charset=Shift_JIS',
        'content-length': Buffer.byteLength(body),
      },
    });
    const ended = new Promise<'answered' | 'died'>((resolve) => {
      request.on('response', (response) => {
        response.resume();
        resolve('answered');
      });
      request.on('error', () => resolve('died'));
    });
    request.write(body.slice(0, Math.floor(body.length / 2)), () => written({ ended }));
  });
}

async function until(condition: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

interface ShopPayment {
  id: string;
  amount: number;
  captureMode: 'automatic' | 'manual';
}

describe('two bridge instances on one PostgreSQL', () => {
  it('apply each notification once, move money once, deliver every webhook, lose nothing when one dies', async () => {
    const databaseUrl = await createTestDatabase(inject('postgresUrl'));
    const database = new Pool({ connectionString: databaseUrl });
    onCleanup(() => database.end());
    const sbps = await startScriptedSbps();
    const webhooks = await startWebhookReceiver();
    const env = {
      DATABASE_URL: databaseUrl,
      SBPS_API_URL: sbps.url,
      WEBHOOK_URL: webhooks.url,
      WEBHOOK_SECRET,
      // The shop, wherever the balancer sends its buyers back from.
      RETURN_URL_ORIGINS: SHOP,
    };
    // Both start at once: the migrations run once, under the advisory lock.
    const instances: BridgeProcess[] = await Promise.all([
      startBridgeProcess(env, onCleanup),
      startBridgeProcess(env, onCleanup),
    ]);
    const { rows: migrated } = await database.query('SELECT version FROM schema_migrations');
    expect(migrated.length).toBeGreaterThan(0);
    // The load balancer: round robin, no sticky sessions. While an instance is down, the other.
    const alive = [true, true];
    let turn = 0;
    const pick = (): BridgeProcess => {
      for (;;) {
        turn += 1;
        const index = turn % 2;
        if (alive[index]) return instances[index] as BridgeProcess;
      }
    };

    // The shop's payments: automatic ones (some refunded later), specified-sales ones (some
    // captured later), and some the buyer abandons.
    const plan = Array.from({ length: NOTIFIED + ABANDONED }, (_, index) => ({
      index,
      captureMode: (index < CAPTURES ? 'manual' : 'automatic') as ShopPayment['captureMode'],
    }));
    const payments: ShopPayment[] = [];
    await inParallel(plan, CONCURRENCY, async ({ index, captureMode }) => {
      const amount = 1000 + index;
      const created = await pick().api('POST', '/v1/payments', {
        amount,
        currency: 'JPY',
        merchantReference: `MULTI-${index}`,
        itemName: 'テスト商品',
        returnUrl: `${SHOP}/return`,
        captureMode,
      });
      expect(created, JSON.stringify(created.body)).toMatchObject({ status: 201 });
      payments[index] = { id: created.body.id as string, amount, captureMode };
    });
    const notified = payments.slice(0, NOTIFIED);
    const abandoned = payments.slice(NOTIFIED);

    // Every first A02-1 and two duplicates of it, shuffled. SBPS sends a notification again until
    // it reads `OK,`: here at once, to whichever instance the balancer picks.
    const clock = await pick().api('GET', '/sandbox/clock');
    const notifiedAt = new Date(clock.body.now as string);
    const bodies = notified.map((payment, index) => {
      const fields = resultFields(
        {
          id: payment.id,
          orderId: payment.id,
          custCode: payment.id,
          amount: payment.amount,
          itemName: 'テスト商品',
        },
        notifiedAt,
        { res_tracking_id: `8888${String(index).padStart(10, '0')}` },
      );
      return encodeSbpsForm(
        Object.entries({
          ...fields,
          sps_hashcode: signSbpsResult('notification', fields, SANDBOX_DEFAULTS.hashKey),
        }),
      );
    });
    const burst = bodies.flatMap((body) => [body, body, body]);
    for (let index = burst.length - 1; index > 0; index -= 1) {
      const other = Math.floor(Math.random() * (index + 1));
      [burst[index], burst[other]] = [burst[other] as string, burst[index] as string];
    }
    let sent = 0;
    let unanswered = 0;
    let restarted: Promise<void> | undefined;
    let inFlightAtTheCrash: 'answered' | 'died' | undefined;
    await inParallel(burst, CONCURRENCY, async (body) => {
      sent += 1;
      if (sent === Math.floor(burst.length / 3)) {
        // The crash: instance 1 dies with this notification certainly in flight (half its body
        // sent), beside whatever else the burst has there, and comes back on the same database.
        const dead = instances[1] as BridgeProcess;
        const { ended } = await postHalfANotification(dead.url, body);
        alive[1] = false;
        restarted = dead.kill().then(async () => {
          instances[1] = await startBridgeProcess(env, onCleanup);
          alive[1] = true;
        });
        inFlightAtTheCrash = await ended;
        if (inFlightAtTheCrash === 'died') unanswered += 1;
      }
      for (;;) {
        const answer = await fetch(`${pick().url}/sbps/notify`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded; charset=Shift_JIS' },
          body,
        })
          .then((response) => response.text())
          .catch(() => null);
        if (answer === 'OK,') return;
        unanswered += 1;
      }
    });
    await restarted;
    expect(alive).toEqual([true, true]);

    // Exactly one transition per notified payment, whichever instance applied it.
    const { rows: transitions } = await database.query<{ payment_id: string; count: number }>(
      `SELECT payment_id, count(*)::int AS count FROM payment_events
       WHERE type IN ('payment.captured', 'payment.authorized') GROUP BY payment_id`,
    );
    expect(transitions).toHaveLength(NOTIFIED);
    expect(transitions.every((row) => row.count === 1)).toBe(true);
    expect(new Set(transitions.map((row) => row.payment_id))).toEqual(
      new Set(notified.map((payment) => payment.id)),
    );

    // The merchant presses capture or refund, and the request reaches both instances at once
    // (a double click behind the balancer, each with its own key).
    const toCapture = notified.filter((payment) => payment.captureMode === 'manual');
    const toRefund = notified.filter((payment) => payment.captureMode === 'automatic');
    const operations = [
      ...toCapture.map((payment) => ({ payment, path: 'capture' })),
      ...toRefund.slice(0, REFUNDS).map((payment) => ({ payment, path: 'refunds' })),
    ];
    expect(operations).toHaveLength(OPERATIONS);
    const answers: number[] = [];
    await inParallel(operations, CONCURRENCY / 2, async ({ payment, path }) => {
      const both = await Promise.all(
        instances.map((instance, index) =>
          instance.api(
            'POST',
            `/v1/payments/${payment.id}/${path}`,
            {},
            { 'idempotency-key': `${path}-${payment.id}-${index}` },
          ),
        ),
      );
      answers.push(...both.map((answer) => answer.status));
      // One of them does it; the other finds it done (200, unchanged) or in progress (409).
      expect(both.some((answer) => answer.status === 200)).toBe(true);
      expect(both.every((answer) => answer.status === 200 || answer.status === 409)).toBe(true);
    });
    expect(answers).toHaveLength(OPERATIONS * 2);

    // Money never counted twice: what reached SBPS is exactly what the bridge recorded.
    const sales = sbps.requests.filter((request) => request.id === SALES);
    const refunds = sbps.requests.filter((request) => request.id === CANCEL_REFUND);
    expect(sales).toHaveLength(CAPTURES);
    expect(refunds).toHaveLength(REFUNDS);
    expect(new Set(sales.map((request) => request.trackingId)).size).toBe(CAPTURES);
    expect(new Set(refunds.map((request) => request.trackingId)).size).toBe(REFUNDS);
    const { rows: money } = await database.query<{
      captured: number;
      refunded: number;
      refund_count: number;
    }>(
      `SELECT count(*) FILTER (WHERE status = 'captured' AND capture_mode = 'manual')::int AS captured,
         count(*) FILTER (WHERE status = 'refunded')::int AS refunded,
         coalesce(sum(refund_count), 0)::int AS refund_count
       FROM payments`,
    );
    expect(money[0]).toEqual({ captured: CAPTURES, refunded: REFUNDS, refund_count: REFUNDS });

    // Both sweeps at once, past the 30-minute checkout window (the clock move runs the sweep):
    // each abandoned payment expires exactly once.
    const later = new Date(Date.now() + 40 * 60_000).toISOString();
    const moves = await Promise.all(
      instances.map((instance) => instance.api('POST', '/sandbox/clock', { to: later })),
    );
    expect(moves.map((move) => move.status)).toEqual([200, 200]);
    const { rows: expiries } = await database.query<{ payment_id: string; count: number }>(
      `SELECT payment_id, count(*)::int AS count FROM payment_events
       WHERE type = 'payment.expired' GROUP BY payment_id`,
    );
    expect(new Set(expiries.map((row) => row.payment_id))).toEqual(
      new Set(abandoned.map((payment) => payment.id)),
    );
    expect(expiries.every((row) => row.count === 1)).toBe(true);

    // Every event's webhook reaches the merchant, even those the dead instance had leased (the
    // clock moved past their lease), each with its own id; a repeat keeps it.
    const { rows: outbox } = await database.query<{ id: string; type: string; payment_id: string }>(
      'SELECT id, type, payment_id FROM webhook_outbox ORDER BY seq',
    );
    expect(outbox).toHaveLength(NOTIFIED + OPERATIONS + ABANDONED);
    const outboxIds = new Set(outbox.map((message) => message.id));
    await until(async () => {
      const received = new Set(webhooks.deliveries.map((delivery) => delivery.id));
      return [...outboxIds].every((id) => received.has(id));
    }, 'every webhook');
    expect(webhooks.deliveries.every((delivery) => delivery.headerId === delivery.id)).toBe(true);
    expect(webhooks.deliveries.every((delivery) => outboxIds.has(delivery.id))).toBe(true);
    const byId = new Map(outbox.map((message) => [message.id, message]));
    for (const delivery of webhooks.deliveries) {
      expect(delivery).toMatchObject({
        type: byId.get(delivery.id)?.type,
        paymentId: byId.get(delivery.id)?.payment_id,
      });
    }
    const types = outbox.map((message) => message.type);
    expect(types.filter((type) => type === 'payment.refunded')).toHaveLength(REFUNDS);
    expect(types.filter((type) => type === 'payment.expired')).toHaveLength(ABANDONED);
    await until(async () => {
      const { rows } = await database.query<{ count: number }>(
        'SELECT count(*)::int AS count FROM webhook_outbox WHERE delivered_at IS NULL',
      );
      return rows[0]?.count === 0;
    }, 'every webhook marked delivered');

    // Nothing lost: every notified payment ends where its notification and operation put it.
    const { rows: statuses } = await database.query<{ status: string; count: number }>(
      'SELECT status, count(*)::int AS count FROM payments GROUP BY status ORDER BY status',
    );
    expect(Object.fromEntries(statuses.map((row) => [row.status, row.count]))).toEqual({
      captured: NOTIFIED - REFUNDS,
      expired: ABANDONED,
      refunded: REFUNDS,
    });
    // The crash happened mid-burst: what was in flight to the dead instance got no answer, and
    // was sent again (to the instance left, as SBPS retries) and applied once like the rest.
    expect(inFlightAtTheCrash).toBe('died');
    expect(unanswered).toBeGreaterThan(0);
  }, 240_000);
});
