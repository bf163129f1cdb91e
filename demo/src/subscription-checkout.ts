import type { Request, Response } from 'express';
import { cookieOptions, readCookie } from './cookies.js';
import { isSecure, type ShopContext } from './shop-context.js';

/**
 * The subscription this browser is signing up for, with its client secret, for the sign-up page
 * (as the `checkout` cookie does for a payment). A resume replaces it with the new secret.
 */
export interface SubscriptionCheckoutCookie {
  subscriptionId: string;
  clientSecret: string;
}

const COOKIE = 'subscription_checkout';
const HOUR_MS = 60 * 60 * 1000;

export function readSubscriptionCheckout(req: Request): SubscriptionCheckoutCookie | null {
  const text = readCookie(req, COOKIE);
  if (!text) return null;
  try {
    const value = JSON.parse(text) as Partial<SubscriptionCheckoutCookie>;
    if (typeof value.subscriptionId === 'string' && typeof value.clientSecret === 'string') {
      return { subscriptionId: value.subscriptionId, clientSecret: value.clientSecret };
    }
  } catch {
    // Unreadable: as if there were none.
  }
  return null;
}

export function writeSubscriptionCheckout(
  res: Response,
  shop: ShopContext,
  checkout: SubscriptionCheckoutCookie,
): void {
  res.cookie(COOKIE, JSON.stringify(checkout), cookieOptions(isSecure(shop), HOUR_MS));
}

/** A subscription id as the bridge makes them (`sub_` + base62); anything else is not looked up. */
export function isSubscriptionId(value: unknown): value is string {
  return typeof value === 'string' && /^sub_[A-Za-z0-9]{8,64}$/.test(value);
}
