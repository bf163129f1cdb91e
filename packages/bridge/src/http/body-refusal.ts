import type { Request, RequestHandler, Response } from 'express';
import type { Logger } from '../logger.js';

/** Why a request body could not be read, as every route tells it (each in its own format). */
export interface BodyRefusal {
  readonly status: number;
  readonly code: string;
  readonly message: string;
  readonly message_ja: string;
}

function refusal(status: number, code: string, message: string, messageJa: string): BodyRefusal {
  return { status, code, message, message_ja: messageJa };
}

/** Body-parser (and raw-body) failures by their `type`. */
const BY_TYPE: Readonly<Record<string, BodyRefusal>> = {
  'entity.too.large': refusal(
    413,
    'payload_too_large',
    'The request body is larger than allowed.',
    'リクエストの本文が大きすぎます。',
  ),
  'parameters.too.many': refusal(
    413,
    'too_many_parameters',
    'The form has more fields than allowed.',
    'フォームの項目が多すぎます。',
  ),
  'entity.parse.failed': refusal(
    400,
    'invalid_json',
    'The request body is not valid JSON.',
    'リクエストの本文が正しい JSON ではありません。',
  ),
  'encoding.unsupported': refusal(
    415,
    'unsupported_content_encoding',
    'The Content-Encoding of the request body is not supported: send it as identity, gzip, deflate or br.',
    'リクエストの Content-Encoding に対応していません（identity、gzip、deflate、br のいずれかで送信してください）。',
  ),
  'charset.unsupported': refusal(
    415,
    'unsupported_charset',
    'The charset of the request body is not supported.',
    'リクエストの文字コードに対応していません。',
  ),
  'request.aborted': refusal(
    400,
    'request_aborted',
    'The client aborted the request before its body was complete.',
    'リクエストの本文を受信し終える前に接続が切断されました。',
  ),
  'request.size.invalid': refusal(
    400,
    'request_size_invalid',
    'The request body does not have the length its Content-Length says.',
    'リクエストの本文の長さが Content-Length と一致しません。',
  ),
};

/** A body compressed as its Content-Encoding says, but whose bytes do not decompress. */
const UNDECOMPRESSABLE = refusal(
  400,
  'invalid_content_encoding',
  'The request body could not be decompressed as its Content-Encoding says.',
  'Content-Encoding のとおりにリクエストの本文を展開できませんでした。',
);

/** Any other body-parser failure (a `type` not listed above, from a newer body-parser). */
const UNREADABLE = refusal(
  400,
  'invalid_body',
  'The request body could not be read.',
  'リクエストの本文を読み取れませんでした。',
);

/**
 * The one mapping of body-parser failures to a 4xx, or null when `error` is not one.
 *
 * body-parser reports its failures with a `type` (and `status`); a gzip/deflate/br body whose
 * bytes are broken surfaces as zlib's own stream error (a numeric `errno` and a `code` such as
 * `Z_DATA_ERROR`) that body-parser marked with a 4xx `status`. Neither is the bridge's fault, so
 * neither is ever a 500.
 */
export function bodyRefusal(error: unknown): BodyRefusal | null {
  if (typeof error !== 'object' || error === null) return null;
  const failure = error as { type?: unknown; status?: unknown; errno?: unknown; code?: unknown };
  if (typeof failure.type === 'string') return BY_TYPE[failure.type] ?? UNREADABLE;
  const clientError =
    typeof failure.status === 'number' && failure.status >= 400 && failure.status < 500;
  if (clientError && typeof failure.errno === 'number' && typeof failure.code === 'string') {
    return UNDECOMPRESSABLE;
  }
  return null;
}

/**
 * Logs a refused body at warn: what was asked and why, never the body (body-parser errors carry
 * it, client secrets and all), nor the error itself.
 */
export function logBodyRefusal(logger: Logger, req: Request, refused: BodyRefusal): void {
  logger.warn(
    {
      method: req.method,
      // The whole path, wherever the bridge is mounted; never the query.
      path: req.originalUrl.split('?')[0],
      code: refused.code,
      status: refused.status,
    },
    'request body refused',
  );
}

/**
 * Runs a body parser and answers its refusals with `answer`, in the route's own format (HTML page,
 * `NG,` line, JSON); anything else goes on to the error handlers. `Params` are the route's path
 * parameters, which Express no longer infers once a handler of this kind sits in the route.
 */
export function parseBody<Params extends Request['params'] = Request['params']>(
  parser: RequestHandler,
  logger: Logger,
  answer: (res: Response, refused: BodyRefusal) => void,
): RequestHandler<Params> {
  return (req, res, next) => {
    parser(req, res, (error?: unknown) => {
      if (error === undefined || error === null) {
        next();
        return;
      }
      const refused = bodyRefusal(error);
      if (!refused) {
        next(error);
        return;
      }
      logBodyRefusal(logger, req, refused);
      answer(res, refused);
    });
  };
}
