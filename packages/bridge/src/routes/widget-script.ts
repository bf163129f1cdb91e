import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import express, { type Router } from 'express';

/** The built `<au-pay>` file, or null while the widget package has not been built. */
function readWidgetScript(): string | null {
  try {
    return readFileSync(createRequire(import.meta.url).resolve('@au-pay/widget/au-pay.js'), 'utf8');
  } catch {
    return null;
  }
}

/** `GET /au-pay.js`: the widget as one file, so a merchant page needs a single script tag. */
export function widgetScriptRouter(): Router {
  const router = express.Router();
  const script = readWidgetScript();
  // Its own strong validator, worked out once: the CLI turns Express's per-response ETag off.
  const etag =
    script === null ? '' : `"${createHash('sha256').update(script).digest('base64url')}"`;
  router.get('/au-pay.js', (_req, res) => {
    if (script === null) {
      res.status(503).json({
        error: {
          code: 'widget_not_built',
          message: 'The <au-pay> widget is not built: run `pnpm --filter @au-pay/widget build`.',
        },
      });
      return;
    }
    // Merchant pages on other origins load it with <script type="module">, a CORS request.
    res
      .type('text/javascript')
      .set({
        'Access-Control-Allow-Origin': '*',
        'Cross-Origin-Resource-Policy': 'cross-origin',
        'Cache-Control': 'public, max-age=300',
        ETag: etag,
      })
      .send(script);
  });
  return router;
}
