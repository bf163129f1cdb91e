import type { Request } from 'express';

/** Thrown when a body parser mounted before the sandbox already consumed the request bytes. */
export class ParsedBodyError extends Error {
  override readonly name = 'ParsedBodyError';
}

/**
 * The request's bytes as `express.raw` left them. SBPS messages are Shift_JIS: a UTF-8 body
 * parser (express.urlencoded / express.text) mounted in front of the sandbox would have decoded
 * them already and corrupted every double-byte value, so that is refused loudly.
 */
export function rawBody(req: Request): Uint8Array {
  if (Buffer.isBuffer(req.body)) return req.body;
  if (req.body === undefined || req.body === null) return new Uint8Array(0);
  throw new ParsedBodyError(
    'The SBPS sandbox needs the raw Shift_JIS body, but a body parser mounted before it already parsed the request: mount the sandbox router before express.urlencoded()/express.text()/express.json().',
  );
}
