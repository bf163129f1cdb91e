import { auCompletionDeadline } from '@au-pay/core';
import { encodeShiftJis } from '@au-pay/core/sbps';
import express, { type Request, type Response, type Router } from 'express';
import { newCspNonce, originOf, sendHtml } from '../security-headers.js';
import type { BrowserReturn, BuyerSession, BuyerSessions } from './buyer-sessions.js';
import { type Lang, messagesFor, parseLang } from './i18n/index.js';
import { scenarioForAuId } from './scenarios.js';
import {
  type FieldErrors,
  renderCodeScreen,
  renderConfirmScreen,
  renderLoginScreen,
  renderSessionErrorScreen,
} from './screens/au-screens.js';
import { renderReturnPage } from './screens/return-page.js';

type Step = 'login' | 'code' | 'confirm';

// Buyers type full-width digits and letters on Japanese keyboards: normalise before checking.
const normalise = (value: unknown): string =>
  typeof value === 'string' ? value.normalize('NFKC').trim() : '';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const MOBILE_NUMBER = /^0[5789]0\d{8}$/;

function field(req: Request, name: string): string {
  const body = req.body as Record<string, unknown> | undefined;
  return normalise(body?.[name]);
}

/**
 * How the emulated acquirer ends a buyer's au screens; each answers where the browser goes back
 * to. The au side only walks the buyer through the screens.
 */
export interface PurchaseEnding {
  /** The buyer confirmed with the PIN: the scenario of the au ID (`session.scenario`) decides. */
  confirm(session: BuyerSession): Promise<BrowserReturn>;
  /** The buyer pressed cancel on a screen. */
  cancel(session: BuyerSession): BrowserReturn | Promise<BrowserReturn>;
  /** The session's deadline passed (SBPS: the 4-minute rule, spec/sbps-au.md §16). */
  timeOut(session: BuyerSession): BrowserReturn | Promise<BrowserReturn>;
}

export interface AuScreensOptions {
  readonly sessions: BuyerSessions;
  readonly ending: PurchaseEnding;
  /** The clock of the 4-minute rule. */
  readonly now: () => Date;
  /** Origins the return page may post to besides the return URL's own (CSP `form-action`). */
  readonly formActionOrigins: readonly string[];
  /**
   * When the buyer can no longer finish; by default SBPS's 4-minute rule from the first au screen
   * (spec/sbps-au.md §16). Antom: 14 minutes after the pay request (spec/antom-au.md §10).
   */
  readonly deadline?: (session: BuyerSession) => Date;
}

/** The au screens: login → 6-digit code → confirmation with PIN → back to the shop. */
export function buyerScreens(deps: AuScreensOptions): Router {
  const { sessions, ending } = deps;
  const deadline =
    deps.deadline ?? ((session: BuyerSession) => auCompletionDeadline(session.startedAt as Date));
  const router = express.Router({ mergeParams: true });
  const form = express.urlencoded({ extended: false, limit: '8kb' });

  const context = (session: BuyerSession, errors?: FieldErrors) => ({
    messages: messagesFor(session.lang),
    layout: session.layout,
    nonce: newCspNonce(),
    ...(errors ? { errors } : {}),
  });

  const sendScreen = (req: Request, res: Response, ctx: { nonce: string }, body: string) =>
    sendHtml(req, res, { nonce: ctx.nonce, body });

  async function sessionError(
    req: Request,
    res: Response,
    reason: 'notFound' | 'superseded' | 'finished',
    lang: Lang = 'ja',
    layout: 'web' | 'wap' = 'web',
  ): Promise<void> {
    const nonce = newCspNonce();
    await sendHtml(req, res, {
      status: reason === 'notFound' ? 404 : 410,
      nonce,
      body: renderSessionErrorScreen({ messages: messagesFor(lang), layout, nonce }, reason),
    });
  }

  async function sendReturn(
    req: Request,
    res: Response,
    session: BuyerSession,
    back: BrowserReturn,
  ) {
    const m = messagesFor(session.lang);
    const nonce = newCspNonce();
    const title =
      back.kind === 'success'
        ? session.purchase.endsContract
          ? m.cancelContract.doneTitle
          : session.purchase.agreement
            ? m.agreement.doneTitle
            : m.result.successTitle
        : back.kind === 'cancel'
          ? m.result.cancelTitle
          : m.result.failureTitle;
    const page = renderReturnPage({
      messages: m,
      layout: session.layout,
      nonce,
      title,
      ...(back.failure ? { message: m.result.failure[back.failure] } : {}),
      action: back.action,
      fields: back.fields,
      ...(back.method ? { method: back.method } : {}),
    });
    const target = originOf(back.action);
    await sendHtml(req, res, {
      nonce,
      charset: 'Shift_JIS',
      body: Buffer.from(encodeShiftJis(page)),
      formActionOrigins: [...(target ? [target] : []), ...deps.formActionOrigins],
    });
  }

  /** Ends the session once; a repeated submit (double click, reload) gets the same page. */
  function end(session: BuyerSession, produce: () => BrowserReturn | Promise<BrowserReturn>) {
    if (!session.outcome) {
      session.step = 'ended';
      session.outcome = Promise.resolve().then(produce);
    }
    return session.outcome;
  }

  /**
   * Loads the session of the URL and applies the rules every screen shares: `?lang=`, the start of
   * the 4-minute rule at the first au screen, and its end (spec §16). Answers itself and returns
   * undefined when the buyer cannot go on.
   */
  async function open(req: Request, res: Response): Promise<BuyerSession | undefined> {
    const lang = parseLang(req.query.lang);
    const session = sessions.get(String(req.params.sessionId));
    if (!session) {
      await sessionError(req, res, 'notFound', lang);
      return undefined;
    }
    if (lang) session.lang = lang;
    if (session.superseded) {
      await sessionError(req, res, 'superseded', session.lang, session.layout);
      return undefined;
    }
    const now = deps.now();
    session.startedAt ??= now;
    if (session.step !== 'ended' && now >= deadline(session)) {
      await sendReturn(req, res, session, await end(session, () => ending.timeOut(session)));
      return undefined;
    }
    return session;
  }

  /** GET of a screen that is not the current step goes to the current one. */
  async function atStep(
    req: Request,
    res: Response,
    step: Step,
  ): Promise<BuyerSession | undefined> {
    const session = await open(req, res);
    if (!session) return undefined;
    if (session.step === 'ended') {
      await sessionError(req, res, 'finished', session.lang, session.layout);
      return undefined;
    }
    if (session.step !== step) {
      res.redirect(303, session.step);
      return undefined;
    }
    return session;
  }

  router.get('/', async (req, res) => {
    const session = await open(req, res);
    if (!session) return;
    if (session.step === 'ended')
      await sessionError(req, res, 'finished', session.lang, session.layout);
    else res.redirect(303, `${req.baseUrl}/${session.step}`);
  });

  router.get('/login', async (req, res) => {
    const session = await atStep(req, res, 'login');
    if (!session) return;
    const ctx = context(session);
    await sendScreen(req, res, ctx, renderLoginScreen(ctx, { auId: session.auId ?? '' }));
  });

  router.post('/login', form, async (req, res) => {
    const session = await atStep(req, res, 'login');
    if (!session) return;
    const m = messagesFor(session.lang).login;
    const auId = field(req, 'au_id');
    const password = typeof req.body?.password === 'string' ? (req.body.password as string) : '';
    const errors: Record<string, string> = {};
    if (auId === '') errors.au_id = m.auIdRequired;
    else if (!EMAIL.test(auId) && !MOBILE_NUMBER.test(auId.replace(/-/g, '')))
      errors.au_id = m.auIdFormat;
    if (password === '') errors.password = m.passwordRequired;
    else if (password.length > 64) errors.password = m.passwordLength;
    if (Object.keys(errors).length > 0) {
      const ctx = context(session, errors);
      await sendScreen(req, res, ctx, renderLoginScreen(ctx, { auId }));
      return;
    }
    session.auId = auId;
    session.scenario = scenarioForAuId(auId);
    session.step = 'code';
    res.redirect(303, 'code');
  });

  router.get('/code', async (req, res) => {
    const session = await atStep(req, res, 'code');
    if (!session) return;
    const ctx = context(session);
    await sendScreen(req, res, ctx, renderCodeScreen(ctx, session.verificationCode));
  });

  router.post('/code', form, async (req, res) => {
    const session = await atStep(req, res, 'code');
    if (!session) return;
    const m = messagesFor(session.lang).code;
    const code = field(req, 'code').replace(/[\s-]/g, '');
    const error =
      code === ''
        ? m.codeRequired
        : !/^\d{6}$/.test(code)
          ? m.codeFormat
          : code !== session.verificationCode
            ? m.codeMismatch
            : undefined;
    if (error) {
      const ctx = context(session, { code: error });
      await sendScreen(req, res, ctx, renderCodeScreen(ctx, session.verificationCode));
      return;
    }
    session.step = 'confirm';
    res.redirect(303, 'confirm');
  });

  router.get('/confirm', async (req, res) => {
    const session = await atStep(req, res, 'confirm');
    if (!session) return;
    const ctx = context(session);
    await sendScreen(req, res, ctx, renderConfirmScreen(ctx, session.purchase));
  });

  router.post('/confirm', form, async (req, res) => {
    const session = await open(req, res);
    if (!session) return;
    if (session.outcome) {
      await sendReturn(req, res, session, await session.outcome);
      return;
    }
    if (session.step !== 'confirm') {
      res.redirect(303, session.step);
      return;
    }
    const m = messagesFor(session.lang).confirm;
    const pin = field(req, 'pin');
    const error = pin === '' ? m.pinRequired : !/^\d{4}$/.test(pin) ? m.pinFormat : undefined;
    if (error) {
      const ctx = context(session, { pin: error });
      await sendScreen(req, res, ctx, renderConfirmScreen(ctx, session.purchase));
      return;
    }
    const back = await end(session, () => ending.confirm(session));
    await sendReturn(req, res, session, back);
  });

  router.post('/cancel', form, async (req, res) => {
    const session = await open(req, res);
    if (!session) return;
    const back = await end(session, () => ending.cancel(session));
    await sendReturn(req, res, session, back);
  });

  return router;
}
