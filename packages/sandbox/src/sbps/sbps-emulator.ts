import express, { type Request, type Response, type Router } from 'express';
import { buyerScreens } from './buyer-screens.js';
import { BuyerSessions } from './buyer-sessions.js';
import { chooseLayout } from './device-layout.js';
import { type ResolvedSandboxOptions, resolveOptions, type SbpsSandboxOptions } from './options.js';
import type { CompletionContext } from './purchase-completion.js';
import { PurchaseLedger, type SandboxContract, type SandboxPurchase } from './purchase-ledger.js';
import { checkPurchaseRequest } from './purchase-request.js';
import { rawBody } from './raw-body.js';
import { renderSbpsErrorPage } from './screens/sbps-error-page.js';
import { newCspNonce, sandboxHelmet, sendHtml } from './security-headers.js';
import { xmlApiHandler } from './xml-api.js';

/** Read access to what the emulated SBPS holds, for tests and the demo. */
export interface SbpsSandboxState {
  purchase(trackingId: string): Readonly<SandboxPurchase> | undefined;
  purchasesForOrder(orderId: string): ReadonlyArray<Readonly<SandboxPurchase>>;
  purchases(): ReadonlyArray<Readonly<SandboxPurchase>>;
  contract(trackingId: string): Readonly<SandboxContract> | undefined;
}

/** The Express router, plus a view of the sandbox's state and a way to wait for its work. */
export type SbpsSandboxRouter = Router & {
  readonly sandbox: SbpsSandboxState & {
    /** Resolves when no A02-1 is pending (the slow scenario sends one after the browser left). */
    whenIdle(): Promise<void>;
  };
};

const FORM_LIMIT = '64kb';

/**
 * The SBPS sandbox acquirer: a faithful emulator of SoftBank Payment Service and KDDI's au
 * screens for au Kantan Kessai (spec/sbps-au.md §18), as an Express router. Mount it where the
 * bridge's `SBPS_PURCHASE_URL` and `SBPS_API_URL` point, e.g. `/sandbox/sbps`:
 *
 * - `POST /f01/FepBuyInfoReceive.do` — A01-1 purchase request (`?layout=web|wap` optional)
 * - `GET|POST /au/:sessionId/{login,code,confirm,cancel}` — the au screens
 * - `POST /api/xmlapi.do` — the API type (sales, cancel/refund, recurring)
 */
export function createSbpsSandbox(input: SbpsSandboxOptions): SbpsSandboxRouter {
  const options: ResolvedSandboxOptions = resolveOptions(input);
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
      const session = sessions.create({
        request: checked.values,
        pairs: checked.pairs,
        layout,
        now: options.now(),
      });
      options.logger.info({ orderId: session.orderId, layout }, 'A01-1 accepted');
      res.redirect(303, `${req.baseUrl}/au/${session.id}/login`);
    },
  );

  router.use('/au/:sessionId', buyerScreens({ sessions, completion }));

  router.post(
    '/api/xmlapi.do',
    express.raw({ type: () => true, limit: FORM_LIMIT }),
    xmlApiHandler({ options, ledger }),
  );

  const state: SbpsSandboxRouter['sandbox'] = {
    purchase: (trackingId) => ledger.purchase(trackingId),
    purchasesForOrder: (orderId) => ledger.purchasesForOrder(orderId),
    purchases: () => ledger.list(),
    contract: (trackingId) => ledger.contract(trackingId),
    async whenIdle() {
      while (completion.background.size > 0) {
        await Promise.allSettled([...completion.background]);
      }
    },
  };
  return Object.assign(router, { sandbox: state });
}
