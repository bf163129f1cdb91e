import { ApiError } from './api-error.js';

/**
 * A path whose percent-encoding does not decode (`/v1/payments/%E3%81`): Express's router throws a
 * `URIError` with status 400 while matching a route's `:id`. It is the client's mistake, so a 400
 * `invalid_path`, never the last-resort 500. Null for any other error.
 */
export function malformedPathError(error: unknown): ApiError | null {
  if (!(error instanceof URIError) || (error as { status?: unknown }).status !== 400) return null;
  return new ApiError(400, 'invalid_path', 'The request path is not valid percent-encoded UTF-8.', {
    message_ja: 'リクエストのパスが正しくエンコードされていません。',
  });
}
