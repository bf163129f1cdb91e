import type { AcquirerId } from '@au-pay/core';
import type { Request, Response } from 'express';
import type { BridgeApi } from './bridge-api.js';
import { Cart } from './cart.js';
import { cookieOptions, readCookie } from './cookies.js';
import { DEFAULT_LANG, isLang, type Lang, messagesFor } from './i18n/index.js';
import type { PageContext } from './views/layout.js';
import type { TestAuId } from './views/pay-page.js';
import type { WebhookInbox } from './webhook-inbox.js';

/** The few log calls the shop makes (pino's logger fits). */
export interface ShopLogger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

/** Everything the shop's routes need, built once by `startShop`. */
export interface ShopContext {
  /** `http://127.0.0.1:3000`: where buyers come back to and webhooks arrive. */
  origin: string;
  api: BridgeApi;
  inbox: WebhookInbox;
  /** The signing secret of the shop's webhook endpoint (the bridge's `WEBHOOK_SECRET`). */
  webhookSecret: string | null;
  /** Whether `GET /bridge/au-pay.js` answers yet. */
  widgetAvailable(): Promise<boolean>;
  testAuIds(lang: Lang): readonly TestAuId[];
  logger: ShopLogger;
  now(): Date;
  /**
   * The acquirers the bridge has configured (all three in sandbox mode), in the project's order of
   * preference; the cart offers these.
   */
  acquirers: readonly AcquirerId[];
  /** The one the cart preselects: the bridge's `AU_PAY_DEFAULT_ACQUIRER`. */
  defaultAcquirer: AcquirerId;
  /** The bridge runs in sandbox mode: the orders page shows the sandbox clock. */
  sandbox?: boolean;
}

export const COOKIE = {
  lang: 'lang',
  cart: 'cart',
  /** The payment this browser is paying, with its client secret, for the pay page. */
  checkout: 'checkout',
  /** One notice for the next page (post/redirect/get). */
  flash: 'flash',
} as const;

const YEAR_MS = 365 * 24 * 60 * 60 * 1000;
const MONTH_MS = 30 * 24 * 60 * 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;

/**
 * The page's language: `?lang=` (remembered in a cookie), else the cookie, else Japanese.
 */
export function resolveLang(req: Request, res: Response, shop: ShopContext): Lang {
  const asked = req.query.lang;
  if (isLang(asked)) {
    if (readCookie(req, COOKIE.lang) !== asked) {
      res.cookie(COOKIE.lang, asked, cookieOptions(isSecure(shop), YEAR_MS));
    }
    return asked;
  }
  const remembered = readCookie(req, COOKIE.lang);
  return isLang(remembered) ? remembered : DEFAULT_LANG;
}

export function isSecure(shop: ShopContext): boolean {
  return shop.origin.startsWith('https:');
}

export function pageContext(
  req: Request,
  res: Response,
  section: PageContext['section'],
): PageContext {
  const lang = res.locals.lang as Lang;
  return {
    lang,
    t: messagesFor(lang),
    url: req.originalUrl,
    cartCount: readCart(req).count(),
    section,
  };
}

export function readCart(req: Request): Cart {
  return Cart.parse(readCookie(req, COOKIE.cart));
}

export function writeCart(res: Response, shop: ShopContext, cart: Cart): void {
  if (cart.isEmpty()) res.clearCookie(COOKIE.cart, cookieOptions(isSecure(shop)));
  else res.cookie(COOKIE.cart, cart.serialize(), cookieOptions(isSecure(shop), MONTH_MS));
}

/** The checkout this browser started: the pay page needs its client secret. */
export interface CheckoutCookie {
  paymentId: string;
  clientSecret: string;
}

export function readCheckout(req: Request): CheckoutCookie | null {
  const text = readCookie(req, COOKIE.checkout);
  if (!text) return null;
  try {
    const value = JSON.parse(text) as Partial<CheckoutCookie>;
    if (typeof value.paymentId === 'string' && typeof value.clientSecret === 'string') {
      return { paymentId: value.paymentId, clientSecret: value.clientSecret };
    }
  } catch {
    // Unreadable: as if there were none.
  }
  return null;
}

export function writeCheckout(res: Response, shop: ShopContext, checkout: CheckoutCookie): void {
  res.cookie(COOKIE.checkout, JSON.stringify(checkout), cookieOptions(isSecure(shop), HOUR_MS));
}

export function clearCheckout(res: Response, shop: ShopContext): void {
  res.clearCookie(COOKIE.checkout, cookieOptions(isSecure(shop)));
}

/** Leaves a small JSON notice for the next page the browser loads. */
export function setFlash(res: Response, shop: ShopContext, value: unknown): void {
  res.cookie(COOKIE.flash, JSON.stringify(value), cookieOptions(isSecure(shop), 60_000));
}

/** Reads and forgets the notice left by the previous request. */
export function takeFlash(req: Request, res: Response, shop: ShopContext): unknown {
  const text = readCookie(req, COOKIE.flash);
  if (text === undefined) return undefined;
  res.clearCookie(COOKIE.flash, cookieOptions(isSecure(shop)));
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** A payment id as the bridge makes them (`pay_` + base62); anything else is not looked up. */
export function isPaymentId(value: unknown): value is string {
  return typeof value === 'string' && /^pay_[A-Za-z0-9]{8,64}$/.test(value);
}

/** The acquirer a form or link asked for, if the bridge has it configured; else the default. */
export function chosenAcquirer(shop: ShopContext, asked: unknown): AcquirerId {
  return shop.acquirers.find((id) => id === asked) ?? shop.defaultAcquirer;
}
