import type { SubscriptionKind, SubscriptionStatus } from '@au-pay/core';
import type { Lang } from './index.js';
import { subscriptionsEn } from './subscriptions-en.js';
import { subscriptionsJa } from './subscriptions-ja.js';

/** The subscription pages' text (issue #14), one module per language beside the shop's own. */
export interface SubscriptionMessages {
  nav: string;
  plans: {
    title: string;
    intro: string;
    perMonth(price: string): string;
    perUse(price: string): string;
    subscribe: string;
    subscribeLabel(plan: string): string;
  };
  /** What a subscription bills, in a sentence; `amount` null for an application without a charge. */
  bills(kind: SubscriptionKind, amount: string | null): string;
  statusNames: Record<SubscriptionStatus, string>;
  subscribe: {
    title: string;
    intro: string;
    plan: string;
    billing: string;
    back: string;
    gone: string;
  };
  mine: {
    title: string;
    intro: string;
    /** How to cancel: SBPS requires merchants of fixed-term contracts to say it on this page. */
    howToCancelTitle: string;
    howToCancel: Record<SubscriptionKind, string>;
    none: string;
    customer: string;
    status: string;
    billing: string;
    nextBilling: string;
    /** For a subscription SBPS does not bill by itself (on demand, or not active). */
    noNextBilling: Record<SubscriptionKind, string>;
    signedUp: string;
    charges: string;
    noCharges: string;
    cancel: string;
    cancelLabel(plan: string): string;
    resume: string;
    continueSignUp: string;
    cancelled: string;
    /** Back from the au screens: what the bridge says now (never the query string). */
    returned: Record<'active' | 'other', string>;
  };
  orders: {
    title: string;
    intro: string;
    none: string;
    customer: string;
    chargeNow(amount: string): string;
    cancel: string;
    charges: string;
    billingMonth: string;
    done: { charge: string; cancel: string };
  };
}

const catalogs: Record<Lang, SubscriptionMessages> = { ja: subscriptionsJa, en: subscriptionsEn };

export function subscriptionMessagesFor(lang: Lang): SubscriptionMessages {
  return catalogs[lang];
}
