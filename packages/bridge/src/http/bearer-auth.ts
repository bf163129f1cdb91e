import type { IncomingMessage } from 'node:http';
import type { RequestHandler } from 'express';
import { ApiError, sendApiError } from './api-error.js';
import { secretMatcher } from './secret-compare.js';

/**
 * Whether a request carries `Authorization: Bearer <secret key>`, compared in constant time. Both
 * the merchant API and its wrong-key rate limit ask it.
 */
export function secretKeyCheck(secretKey: string): (req: IncomingMessage) => boolean {
  const matches = secretMatcher(secretKey);
  return (req) => {
    const match = /^Bearer[ ]+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
    return match?.[1] !== undefined && matches(match[1]);
  };
}

/** `Authorization: Bearer <secret key>` on the merchant API, compared in constant time. */
export function requireSecretKey(secretKey: string): RequestHandler {
  const presentsKey = secretKeyCheck(secretKey);
  return (req, res, next) => {
    if (req.get('authorization') === undefined) {
      res.set('WWW-Authenticate', 'Bearer realm="au-pay"');
      sendApiError(
        res,
        new ApiError(
          401,
          'missing_secret_key',
          'Send your secret key as "Authorization: Bearer <AU_PAY_SECRET_KEY>".',
          { message_ja: 'シークレットキーを Authorization ヘッダーで送信してください。' },
        ),
      );
      return;
    }
    if (!presentsKey(req)) {
      res.set('WWW-Authenticate', 'Bearer realm="au-pay", error="invalid_token"');
      sendApiError(
        res,
        new ApiError(
          401,
          'invalid_secret_key',
          'The secret key is not valid for this bridge. Check AU_PAY_SECRET_KEY (no quotes or spaces).',
          { message_ja: 'シークレットキーが正しくありません。' },
        ),
      );
      return;
    }
    next();
  };
}
