import type { PaymentView } from '@au-pay/bridge';
import type { AcquirerId } from '@au-pay/core';
import { describe, expect, it } from 'vitest';
import { messagesFor } from '../i18n/index.js';
import { renderOrdersPage } from './orders-page.js';

/** A payment as the bridge's API answers it, in the state the test needs. */
function payment(
  acquirer: AcquirerId,
  status: PaymentView['status'],
  amounts: { captured?: number; refunded?: number; cancelled?: number } = {},
): PaymentView {
  return {
    id: `pay_${acquirer}${status.replaceAll('_', '')}`,
    object: 'payment',
    status,
    amount: 1000,
    currency: 'JPY',
    capturedAmount: amounts.captured ?? 0,
    refundedAmount: amounts.refunded ?? 0,
    cancelledAmount: amounts.cancelled ?? 0,
    captureMode: status === 'authorized' ? 'manual' : 'automatic',
    acquirer,
    merchantReference: 'DEMO-20260401-1A2B3C4D',
    itemName: 'Green tea',
    returnUrl: 'http://127.0.0.1/result',
    customerId: null,
    acquirerReference: 'ref-1',
    layout: 'web',
    flags: [],
    openOperation: null,
    createdAt: '2026-04-01T00:00:00.000Z',
    expiresAt: '2026-04-01T00:30:00.000Z',
    authorizedAt: '2026-04-01T00:01:00.000Z',
    capturedAt: status === 'authorized' ? null : '2026-04-01T00:01:00.000Z',
    settleBy: status === 'authorized' ? '2026-06-29T15:00:00.000Z' : null,
    updatedAt: '2026-04-01T00:01:00.000Z',
    events: [],
  };
}

/** The action forms the orders page offers for one payment: `capture`, `capture partial`, ... */
function actionsOffered(view: PaymentView): string[] {
  const page = renderOrdersPage(
    { lang: 'en', t: messagesFor('en'), url: '/orders', cartCount: 0, section: 'orders' },
    [{ payment: view, webhooks: [] }],
    undefined,
  );
  return [
    ...page.matchAll(/action="\/orders\/pay_[A-Za-z0-9]+\/([a-z]+)" class="action-form ([a-z]*)/g),
  ].map(([, action, kind]) => (kind ? `${action} ${kind}` : (action as string)));
}

describe('orders page actions: only what the acquirer allows', () => {
  it('Antom: a captured payment can be refunded in full only', () => {
    expect(actionsOffered(payment('antom', 'captured', { captured: 1000 }))).toEqual(['refund']);
  });

  it('NomuPay: one partial capture or one partial cancel, then one partial refund, then nothing', () => {
    expect(actionsOffered(payment('nomupay', 'authorized'))).toEqual([
      'capture',
      'cancel',
      'capture partial',
      'cancel partial',
    ]);
    expect(actionsOffered(payment('nomupay', 'captured', { captured: 600 }))).toEqual([
      'refund',
      'refund partial',
    ]);
    // Even the rest after the one partial refund would be a second partial refund.
    expect(
      actionsOffered(payment('nomupay', 'partially_refunded', { captured: 600, refunded: 100 })),
    ).toEqual([]);
  });

  it('NomuPay after its one partial cancel: the rest can be captured, nothing more cancelled', () => {
    const view = payment('nomupay', 'authorized', { cancelled: 300 });
    expect(actionsOffered(view)).toEqual(['capture', 'capture partial']);
    const page = renderOrdersPage(
      { lang: 'ja', t: messagesFor('ja'), url: '/orders', cartCount: 0, section: 'orders' },
      [{ payment: view, webhooks: [] }],
      undefined,
    );
    expect(page).toContain('全額 700円 を売上確定');
    expect(page).toMatch(/<dt>一部取消額<\/dt><dd class="order-cancelled">300円<\/dd>/);
    expect(page).toMatch(/name="amount"[^>]* max="700"/);
  });

  it('says in both languages that a partial cancel was done', () => {
    const view = payment('nomupay', 'authorized', { cancelled: 300 });
    const notice = { paymentId: view.id, action: 'cancel' as const, ok: true, partial: true };
    for (const lang of ['ja', 'en'] as const) {
      const page = renderOrdersPage(
        { lang, t: messagesFor(lang), url: '/orders', cartCount: 0, section: 'orders' },
        [{ payment: view, webhooks: [] }],
        notice,
      );
      expect(page).toContain(messagesFor(lang).orders.done.cancelPartial);
    }
  });

  it('SBPS as before: capture, cancel, partial capture; refunds full or partial, again and again', () => {
    expect(actionsOffered(payment('sbps', 'authorized'))).toEqual([
      'capture',
      'cancel',
      'capture partial',
    ]);
    expect(
      actionsOffered(payment('sbps', 'partially_refunded', { captured: 1000, refunded: 100 })),
    ).toEqual(['refund', 'refund partial']);
  });
});

describe('orders page: the settlement deadline of an SBPS authorization', () => {
  const render = (view: PaymentView, lang: 'en' | 'ja' = 'en') =>
    renderOrdersPage(
      { lang, t: messagesFor(lang), url: '/orders', cartCount: 0, section: 'orders' },
      [{ payment: view, webhooks: [] }],
      undefined,
    );

  it('shows "settle by" in Japan time, and "expiring" once the bridge warned', () => {
    const authorized = payment('sbps', 'authorized');
    const page = render(authorized);
    expect(page).toContain('Settle by');
    expect(page).toContain(
      '<time datetime="2026-06-29T15:00:00.000Z">30 Jun 2026, 00:00:00</time>',
    );
    expect(page).not.toContain('Expiring');

    const warned = render({ ...authorized, flags: ['authorization_expiring'] }, 'ja');
    expect(warned).toContain('売上確定期限');
    expect(warned).toContain('<strong class="expiring">期限間近</strong>');
  });

  it('shows nothing once captured, nor for other acquirers', () => {
    expect(render(payment('sbps', 'captured', { captured: 1000 }))).not.toContain('Settle by');
    expect(render(payment('nomupay', 'authorized'))).not.toContain('Settle by');
  });
});
