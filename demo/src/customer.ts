import { randomBytes } from 'node:crypto';
import type { Request, Response } from 'express';
import { cookieOptions, readCookie } from './cookies.js';
import { isSecure, type ShopContext } from './shop-context.js';

/**
 * The demo's buyer, without a login: a customer id kept in a cookie, created at the first
 * subscription. A real shop uses its own account id. SBPS links `cust_code` to the buyer's au ID,
 * so it must be unique per end user (spec/sbps-au.md §1, A01-1 row 4: at most 64 characters).
 */
const COOKIE = 'customer';
const YEAR_MS = 365 * 24 * 60 * 60 * 1000;

export function readCustomer(req: Request): string | null {
  const value = readCookie(req, COOKIE);
  return value && /^demo-[0-9a-f]{16}$/.test(value) ? value : null;
}

/** This browser's customer id, made and remembered the first time. */
export function ensureCustomer(req: Request, res: Response, shop: ShopContext): string {
  const known = readCustomer(req);
  if (known) return known;
  const customer = `demo-${randomBytes(8).toString('hex')}`;
  res.cookie(COOKIE, customer, cookieOptions(isSecure(shop), YEAR_MS));
  return customer;
}
