import { type DestinationStream, type Logger, pino } from 'pino';

export type { Logger } from 'pino';

/**
 * Keys whose values never reach a log line, wherever they sit (top level or one object down).
 * The bridge logs chosen fields only, never whole bodies or headers; this list is the safety net.
 */
export const REDACTED_KEYS = [
  'authorization',
  'Authorization',
  'secretKey',
  'clientSecret',
  'client_secret',
  'clientSecretHash',
  'hashKey',
  'sps_hashcode',
  'apiPassword',
  'password',
  'webhookSecret',
  'secret',
  'cookie',
] as const;

const redactPaths = [
  ...REDACTED_KEYS.flatMap((key) => [key, `*.${key}`]),
  'req.headers.authorization',
  'req.headers.cookie',
  'config.secretKey',
  'config.webhook.secret',
  'config.sbps.hashKey',
  'config.sbps.apiPassword',
];

/** The bridge's JSON logger. Pass a destination to capture lines (tests) or leave it on stdout. */
export function createLogger(
  options: { level?: string; destination?: DestinationStream } = {},
): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: { service: 'au-pay-bridge' },
      redact: { paths: redactPaths, censor: '[redacted]' },
    },
    options.destination,
  );
}
