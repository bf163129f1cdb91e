import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CENSOR,
  PAYLOAD_KEYS,
  REDACTED_KEYS,
  redactLogFields,
  redactValue,
} from './log-redaction.js';
import { createLogger } from './logger.js';

/** A secret no redaction would write: each test looks for it in what was logged. */
const SECRET = 'sekrit-7f3a9c21';

const secretKeys = [...REDACTED_KEYS, ...PAYLOAD_KEYS];
const innocentKey = fc
  .string({ minLength: 1, maxLength: 8 })
  .filter((key) => !(secretKeys as readonly string[]).includes(key) && key !== '__proto__');

/** A value with SECRET under `key`, `depth` objects or arrays down from the line's fields. */
function nested(key: string, path: Array<{ key: string } | 'array'>): Record<string, unknown> {
  let value: unknown = { [key]: SECRET };
  for (const step of [...path].reverse()) {
    value = step === 'array' ? [1, value] : { [step.key]: value, keep: 'kept' };
  }
  return value as Record<string, unknown>;
}

function capture(): { lines: string[]; logger: ReturnType<typeof createLogger> } {
  const lines: string[] = [];
  const logger = createLogger({ destination: { write: (line: string) => void lines.push(line) } });
  return { lines, logger };
}

describe('log redaction', () => {
  it('redacts every secret and payload key at any depth, in objects and arrays', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...secretKeys),
        fc.array(
          fc.oneof(
            innocentKey.map((key) => ({ key })),
            fc.constant('array' as const),
          ),
          {
            minLength: 1,
            maxLength: 8,
          },
        ),
        (key, path) => {
          const fields = nested(key, path);
          const before = JSON.stringify(fields);
          const text = JSON.stringify(redactLogFields(fields));
          expect(text).not.toContain(SECRET);
          expect(text).toContain(CENSOR);
          // What sits beside the secret stays, and the caller's object is untouched.
          expect(text.split('"keep":"kept"').length).toBe(before.split('"keep":"kept"').length);
          expect(JSON.stringify(fields)).toBe(before);
        },
      ),
    );
  });

  it('redacts secret keys at the top level, and payload keys there except `body`', () => {
    for (const key of secretKeys) {
      const redacted = redactLogFields({ [key]: SECRET, paymentId: 'pay_1' });
      if (key === 'body') expect(redacted).toEqual({ body: SECRET, paymentId: 'pay_1' });
      else expect(redacted).toEqual({ [key]: CENSOR, paymentId: 'pay_1' });
    }
  });

  it('returns a line without secrets as it is, with no copy', () => {
    fc.assert(
      fc.property(fc.dictionary(innocentKey, fc.jsonValue({ maxDepth: 3 })), (fields) => {
        const walked = fc.stringify(fields);
        // A generated nested key may be a secret one; only lines without any are left alone.
        if (secretKeys.some((key) => walked.includes(`"${key}"`))) return;
        expect(redactLogFields(fields)).toBe(fields);
      }),
    );
  });

  it('walks an error by its enumerable fields, as JSON.stringify writes it', () => {
    const error = Object.assign(new Error('too many parameters'), {
      status: 413,
      body: `client_secret=${SECRET}`,
      config: { secretKey: SECRET },
    });
    const text = JSON.stringify(redactValue({ failure: error, list: [error] }, 1));
    expect(text).not.toContain(SECRET);
    expect(text).toContain('"status":413');
  });

  it('stops at a cycle without failing', () => {
    const cyclic: Record<string, unknown> = { secret: SECRET };
    cyclic.self = cyclic;
    const redacted = redactLogFields({ cyclic }) as { cyclic: Record<string, unknown> };
    expect(redacted.cyclic.secret).toBe(CENSOR);
    expect((redacted.cyclic.self as Record<string, unknown>).secret).toBe(CENSOR);
  });

  it('is what the logger writes: fields, errors with a body, and child loggers’ bindings', () => {
    const { lines, logger } = capture();
    const bodyError = Object.assign(new Error('bad body'), {
      body: SECRET,
      details: { hashKey: SECRET },
    });
    logger.info({ a: { b: { c: { d: { client_secret: SECRET } } } }, items: [{ form: SECRET }] });
    logger.error({ err: bodyError, error: { secret: SECRET } }, 'failed');
    logger.error(new Error('wrapped', { cause: bodyError }));
    const child = logger.child({ component: 'webhooks', config: { webhook: { secret: SECRET } } });
    child.info({ webhookSecret: SECRET }, 'sent');
    child.child({ authorization: SECRET, deeper: [{ cookie: SECRET }] }).info('again');

    const text = lines.join('');
    expect(lines).toHaveLength(5);
    expect(text).not.toContain(SECRET);
    expect(text).toContain('bad body');
    expect(text).toContain('"component":"webhooks"');
    expect(text).toContain('"msg":"again"');
  });

  it('keeps a top-level `body`, the sandbox’s short answer', () => {
    const { lines, logger } = capture();
    logger.info({ body: 'OK,' }, 'sandbox answered');
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({ body: 'OK,', msg: 'sandbox answered' });
  });
});
