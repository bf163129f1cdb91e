import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { NewWebhookMessage, PaymentStore } from '../store/payment-store.js';
import { SqlitePaymentStore } from '../store/sqlite-store.js';
import { testPayment } from '../testing/test-payment.js';
import { WebhookDispatcher, type WebhookDispatcherOptions } from './dispatcher.js';
import { verifyWebhook } from './signature.js';
import { buildWebhookMessage } from './webhook-message.js';

const secret = 'whsec_dispatcher_test_secret';
const T0 = new Date('2026-04-01T09:00:00.000Z');
const BASE_DELAY_MS = 1_000;

interface ReceivedRequest {
  method: string | undefined;
  headers: IncomingHttpHeaders;
  body: string;
}

type Answer = number | 'no answer';

/** The merchant's endpoint: a real HTTP server on 127.0.0.1 answering from a script. */
async function startEndpoint(answer: (index: number) => Answer) {
  const received: ReceivedRequest[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({
        method: request.method,
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      const status = answer(received.length - 1);
      if (status === 'no answer') return;
      response.writeHead(status, { location: 'http://127.0.0.1:9/elsewhere' }).end('thanks');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/au-pay`,
    received,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}

describe('WebhookDispatcher', () => {
  let store: PaymentStore;
  let now: Date;
  let logLines: string[];
  let endpoint: Awaited<ReturnType<typeof startEndpoint>> | undefined;

  const clock = () => now;
  const logger = () => pino({ level: 'debug' }, { write: (line: string) => logLines.push(line) });
  const logEntries = () => logLines.map((line) => JSON.parse(line) as Record<string, unknown>);

  function dispatcher(url: string, options: Partial<WebhookDispatcherOptions> = {}) {
    return new WebhookDispatcher({
      store,
      url,
      secret,
      logger: logger(),
      now: clock,
      baseDelayMs: BASE_DELAY_MS,
      maxDelayMs: 60 * BASE_DELAY_MS,
      random: () => 0.5,
      ...options,
    });
  }

  async function serve(answer: (index: number) => Answer) {
    endpoint = await startEndpoint(answer);
    return endpoint;
  }

  /** A captured payment whose `payment.captured` webhook is due now. */
  async function capturedPayment(): Promise<NewWebhookMessage> {
    const payment = await store.insertPayment(testPayment({ createdAt: now, updatedAt: now }), {
      type: 'payment.created',
      data: {},
    });
    const message = buildWebhookMessage(
      'payment.captured',
      { paymentId: payment.id, amount: payment.amount },
      now,
    );
    await store.updatePayment(payment.id, (current) => ({
      payment: { ...current, status: 'captured', capturedAmount: current.amount, updatedAt: now },
      events: [{ type: 'payment.captured', data: {} }],
      webhooks: [message],
    }));
    return message;
  }

  async function outboxEntry(message: NewWebhookMessage) {
    const payload = JSON.parse(message.payload) as { data: { paymentId: string } };
    const [entry] = await store.listWebhooks(payload.data.paymentId);
    if (!entry) throw new Error('the message is not in the outbox');
    return entry;
  }

  beforeEach(async () => {
    store = new SqlitePaymentStore(':memory:');
    await store.migrate();
    now = T0;
    logLines = [];
  });

  afterEach(async () => {
    await endpoint?.close();
    endpoint = undefined;
    await store.close();
  });

  it('POSTs the exact payload, signed, with its event id, and marks it delivered', async () => {
    const { url, received } = await serve(() => 204);
    const message = await capturedPayment();

    expect(await dispatcher(url).deliverDue()).toBe(1);

    expect(received).toHaveLength(1);
    const [request] = received;
    expect(request?.method).toBe('POST');
    expect(request?.body).toBe(message.payload);
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.headers['aupay-event-id']).toBe(message.id);
    expect(request?.headers['user-agent']).toMatch(/^au-pay-bridge/);
    const event = verifyWebhook(request?.body ?? '', request?.headers['aupay-signature'], secret, {
      now,
    });
    expect(event.id).toBe(message.id);
    expect(await outboxEntry(message)).toMatchObject({ attempts: 1, deliveredAt: T0 });
  });

  it('sends a delivered message only once', async () => {
    const { url, received } = await serve(() => 200);
    await capturedPayment();
    const sender = dispatcher(url);

    await sender.deliverDue();
    now = new Date(T0.getTime() + 24 * 3_600_000);
    expect(await sender.deliverDue()).toBe(0);

    expect(received).toHaveLength(1);
  });

  it('retries a failed delivery after a delay that grows with each failure', async () => {
    const statuses = [500, 503, 500, 200];
    const { url, received } = await serve((index) => statuses[index] ?? 200);
    const message = await capturedPayment();
    const sender = dispatcher(url);

    const delays: number[] = [];
    for (;;) {
      const delivered = await sender.deliverDue();
      if (delivered === 1) break;
      const entry = await outboxEntry(message);
      delays.push(entry.nextAttemptAt.getTime() - now.getTime());
      // Nothing is sent before the next attempt is due.
      now = new Date(entry.nextAttemptAt.getTime() - 1);
      expect(await sender.deliverDue()).toBe(0);
      now = entry.nextAttemptAt;
    }

    // Full jitter pinned at one half: half of 1 s, 2 s, 4 s.
    expect(delays).toEqual([500, 1_000, 2_000]);
    expect(received.map((request) => request.body)).toEqual(Array(4).fill(message.payload));
    expect(await outboxEntry(message)).toMatchObject({ attempts: 4, lastError: 'HTTP 500' });
    expect((await outboxEntry(message)).deliveredAt).toEqual(now);
  });

  it('never waits longer than the maximum delay', async () => {
    const { url } = await serve(() => 500);
    const message = await capturedPayment();
    const sender = dispatcher(url, { maxDelayMs: 3 * BASE_DELAY_MS, random: () => 0.999_999 });

    const delays: number[] = [];
    for (let attempt = 0; attempt < 5; attempt++) {
      await sender.deliverDue();
      const entry = await outboxEntry(message);
      delays.push(entry.nextAttemptAt.getTime() - now.getTime());
      now = entry.nextAttemptAt;
    }

    expect(delays).toEqual([999, 1_999, 2_999, 2_999, 2_999]);
  });

  it('abandons a message after maxAttempts, logging its event id but never the secret', async () => {
    const { url, received } = await serve(() => 500);
    const message = await capturedPayment();
    const sender = dispatcher(url, { maxAttempts: 3 });

    for (let attempt = 0; attempt < 3; attempt++) {
      await sender.deliverDue();
      now = (await outboxEntry(message)).nextAttemptAt;
    }
    now = new Date(now.getTime() + 30 * 24 * 3_600_000);
    await sender.deliverDue();

    expect(received).toHaveLength(3);
    const entry = await outboxEntry(message);
    expect(entry).toMatchObject({ attempts: 3, deliveredAt: null, lastError: 'HTTP 500' });
    expect(entry.abandonedAt).not.toBeNull();
    const abandoned = logEntries().filter((line) => line.level === 50);
    expect(abandoned).toMatchObject([
      { eventId: message.id, attempt: 3, status: 500, msg: 'webhook abandoned after 3 attempts' },
    ]);
    const signatures = received.map((request) => String(request.headers['aupay-signature']));
    for (const line of logLines) {
      expect(line).not.toContain(secret);
      for (const signature of signatures) expect(line).not.toContain(signature);
    }
  });

  it('counts an unreachable endpoint as a failed attempt', async () => {
    const { url, close } = await serve(() => 200);
    await close();
    const message = await capturedPayment();

    expect(await dispatcher(url).deliverDue()).toBe(0);

    const entry = await outboxEntry(message);
    expect(entry).toMatchObject({ attempts: 1, deliveredAt: null });
    expect(entry.lastError).toMatch(/ECONNREFUSED/);
  });

  it('counts an endpoint that does not answer in time as a failed attempt', async () => {
    const { url } = await serve(() => 'no answer');
    const message = await capturedPayment();

    expect(await dispatcher(url, { requestTimeoutMs: 100 }).deliverDue()).toBe(0);

    expect((await outboxEntry(message)).lastError).toBe('no answer within 100 ms');
  });

  it('does not follow a redirect, and says why the attempt failed', async () => {
    const { url, received } = await serve(() => 301);
    const message = await capturedPayment();

    expect(await dispatcher(url).deliverDue()).toBe(0);

    expect(received).toHaveLength(1);
    expect((await outboxEntry(message)).lastError).toMatch(/^HTTP 301: redirects are not followed/);
  });

  it('never lets two dispatchers on one store send the same message', async () => {
    const { url, received } = await serve(() => 200);
    const messages = [];
    for (let i = 0; i < 5; i++) messages.push(await capturedPayment());

    const delivered = await Promise.all([
      dispatcher(url).deliverDue(),
      dispatcher(url).deliverDue(),
    ]);

    expect(delivered[0] + delivered[1]).toBe(5);
    const sentIds = received.map((request) => request.headers['aupay-event-id']);
    expect(sentIds.toSorted()).toEqual(messages.map((message) => message.id).toSorted());
  });

  it('delivers on its own once started, and stop() waits for the pass in progress', async () => {
    const { url, received } = await serve(() => 200);
    const message = await capturedPayment();
    const sender = dispatcher(url, { pollIntervalMs: 10 });

    sender.start();
    await vi.waitFor(() => expect(received).toHaveLength(1));
    await sender.stop();

    expect((await outboxEntry(message)).deliveredAt).toEqual(T0);
  });
});
