import type { SubscriptionMessages } from './subscription-messages.js';

export const subscriptionsEn: SubscriptionMessages = {
  nav: 'My subscriptions',
  plans: {
    title: 'Subscriptions',
    intro:
      'Paid with your au phone bill. See and cancel them any time on the “My subscriptions” page.',
    perMonth: (price) => `${price} a month`,
    perUse: (price) => `${price} per use`,
    subscribe: 'Subscribe',
    subscribeLabel: (plan) => `Subscribe to ${plan}`,
  },
  bills: (kind, amount) =>
    kind === 'monthly'
      ? `${amount} a month (the first month at sign-up, then on the 1st of each month)`
      : amount
        ? `${amount} at sign-up, then each time you use it`
        : 'Each time you use it',
  statusNames: {
    incomplete: 'Signing up',
    active: 'Active',
    cancelled: 'Cancelled',
    expired: 'Ended',
    incomplete_expired: 'Sign-up expired',
  },
  subscribe: {
    title: 'Sign up',
    intro:
      'The button takes you to au PAY: sign in with your au ID, then confirm with a code and your PIN.',
    plan: 'Plan',
    billing: 'Billing',
    back: 'Back to my subscriptions',
    gone: 'This sign-up was not found, or it is already done.',
  },
  mine: {
    title: 'My subscriptions',
    intro: 'The subscriptions signed up for in this browser.',
    howToCancelTitle: 'How to cancel',
    howToCancel: {
      monthly:
        'Cancel a monthly plan any time with “Cancel subscription” below: nothing is billed from the next 1st on (months already billed are not refunded).',
      on_demand:
        'Cancel pay-as-you-go billing any time with “Cancel subscription” below: nothing more is charged. You can sign up again later with “Resume”, through au PAY.',
    },
    none: 'No subscriptions yet.',
    customer: 'Customer ID',
    status: 'Status',
    billing: 'Billing',
    nextBilling: 'Next billing',
    noNextBilling: { monthly: 'None', on_demand: 'Each time you use it' },
    signedUp: 'Signed up',
    charges: 'Charges',
    noCharges: 'No charges yet.',
    cancel: 'Cancel subscription',
    cancelLabel: (plan) => `Cancel ${plan}`,
    resume: 'Resume',
    continueSignUp: 'Continue signing up',
    cancelled: 'Cancelled.',
    returned: {
      active: 'You are signed up. Thank you!',
      other: 'The sign-up is not complete.',
    },
  },
  orders: {
    title: 'Subscriptions',
    intro:
      'Charges by subscription. “Charge now” charges one use of a pay-as-you-go subscription (an authorization): capture it in the orders above.',
    none: 'No subscriptions yet.',
    customer: 'Customer ID',
    chargeNow: (amount) => `Charge now (${amount})`,
    cancel: 'Cancel subscription',
    charges: 'Charges',
    billingMonth: 'Month',
    done: { charge: 'Charged: capture it in the orders above.', cancel: 'Cancelled.' },
  },
};
