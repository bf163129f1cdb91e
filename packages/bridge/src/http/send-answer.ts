import type { ServerResponse } from 'node:http';

/**
 * Writes an API answer straight to Node's response. Express's `res.json`/`res.send` parse and
 * rebuild the Content-Type, consult the app's settings and look at ETags and freshness on every
 * call; none of that applies to an answer to a POST, and on the hot routes it cost more than the
 * bridge's own checks. Node leaves the body out of an answer to HEAD by itself.
 */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  sendBytes(res, status, 'application/json; charset=utf-8', JSON.stringify(body));
}

/** A body already in its final bytes (or ASCII/UTF-8 text) with its Content-Type. */
export function sendBytes(
  res: ServerResponse,
  status: number,
  contentType: string,
  body: Uint8Array | string,
): void {
  res.statusCode = status;
  res.setHeader('Content-Type', contentType);
  res.setHeader(
    'Content-Length',
    typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength,
  );
  res.end(body);
}
