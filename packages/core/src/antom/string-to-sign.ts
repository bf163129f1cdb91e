// The content Antom signs (spec/antom-au.md §3.2), the same for requests, responses and
// notifications:
//
//   <HTTP-METHOD> <HTTP-URI>\n<client-id>.<time>.<HTTP-BODY>
//
// Built as bytes, because the body must enter byte for byte as sent: decoding and re-encoding it,
// or parsing and re-serialising its JSON, changes what was signed (Antom's INVALID_SIGNATURE
// troubleshooting names escaping and \r\n as the usual causes).

/** What one message contributes to the string to sign. */
export interface AntomMessageParts {
  /** The HTTP method, upper case as sent: `POST` for every Antom API (spec §2). */
  readonly method: string;
  /**
   * Path plus query string, without scheme and host: `/ams/api/v1/payments/pay`, the rewritten
   * `/ams/sandbox/api/...` path in sandbox, or the path of your notify URL for a notification.
   */
  readonly path: string;
  /** The `client-id` header. */
  readonly clientId: string;
  /** `request-time` of a request or notification, `response-time` of a response (spec §3.2). */
  readonly time: string;
  /** The body exactly as sent or received: its raw bytes, or the string that was sent. */
  readonly body: string | Uint8Array;
}

/** Which part of a message cannot enter the string to sign. */
export type AntomMessagePart = 'method' | 'path' | 'clientId' | 'time' | 'body';

/** Thrown when a part of the message cannot be signed as given. */
export class AntomMessageError extends Error {
  override readonly name = 'AntomMessageError';
  readonly part: AntomMessagePart;

  constructor(part: AntomMessagePart, message: string) {
    super(message);
    this.part = part;
  }
}

const METHOD = /^[A-Z]+$/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: a line break would forge the layout
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;

function checkParts(parts: AntomMessageParts): void {
  if (!METHOD.test(parts.method)) {
    throw new AntomMessageError(
      'method',
      `The HTTP method must be upper-case letters as sent on the wire (Antom signs "POST"), not ${JSON.stringify(parts.method)}.`,
    );
  }
  if (!parts.path.startsWith('/') || /\s/.test(parts.path) || CONTROL_CHARACTER.test(parts.path)) {
    throw new AntomMessageError(
      'path',
      `The path must start with "/" and hold no whitespace: give the path and query of the URL without scheme and host (e.g. "/ams/api/v1/payments/pay", or "/antom/notify" for a notification to https://shop.example/antom/notify), not ${JSON.stringify(parts.path)}.`,
    );
  }
  if (parts.clientId === '' || CONTROL_CHARACTER.test(parts.clientId)) {
    throw new AntomMessageError(
      'clientId',
      'The client ID is empty or holds a control character: pass the client-id header as sent (the client ID of the Antom Dashboard).',
    );
  }
  if (parts.time === '' || CONTROL_CHARACTER.test(parts.time)) {
    throw new AntomMessageError(
      'time',
      'The time is empty or holds a control character: pass the request-time header (response-time for a response) exactly as sent, e.g. "1685599933871".',
    );
  }
  if (typeof parts.body !== 'string' && !(parts.body instanceof Uint8Array)) {
    throw new AntomMessageError(
      'body',
      'The body must be the raw bytes (or the exact string) sent on the wire, not a parsed object: a body that was parsed and re-serialised no longer matches its signature.',
    );
  }
}

/**
 * The UTF-8 bytes Antom signs for a message (spec §3.2): `<METHOD> <path>`, LF,
 * `<client-id>.<time>.`, then the body unchanged. Throws {@link AntomMessageError} when a part
 * would change the layout (a line break, a path with a host, a parsed body).
 */
export function antomStringToSign(parts: AntomMessageParts): Uint8Array {
  checkParts(parts);
  const head = Buffer.from(
    `${parts.method} ${parts.path}\n${parts.clientId}.${parts.time}.`,
    'utf8',
  );
  const body = typeof parts.body === 'string' ? Buffer.from(parts.body, 'utf8') : parts.body;
  return Buffer.concat([head, body]);
}
