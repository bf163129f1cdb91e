/**
 * fast-check arbitraries for requests a hostile or broken client can send the bridge: bodies (JSON
 * values, form fields, byte soup in UTF-8 and Shift_JIS, huge and empty), content types and
 * charsets, content encodings (valid and broken), the headers the routes read (authorization,
 * idempotency key, Antom's and NomuPay's signature headers) and path ids. A request is sent with
 * `node:http` so that any bytes can go on the wire, over one keep-alive agent.
 */
import { type Agent, request } from 'node:http';
import { brotliCompressSync, constants, deflateSync, gzipSync } from 'node:zlib';
import { encodeShiftJis } from '@au-pay/core/sbps';
import fc from 'fast-check';

/** One request as it goes on the wire. */
export interface FuzzRequest {
  readonly method: 'GET' | 'POST';
  /** Path and query, already percent-encoded where needed. */
  readonly path: string;
  /** Header values as latin1 strings (the raw bytes Node writes). */
  readonly headers: Record<string, string>;
  readonly body: Buffer | null;
}

/** What came back. */
export interface FuzzAnswer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: Buffer;
}

/** What a row of the endpoint table lets the arbitraries aim at. */
export interface FuzzTarget {
  readonly method: 'GET' | 'POST';
  /** The path for a path id (already percent-encoded by `pathIds`). */
  readonly path: (id: string) => string;
  /** Valid ids of the row's kind (seeded payments); mixed among the generated ones. */
  readonly ids: readonly string[];
  /** Field names the route reads, so that some bodies get past the first checks. */
  readonly fields: readonly string[];
  /** Values worth trying in those fields (valid client secrets, amounts, ...). */
  readonly values: readonly string[];
  /** Values worth trying in one field (a client secret in `client_secret`, ...), by field. */
  readonly fieldValues: Readonly<Record<string, readonly string[]>>;
  /** Headers worth sending sometimes (a valid Authorization, ...). */
  readonly headers: Readonly<Record<string, readonly string[]>>;
}

/**
 * One of `values`, each as likely as the others: fast-check's bias favours the first, which would
 * pair the first seeded id with the first client secret (a valid checkout) nearly every time.
 */
const anyOf = <T>(values: readonly T[]): fc.Arbitrary<T> => fc.noBias(fc.constantFrom(...values));

/** Built once per length: building fast-check's full-Unicode strings costs more than a case. */
const texts = new Map<number, fc.Arbitrary<string>>();

/** Text of any kind: ASCII, full Unicode (surrogate pairs, controls) and Japanese. */
function text(maxLength = 40): fc.Arbitrary<string> {
  let built = texts.get(maxLength);
  if (built === undefined) {
    built = anyText(maxLength);
    texts.set(maxLength, built);
  }
  return built;
}

const anyText = (maxLength: number): fc.Arbitrary<string> =>
  fc.oneof(
    fc.string({ maxLength }),
    fc.string({ unit: 'grapheme', maxLength }),
    fc.string({ unit: 'binary', maxLength }),
    // Values that break things: a NUL (PostgreSQL text cannot hold one), half-width kana, NEC and
    // IBM extensions, a character outside the BMP, a line break, dot segments.
    {
      weight: 2,
      arbitrary: anyOf([
        '\u0000',
        'a\u0000b',
        'テスト商品',
        'ｱｲｳ',
        '①②',
        '〜',
        '髙',
        '𠮷',
        '\r\n',
        '..',
        '%00',
      ]),
    },
  );

/** Strings as UTF-8 bytes read as latin1: what Node lets a header carry for any text. */
const asHeaderValue = (value: string): string =>
  Buffer.from(value, 'utf8')
    .toString('latin1')
    .replace(/[^\t\x20-\x7e\x80-\xff]/g, '');

/** Path ids: seeded ones, valid-looking unknown ones, Unicode, dot segments, very long ones. */
export function pathIds(valid: readonly string[]): fc.Arbitrary<string> {
  const alnum = fc.constantFrom(
    ...'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'.split(''),
  );
  const generated = fc.oneof(
    fc.string({ unit: alnum, minLength: 22, maxLength: 22 }).map((tail) => `pay_${tail}`),
    // Never empty: `/checkout//state` is another path, one the bridge does not serve.
    text(60)
      .filter((id) => id !== '')
      .map(encodeURIComponent),
    fc.constantFrom('..', '%2e%2e', '.', '%2F', '%00', '%', '%zz', '%E3%81', 'pay_', '~', '%C0%AE'),
    fc.integer({ min: 200, max: 8000 }).map((length) => `pay_${'A'.repeat(length)}`),
  );
  return valid.length === 0
    ? generated
    : fc.oneof({ weight: 1, arbitrary: anyOf(valid) }, { weight: 1, arbitrary: generated });
}

/** Query strings: none, the route's own fields with odd values, arrays and nested keys. */
const queries = (target: FuzzTarget): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constant('') },
    {
      weight: 2,
      arbitrary: fc
        .array(fc.tuple(fieldName(target), fieldValue(target)), { maxLength: 4 })
        .map((pairs) => (pairs.length === 0 ? '' : `?${new URLSearchParams(pairs).toString()}`)),
    },
    { weight: 1, arbitrary: fc.constantFrom('?limit[]=1', '?a[b][c]=1', '?%', '?limit=1&limit=2') },
  );

const fieldName = (target: FuzzTarget): fc.Arbitrary<string> =>
  target.fields.length === 0
    ? text(12)
    : fc.oneof({ weight: 3, arbitrary: anyOf(target.fields) }, { weight: 1, arbitrary: text(12) });

const fieldValue = (target: FuzzTarget): fc.Arbitrary<string> =>
  target.values.length === 0
    ? text()
    : fc.oneof({ weight: 1, arbitrary: anyOf(target.values) }, { weight: 2, arbitrary: text() });

/** JSON values, objects mostly with the route's own fields. */
const jsonValues = (target: FuzzTarget): fc.Arbitrary<unknown> => {
  const leaf = fc.oneof(
    fc.jsonValue({ maxDepth: 2 }),
    fieldValue(target),
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
  );
  return fc.oneof(
    fc.dictionary(fieldName(target), leaf, { maxKeys: 6 }),
    fc.jsonValue({ maxDepth: 3 }),
  );
};

interface Body {
  readonly bytes: Buffer;
  /** The content type the body was made for; another one is sent sometimes. */
  readonly contentType: string;
}

function shiftJisOrUtf8(value: string): Buffer {
  try {
    return Buffer.from(encodeShiftJis(value, 'fuzz'));
  } catch {
    return Buffer.from(value, 'utf8');
  }
}

/**
 * Nearly right: each of the route's own fields or not, with one of the values worth trying (or
 * odd text), so that requests get past the first checks to the ones behind them.
 */
const nearlyRight = (target: FuzzTarget): fc.Arbitrary<Array<[string, string]>> =>
  fc
    .tuple(
      ...target.fields.map((name) => {
        const own = target.fieldValues[name] ?? [];
        const value =
          own.length === 0
            ? fieldValue(target)
            : fc.oneof(
                { weight: 3, arbitrary: anyOf(own) },
                { weight: 1, arbitrary: fieldValue(target) },
              );
        return fc.option(
          value.map((chosen): [string, string] => [name, chosen]),
          { nil: undefined, freq: 4 },
        );
      }),
    )
    .map((pairs) => pairs.filter((pair): pair is [string, string] => pair !== undefined));

/** A JSON value from a form value: numbers and booleans as such, the rest as strings. */
function jsonOf(value: string): unknown {
  if (value === 'true' || value === 'false') return value === 'true';
  return /^-?\d+$/.test(value) ? Number(value) : value;
}

/** Bodies of every kind a route may get. */
const bodies = (target: FuzzTarget): fc.Arbitrary<Body> => {
  const form = fc.array(fc.tuple(fieldName(target), fieldValue(target)), { maxLength: 14 });
  const near: Array<fc.WeightedArbitrary<Body>> =
    target.fields.length === 0
      ? []
      : [
          {
            weight: 4,
            arbitrary: nearlyRight(target).map((pairs) => ({
              bytes: Buffer.from(new URLSearchParams(pairs).toString()),
              contentType: 'application/x-www-form-urlencoded',
            })),
          },
          {
            weight: 4,
            arbitrary: nearlyRight(target).map((pairs) => ({
              bytes: Buffer.from(
                JSON.stringify(
                  Object.fromEntries(pairs.map(([name, value]) => [name, jsonOf(value)])),
                ),
              ),
              contentType: 'application/json',
            })),
          },
        ];
  return fc.oneof(
    ...near,
    jsonValues(target).map((value) => ({
      bytes: Buffer.from(JSON.stringify(value) ?? 'null'),
      contentType: 'application/json',
    })),
    form.map((pairs) => ({
      bytes: Buffer.from(new URLSearchParams(pairs).toString()),
      contentType: 'application/x-www-form-urlencoded',
    })),
    // SBPS posts its forms in Shift_JIS, percent-encoded byte by byte (spec/sbps-au.md §3).
    form.map((pairs) => ({
      bytes: Buffer.from(
        pairs
          .map(([name, value]) =>
            [name, value]
              .map((part) =>
                [...shiftJisOrUtf8(part)]
                  .map((byte) => `%${byte.toString(16).padStart(2, '0')}`)
                  .join(''),
              )
              .join('='),
          )
          .join('&'),
      ),
      contentType: 'application/x-www-form-urlencoded; charset=Shift_JIS',
    })),
    fc.uint8Array({ maxLength: 300 }).map((bytes) => ({
      bytes: Buffer.from(bytes),
      contentType: 'application/octet-stream',
    })),
    text(200).map((value) => ({
      bytes: shiftJisOrUtf8(value),
      contentType: 'text/plain; charset=Shift_JIS',
    })),
    text(200).map((value) => ({ bytes: Buffer.from(value, 'utf8'), contentType: 'text/plain' })),
    fc.constant({ bytes: Buffer.alloc(0), contentType: 'application/json' }),
    // Huge: over every limit (16 KiB JSON, 32 KiB forms, 64 KiB Antom) or just under some.
    fc.integer({ min: 2_000, max: 100_000 }).map((length) => ({
      bytes: Buffer.from(`${target.fields[0] ?? 'x'}=${'あ'.repeat(Math.ceil(length / 9))}`),
      contentType: 'application/x-www-form-urlencoded',
    })),
  );
};

const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=Shift_JIS',
  'application/json; charset=koi8-r',
  'application/x-www-form-urlencoded',
  'application/x-www-form-urlencoded; charset=Shift_JIS',
  'application/x-www-form-urlencoded; charset=windows-31j',
  'application/x-www-form-urlencoded; charset=utf-16',
  'text/plain',
  'multipart/form-data; boundary=x',
  'application/*',
  '*/*',
  ';;;',
  'application/json; charset=',
  'application/json; charset="utf-8"',
];

/** The content type sent: the body's own, another one, none, or garbage. */
const contentTypes = (own: string): fc.Arbitrary<string | null> =>
  fc.oneof(
    { weight: 4, arbitrary: fc.constant(own) },
    { weight: 2, arbitrary: fc.constantFrom(...CONTENT_TYPES) },
    { weight: 1, arbitrary: fc.constant(null) },
    { weight: 1, arbitrary: text(30).map(asHeaderValue) },
  );

type Encoding = 'identity' | 'gzip' | 'deflate' | 'br' | 'gzip-broken' | 'unknown' | 'gzip-twice';

function encode(encoding: Encoding, bytes: Buffer): { header: string | null; bytes: Buffer } {
  switch (encoding) {
    case 'identity':
      return { header: null, bytes };
    case 'gzip':
      return { header: 'gzip', bytes: gzipSync(bytes) };
    case 'deflate':
      return { header: 'deflate', bytes: deflateSync(bytes) };
    case 'br':
      // Quality 4: the default 11 takes longer than the request itself.
      return {
        header: 'br',
        bytes: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 4 } }),
      };
    case 'gzip-broken':
      return { header: 'gzip', bytes };
    case 'unknown':
      return { header: 'x-zip', bytes };
    case 'gzip-twice':
      return { header: 'gzip, gzip', bytes: gzipSync(gzipSync(bytes)) };
  }
}

/** The headers a route reads, with odd, long, Unicode and valid values. */
const headerSets = (target: FuzzTarget): fc.Arbitrary<Record<string, string>> => {
  const odd = fc.oneof(
    text(60).map(asHeaderValue),
    // Long, yet all headers together under Node's 16 KiB limit (beyond it Node answers 431 itself).
    fc.integer({ min: 300, max: 1500 }).map((length) => 'x'.repeat(length)),
    fc.constantFrom(
      '',
      'Bearer',
      'Bearer ',
      'Basic dXNlcjpwYXNz',
      'algorithm=RSA256,keyVersion=1,signature=AAAA',
      'algorithm=RSA256, keyVersion=1, signature=%%%',
      'eyJhbGciOiJIUzI1NiJ9..c2ln',
      'a.b.c',
      '2025-03-10T10:00:00+09:00',
      '1741568400000',
    ),
  );
  const names = [
    'authorization',
    'idempotency-key',
    'signature',
    'client-id',
    'request-time',
    'x-signature',
    ...Object.keys(target.headers),
  ];
  const value = (name: string): fc.Arbitrary<string> => {
    const useful = target.headers[name] ?? [];
    return useful.length === 0
      ? odd
      : fc.oneof(
          { weight: 2, arbitrary: fc.constantFrom(...useful) },
          { weight: 1, arbitrary: odd },
        );
  };
  return fc
    .record(
      Object.fromEntries(
        [...new Set(names)].map((name) => [name, fc.option(value(name), { nil: undefined })]),
      ),
    )
    .map((headers) =>
      Object.fromEntries(
        Object.entries(headers).filter(
          (entry): entry is [string, string] => entry[1] !== undefined,
        ),
      ),
    );
};

/** Requests aimed at one row: its method, a path id, a query, headers and (for POST) a body. */
export function fuzzRequests(target: FuzzTarget): fc.Arbitrary<FuzzRequest> {
  return fc
    .record({
      id: pathIds(target.ids),
      query: queries(target),
      headers: headerSets(target),
      body: bodies(target),
      encoding: fc.constantFrom<Encoding>(
        'identity',
        'identity',
        'identity',
        'identity',
        'gzip',
        'deflate',
        'br',
        'gzip-broken',
        'unknown',
        'gzip-twice',
      ),
    })
    .chain(({ body, ...rest }) =>
      contentTypes(body.contentType).map((contentType) => ({ ...rest, body, contentType })),
    )
    .map(({ id, query, headers, body, encoding, contentType }) => {
      const all: Record<string, string> = { ...headers };
      if (target.method === 'GET') {
        return {
          method: target.method,
          path: `${target.path(id)}${query}`,
          headers: all,
          body: null,
        };
      }
      const encoded = encode(encoding, body.bytes);
      if (contentType !== null) all['content-type'] = contentType;
      if (encoded.header !== null) all['content-encoding'] = encoded.header;
      return {
        method: target.method,
        path: `${target.path(id)}${query}`,
        headers: all,
        body: encoded.bytes,
      };
    });
}

/** Sends `fuzz` to `origin` over `agent`; resolves with the whole answer. */
export function send(origin: string, agent: Agent, fuzz: FuzzRequest): Promise<FuzzAnswer> {
  const url = new URL(origin);
  return new Promise((resolve, reject) => {
    const outgoing = request(
      {
        agent,
        host: url.hostname,
        port: url.port,
        method: fuzz.method,
        path: fuzz.path,
        headers: {
          ...fuzz.headers,
          ...(fuzz.body !== null && { 'content-length': String(fuzz.body.length) }),
        },
      },
      (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('end', () =>
          resolve({
            status: incoming.statusCode ?? 0,
            headers: incoming.headers,
            body: Buffer.concat(chunks),
          }),
        );
        incoming.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    outgoing.end(fuzz.body ?? undefined);
  });
}
