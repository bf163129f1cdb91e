import type { IncomingMessage } from 'node:http';
import bytes from 'bytes';
import express, { type RequestHandler } from 'express';

/**
 * The bridge's JSON and raw body readers: body-parser's `express.json()` and `express.raw()`, with
 * the ordinary request read here instead. Per request, body-parser parses the Content-Type, matches
 * it, builds a decoder and a raw-body stream reader and watches the response finish: on the hot
 * routes that cost more than the bridge's own checks. A request that is plainly readable (below) is
 * read directly, into the same `req.body`, with the same error `type`s on failure
 * (http/body-refusal.ts answers them); any other request goes to body-parser, which decides it
 * as before: compressed, chunked, another charset, over the limit, or already read by the
 * merchant's own parser.
 */
export function jsonBody(limit: string): RequestHandler {
  const fallback = express.json({ limit });
  const maxBytes = byteLimit(limit);
  return (req, res, next) => {
    const type = req.headers['content-type']?.toLowerCase();
    if (
      (type !== 'application/json' && type !== 'application/json; charset=utf-8') ||
      !plainlyReadable(req, maxBytes)
    ) {
      fallback(req, res, next);
      return;
    }
    readWhole(req, next, (body) => {
      req.body = parseStrictJson(body);
    });
  };
}

/** `express.raw({ type: () => true, limit })`: any Content-Type, the bytes as a Buffer. */
export function rawBody(limit: string): RequestHandler {
  const fallback = express.raw({ type: () => true, limit });
  const maxBytes = byteLimit(limit);
  return (req, res, next) => {
    if (!plainlyReadable(req, maxBytes)) {
      fallback(req, res, next);
      return;
    }
    readWhole(req, next, (body) => {
      req.body = body;
    });
  };
}

function byteLimit(limit: string): number {
  const parsed = bytes.parse(limit);
  if (parsed === null) throw new TypeError(`body limit "${limit}" is not a size`);
  return parsed;
}

const DECIMAL = /^\d{1,15}$/;

/**
 * Not yet read by anyone, not compressed, not chunked, and its Content-Length within the limit:
 * Node's parser then delivers exactly that many bytes, or the request is aborted.
 */
function plainlyReadable(req: IncomingMessage, maxBytes: number): boolean {
  const { headers } = req;
  const length = headers['content-length'];
  return (
    !req.readableDidRead &&
    headers['content-encoding'] === undefined &&
    headers['transfer-encoding'] === undefined &&
    length !== undefined &&
    DECIMAL.test(length) &&
    Number(length) <= maxBytes
  );
}

/**
 * Reads the body, then `accept`s it; a failure of either goes to `next`, as body-parser's do. The
 * listeners are inline and stay on the request (it is done with once this settles): named
 * closures made per request cost a `__name` call each when run from source through tsx.
 */
function readWhole(
  req: IncomingMessage,
  next: (error?: unknown) => void,
  accept: (body: Buffer) => void,
): void {
  const chunks: Buffer[] = [];
  let settled = false;
  req.on('data', (chunk: Buffer) => {
    chunks.push(chunk);
  });
  req.once('end', () => {
    if (settled) return;
    settled = true;
    try {
      accept(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks));
    } catch (error) {
      next(error);
      return;
    }
    next();
  });
  // An aborted request errors, then closes; 'close' also follows a normal 'end'.
  for (const event of ['error', 'close']) {
    req.once(event, () => {
      if (settled) return;
      settled = true;
      next(bodyError(400, 'request aborted', 'request.aborted'));
    });
  }
}

const BYTE_ORDER_MARK = 0xfeff;
// JSON's whitespace: space, tab, line feed, carriage return.
const FIRST_NON_WHITESPACE = /^[ \t\n\r]*([^ \t\n\r]|$)/;

/**
 * body-parser's strict JSON of a UTF-8 body: its byte order mark dropped (as its decoder does), empty
 * is `{}`, and only an object or an array at the top.
 */
function parseStrictJson(body: Buffer): unknown {
  let text = body.toString('utf8');
  if (text.charCodeAt(0) === BYTE_ORDER_MARK) text = text.slice(1);
  if (text.length === 0) return {};
  const first = text[0] === '{' || text[0] === '[' ? text[0] : FIRST_NON_WHITESPACE.exec(text)?.[1];
  if (first !== '{' && first !== '[') {
    throw bodyError(400, 'JSON at the top must be an object or an array', 'entity.parse.failed');
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw bodyError(400, (error as Error).message, 'entity.parse.failed');
  }
}

/** An error shaped as body-parser's (its `status` and `type` are what the bridge reads). */
function bodyError(status: number, message: string, type: string): Error {
  return Object.assign(new Error(message), { status, statusCode: status, expose: true, type });
}
