/**
 * How the shop talks about a payment's status. The bridge's statuses (DESIGN.md, "Status model")
 * are the source of truth; buyers see fewer, friendlier states.
 */
export type DisplayStatus =
  | 'processing'
  | 'authorized'
  | 'paid'
  | 'refunded'
  | 'cancelled'
  | 'failed'
  | 'expired';

export function displayStatus(status: string): DisplayStatus {
  switch (status) {
    case 'authorized':
    case 'cancelled':
    case 'failed':
    case 'expired':
    case 'refunded':
      return status;
    case 'captured':
    case 'partially_refunded':
      return 'paid';
    default:
      // `pending`: the buyer has not finished, or the acquirer's result notification is on its way.
      return 'processing';
  }
}

/** True while the result page should keep asking the bridge. */
export function isStillPending(status: string): boolean {
  return displayStatus(status) === 'processing';
}

/** The money moved (or is reserved) for this order: the cart can be emptied. */
export function isSuccessful(status: string): boolean {
  const shown = displayStatus(status);
  return shown === 'authorized' || shown === 'paid';
}

/**
 * What the result page says. `incomplete`: the bridge still has the payment pending, and the buyer
 * came back through SBPS's cancel or error page. The bridge adds that `result` to the return URL as
 * a hint; it can only make the page say "not completed", which a pending payment is anyway.
 */
export type ResultState = DisplayStatus | 'incomplete';

export function resultState(status: string, buyerReturn: unknown): ResultState {
  const shown = displayStatus(status);
  if (shown === 'processing' && (buyerReturn === 'cancel' || buyerReturn === 'error')) {
    return 'incomplete';
  }
  return shown;
}
