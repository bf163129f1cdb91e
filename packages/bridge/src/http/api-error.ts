import type { ErrorRequestHandler, Response } from 'express';
import type { Logger } from '../logger.js';
import { type BodyRefusal, bodyRefusal, logBodyRefusal } from './body-refusal.js';
import { malformedPathError } from './malformed-path.js';
import { sendJson } from './send-answer.js';

/** A refusal the merchant API answers as `{ "error": { "code", "message", "message_ja"? } }`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: { message_ja?: string } & Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }

  toBody(): { error: Record<string, unknown> } {
    return { error: { code: this.code, message: this.message, ...this.details } };
  }
}

export function sendApiError(res: Response, error: ApiError): void {
  sendJson(res, error.status, error.toBody());
}

/** A body refusal as the merchant API (and the widget's state call) answers it. */
export function bodyRefusalError(refused: BodyRefusal): ApiError {
  return new ApiError(refused.status, refused.code, refused.message, {
    message_ja: refused.message_ja,
  });
}

/**
 * The JSON error handler of `/v1/...` (and of the JSON routes beside it): refusals as they are,
 * unreadable bodies as a 4xx, anything else as a logged 500.
 */
export function jsonErrorHandler(logger: Logger): ErrorRequestHandler {
  return (error, req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    if (error instanceof ApiError) {
      sendApiError(res, error);
      return;
    }
    const refused = bodyRefusal(error);
    if (refused) {
      logBodyRefusal(logger, req, refused);
      sendApiError(res, bodyRefusalError(refused));
      return;
    }
    const malformed = malformedPathError(error);
    if (malformed) {
      sendApiError(res, malformed);
      return;
    }
    logger.error(
      { err: error, method: req.method, path: req.path, paymentId: req.params?.id },
      'unexpected error',
    );
    sendApiError(
      res,
      new ApiError(500, 'internal_error', 'The bridge failed unexpectedly.', {
        message_ja: 'ブリッジで予期しないエラーが発生しました。',
      }),
    );
  };
}
