import type { Catalog } from './ja.js';

const notSetUp = "This button isn't set up yet.";

/** English, for buyers whose page or browser asks for it. */
export const en: Catalog = {
  pay: (amount) => `Pay ${amount} with au PAY`,
  payWithoutAmount: 'Pay with au PAY',
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
};
