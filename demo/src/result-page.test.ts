import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PaymentView } from '@au-pay/bridge';
import type { PaymentStatus } from '@au-pay/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BridgeApi } from './bridge-api.js';
import { createShopApp } from './shop.js';
import type { ShopContext } from './shop-context.js';
import { WebhookInbox } from './webhook-inbox.js';

/**
 * The result page for every status the bridge can hold, with a bridge stub: the stored status
 * decides what the buyer reads, whatever the query string claims.
 */
const stored = new Map<string, PaymentView>();
let server: Server;
let base: string;

const payment = (id: string, status: PaymentStatus): PaymentView => ({
  id,
  object: 'payment',
  status,
  amount: 1980,
  currency: 'JPY',
  capturedAmount: status === 'captured' ? 1980 : 0,
  refundedAmount: 0,
  cancelledAmount: 0,
  captureMode: 'automatic',
  acquirer: 'sbps',
  merchantReference: 'DEMO-20250401-ABCDEF12',
  itemName: '緑茶 500ml',
  returnUrl: 'http://127.0.0.1/result',
  customerId: null,
  acquirerReference: null,
  layout: null,
  flags: [],
  openOperation: null,
  createdAt: '2025-04-01T00:00:00.000Z',
  expiresAt: '2025-04-01T00:30:00.000Z',
  authorizedAt: null,
  capturedAt: null,
  settleBy: null,
  updatedAt: '2025-04-01T00:00:00.000Z',
  events: [],
});

beforeAll(async () => {
  const api = {
    getPayment: async (id: string) => stored.get(id) ?? null,
  } as unknown as BridgeApi;
  const silent = { info() {}, warn() {}, error() {} };
  const shop: ShopContext = {
    origin: 'http://127.0.0.1',
    api,
    inbox: new WebhookInbox(null),
    webhookSecret: null,
    widgetAvailable: async () => false,
    acquirers: ['sbps'],
    defaultAcquirer: 'sbps',
    testAuIds: () => [],
    logger: silent,
    now: () => new Date(),
  };
  const app = createShopApp(shop, (_req, _res, next) => next());
  server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function resultPage(query: string): Promise<string> {
  const response = await fetch(`${base}/result?${query}`);
  expect(response.status).toBe(200);
  return response.text();
}

describe('result page', () => {
  it.each<[PaymentStatus, string, string]>([
    ['captured', 'failed', 'お支払いが完了しました'],
    ['authorized', 'failed', 'ご注文を承りました'],
    ['failed', 'captured', 'お支払いができませんでした'],
    ['expired', 'captured', 'お支払いの有効期限が切れました'],
    ['cancelled', 'captured', 'お支払いは取り消されました'],
    ['refunded', 'captured', '返金済みのご注文です'],
    ['pending', 'captured', 'お支払いを確認しています'],
  ])('shows the stored status %s even when the query says %s', async (status, claimed, heading) => {
    const id = `pay_${status.padEnd(22, 'x')}`;
    stored.set(id, payment(id, status));
    const text = await resultPage(`payment=${id}&status=${claimed}`);
    expect(text).toContain(`<h1>${heading}</h1>`);
    // Polls only while the bridge says pending.
    expect(text.includes('/assets/result-poll.js')).toBe(status === 'pending');
  });

  it('speaks English with lang=en and formats yen the English way', async () => {
    const id = 'pay_englishxxxxxxxxxxxxxx';
    stored.set(id, payment(id, 'captured'));
    const text = await resultPage(`payment=${id}&lang=en`);
    expect(text).toContain('<h1>Payment complete</h1>');
    expect(text).toContain('¥1,980');
  });

  it('never shows a "not completed" page for a payment the bridge says is paid', async () => {
    const id = 'pay_paidxxxxxxxxxxxxxxxxx';
    stored.set(id, payment(id, 'captured'));
    const text = await resultPage(`payment=${id}&status=pending&result=cancel`);
    expect(text).toContain('お支払いが完了しました');
    expect(text).not.toContain('お支払いは完了していません');
  });

  it('refuses a missing or malformed payment id without asking the bridge', async () => {
    const response = await fetch(`${base}/result?payment=../../v1/payments`);
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('決済 ID が指定されていません。');
  });
});
