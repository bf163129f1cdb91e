import type { Messages } from './messages.js';

const digits = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export const en: Messages = {
  htmlLang: 'en',
  shopName: 'au PAY demo shop',
  sandboxBanner: 'Sandbox: nothing is really charged.',
  footer: 'The au-pay demo shop. The bridge is mounted at /bridge.',
  skipToContent: 'Skip to content',
  nav: { label: 'Main menu', shop: 'Products', cart: 'Cart', orders: 'Orders' },
  otherLanguage: '日本語',
  yen: (amount) => `¥${digits.format(amount)}`,

  shop: {
    title: 'Products',
    intro:
      'Pay with au PAY (au Kantan Kessai): your purchase is added to your monthly au phone bill.',
    addToCart: 'Add to cart',
    addToCartLabel: (product) => `Add ${product} to cart`,
    added: (product) => `“${product}” is in your cart.`,
    viewCart: 'View cart',
    oneTime: 'One-time payment',
  },

  cart: {
    title: 'Cart',
    empty: 'Your cart is empty.',
    backToShop: 'Continue shopping',
    product: 'Product',
    unitPrice: 'Price',
    quantity: 'Quantity',
    quantityOf: (product) => `Quantity of ${product}`,
    subtotal: 'Subtotal',
    remove: 'Remove',
    removeLabel: (product) => `Remove ${product} from cart`,
    update: 'Update quantities',
    total: 'Total (tax incl.)',
    captureMode: {
      legend: 'When is the sale confirmed?',
      automatic: 'Automatic sales',
      automaticHint: 'Charged to the phone bill as soon as the buyer approves.',
      manual: 'Specified sales',
      manualHint: 'Only authorized at approval; charged when the shop captures it under Orders.',
      unavailable: 'Not available with the chosen acquirer.',
    },
    acquirer: {
      legend: 'Which acquirer takes the payment?',
      hints: {
        sbps: 'Automatic or specified sales; full and partial refunds.',
        antom: 'Automatic sales only; full refunds only.',
        nomupay: 'Automatic or specified sales; one partial capture or refund.',
      },
    },
    pay: 'Pay with au PAY',
    payHint: 'Next you log in with your au ID and approve with a verification code and your PIN.',
    itemsSummary: (first, others) => (others > 0 ? `${first} + ${others} more` : first),
    tooManyItems: 'You can put up to 9 of each product in one order.',
  },

  pay: {
    title: 'Payment',
    intro: 'Use the button below to go to the au PAY payment screens.',
    orderNumber: 'Order number',
    amount: 'Amount',
    fallbackButton: 'Pay with au PAY',
    fallbackNote:
      'The au PAY button (au-pay.js) is not served yet, so a plain form is shown instead.',
    testIdsTitle: 'Sandbox test au IDs',
    testIdsIntro: 'The au ID you type on the login screen decides what happens.',
    testIdColumn: 'au ID',
    testOutcomeColumn: 'Outcome',
    codeAndPin:
      'Any password works. The verification code is shown on the next screen. Any 4-digit PIN works.',
    backToCart: 'Back to cart',
    expired: 'This payment page has expired. Please try again from your cart.',
    alreadyDone: 'This payment is already finished.',
  },

  result: {
    title: 'Your order',
    orderNumber: 'Order number',
    amount: 'Amount',
    paymentId: 'Payment ID',
    headings: {
      processing: 'Checking your payment',
      authorized: 'Thank you for your order',
      paid: 'Payment complete',
      refunded: 'This order was refunded',
      cancelled: 'This payment was cancelled',
      failed: 'The payment did not go through',
      expired: 'The payment expired',
      incomplete: 'The payment was not completed',
    },
    bodies: {
      processing:
        'We are waiting for au to confirm the result; this page updates by itself. If you closed the payment screens before finishing, please try again.',
      authorized:
        'au PAY approved the payment. The shop confirms the sale when it ships, and the amount is added to your au phone bill.',
      paid: 'The amount will be added to your monthly au phone bill. Thank you!',
      refunded: 'The amount of this order was refunded.',
      cancelled: 'Nothing will be charged for this order.',
      failed:
        'au PAY did not approve the payment (for example a spending limit or a usage restriction). Nothing was charged; please try another way.',
      expired:
        'The payment screens timed out. Nothing was charged; please try again from your cart.',
      incomplete:
        'The payment was cancelled on the au PAY screens or was not approved (for example a spending limit). Nothing was charged; you can try again.',
    },
    checking: 'Checking…',
    stillChecking:
      'This is taking longer than usual. Please wait a moment, then press “Show the latest status”.',
    refresh: 'Show the latest status',
    tryAgain: 'Try paying again',
    continueShopping: 'Continue shopping',
    seeOrders: 'See it under Orders',
    missingPayment: 'No payment ID was given.',
    unknownPayment: 'This payment could not be found.',
  },

  orders: {
    title: 'Orders',
    intro:
      'An example of a shop back office: capture, cancel and refund through the bridge API, and see the webhooks the shop received (no login, as this is a demo).',
    none: 'No orders yet.',
    statusNames: {
      pending: 'Pending',
      authorized: 'Authorized',
      captured: 'Captured',
      partially_refunded: 'Partially refunded',
      refunded: 'Refunded',
      cancelled: 'Cancelled',
      failed: 'Failed',
      expired: 'Expired',
    },
    amount: 'Amount',
    captured: 'Captured',
    refunded: 'Refunded',
    cancelledPart: 'Partially cancelled',
    acquirerLabel: 'Acquirer',
    captureModeLabel: 'Sales',
    captureModes: { automatic: 'Automatic', manual: 'Specified' },
    created: 'Created',
    settleBy: 'Settle by',
    expiring: 'Expiring',
    flags: 'Flags',
    noFlags: 'None',
    paymentId: 'Payment ID',
    itemName: 'Item',
    history: 'Event history',
    webhooks: 'Webhooks received',
    noWebhooks: 'None received yet.',
    webhookDuplicates: (count) =>
      `${count} duplicate ${count === 1 ? 'delivery' : 'deliveries'} ignored`,
    eventColumn: 'Event',
    timeColumn: 'Time',
    detailsColumn: 'Details',
    awaitingBuyer: 'Waiting for the buyer to finish paying.',
    noActions: 'Nothing can be done in this state.',
    captureFull: (amount) => `Capture all ${amount}`,
    capturePartial: 'Capture part',
    cancel: 'Cancel payment',
    cancelPartial: 'Cancel part',
    refundFull: (amount) => `Refund all ${amount}`,
    refundPartial: 'Refund part',
    partialAmount: 'Amount (yen)',
    done: {
      capture: 'Captured.',
      cancel: 'Cancelled.',
      cancelPartial: 'Part of the authorization was cancelled; the rest can still be captured.',
      refund: 'Refunded.',
    },
    refused: 'The bridge refused: ',
    clock: {
      title: 'Sandbox clock',
      intro:
        'Move the sandbox’s time forward to see now what happens later (it never goes back): pending payments expire after 30 minutes, and partial refunds open on the 1st of the month after capture.',
      now: 'Sandbox time (Japan time)',
      aheadBy: (days, hours, minutes) =>
        `Ahead of real time by ${days > 0 ? `${days} d ` : ''}${hours} h ${minutes} min.`,
      realTime: 'The same as real time.',
      unavailable: 'The sandbox clock could not be read.',
      plusHour: '+1 hour',
      plusDay: '+1 day',
      nextMonth: '1st of next month, 00:00 JST',
      moved: 'The sandbox clock moved forward.',
      alreadyPast: 'The sandbox clock is already past that time.',
    },
  },

  errors: {
    title: 'Error',
    bridgeUnavailable:
      'The payment server (bridge) could not be reached. Please try again in a moment.',
    unexpected: 'Something went wrong. Please try again.',
    notFound: 'Page not found.',
    forbidden: 'This request was refused. Reload the page and try again.',
    invalidAmount: 'Enter a whole number of yen, at least 1.',
  },
};
