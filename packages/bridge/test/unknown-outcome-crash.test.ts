/**
 * Acceptance: a refund whose outcome is unknown because the bridge died while SBPS held its answer
 * is never sent again (au-pay issue #10). The bridge runs as the real `au-pay-bridge` process
 * (sandbox mode) on a real database, in front of a scripted SBPS XML API that counts what reaches
 * it; the test kills the bridge with SIGKILL mid-refund and starts it again on the same database.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatSbpsDate } from '@au-pay/core';
import {
  buildSbpsApiResponse,
  encodeSbpsForm,
  parseSbpsApiRequest,
  SBPS_API_RESPONSE_CONTENT_TYPE,
  signSbpsResult,
} from '@au-pay/core/sbps';
import { createTestDatabase } from '@au-pay/test-postgres';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { SANDBOX_DEFAULTS } from '../src/config.js';
import { resultFields } from '../src/testing/bridge-harness.js';
import { listenOnLoopback, readBody, startBridgeProcess } from '../src/testing/bridge-process.js';
import { verifyWebhook } from '../src/webhooks/signature.js';
import type { WebhookEvent } from '../src/webhooks/webhook-message.js';

const WEBHOOK_SECRET = 'whsec_crash_test_0123456789abcdef';
// spec §10: ST02-00303-402 cancels before settlement and refunds after it.
const CANCEL_REFUND = 'ST02-00303-402';

/** Closed at the end of each test, whatever happened. */
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});
const onCleanup = (cleanup: () => Promise<void> | void) => {
  cleanups.push(cleanup);
};

/**
 * SBPS's XML API as the test scripts it: counts every request by function id; while
 * `holdRefunds` is set it accepts a refund and never answers (SBPS holding its answer), otherwise
 * it answers OK.
 */
async function startScriptedSbps() {
  const requests: string[] = [];
  let holdRefunds = true;
  let refundReceived: () => void = () => {};
  const firstRefund = new Promise<void>((resolve) => {
    refundReceived = resolve;
  });
  const { url } = await listenOnLoopback((req, res) => {
    void readBody(req).then((body) => {
      const request = parseSbpsApiRequest(new Uint8Array(body));
      requests.push(request.id);
      if (request.id === CANCEL_REFUND && holdRefunds) {
        refundReceived();
        return; // accepted, never answered
      }
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
  return {
    url: `${url}/api/xmlapi.do`,
    firstRefund,
    refunds: () => requests.filter((id) => id === CANCEL_REFUND).length,
    answerRefunds: () => {
      holdRefunds = false;
    },
  };
}

/** The merchant's webhook endpoint: keeps every delivery whose signature verifies. */
async function startWebhookReceiver() {
  const events: WebhookEvent[] = [];
  const { url } = await listenOnLoopback((req, res) => {
    void readBody(req).then((body) => {
      try {
        events.push(verifyWebhook(body, req.headers['aupay-signature'], WEBHOOK_SECRET));
        res.writeHead(204).end();
      } catch {
        res.writeHead(400).end();
      }
    });
  }, onCleanup);
  return { url: `${url}/hooks`, events };
}

/** A merchant-API answer, with the parts of a refusal this test reads. */
type ApiBody = Record<string, unknown> & {
  error: Record<string, unknown> & { code: string; openOperation: { id: string } };
};

/** `au-pay-bridge` as a child process, as an operator runs it (`pnpm start`). */
async function startBridge(env: Record<string, string>) {
  const bridge = await startBridgeProcess(env, onCleanup);
  const api = async (
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) => {
    const answer = await bridge.api(method, path, body, headers);
    return answer as { status: number; body: ApiBody };
  };
  return { url: bridge.url, api, kill: bridge.kill };
}

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** 00:00 JST on the 1st of the month after `instant` (partial refunds open then). */
function firstOfNextMonthJst(instant: Date): Date {
  const jst = new Date(instant.getTime() + 9 * 3600_000);
  return new Date(Date.UTC(jst.getUTCFullYear(), jst.getUTCMonth() + 1, 1) - 9 * 3600_000);
}

const databases: [string, () => Promise<string>][] = [
  [
    'SQLite',
    async () => {
      const directory = mkdtempSync(join(tmpdir(), 'au-pay-crash-'));
      cleanups.push(() => rmSync(directory, { recursive: true, force: true }));
      return `sqlite:${join(directory, 'bridge.db')}`;
    },
  ],
  ['PostgreSQL', () => createTestDatabase(inject('postgresUrl'))],
];

describe.each(databases)('a refund in flight when the bridge dies (%s)', (_name, database) => {
  it('is never sent again: refused until resolved, then money moves as usual', async () => {
    const sbps = await startScriptedSbps();
    const webhooks = await startWebhookReceiver();
    const env = {
      DATABASE_URL: await database(),
      SBPS_API_URL: sbps.url,
      WEBHOOK_URL: webhooks.url,
      WEBHOOK_SECRET,
    };

    // A payment, captured the way SBPS does it in automatic capture: a signed A02-1.
    const first = await startBridge(env);
    const created = await first.api('POST', '/v1/payments', {
      amount: 1000,
      currency: 'JPY',
      merchantReference: 'CRASH-1',
      itemName: 'テスト商品',
      returnUrl: `${first.url}/shop/return`,
      captureMode: 'automatic',
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const clock = await first.api('GET', '/sandbox/clock');
    const fields = resultFields(
      { id, orderId: id, custCode: id, amount: 1000, itemName: 'テスト商品' },
      new Date(clock.body.now as string),
      { res_tracking_id: '88880000000001' },
    );
    const notified = await fetch(`${first.url}/sbps/notify`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=Shift_JIS' },
      body: encodeSbpsForm(
        Object.entries({
          ...fields,
          sps_hashcode: signSbpsResult('notification', fields, SANDBOX_DEFAULTS.hashKey),
        }),
      ),
    });
    expect(await notified.text()).toBe('OK,');
    expect((await first.api('GET', `/v1/payments/${id}`)).body.status).toBe('captured');

    // A partial refund; SBPS receives it and holds its answer; the bridge dies.
    const moved = await first.api('POST', '/sandbox/clock', {
      to: firstOfNextMonthJst(new Date(clock.body.now as string)).toISOString(),
    });
    expect(moved.status).toBe(200);
    const key = `refund-${id}`;
    const inFlight = first
      .api('POST', `/v1/payments/${id}/refunds`, { amount: 100 }, { 'idempotency-key': key })
      .catch((error: unknown) => error);
    await sbps.firstRefund;
    await first.kill();
    expect(await inFlight).toBeInstanceOf(Error);

    // Restarted on the same database, past the Idempotency-Key's in-flight TTL (2 minutes).
    const second = await startBridge(env);
    expect((await second.api('POST', '/sandbox/clock', { advanceSeconds: 180 })).status).toBe(200);

    const retry = await second.api(
      'POST',
      `/v1/payments/${id}/refunds`,
      { amount: 100 },
      { 'idempotency-key': key },
    );
    expect(retry.status).toBe(409);
    expect(retry.body.error).toMatchObject({
      code: 'acquirer_outcome_unknown',
      message: expect.stringContaining(`POST /v1/payments/${id}/resolve`),
      message_ja: expect.stringContaining('管理画面'),
      openOperation: { kind: 'refund', amount: 100, partial: true, idempotencyKey: key },
    });
    const newKey = await second.api(
      'POST',
      `/v1/payments/${id}/refunds`,
      { amount: 100 },
      { 'idempotency-key': `${key}-again` },
    );
    expect(newKey.status).toBe(409);
    expect(newKey.body.error.code).toBe('acquirer_outcome_unknown');
    expect(sbps.refunds()).toBe(1);
    const open = await second.api('GET', `/v1/payments/${id}`);
    expect(open.body).toMatchObject({
      status: 'captured',
      refundedAmount: 0,
      flags: ['acquirer_outcome_unknown'],
      openOperation: { id: retry.body.error.openOperation.id, kind: 'refund', amount: 100 },
    });

    // The merchant found the refund in SBPS's admin tool.
    const resolved = await second.api('POST', `/v1/payments/${id}/resolve`, { applied: true });
    expect(resolved.status).toBe(200);
    expect(resolved.body).toMatchObject({
      status: 'partially_refunded',
      refundedAmount: 100,
      openOperation: null,
      flags: [],
    });
    const after = await second.api('GET', `/v1/payments/${id}`);
    const events = (after.body.events as { type: string; data: Record<string, unknown> }[]).map(
      (event) => event.type,
    );
    expect(events).toEqual(
      expect.arrayContaining([
        'refund.requested',
        'refund.outcome_unknown',
        'refund.resolved',
        'payment.refunded',
      ]),
    );
    expect(events.filter((type) => type === 'refund.outcome_unknown')).toHaveLength(1);
    const ofPayment = () =>
      webhooks.events.filter((event) => (event.data.payment as { id: string }).id === id);
    await until(
      () => ofPayment().some((event) => event.type === 'payment.refunded'),
      'the payment.refunded webhook',
    );
    expect(ofPayment().find((event) => event.type === 'payment.refunded')?.data).toMatchObject({
      amount: 100,
      partial: true,
      payment: { refundedAmount: 100 },
    });
    expect(ofPayment().map((event) => event.type)).toContain('payment.operation_unknown');

    // SBPS answers again: the next refund goes through, and reaches SBPS.
    sbps.answerRefunds();
    const next = await second.api(
      'POST',
      `/v1/payments/${id}/refunds`,
      { amount: 100 },
      { 'idempotency-key': `${key}-next` },
    );
    expect(next.status).toBe(200);
    expect(next.body).toMatchObject({ status: 'partially_refunded', refundedAmount: 200 });
    expect(sbps.refunds()).toBe(2);
  }, 180_000);
});
