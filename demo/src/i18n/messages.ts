import type { AcquirerId } from '@au-pay/core';
import type { ResultState } from '../payment-status.js';

/** Every piece of text the shop shows, one module per language (`ja.ts`, `en.ts`). */
export interface Messages {
  /** BCP 47 tag for `<html lang>`. */
  htmlLang: string;
  shopName: string;
  sandboxBanner: string;
  footer: string;
  skipToContent: string;
  nav: { label: string; shop: string; cart: string; orders: string };
  /** Text of the link to the other language, written in that language. */
  otherLanguage: string;
  yen(amount: number): string;

  shop: {
    title: string;
    intro: string;
    addToCart: string;
    /** Accessible label of an "add" button, naming the product. */
    addToCartLabel(product: string): string;
    added(product: string): string;
    viewCart: string;
    oneTime: string;
  };

  cart: {
    title: string;
    empty: string;
    backToShop: string;
    product: string;
    unitPrice: string;
    quantity: string;
    quantityOf(product: string): string;
    subtotal: string;
    remove: string;
    removeLabel(product: string): string;
    update: string;
    total: string;
    captureMode: {
      legend: string;
      automatic: string;
      automaticHint: string;
      manual: string;
      manualHint: string;
      /** Beside a sales mode the chosen acquirer does not offer. */
      unavailable: string;
    };
    /** The choice of acquirer (those the bridge has configured). */
    acquirer: {
      legend: string;
      hints: Record<AcquirerId, string>;
    };
    pay: string;
    payHint: string;
    itemsSummary(first: string, others: number): string;
    tooManyItems: string;
  };

  pay: {
    title: string;
    intro: string;
    orderNumber: string;
    amount: string;
    /** Shown with the fallback button while the `<au-pay>` widget is not served yet. */
    fallbackButton: string;
    fallbackNote: string;
    testIdsTitle: string;
    testIdsIntro: string;
    testIdColumn: string;
    testOutcomeColumn: string;
    codeAndPin: string;
    backToCart: string;
    expired: string;
    alreadyDone: string;
  };

  result: {
    title: string;
    orderNumber: string;
    amount: string;
    paymentId: string;
    headings: Record<ResultState, string>;
    bodies: Record<ResultState, string>;
    checking: string;
    stillChecking: string;
    refresh: string;
    tryAgain: string;
    continueShopping: string;
    seeOrders: string;
    missingPayment: string;
    unknownPayment: string;
  };

  orders: {
    title: string;
    intro: string;
    none: string;
    statusNames: Record<string, string>;
    amount: string;
    captured: string;
    refunded: string;
    /** What a partial cancel gave up (NomuPay). */
    cancelledPart: string;
    acquirerLabel: string;
    captureModeLabel: string;
    captureModes: { automatic: string; manual: string };
    created: string;
    /** An authorized SBPS payment's settlement deadline (PaymentView.settleBy). */
    settleBy: string;
    /** Beside it, once the bridge warned that the deadline is 7 days away or less. */
    expiring: string;
    flags: string;
    noFlags: string;
    paymentId: string;
    itemName: string;
    history: string;
    webhooks: string;
    noWebhooks: string;
    webhookDuplicates(count: number): string;
    eventColumn: string;
    timeColumn: string;
    detailsColumn: string;
    awaitingBuyer: string;
    noActions: string;
    captureFull(amount: string): string;
    capturePartial: string;
    cancel: string;
    cancelPartial: string;
    refundFull(amount: string): string;
    refundPartial: string;
    partialAmount: string;
    done: { capture: string; cancel: string; cancelPartial: string; refund: string };
    refused: string;
    /** The sandbox clock panel (sandbox mode only). */
    clock: {
      title: string;
      intro: string;
      /** Label of the sandbox's current time (shown in Japan time). */
      now: string;
      aheadBy(days: number, hours: number, minutes: number): string;
      realTime: string;
      unavailable: string;
      plusHour: string;
      plusDay: string;
      nextMonth: string;
      moved: string;
      alreadyPast: string;
    };
  };

  errors: {
    title: string;
    bridgeUnavailable: string;
    unexpected: string;
    notFound: string;
    forbidden: string;
    invalidAmount: string;
  };
}
