import { type DestinationStream, type Logger, pino } from 'pino';
import { PAYLOAD_KEYS, redactLogFields, redactValue } from './log-redaction.js';

export type { Logger } from 'pino';

export { PAYLOAD_KEYS, REDACTED_KEYS } from './log-redaction.js';

/** How deep a chain of `cause`s is followed when errors are serialized. */
const MAX_CAUSE_DEPTH = 8;

/**
 * pino's error serializer, less the payload a library attached to the error (body-parser puts the
 * whole body on its errors; pino would otherwise write every enumerable property), its secrets
 * redacted.
 */
function serializeError(error: unknown): unknown {
  return redactValue(withoutPayload(pino.stdSerializers.err(error as Error), 0), 1);
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
  const logger = pino(
    {
      level: options.level ?? 'info',
      base: { service: 'au-pay-bridge' },
      serializers: { err: serializeError, error: serializeError },
      // Redaction by a walk of each line's fields and the bindings (log-redaction.ts), not
      // pino's `redact`: its wildcard paths cost about 100 µs a line.
      formatters: { log: redactLogFields, bindings: redactLogFields },
    },
    options.destination,
  );
  // pino's `formatters.bindings` sees the root's bindings only; a child's pass through here (a
  // child is created from its parent's prototype, so every descendant inherits this method).
  const child = logger.child;
  logger.child = function childWithRedactedBindings(this: Logger, bindings, childOptions) {
    return child.call(this, redactLogFields(bindings), childOptions);
  } as Logger['child'];
  return logger;
}
