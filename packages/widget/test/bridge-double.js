// @ts-check
// A stand-in for the bridge's two routes the element talks to (DESIGN "Bridge HTTP surface"),
// mounted in web-test-runner's server so tests make real requests: `POST /checkout/:id/state`
// answering `{ status, payable }` with `Access-Control-Allow-Origin: *`, and `POST /checkout/:id`,
// which echoes the form it received so a test can read what the browser really posted.
//
//   /bridge-double/…    a healthy bridge
//   /bridge-down/…      answers 503
//   /bridge-slow/…      answers after 3 s (for the element's timeout)
//   /bridge-html/…      a page instead of JSON (a wrong `bridge` URL pointing at a shop page)
//   /bridge-old/…       a 404 page for the state route (a bridge from before it, or a wrong path)

/** @typedef {NonNullable<import('@web/test-runner').TestRunnerConfig['middleware']>[number]} Middleware */

/** @param {import('node:http').IncomingMessage} req */
async function readBody(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * @param {Parameters<Middleware>[0]} ctx
 * @param {Parameters<Middleware>[1]} next
 */
export async function bridgeDouble(ctx, next) {
  const match = /^\/(bridge-double|bridge-down|bridge-slow|bridge-html|bridge-old)(\/.*)$/.exec(
    ctx.path,
  );
  if (!match) return next();
  const [, bridge, route = ''] = match;
  ctx.set('Access-Control-Allow-Origin', '*');
  ctx.set('Cache-Control', 'no-store');

  // The payment's state, from its id and secret: secret `gone` → 404 payment_not_found; an id
  // with `expired` in it → expired, `paid` → captured, `closed` → pending but its checkout window
  // closed (not payable); otherwise pending and payable. A subscription (`sub_…`) the same way, in
  // its own words: `subscription_not_found`, `incomplete_expired`, `active`, `incomplete`. It
  // echoes how it was asked, for the tests. There is no OPTIONS route: a CORS preflight would
  // fail, as the element must not need one.
  const stateRoute = /^\/checkout\/([^/]+)\/state$/.exec(route);
  if (stateRoute && ctx.method === 'POST') {
    const body = await readBody(ctx.req);
    if (bridge === 'bridge-slow') await new Promise((resolve) => setTimeout(resolve, 3000));
    if (bridge === 'bridge-html') {
      ctx.type = 'html';
      ctx.body = '<!doctype html><title>Shop</title>';
      return;
    }
    if (bridge === 'bridge-old') {
      ctx.status = 404;
      ctx.type = 'html';
      ctx.body = '<!doctype html><title>Error</title><pre>Cannot POST</pre>';
      return;
    }
    if (bridge === 'bridge-down') {
      ctx.status = 503;
      ctx.type = 'json';
      ctx.body = JSON.stringify({ error: { code: 'database_unavailable' } });
      return;
    }
    const secret = new URLSearchParams(body).get('client_secret');
    const payment = decodeURIComponent(stateRoute[1] ?? '');
    const subscription = payment.startsWith('sub_');
    ctx.type = 'json';
    if (secret === 'gone') {
      ctx.status = 404;
      const code = subscription ? 'subscription_not_found' : 'payment_not_found';
      ctx.body = JSON.stringify({ error: { code } });
      return;
    }
    const [expired, paid, open] = subscription
      ? ['incomplete_expired', 'active', 'incomplete']
      : ['expired', 'captured', 'pending'];
    const status = payment.includes('expired') ? expired : payment.includes('paid') ? paid : open;
    ctx.body = JSON.stringify({
      status,
      payable: status === open && !payment.includes('closed'),
      asked: { contentType: ctx.get('content-type'), body },
    });
    return;
  }

  if (route.startsWith('/checkout/') && ctx.method === 'POST') {
    const body = await readBody(ctx.req);
    const posted = {
      method: ctx.method,
      path: ctx.path,
      contentType: ctx.get('content-type'),
      fields: Object.fromEntries(new URLSearchParams(body)),
    };
    ctx.type = 'html';
    ctx.body = `<!doctype html><title>checkout</title><pre id="posted">${JSON.stringify(posted)
      .replaceAll('&', '&amp;')
      .replaceAll('<', '&lt;')}</pre>`;
    return;
  }

  ctx.status = 404;
}
