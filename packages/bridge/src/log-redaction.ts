/**
 * What the logger writes in place of a secret or a client's payload.
 */
export const CENSOR = '[redacted]';

/**
 * Keys whose values never reach a log line, at any depth. The bridge logs chosen fields only,
 * never whole bodies or headers; this list is the safety net.
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
 * carry client secrets, hashes and anything else typed into them. Redacted at any depth, except a
 * top-level `body`: the sandbox logs the merchant's short `OK,`/`NG,` answer under it. Dropped from
 * every logged error (see logger.ts).
 */
export const PAYLOAD_KEYS = ['body', 'rawBody', 'raw', 'params', 'form', 'fields'] as const;

/** The top-level keys pino hands to the error serializer, which redacts its own output. */
const SERIALIZED_KEYS = new Set(['err', 'error']);

const redacted = new Set<string>([...REDACTED_KEYS, ...PAYLOAD_KEYS]);

/**
 * How far down a logged value is walked. Deeper than anything the bridge logs; it also ends the
 * walk of a cyclic value (pino's safe stringify then writes the cycle as `[Circular]`).
 */
const MAX_DEPTH = 12;

/**
 * A log line's fields (or a child logger's bindings) with every secret and payload replaced by
 * {@link CENSOR}. The caller's objects are never changed: an object is copied only when something
 * inside it is redacted, so a line without secrets costs one walk and no allocation. (pino's
 * `redact` with wildcard paths cost about 100 µs a line under load; this walk a few µs.)
 */
export function redactLogFields(fields: Record<string, unknown>): Record<string, unknown> {
  let copy: Record<string, unknown> | undefined;
  for (const key in fields) {
    if (!Object.hasOwn(fields, key) || SERIALIZED_KEYS.has(key)) continue;
    const value = fields[key];
    const next = key !== 'body' && redacted.has(key) ? censored(value) : redactValue(value, 1);
    if (next !== value) {
      copy ??= { ...fields };
      copy[key] = next;
    }
  }
  return copy ?? fields;
}

/** `value` (found `depth` objects down a log line) with its secrets and payloads redacted. */
export function redactValue(value: unknown, depth: number): unknown {
  if (typeof value !== 'object' || value === null || depth > MAX_DEPTH) return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let index = 0; index < value.length; index++) {
      const next = redactValue(value[index], depth + 1);
      if (next !== value[index]) {
        copy ??= value.slice();
        copy[index] = next;
      }
    }
    return copy ?? value;
  }
  // Only plain objects and errors are walked (by their enumerable own keys, which is what
  // JSON.stringify writes of them); a Buffer, Date or Map is written by its own toJSON.
  if (!isWalked(value)) return value;
  const record = value as Record<string, unknown>;
  let copy: Record<string, unknown> | undefined;
  for (const key in record) {
    if (!Object.hasOwn(record, key)) continue;
    const inner = record[key];
    const next = redacted.has(key) ? censored(inner) : redactValue(inner, depth + 1);
    if (next !== inner) {
      copy ??= { ...record };
      copy[key] = next;
    }
  }
  return copy ?? value;
}

function censored(value: unknown): unknown {
  // pino's redact left an absent value absent; so does this.
  return value === undefined ? value : CENSOR;
}

function isWalked(value: object): boolean {
  if (value instanceof Error) return true;
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null || !(Symbol.iterator in value);
}
