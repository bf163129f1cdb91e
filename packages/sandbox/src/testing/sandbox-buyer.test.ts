import { escapeHtml, formatSbpsDate } from '@au-pay/core';
import { buildRecurringApplication, decodeSbpsForm } from '@au-pay/core/sbps';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { SCENARIOS } from '../au/scenarios.js';
import { MONTHLY_FAILURE_AU_ID, SandboxBuyer } from './index.js';
import { serveSandbox } from './sandbox-merchant.js';
import {
  API_PASSWORD,
  API_USER,
  HASH_KEY,
  MERCHANT_ID,
  SERVICE_ID,
  START,
} from './test-merchant.js';

// The test browser takes a subscription through the au screens the way the bridge's tests do:
// a checkout page that auto-posts a D01-1 (like the A01-1 page), then back to the shop.

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

/** A stand-in for the bridge: its checkout page carries `pairs` to the emulated SBPS's D01-1. */
async function bridgeWithApplication(trackingId?: string) {
  const { app, server, origin, sandbox } = await serveSandbox(
    () => START,
    () => ({
      sbps: {
        merchantId: MERCHANT_ID,
        serviceId: SERVICE_ID,
        hashKey: HASH_KEY,
        apiUser: API_USER,
        apiPassword: API_PASSWORD,
      },
    }),
  );
  closers.push(async () => {
    await sandbox.whenIdle();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  const notices: Array<Record<string, string>> = [];
  const raw = express.raw({ type: () => true });
  app.post('/checkout/:id', (_req, res) => {
    const pairs = buildRecurringApplication(
      {
        ...(trackingId ? { action: 'cancel', trackingId } : { action: 'apply' }),
        merchantId: MERCHANT_ID,
        serviceId: SERVICE_ID,
        custCode: 'CUST-SUB',
        orderId: `ORD-SUB-${notices.length}-${trackingId ?? 'new'}`,
        itemId: 'PLAN',
        itemName: '都度課金プラン',
        successUrl: `${origin}/return`,
        cancelUrl: `${origin}/return`,
        errorUrl: `${origin}/return`,
        pageconUrl: `${origin}/notify`,
        requestDate: formatSbpsDate(START),
      },
      HASH_KEY,
    );
    const inputs = pairs
      .map(([n, v]) => `<input type="hidden" name="${escapeHtml(n)}" value="${escapeHtml(v)}">`)
      .join('');
    res
      .type('text/html; charset=UTF-8')
      .send(
        `<form id="au-pay-purchase" method="post" action="${origin}/sandbox/sbps/f01/FepPayInfoReceive.do" accept-charset="Shift_JIS">${inputs}</form>`,
      );
  });
  app.post('/notify', raw, (req, res) => {
    notices.push(decodeSbpsForm(req.body as Buffer));
    res.type('text/plain').send('OK,');
  });
  app.post('/return', raw, (_req, res) => {
    res.redirect(303, 'https://shop.example/subscriptions/done');
  });
  return { origin, sandbox, notices };
}

describe('SandboxBuyer with a subscription', () => {
  it('pays through a checkout page that auto-posts a D01-1', async () => {
    const bridge = await bridgeWithApplication();
    const buyer = new SandboxBuyer(bridge.origin);
    const journey = await buyer.pay({ id: 'sub_1', clientSecret: 'secret' }, { layout: 'wap' });
    expect(journey.screens).toEqual(['checkout', 'login', 'code', 'confirm', 'return', 'shop']);
    expect(journey.pages[3]?.html).toContain('最後のご請求から 365 日で契約は終了します');
    expect(journey.result.res_result).toBe('OK');
    expect(journey.landedAt.href).toBe('https://shop.example/subscriptions/done');
    const contract = bridge.sandbox.sbps?.contract(journey.result.res_tracking_id ?? '');
    expect(contract).toMatchObject({ kind: 'fixed', state: 'active', custCode: 'CUST-SUB' });
    expect(bridge.notices).toHaveLength(1);
  });

  it('names SBPS’s refusal of a D01-1 sbps_error', async () => {
    const bridge = await bridgeWithApplication('12345678901234');
    const buyer = new SandboxBuyer(bridge.origin);
    await expect(buyer.pay({ id: 'sub_2', clientSecret: 'secret' })).rejects.toThrow(
      /Expected the login page, got sbps_error/,
    );
    expect(buyer.page.html).toContain('402L5027');
  });

  it('exposes the monthly failure au ID, listed among the scenarios', () => {
    expect(SCENARIOS.map((s) => s.auId)).toContain(MONTHLY_FAILURE_AU_ID);
  });
});
