// Test data for the subscription views' tests (imported by *.test.ts only, never by the shop).
import type { PaymentView } from '@au-pay/bridge';
import type { Lang } from '../i18n/index.js';
import { messagesFor } from '../i18n/index.js';
import type { SubscriptionView } from '../subscription-view.js';
import type { PageContext } from './layout.js';

export function pageOf(lang: Lang, section: PageContext['section'] = 'subscriptions'): PageContext {
  return { lang, t: messagesFor(lang), url: '/subscriptions', cartCount: 0, section };
}

/** A subscription as the bridge's API answers it, in the state the test needs. */
export function subscriptionOf(
  kind: SubscriptionView['kind'],
  status: SubscriptionView['status'],
  fields: Partial<SubscriptionView> = {},
): SubscriptionView {
  return {
    id: `sub_${kind.replace('_', '')}${status.replace('_', '')}`,
    kind,
    status,
    amount: kind === 'monthly' ? 980 : 220,
    itemName: kind === 'monthly' ? '動画見放題 月額 毎月1日請求' : 'カラオケ 1曲ごとに都度請求',
    merchantReference: `SUB-${kind === 'monthly' ? 'VIDEO' : 'KARAOKE'}-20260415-1A2B3C4D`,
    customerId: 'demo-0123456789abcdef',
    createdAt: '2026-04-15T01:00:00.000Z',
    activatedAt: status === 'incomplete' ? null : '2026-04-15T01:02:00.000Z',
    cancelledAt: status === 'cancelled' ? '2026-04-20T01:00:00.000Z' : null,
    charges: [],
    ...fields,
  };
}

/** A charge of a subscription, as a payment. */
export function chargeOf(
  id: string,
  amount: number,
  status: PaymentView['status'],
  billingMonth?: string,
): PaymentView {
  return {
    id,
    object: 'payment',
    status,
    amount,
    currency: 'JPY',
    capturedAmount: status === 'captured' ? amount : 0,
    refundedAmount: 0,
    cancelledAmount: 0,
    captureMode: 'automatic',
    acquirer: 'sbps',
    merchantReference: 'SUB-VIDEO-20260415-1A2B3C4D',
    itemName: '動画見放題 月額 毎月1日請求',
    returnUrl: 'http://127.0.0.1/subscriptions',
    customerId: 'demo-0123456789abcdef',
    acquirerReference: 'ref-1',
    layout: 'web',
    flags: [],
    openOperation: null,
    settleBy: null,
    createdAt: '2026-05-01T00:00:00.000Z',
    expiresAt: '2026-05-01T00:30:00.000Z',
    authorizedAt: '2026-05-01T00:00:00.000Z',
    capturedAt: null,
    updatedAt: '2026-05-01T00:00:00.000Z',
    events: [],
    ...(billingMonth && { billingMonth }),
  } as PaymentView;
}
