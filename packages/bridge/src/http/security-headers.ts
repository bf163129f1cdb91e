import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet from 'helmet';

/**
 * helmet's default headers, worked out once. `helmet()` runs a dozen middlewares per request to
 * set the same constant values; on the hot API routes that chain costs more than the headers
 * themselves. The defaults depend on nothing in the request (no nonces), so one pass at startup
 * records what helmet sets and removes, and each request replays it.
 */
export function securityHeaderWriter(): (res: ServerResponse) => void {
  const set: Array<[string, string]> = [];
  const removed: string[] = [];
  const recorder = {
    setHeader(name: string, value: unknown) {
      set.push([name, String(value)]);
      return recorder;
    },
    removeHeader(name: string) {
      removed.push(name);
    },
  };
  let finished = false;
  helmet()({} as IncomingMessage, recorder as unknown as ServerResponse, () => {
    finished = true;
  });
  // helmet's middlewares are synchronous; if that ever changes, fail at startup, not per request.
  if (!finished) throw new Error('helmet did not finish synchronously');
  return (res) => {
    for (const [name, value] of set) res.setHeader(name, value);
    for (const name of removed) res.removeHeader(name);
  };
}
