import type { Catalog } from './ja.js';

const notSetUp = "This button isn't set up yet.";

/** English, for buyers whose page or browser asks for it. */
export const en: Catalog = {
  pay: (amount) => `Pay ${amount} with au PAY`,
  payWithoutAmount: 'Pay with au PAY',
  monthly: (amount) => `Subscribe for ${amount} a month with au PAY`,
  subscribe: 'Subscribe with au PAY',
  onDemand: (amount) =>
    `Sign up for pay-as-you-go billing with au PAY${amount && ` (first charge ${amount})`}`,
  web: 'Sign in with your au ID, then confirm with a code and your PIN.',
  wap: 'au ID, code and PIN',
  busy: 'Connecting to au PAY…',
  refused: 'Payment unavailable. ',
  notSetUp,
  payment_missing: notSetUp,
  client_secret_missing: notSetUp,
  bridge_unreachable: "Couldn't connect. Please try again.",
  payment_in_progress: 'This payment is already in progress.',
  payment_not_found: 'This payment could not be found. Please start again from the shop.',
  payment_expired: 'This payment has expired. Please start again from the shop.',
  payment_closed: 'This payment can no longer be paid (it is already complete or was cancelled).',
  subscription_missing: notSetUp,
  subscription_in_progress: 'This sign-up is already in progress.',
  subscription_not_found: 'This subscription could not be found. Please start again from the shop.',
  subscription_expired: 'This sign-up has expired. Please start again from the shop.',
  subscription_closed:
    'This subscription can no longer be signed up for (it is already active or was cancelled).',
};
