import { type DestinationStream, type Logger, pino } from 'pino';

export type { Logger } from 'pino';

/**
 * Keys whose values never reach a log line, wherever they sit (top level or up to two objects
 * down). The bridge logs chosen fields only, never whole bodies or headers; this list is the
 * safety net.
 */
export const REDACTED_KEYS = [
  'authorization',
  'Authorization',
  'secretKey',
  'clientSecret',
  'client_secret',
  'clientSecretHash',
  'hashKey',
  'hash_key',
  'hashkey',
  'sps_hashcode',
  'apiPassword',
  'password',
  'webhookSecret',
  'secret',
  'cookie',
] as const;

/**
 * Keys that hold what a client sent (a request body, a decoded form): buyers' and SBPS's bodies
 * carry client secrets, hashes and anything else typed into them. Redacted one object down (`*.body`,
 * as body-parser's errors and `req.body` carry it), and dropped from every logged error. A
 * top-level `body` stays: the sandbox logs the merchant's short `OK,`/`NG,` answer under it.
 */
export const PAYLOAD_KEYS = ['body', 'rawBody', 'raw', 'params', 'form', 'fields'] as const;

const redactPaths = [
  ...REDACTED_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]),
  ...PAYLOAD_KEYS.flatMap((key) => (key === 'body' ? [`*.${key}`] : [key, `*.${key}`])),
  'req.headers.authorization',
  'req.headers.cookie',
  'config.secretKey',
  'config.webhook.secret',
  // Each acquirer's config section (config.acquirers.<id>), one level deeper than `*.*.key`.
  ...REDACTED_KEYS.map((key) => `config.acquirers.*.${key}`),
];

/** How deep a chain of `cause`s is followed when errors are serialized. */
const MAX_CAUSE_DEPTH = 8;

/**
 * pino's error serializer, less the payload a library attached to the error (body-parser puts the
 * whole body on its errors; pino would otherwise write every enumerable property).
 */
function serializeError(error: unknown): unknown {
  return withoutPayload(pino.stdSerializers.err(error as Error), 0);
}

function withoutPayload(value: unknown, depth: number): unknown {
  if (typeof value !== 'object' || value === null || depth > MAX_CAUSE_DEPTH) return value;
  const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  for (const key of PAYLOAD_KEYS) delete copy[key];
  if ('cause' in copy) copy.cause = withoutPayload(copy.cause, depth + 1);
  if (Array.isArray(copy.aggregateErrors)) {
    copy.aggregateErrors = copy.aggregateErrors.map((inner) => withoutPayload(inner, depth + 1));
  }
  return copy;
}

/** The bridge's JSON logger. Pass a destination to capture lines (tests) or leave it on stdout. */
export function createLogger(
  options: { level?: string; destination?: DestinationStream } = {},
): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: { service: 'au-pay-bridge' },
      serializers: { err: serializeError, error: serializeError },
      redact: { paths: redactPaths, censor: '[redacted]' },
    },
    options.destination,
  );
}
