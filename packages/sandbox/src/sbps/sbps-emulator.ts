import express, { type Request, type Response, type Router } from 'express';
import { buyerScreens } from '../au/buyer-screens.js';
import { BuyerSessions } from '../au/buyer-sessions.js';
import { chooseLayout } from '../au/device-layout.js';
import type { EmulatorHost } from '../emulator-host.js';
import { newCspNonce, sandboxHelmet, sendHtml } from '../security-headers.js';
import { resolveOptions, type SbpsEmulatorOptions } from './options.js';
import {
  type CompletionContext,
  isContractCancellation,
  sbpsPurchaseEnding,
} from './purchase-completion.js';
import { PurchaseLedger, type SandboxContract, type SandboxPurchase } from './purchase-ledger.js';
import { checkPurchaseRequest } from './purchase-request.js';
import { rawBody } from './raw-body.js';
import { renderSbpsErrorPage } from './sbps-error-page.js';
import { xmlApiHandler } from './xml-api.js';

/** Read access to what the emulated SBPS holds, for tests and tools. */
export interface SbpsEmulatorState {
  purchase(trackingId: string): Readonly<SandboxPurchase> | undefined;
  purchasesForOrder(orderId: string): ReadonlyArray<Readonly<SandboxPurchase>>;
  purchases(): ReadonlyArray<Readonly<SandboxPurchase>>;
  contract(trackingId: string): Readonly<SandboxContract> | undefined;
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
 * - `GET|POST /au/:sessionId/{login,code,confirm,cancel}` — the au screens
 * - `POST /api/xmlapi.do` — the API type (sales, cancel/refund, recurring)
 */
export function createSbpsEmulator(input: SbpsEmulatorOptions, host: EmulatorHost): SbpsEmulator {
  const options = resolveOptions(input, host);
  const ledger = new PurchaseLedger();
  const sessions = new BuyerSessions();
  const completion: CompletionContext = { options, ledger, background: new Set() };
  const router = express.Router();

  router.use(sandboxHelmet());

  router.post(
    '/f01/FepBuyInfoReceive.do',
    express.raw({ type: () => true, limit: FORM_LIMIT }),
    async (req: Request, res: Response) => {
      const layout = chooseLayout(req.query.layout, req.get('user-agent'));
      const body = rawBody(req);
      const checked = checkPurchaseRequest(body, {
        merchantId: options.merchantId,
        serviceId: options.serviceId,
        hashKey: options.hashKey,
        now: options.now(),
        ledger,
        notificationOrigins: options.notificationOrigins,
        requireItemName: options.requireItemName,
      });
      if (!checked.ok) {
        options.logger.warn({ code: checked.code, reason: checked.reasonEn }, 'A01-1 refused');
        const nonce = newCspNonce();
        await sendHtml(req, res, {
          status: 400,
          nonce,
          body: renderSbpsErrorPage({ layout, nonce, ...checked }),
        });
        return;
      }
      const request = checked.values;
      const session = sessions.create({
        request,
        pairs: checked.pairs,
        orderId: request.order_id ?? '',
        purchase: {
          itemName: request.item_name ?? '',
          amount: Number(request.amount),
          endsContract: isContractCancellation(request),
        },
        layout,
        now: options.now(),
      });
      options.logger.info({ orderId: session.orderId, layout }, 'A01-1 accepted');
      res.redirect(303, `${req.baseUrl}/au/${session.id}/login`);
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
    xmlApiHandler({ options, ledger }),
  );

  return {
    router,
    state: {
      purchase: (trackingId) => ledger.purchase(trackingId),
      purchasesForOrder: (orderId) => ledger.purchasesForOrder(orderId),
      purchases: () => ledger.list(),
      contract: (trackingId) => ledger.contract(trackingId),
    },
    background: completion.background,
  };
}
