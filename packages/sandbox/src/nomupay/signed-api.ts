import { signNomupayMessage, verifyNomupayRequest } from '@au-pay/core/nomupay';
import type { NextFunction, Request, Response } from 'express';
import { apiError, errorBody, type NomupayApiError } from './api-error.js';
import type { ResolvedNomupayOptions } from './options.js';

/** The raw request body (`express.raw`), empty for a request without one. */
export function rawBodyOf(req: Request): Buffer {
  return Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
}

/**
 * Sends `body` as NomuPay answers: JSON, with an HS256 `X-Signature` over the exact bytes sent
 * (spec/nomupay-au.md §4; no `aud` on responses).
 */
export function sendSigned(
  res: Response,
  options: ResolvedNomupayOptions,
  status: number,
  body: string,
): void {
  const signature = signNomupayMessage({
    body,
    kid: options.hmacKid,
    hmacKey: options.hmacKey,
    now: options.now(),
  });
  res
    .status(status)
    .set('content-type', 'application/json; charset=utf-8')
    .set('x-signature', signature)
    .send(Buffer.from(body, 'utf8'));
}

export function sendError(res: Response, options: ResolvedNomupayOptions, error: NomupayApiError) {
  sendSigned(res, options, error.status, JSON.stringify(errorBody(error)));
}

/**
 * Verifies every request as NomuPay does (spec §3): ES256 detached JWS over the raw body (an empty
 * string for a GET), a registered `kid`, `aud` = method and path with query as sent (under a mount,
 * `req.originalUrl`: the path the merchant's client requested), `exp` in the future and at most
 * 5 minutes ahead, no other claim. Anything else is a 401 that says why.
 */
export function requireRequestSignature(options: ResolvedNomupayOptions) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const verification = verifyNomupayRequest({
      signatureHeader: req.headers['x-signature'],
      method: req.method,
      path: req.originalUrl,
      body: rawBodyOf(req),
      publicKeys: options.keys,
      now: options.now(),
    });
    if (verification.ok) {
      next();
      return;
    }
    options.logger.warn(
      { method: req.method, path: req.originalUrl, reason: verification.reason },
      'NomuPay request signature refused',
    );
    sendError(
      res,
      options,
      apiError(
        401,
        verification.reason,
        verification.message,
        'X-Signature を検証できませんでした（ES256、登録済みの kid、aud = メソッドとクエリを含むパス、5 分以内の exp）。',
      ),
    );
  };
}
