import type { ErrorRequestHandler, Response } from 'express';
import type { Logger } from '../logger.js';

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
  res.status(error.status).json(error.toBody());
}

/** Body-parser failures, which Express reports as errors carrying `type` and `status`. */
export function bodyParserFailure(error: unknown): ApiError | null {
  if (typeof error !== 'object' || error === null || !('type' in error)) return null;
  switch ((error as { type: unknown }).type) {
    case 'entity.too.large':
      return new ApiError(413, 'payload_too_large', 'The request body is larger than allowed.');
    case 'entity.parse.failed':
      return new ApiError(400, 'invalid_json', 'The request body is not valid JSON.');
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new ApiError(
        415,
        'unsupported_encoding',
        'The request body encoding is not supported.',
      );
    case 'request.aborted':
      return new ApiError(400, 'request_aborted', 'The request was aborted by the client.');
    default:
      return null;
  }
}

/** The JSON error handler of `/v1/...`: refusals as they are, anything else as a logged 500. */
export function jsonErrorHandler(logger: Logger): ErrorRequestHandler {
  return (error, req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const known = error instanceof ApiError ? error : bodyParserFailure(error);
    if (known) {
      sendApiError(res, known);
      return;
    }
    logger.error(
      { err: error, method: req.method, path: req.path, paymentId: req.params?.id },
      'unexpected error',
    );
    sendApiError(res, new ApiError(500, 'internal_error', 'The bridge failed unexpectedly.'));
  };
}
