import express, { type Request, type Response, type Router } from 'express';
import { buyerScreens } from '../au/buyer-screens.js';
import type { Agreement } from '../au/buyer-sessions.js';
import { BuyerSessions } from '../au/buyer-sessions.js';
import { chooseLayout } from '../au/device-layout.js';
import type { EmulatorHost } from '../emulator-host.js';
import { newCspNonce, sandboxHelmet, sendHtml } from '../security-headers.js';
import { ContractNotices, type SentContractNotice } from './contract-notices.js';
import type { AcceptedLinkRequest, LinkRefusal } from './link-checks.js';
import { monthlyBilling } from './monthly-billing.js';
import { resolveOptions, type SbpsEmulatorOptions } from './options.js';
import {
  type CompletionContext,
  isContractCancellation,
  sbpsPurchaseEnding,
} from './purchase-completion.js';
import { PurchaseLedger, type SandboxContract, type SandboxPurchase } from './purchase-ledger.js';
import { checkPurchaseRequest } from './purchase-request.js';
import { rawBody } from './raw-body.js';
import { checkRecurringApplication } from './recurring-application-request.js';
import { renderSbpsErrorPage } from './sbps-error-page.js';
import { xmlApiHandler } from './xml-api.js';

/** Read access to what the emulated SBPS holds, for tests and tools. */
export interface SbpsEmulatorState {
  purchase(trackingId: string): Readonly<SandboxPurchase> | undefined;
  purchasesForOrder(orderId: string): ReadonlyArray<Readonly<SandboxPurchase>>;
  purchases(): ReadonlyArray<Readonly<SandboxPurchase>>;
  contract(trackingId: string): Readonly<SandboxContract> | undefined;
  contracts(): ReadonlyArray<Readonly<SandboxContract>>;
  /** The notices SBPS sent about contracts (monthly failures, cancellations after the API). */
  notices(): ReadonlyArray<Readonly<SentContractNotice>>;
  /**
   * Does what is due on the sandbox clock: SBPS's monthly billing of recurring-simple contracts
   * (each contract and month once) and its failure notices. Resolves when they are answered.
   */
  processDue(): Promise<void>;
}

/** The emulator's router, what it holds, and its messages still on their way. */
export interface SbpsEmulator {
  readonly router: Router;
  readonly state: SbpsEmulatorState;
  /** A02-1s still running (the slow scenario sends one after the browser left). */
  readonly background: ReadonlySet<Promise<unknown>>;
}

const FORM_LIMIT = '64kb';

/**
 * The SBPS emulator: a faithful SoftBank Payment Service with KDDI's au screens for au Kantan
 * Kessai (spec/sbps-au.md §18), as an Express router. `createSandbox` mounts it at `/sbps`, where
 * the bridge's default `SBPS_PURCHASE_URL` and `SBPS_API_URL` point:
 *
 * - `POST /f01/FepBuyInfoReceive.do` — A01-1 purchase request (`?layout=web|wap` optional)
 * - `POST /f01/FepPayInfoReceive.do` — D01-1 recurring application (assumed path, spec §17 item 10)
 * - `GET|POST /au/:sessionId/{login,code,confirm,cancel}` — the au screens
 * - `POST /api/xmlapi.do` — the API type (sales, cancel/refund, recurring)
 */
export function createSbpsEmulator(input: SbpsEmulatorOptions, host: EmulatorHost): SbpsEmulator {
  const options = resolveOptions(input, host);
  const ledger = new PurchaseLedger();
  const sessions = new BuyerSessions();
  const background = new Set<Promise<unknown>>();
  const notices = new ContractNotices(options, background);
  const completion: CompletionContext = { options, ledger, background, notices };
  const router = express.Router();

  router.use(sandboxHelmet());

  const context = () => ({
    merchantId: options.merchantId,
    serviceId: options.serviceId,
    hashKey: options.hashKey,
    now: options.now(),
    ledger,
    notificationOrigins: options.notificationOrigins,
  });

  /** Shows SBPS's error page, or starts the au screens for an accepted request. */
  async function startBuyer(
    req: Request,
    res: Response,
    requestKind: 'A01-1' | 'D01-1',
    checked: AcceptedLinkRequest | LinkRefusal,
  ): Promise<void> {
    const layout = chooseLayout(req.query.layout, req.get('user-agent'));
    if (!checked.ok) {
      options.logger.warn(
        { code: checked.code, reason: checked.reasonEn },
        `${requestKind} refused`,
      );
      const nonce = newCspNonce();
      await sendHtml(req, res, {
        status: 400,
        nonce,
        body: renderSbpsErrorPage({ layout, nonce, ...checked }),
      });
      return;
    }
    const request = checked.values;
    const endsContract =
      requestKind === 'D01-1' ? request.service_type === '1' : isContractCancellation(request);
    const agreement = agreementOf(requestKind, request);
    const session = sessions.create({
      requestKind,
      request,
      pairs: checked.pairs,
      orderId: request.order_id ?? '',
      purchase: {
        itemName: request.item_name ?? '',
        amount: Number(request.amount ?? 0),
        endsContract,
        ...(agreement ? { agreement } : {}),
      },
      layout,
      now: options.now(),
    });
    options.logger.info({ orderId: session.orderId, layout }, `${requestKind} accepted`);
    res.redirect(303, `${req.baseUrl}/au/${session.id}/login`);
  }

  router.post(
    '/f01/FepBuyInfoReceive.do',
    express.raw({ type: () => true, limit: FORM_LIMIT }),
    async (req: Request, res: Response) => {
      const checked = checkPurchaseRequest(rawBody(req), {
        ...context(),
        requireItemName: options.requireItemName,
      });
      await startBuyer(req, res, 'A01-1', checked);
    },
  );

  router.post(
    '/f01/FepPayInfoReceive.do',
    express.raw({ type: () => true, limit: FORM_LIMIT }),
    async (req: Request, res: Response) => {
      await startBuyer(req, res, 'D01-1', checkRecurringApplication(rawBody(req), context()));
    },
  );

  router.use(
    '/au/:sessionId',
    buyerScreens({
      sessions,
      ending: sbpsPurchaseEnding(completion),
      now: options.now,
      formActionOrigins: options.formActionOrigins,
    }),
  );

  router.post(
    '/api/xmlapi.do',
    express.raw({ type: () => true, limit: FORM_LIMIT }),
    xmlApiHandler({
      options,
      ledger,
      onSimpleContractEnded: (contract) => {
        void notices.send({ kind: 'cancellation', contract });
      },
    }),
  );

  return {
    router,
    state: {
      purchase: (trackingId) => ledger.purchase(trackingId),
      purchasesForOrder: (orderId) => ledger.purchasesForOrder(orderId),
      purchases: () => ledger.list(),
      contract: (trackingId) => ledger.contract(trackingId),
      contracts: () => ledger.contracts(),
      notices: () => notices.list(),
      processDue: monthlyBilling({ ledger, notices, now: options.now }),
    },
    background,
  };
}

/** What the buyer agrees to, shown on the confirmation screen (spec §4 tabs, §7). */
function agreementOf(
  requestKind: 'A01-1' | 'D01-1',
  request: Readonly<Record<string, string>>,
): Agreement | undefined {
  if (requestKind === 'D01-1') {
    return request.service_type === '1'
      ? { kind: 'cancellation', contract: 'on_demand' }
      : { kind: 'on_demand' };
  }
  if (isContractCancellation(request)) return { kind: 'cancellation', contract: 'monthly' };
  if (request.pay_type === '1') return { kind: 'monthly', amount: Number(request.amount) };
  if (request.pay_type === '2') return { kind: 'on_demand', firstCharge: Number(request.amount) };
  return undefined;
}
