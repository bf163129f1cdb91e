/**
 * Request bodies that the bridge's body parsers refuse, one per way a body can be unreadable, for
 * every kind of parser a route uses; each carries a payload (secrets, in the log tests) so a test
 * can check where that payload ends up. And a client that aborts its request half-way.
 */
import { connect } from 'node:net';
import { gzipSync } from 'node:zlib';

/** The parser in front of a route: `express.urlencoded`, `express.raw` or `express.json`. */
export type ParserKind = 'form' | 'raw' | 'json';

export interface RefusedBody {
  readonly name: string;
  /** The refusal's `code` and HTTP status (http/body-refusal.ts). */
  readonly code: string;
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: Buffer;
}

const CONTENT_TYPE: Record<ParserKind, string> = {
  form: 'application/x-www-form-urlencoded',
  raw: 'application/x-www-form-urlencoded',
  json: 'application/json',
};

/** How a route answers a body it cannot read. */
export type AnswerFormat = 'json' | 'html' | 'sbps';

/** A route that reads a body, with what it reads it with and how it answers a refusal. */
export interface BodyRoute {
  readonly name: string;
  readonly path: (paymentId: string) => string;
  readonly kind: ParserKind;
  readonly format: AnswerFormat;
  readonly headers: Record<string, string>;
}

/** Every route of the bridge that reads a body; `secretKey` authorizes the merchant API. */
export function bodyRoutes(secretKey: string): BodyRoute[] {
  return [
    {
      name: 'POST /v1/payments',
      path: () => '/v1/payments',
      kind: 'json',
      format: 'json',
      headers: { authorization: `Bearer ${secretKey}` },
    },
    {
      name: 'POST /v1/payments/:id/capture',
      path: (paymentId) => `/v1/payments/${paymentId}/capture`,
      kind: 'json',
      format: 'json',
      headers: { authorization: `Bearer ${secretKey}` },
    },
    {
      name: 'POST /checkout/:id',
      path: (paymentId) => `/checkout/${paymentId}`,
      kind: 'form',
      format: 'html',
      headers: {},
    },
    {
      name: 'POST /checkout/:id/state',
      path: (paymentId) => `/checkout/${paymentId}/state`,
      kind: 'form',
      format: 'json',
      headers: {},
    },
    {
      name: 'POST /sbps/notify',
      path: () => '/sbps/notify',
      kind: 'raw',
      format: 'sbps',
      headers: {},
    },
    {
      name: 'POST /sbps/return/cancel',
      path: () => '/sbps/return/cancel',
      kind: 'raw',
      format: 'html',
      headers: {},
    },
    // The emulated SBPS (sandbox mode): its errors fall to the bridge's last-resort handler.
    {
      name: 'POST /sandbox/sbps/f01/FepBuyInfoReceive.do',
      path: () => '/sandbox/sbps/f01/FepBuyInfoReceive.do',
      kind: 'raw',
      format: 'json',
      headers: {},
    },
  ];
}

/** More than any route allows (the largest limit is the SBPS forms' 32 KiB). */
const OVERSIZED_BYTES = 64 * 1024;

/**
 * The bodies a parser of `kind` refuses, each carrying `payload`: too large, undecompressable
 * gzip / deflate / br, an unknown Content-Encoding, and, where the parser looks at them, too many
 * form fields, an unsupported charset or broken JSON.
 */
export function refusedBodies(kind: ParserKind, payload: string): RefusedBody[] {
  const contentType = CONTENT_TYPE[kind];
  const plain = Buffer.from(
    kind === 'json' ? JSON.stringify({ note: payload }) : `note=${encodeURIComponent(payload)}`,
  );
  const bodies: RefusedBody[] = [
    {
      name: 'a body over the size limit',
      code: 'payload_too_large',
      status: 413,
      headers: { 'content-type': contentType },
      body: Buffer.concat([plain, Buffer.from(kind === 'json' ? ' ' : '&'), padding()]),
    },
    {
      name: 'gzip that is not gzip',
      code: 'invalid_content_encoding',
      status: 400,
      headers: { 'content-type': contentType, 'content-encoding': 'gzip' },
      body: plain,
    },
    {
      name: 'truncated gzip',
      code: 'invalid_content_encoding',
      status: 400,
      headers: { 'content-type': contentType, 'content-encoding': 'gzip' },
      body: gzipSync(plain).subarray(0, 24),
    },
    {
      name: 'deflate that is not deflate',
      code: 'invalid_content_encoding',
      status: 400,
      headers: { 'content-type': contentType, 'content-encoding': 'deflate' },
      body: plain,
    },
    {
      name: 'br that is not br',
      code: 'invalid_content_encoding',
      status: 400,
      headers: { 'content-type': contentType, 'content-encoding': 'br' },
      body: plain,
    },
    {
      name: 'an unknown content encoding',
      code: 'unsupported_content_encoding',
      status: 415,
      headers: { 'content-type': contentType, 'content-encoding': 'x-unknown' },
      body: plain,
    },
  ];
  if (kind === 'form') {
    const fields = Array.from(
      { length: 12 },
      (_, index) => `f${index}=${encodeURIComponent(payload)}`,
    );
    bodies.push({
      name: 'a form with too many fields',
      code: 'too_many_parameters',
      status: 413,
      headers: { 'content-type': contentType },
      body: Buffer.from(fields.join('&')),
    });
  }
  if (kind === 'form' || kind === 'json') {
    bodies.push({
      name: 'an unsupported charset',
      code: 'unsupported_charset',
      status: 415,
      headers: { 'content-type': `${contentType}; charset=koi8-r` },
      body: plain,
    });
  }
  if (kind === 'json') {
    bodies.push({
      name: 'broken JSON',
      code: 'invalid_json',
      status: 400,
      headers: { 'content-type': contentType },
      // JSON.parse quotes the text around the fault in its message.
      body: Buffer.from(`{"note":"${payload}", oops ${payload}}`),
    });
  }
  return bodies;
}

function padding(): Buffer {
  return Buffer.from(`padding=${'x'.repeat(OVERSIZED_BYTES)}`);
}

/**
 * POSTs `url` announcing a longer body than it sends: waits for `100 Continue` (the route is then
 * reading the body), sends `partial`, and drops the connection, so the bridge sees the request
 * aborted half-way.
 */
export async function postAborted(
  url: string,
  headers: Record<string, string>,
  partial: string,
): Promise<void> {
  const target = new URL(url);
  const socket = connect(Number(target.port), target.hostname);
  const head = [
    `POST ${target.pathname}${target.search} HTTP/1.1`,
    `Host: ${target.host}`,
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
    `Content-Length: ${Buffer.byteLength(partial) + 1000}`,
    'Expect: 100-continue',
    '',
    '',
  ].join('\r\n');
  try {
    await new Promise<void>((resolve, reject) => {
      let answer = '';
      socket.on('data', (chunk: Buffer) => {
        answer += chunk.toString('latin1');
        if (answer.includes('\r\n\r\n')) {
          if (answer.startsWith('HTTP/1.1 100')) resolve();
          else reject(new Error(`expected 100 Continue, got ${answer.split('\r\n')[0]}`));
        }
      });
      socket.once('error', reject);
      socket.write(head);
    });
    await new Promise<void>((resolve, reject) =>
      socket.write(partial, (error) => (error ? reject(error) : resolve())),
    );
  } finally {
    socket.destroy();
  }
}
