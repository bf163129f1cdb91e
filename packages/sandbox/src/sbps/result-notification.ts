import { decodeShiftJis, encodeSbpsForm, type SbpsFieldPairs } from '@au-pay/core/sbps';

/** How the merchant answered one A02-1 result notification. */
export interface NotificationAnswer {
  readonly accepted: boolean;
  readonly status?: number;
  /** The body received (Shift_JIS decoded), cut to 200 characters for logs. */
  readonly body?: string;
  /** Network error or timeout. */
  readonly error?: string;
}

/**
 * Whether an answer is the documented `OK,` (spec §5). Strict (default, spec §17.16): HTTP 200 and
 * a body of exactly `OK,` with an optional trailing CR/LF. Lenient: HTTP 2xx and a body that
 * starts with `OK` after trimming, comma optional.
 */
export function isAcceptedAnswer(status: number, body: string, strict: boolean): boolean {
  if (strict) return status === 200 && /^OK,(?:\r\n|\n|\r)?$/.test(body);
  return status >= 200 && status < 300 && /^OK(?:,|$|\s)/i.test(body.trim());
}

/**
 * The pairs in random order, as SBPS sends them ("in no particular order", spec §2): a merchant
 * must read by name. Same-named detail fields keep their relative order (the n-th is row n).
 */
export function shuffledPairs(pairs: SbpsFieldPairs): Array<[string, string]> {
  const order = pairs.map((_, index) => index);
  for (let i = order.length - 1; i > 0; i -= 1) {
    const j = Math.floor(Math.random() * (i + 1));
    [order[i], order[j]] = [order[j] as number, order[i] as number];
  }
  const queues = new Map<string, string[]>();
  for (const [name, value] of pairs) {
    const queue = queues.get(name);
    if (queue) queue.push(value);
    else queues.set(name, [value]);
  }
  return order.map((index) => {
    const name = (pairs[index] as readonly [string, string])[0];
    return [name, queues.get(name)?.shift() ?? ''];
  });
}

function decodeAnswer(bytes: Uint8Array): string {
  try {
    return decodeShiftJis(bytes);
  } catch {
    return Buffer.from(bytes).toString('latin1');
  }
}

/**
 * POSTs an A02-1 to `pagecon_url` (server to server, spec §5): a Shift_JIS
 * `application/x-www-form-urlencoded` body in random field order, no redirects followed, and waits
 * at most `timeoutMs` for the answer.
 */
export async function postResultNotification(input: {
  readonly url: string;
  readonly pairs: SbpsFieldPairs;
  readonly fetch: typeof fetch;
  readonly timeoutMs: number;
  readonly strict: boolean;
}): Promise<NotificationAnswer> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), input.timeoutMs);
  try {
    const response = await input.fetch(input.url, {
      method: 'POST',
      // No charset parameter, as form posts commonly arrive: a merchant that lets a UTF-8 body
      // parser read this corrupts item_name and fails its own hash check (spec §3 pitfall a).
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: encodeSbpsForm(shuffledPairs(input.pairs)),
      redirect: 'manual',
      signal: controller.signal,
    });
    const body = decodeAnswer(new Uint8Array(await response.arrayBuffer()));
    return {
      accepted: isAcceptedAnswer(response.status, body, input.strict),
      status: response.status,
      body: body.slice(0, 200),
    };
  } catch (error) {
    const timedOut = controller.signal.aborted;
    return {
      accepted: false,
      error: timedOut
        ? `no answer within ${input.timeoutMs} ms`
        : error instanceof Error
          ? error.message
          : String(error),
    };
  } finally {
    clearTimeout(timer);
  }
}
