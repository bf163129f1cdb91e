import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonBody, rawBody } from './body-readers.js';

const LIMIT = '1kb';

/** What a route saw: the body it was given, or the failure's status and type. */
type Seen = { body: unknown } | { error: { status: unknown; type: unknown } };

function route(reader: RequestHandler): express.Router {
  const router = express.Router();
  router.post('/', reader, (req, res) => {
    const body: unknown = req.body;
    res.json({
      body: Buffer.isBuffer(body) ? { bytes: body.toString('base64') } : (body ?? null),
    });
  });
  const failure: ErrorRequestHandler = (error, _req, res, _next) => {
    res.json({ error: { status: error.status ?? null, type: error.type ?? null } });
  };
  router.use(failure);
  return router;
}

let base = '';
let server: ReturnType<express.Express['listen']>;
beforeAll(async () => {
  const app = express();
  app.use('/json/ours', route(jsonBody(LIMIT)));
  app.use('/json/body-parser', route(express.json({ limit: LIMIT })));
  app.use('/raw/ours', route(rawBody(LIMIT)));
  app.use('/raw/body-parser', route(express.raw({ type: () => true, limit: LIMIT })));
  // The merchant's own parser ran first: the body is already read.
  app.use('/json/read-before', express.json(), route(jsonBody(LIMIT)));
  server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.close();
});

interface Sent {
  body: Buffer;
  contentType: string | undefined;
  /** How the bytes travel: with a Content-Length, chunked, or gzipped (with a length). */
  framing: 'length' | 'chunked' | 'gzip' | 'identity';
}

function send(path: string, sent: Sent): Promise<Seen> {
  const headers: Record<string, string> = {};
  if (sent.contentType !== undefined) headers['content-type'] = sent.contentType;
  let bytes = sent.body;
  if (sent.framing === 'gzip') {
    bytes = gzipSync(bytes);
    headers['content-encoding'] = 'gzip';
  }
  if (sent.framing === 'identity') headers['content-encoding'] = 'identity';
  if (sent.framing !== 'chunked') headers['content-length'] = String(bytes.length);
  return new Promise((resolve, reject) => {
    const outgoing = request(`${base}${path}`, { method: 'POST', headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as Seen));
    });
    outgoing.on('error', reject);
    if (sent.framing === 'chunked') {
      // Two chunks, so that the reader has to join them.
      outgoing.write(bytes.subarray(0, bytes.length >> 1));
      outgoing.end(bytes.subarray(bytes.length >> 1));
    } else {
      outgoing.end(bytes);
    }
  });
}

const jsonText = fc.oneof(
  fc.json(),
  fc.jsonValue().map((value) => JSON.stringify(value)),
  fc.string({ unit: 'binary' }),
  fc.constantFrom('', ' ', '{', '"text"', '12', 'null', ' \n\t{"a":1}', '[1,2]', '{"a":1} x'),
);
const bodies = fc.oneof(
  jsonText.map((text) => Buffer.from(text, 'utf8')),
  jsonText.map((text) => Buffer.from(`\uFEFF${text}`, 'utf8')),
  fc.uint8Array({ maxLength: 1500 }).map((bytes) => Buffer.from(bytes)),
  // Around the limit: 1,024 bytes.
  fc
    .integer({ min: 1000, max: 1100 })
    .map((size) => Buffer.from(`{"a":"${'x'.repeat(size - 8)}"}`, 'utf8')),
);
const requests = fc.record({
  body: bodies,
  contentType: fc.constantFrom(
    'application/json',
    'application/json; charset=utf-8',
    'APPLICATION/JSON',
    'application/json; charset=UTF-8',
    'application/json; charset=utf-16',
    'application/json; charset=latin1',
    'application/x-www-form-urlencoded',
    'text/plain',
    undefined,
  ),
  framing: fc.constantFrom('length', 'length', 'chunked', 'gzip', 'identity'),
}) as fc.Arbitrary<Sent>;

describe('jsonBody', () => {
  it('gives every route exactly what express.json() gives it, body or failure', async () => {
    await fc.assert(
      fc.asyncProperty(requests, async (sent) => {
        expect(await send('/json/ours', sent)).toEqual(await send('/json/body-parser', sent));
      }),
      { numRuns: 300 },
    );
  });

  it('reads a plain UTF-8 JSON body, without its byte order mark, and refuses a bare value', async () => {
    const plain = (text: string): Sent => ({
      body: Buffer.from(text, 'utf8'),
      contentType: 'application/json',
      framing: 'length',
    });
    expect(await send('/json/ours', plain('\uFEFF{"itemName":"テスト商品"}'))).toEqual({
      body: { itemName: 'テスト商品' },
    });
    expect(await send('/json/ours', plain(''))).toEqual({ body: {} });
    expect(await send('/json/ours', plain(' "text"'))).toEqual({
      error: { status: 400, type: 'entity.parse.failed' },
    });
    expect(await send('/json/ours', plain('{"a":'))).toEqual({
      error: { status: 400, type: 'entity.parse.failed' },
    });
    expect(await send('/json/ours', plain(`{"a":"${'x'.repeat(1100)}"}`))).toEqual({
      error: { status: 413, type: 'entity.too.large' },
    });
  });

  it("keeps a body the merchant's own parser already read", async () => {
    expect(
      await send('/json/read-before', {
        body: Buffer.from('{"amount":1100}'),
        contentType: 'application/json',
        framing: 'length',
      }),
    ).toEqual({ body: { amount: 1100 } });
  });

  it('reports a request cut off before its Content-Length as request.aborted', async () => {
    let failure: unknown;
    const app = express();
    app.post('/', jsonBody(LIMIT), (_req, res) => {
      res.end();
    });
    app.use(((error, _req, res, _next) => {
      failure = error;
      res.end();
    }) satisfies ErrorRequestHandler);
    const aborting = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => aborting.once('listening', resolve));
    const { port } = aborting.address() as AddressInfo;
    const outgoing = request(`http://127.0.0.1:${port}/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': '100' },
    });
    outgoing.on('error', () => {});
    outgoing.write('{"amount":');
    await new Promise((resolve) => setTimeout(resolve, 50));
    outgoing.destroy();
    await expect.poll(() => failure).toMatchObject({ status: 400, type: 'request.aborted' });
    aborting.close();
  });
});

describe('rawBody', () => {
  it('gives every route exactly what express.raw() gives it, bytes or failure', async () => {
    await fc.assert(
      fc.asyncProperty(requests, async (sent) => {
        expect(await send('/raw/ours', sent)).toEqual(await send('/raw/body-parser', sent));
      }),
      { numRuns: 300 },
    );
  });

  it('hands over the exact bytes, Shift_JIS and all', async () => {
    const bytes = Buffer.from([0x83, 0x65, 0x83, 0x58, 0x83, 0x67, 0x26, 0x3d, 0x00, 0xff]);
    expect(
      await send('/raw/ours', {
        body: bytes,
        contentType: 'application/x-www-form-urlencoded',
        framing: 'length',
      }),
    ).toEqual({ body: { bytes: bytes.toString('base64') } });
  });
});
