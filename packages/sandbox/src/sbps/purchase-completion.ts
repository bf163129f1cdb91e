import { formatSbpsDate } from '@au-pay/core';
import type { PurchaseEnding } from '../au/buyer-screens.js';
import type { BrowserReturn, BuyerSession } from '../au/buyer-sessions.js';
import {
  type ContractNotices,
  contractNoticeFields,
  contractPageconUrl,
} from './contract-notices.js';
import type { ResolvedSbpsOptions } from './options.js';
import type { PayType, PurchaseLedger, SalesMode, SandboxPurchase } from './purchase-ledger.js';
import { type ResultValues, resultFields, signed } from './result-fields.js';
import { postResultNotification } from './result-notification.js';

/** Everything the end of a buyer session needs. */
export interface CompletionContext {
  readonly options: ResolvedSbpsOptions;
  readonly ledger: PurchaseLedger;
  /** Notifications still running (slow scenario); `whenIdle` waits for them. */
  readonly background: Set<Promise<unknown>>;
  /** SBPS's notices about contracts (cancellation, monthly failure). */
  readonly notices: ContractNotices;
}

/** The session was started by a D01-1 recurring application (spec §7), not an A01-1. */
export function isRecurringApplication(session: BuyerSession): boolean {
  return session.requestKind === 'D01-1';
}

/** The A02-1 / A03-1 fields of this session's request and `result` (spec §5, §7). */
function sessionResult(session: BuyerSession, result: ResultValues): Array<[string, string]> {
  return resultFields(session.pairs, result, { application: isRecurringApplication(session) });
}

/** Recurring simple is automated sales only, fixed-term specified only (spec §14). */
async function salesModeOf(ctx: CompletionContext, session: BuyerSession): Promise<SalesMode> {
  const payType = session.request.pay_type;
  if (payType === '1') return 'automatic';
  if (payType === '2') return 'manual';
  return ctx.options.salesModeFor({
    orderId: session.orderId,
    amount: Number(session.request.amount),
  });
}

function recordPurchase(
  ctx: CompletionContext,
  session: BuyerSession,
  state: 'authorized' | 'failed',
  now: Date,
  salesMode: SalesMode = 'manual',
): SandboxPurchase {
  const request = session.request;
  const payType = (request.pay_type ?? '0') as PayType;
  const amount = Number(request.amount);
  const orderId = session.orderId;
  const trackingId = ctx.ledger.newTrackingId();
  const isContract = state !== 'failed' && (payType === '1' || payType === '2');
  if (isContract) {
    ctx.ledger.openContract({
      trackingId,
      kind: payType === '1' ? 'simple' : 'fixed',
      custCode: request.cust_code ?? '',
      lastPaymentAt: now,
      openedAt: now,
      signUp: session.pairs,
      failsMonthlyBilling: session.scenario?.outcome === 'monthly_failure',
    });
  }
  return ctx.ledger.record({
    trackingId,
    orderId,
    custCode: request.cust_code ?? '',
    itemId: request.item_id ?? '',
    itemName: request.item_name ?? '',
    amount,
    payType,
    salesMode,
    state: state === 'failed' ? 'failed' : salesMode === 'automatic' ? 'captured' : 'authorized',
    purchasedAt: now,
    ...(isContract ? { contractTrackingId: trackingId } : {}),
  });
}

function browserReturn(
  ctx: CompletionContext,
  session: BuyerSession,
  kind: BrowserReturn['kind'],
  fields: Array<[string, string]>,
  failure?: BrowserReturn['failure'],
): BrowserReturn {
  const request = session.request;
  const action =
    kind === 'success'
      ? request.success_url
      : kind === 'cancel'
        ? request.cancel_url
        : request.error_url;
  // success_url and cancel_url get the A03-1 hash (Shift_JIS, lowercase); error_url is reported
  // to carry none (spec §6), unless the sandbox is told otherwise.
  const withHash = kind !== 'error' || ctx.options.signErrorReturn;
  return {
    kind,
    action: action ?? '',
    fields: withHash ? signed('return', fields, ctx.options.hashKey) : fields,
    ...(failure ? { failure } : {}),
  };
}

/** A01-1 `pay_type=1` + `service_type=1`: the buyer ends a recurring-simple contract (spec §4). */
export function isContractCancellation(request: Readonly<Record<string, string>>): boolean {
  return request.pay_type === '1' && request.service_type === '1';
}

/** How the SBPS emulator ends the au screens, scenario by scenario. */
export function sbpsPurchaseEnding(ctx: CompletionContext): PurchaseEnding {
  return {
    confirm: async (session) => {
      const outcome = session.scenario?.outcome;
      if (outcome === 'cancel') return cancelPurchase(ctx, session);
      // Nothing is charged when a contract ends, so limit@ and restricted@ behave like success.
      if (session.purchase.endsContract) {
        return isRecurringApplication(session)
          ? cancelFixedContract(ctx, session)
          : cancelContractByLink(ctx, session);
      }
      if (outcome === 'limit' || outcome === 'restricted') {
        return failPurchase(ctx, session, outcome);
      }
      return isRecurringApplication(session)
        ? applyForContract(ctx, session)
        : authorizePurchase(ctx, session);
    },
    cancel: (session) => cancelPurchase(ctx, session),
    timeOut: (session) => failPurchase(ctx, session, 'timeout'),
  };
}

/**
 * The tracking ID of an attempt that ends without a payment (recorded as `failed`); a D01-1 or a
 * cancellation charges nothing, so nothing is recorded and its contract (if any) is named.
 */
function endedAttemptTrackingId(ctx: CompletionContext, session: BuyerSession, now: Date): string {
  if (session.purchase.endsContract || isRecurringApplication(session)) {
    return session.request.tracking_id ?? '';
  }
  return recordPurchase(ctx, session, 'failed', now).trackingId;
}

/** The buyer pressed cancel (or typed `cancel@au.example`): back to cancel_url, no A02-1. */
function cancelPurchase(ctx: CompletionContext, session: BuyerSession): BrowserReturn {
  const now = ctx.options.now();
  const fields = sessionResult(session, {
    result: 'NG',
    trackingId: endedAttemptTrackingId(ctx, session, now),
    paymentDate: '',
    errCode: '',
    date: formatSbpsDate(now),
  });
  return browserReturn(ctx, session, 'cancel', fields);
}

/** A buyer-side failure (limit, restriction, 4-minute rule): error_url with NG, no A02-1. */
function failPurchase(
  ctx: CompletionContext,
  session: BuyerSession,
  failure: 'limit' | 'restricted' | 'timeout',
): BrowserReturn {
  const now = ctx.options.now();
  const fields = sessionResult(session, {
    result: 'NG',
    trackingId: endedAttemptTrackingId(ctx, session, now),
    paymentDate: '',
    errCode: ctx.options.errorCodes[failure],
    date: formatSbpsDate(now),
  });
  return browserReturn(ctx, session, 'error', fields, failure);
}

/**
 * KDDI authorized the payment: SBPS records it, then reports it (see `reportSuccess`). A failed
 * report leaves the purchase inconsistent: SBPS holds it until corrected (spec §5).
 */
async function authorizePurchase(
  ctx: CompletionContext,
  session: BuyerSession,
): Promise<BrowserReturn> {
  const salesMode = await salesModeOf(ctx, session);
  const now = ctx.options.now();
  const purchase = recordPurchase(ctx, session, 'authorized', now, salesMode);
  return reportSuccess(ctx, session, purchase.trackingId, now, () => {
    purchase.inconsistent = true;
  });
}

/**
 * Recurring-simple cancellation through the link (A01-1 `pay_type=1`, `service_type=1`, spec §4,
 * §15): the contract ends and SBPS sends its cancellation notice to the contract's `pagecon_url`
 * (the contract's rows, `service_type=1`, `res_result=OK`, spec §17 item 17 [A]); the browser
 * then takes this request's own result (A03-1) to `success_url`.
 */
async function cancelContractByLink(
  ctx: CompletionContext,
  session: BuyerSession,
): Promise<BrowserReturn> {
  const trackingId = session.request.tracking_id ?? '';
  const contract = ctx.ledger.contract(trackingId);
  const now = ctx.options.now();
  ctx.ledger.useOrderId(session.orderId);
  if (!contract) return reportSuccess(ctx, session, trackingId, now, () => {});
  ctx.ledger.cancelContract(contract, now);
  return reportSuccess(ctx, session, trackingId, now, () => {}, {
    url: contractPageconUrl(contract),
    fields: () => contractNoticeFields({ kind: 'cancellation', contract }, ctx.options.now()),
  });
}

/**
 * D01-1 `service_type=0` (application, spec §7, §15 [A]): a fixed-term / pay-as-you-go contract
 * opens with no charge; `service_type=2` (re-application): the cancelled contract named by
 * `tracking_id` is active again. Either is reported like a purchase (A02-1, then A03-1), with the
 * contract's tracking ID.
 */
async function applyForContract(
  ctx: CompletionContext,
  session: BuyerSession,
): Promise<BrowserReturn> {
  const now = ctx.options.now();
  const request = session.request;
  ctx.ledger.useOrderId(session.orderId);
  const named = ctx.ledger.contract(request.tracking_id ?? '');
  let trackingId: string;
  if (request.service_type === '2' && named) {
    ctx.ledger.reactivateContract(named, now);
    trackingId = named.trackingId;
  } else {
    trackingId = ctx.ledger.newTrackingId();
    ctx.ledger.openContract({
      trackingId,
      kind: 'fixed',
      custCode: request.cust_code ?? '',
      // No payment yet: the 365 days count from the application [A].
      lastPaymentAt: now,
      openedAt: now,
      signUp: session.pairs,
      failsMonthlyBilling: false,
    });
  }
  return reportSuccess(ctx, session, trackingId, now, () => {});
}

/**
 * D01-1 `service_type=1` (spec §7, §15): the buyer ends a fixed-term contract on SBPS's screens;
 * the D01-1 result reports it (no separate notice, unlike recurring simple).
 */
async function cancelFixedContract(
  ctx: CompletionContext,
  session: BuyerSession,
): Promise<BrowserReturn> {
  const now = ctx.options.now();
  const trackingId = session.request.tracking_id ?? '';
  const contract = ctx.ledger.contract(trackingId);
  ctx.ledger.useOrderId(session.orderId);
  if (contract) ctx.ledger.cancelContract(contract, now);
  return reportSuccess(ctx, session, trackingId, now, () => {});
}

/**
 * Notifies `pagecon_url` (A02-1, UTF-8 hash in UPPERCASE) and insists on `OK,`; only then is the
 * browser sent to `success_url` (A03-1). Anything else calls `onUnanswered` and sends the buyer to
 * `error_url` (spec §5). The scenario shapes the notification: sent with a wrong hash (`ng@`),
 * twice (`duplicate@`) or after the browser has gone back (`slow@`). `notice` replaces the A02-1
 * (a link cancellation's notice goes to the contract's `pagecon_url` with the contract's rows).
 */
async function reportSuccess(
  ctx: CompletionContext,
  session: BuyerSession,
  trackingId: string,
  processedAt: Date,
  onUnanswered: () => void,
  notice?: { readonly url: string; readonly fields: () => Array<[string, string]> },
): Promise<BrowserReturn> {
  const { options } = ctx;
  const paymentDate = formatSbpsDate(processedAt);
  const outcome = session.scenario?.outcome ?? 'success';
  // The A02-1 and the A03-1 carry the same result; `date` is when each is sent.
  const fieldsNow = (result: 'OK' | 'NG', errCode: string) =>
    sessionResult(session, {
      result,
      trackingId,
      paymentDate,
      errCode,
      date: formatSbpsDate(options.now()),
    });

  const notify = async (): Promise<boolean> => {
    const fields = notice ? notice.fields() : fieldsNow('OK', '');
    // ng@au.example: signed with a key that is not the merchant's, so a merchant that verifies
    // answers NG.
    const key =
      outcome === 'notification_ng' ? `${options.hashKey}:sandbox-wrong-key` : options.hashKey;
    const pairs = signed('notification', fields, key);
    const times = outcome === 'duplicate' ? 2 : 1;
    for (let attempt = 1; attempt <= times; attempt += 1) {
      const answer = await postResultNotification({
        url: notice ? notice.url : (session.request.pagecon_url ?? ''),
        pairs,
        fetch: options.fetch,
        timeoutMs: options.notificationTimeoutMs,
        strict: options.strictAnswer,
      });
      const log = { orderId: session.orderId, trackingId, attempt, ...answer };
      if (!answer.accepted) {
        onUnanswered();
        options.logger.warn(
          log,
          'A02-1 not answered OK,: the purchase is now inconsistent (spec §5)',
        );
        return false;
      }
      if (outcome === 'notification_ng') {
        options.logger.error(
          log,
          'The merchant answered OK, to an A02-1 with a wrong sps_hashcode: it must verify the hash (UTF-8) and answer NG,',
        );
      } else {
        options.logger.info(log, 'A02-1 answered OK,');
      }
    }
    return true;
  };

  const successFields = fieldsNow('OK', '');

  if (outcome === 'slow') {
    const delayed = new Promise<void>((resolve) => {
      setTimeout(resolve, options.slowNotificationDelayMs);
    }).then(notify);
    ctx.background.add(delayed);
    void delayed.finally(() => ctx.background.delete(delayed));
    return browserReturn(ctx, session, 'success', successFields);
  }

  if (await notify()) return browserReturn(ctx, session, 'success', successFields);
  const errorFields = fieldsNow('NG', options.errorCodes.notification);
  return browserReturn(ctx, session, 'error', errorFields, 'notification');
}
