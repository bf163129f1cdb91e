import { randomBytes } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';

interface CspLocals {
  cspNonce?: string;
  formActionSources?: string;
}

function locals(res: Response): CspLocals {
  return res.locals as CspLocals;
}

/** helmet's headers for every sandbox response; the CSP is set per page by `sendHtml`. */
export function sandboxHelmet(): RequestHandler {
  return helmet({ contentSecurityPolicy: false });
}

// Evaluated per response: helmet calls the functions with the response whose locals hold the
// nonce and the merchant's origins. No `upgrade-insecure-requests`: the sandbox runs on plain
// http://127.0.0.1 and upgraded form posts would fail.
const pageCsp = helmet.contentSecurityPolicy({
  useDefaults: false,
  directives: {
    defaultSrc: ["'none'"],
    baseUri: ["'none'"],
    frameAncestors: ["'none'"],
    imgSrc: ["'self'", 'data:'],
    scriptSrc: [(_req, res) => `'nonce-${locals(res as Response).cspNonce ?? ''}'`],
    styleSrc: [(_req, res) => `'nonce-${locals(res as Response).cspNonce ?? ''}'`],
    formAction: ["'self'", (_req, res) => locals(res as Response).formActionSources ?? ''],
  },
});

/** A fresh nonce for the one inline script and the inline stylesheet of a page. */
export function newCspNonce(): string {
  return randomBytes(18).toString('base64');
}

/** The origin of a URL for `form-action`, or undefined when it is not an http(s) URL. */
export function originOf(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.origin : undefined;
  } catch {
    return undefined;
  }
}

export interface HtmlResponse {
  readonly status?: number;
  readonly nonce: string;
  /** Page markup; a `Buffer` when already encoded (Shift_JIS pages). */
  readonly body: string | Buffer;
  readonly charset?: 'utf-8' | 'Shift_JIS';
  /** Origins the page's forms may post to besides the sandbox itself. */
  readonly formActionOrigins?: readonly string[];
}

/** Sends a page with its per-response CSP, uncached (the screens carry a session). */
export function sendHtml(req: Request, res: Response, page: HtmlResponse): Promise<void> {
  const origins = [...new Set(page.formActionOrigins ?? [])].filter((o) =>
    /^https?:\/\/[^\s;,]+$/.test(o),
  );
  locals(res).cspNonce = page.nonce;
  locals(res).formActionSources = origins.join(' ');
  return new Promise((resolve, reject) => {
    const next: NextFunction = (error?: unknown) => {
      if (error) {
        reject(error);
        return;
      }
      res
        .status(page.status ?? 200)
        .set('Cache-Control', 'no-store')
        .type(`text/html; charset=${page.charset ?? 'utf-8'}`)
        .send(page.body);
      resolve();
    };
    pageCsp(req, res, next);
  });
}
