import type { RequestHandler } from 'express';
import { ApiError, sendApiError } from './api-error.js';
import { secretMatcher } from './secret-compare.js';

/** `Authorization: Bearer <secret key>` on the merchant API, compared in constant time. */
export function requireSecretKey(secretKey: string): RequestHandler {
  const matches = secretMatcher(secretKey);
  return (req, res, next) => {
    const header = req.get('authorization');
    if (header === undefined) {
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
    const match = /^Bearer[ ]+(\S+)\s*$/i.exec(header);
    if (!match?.[1] || !matches(match[1])) {
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
