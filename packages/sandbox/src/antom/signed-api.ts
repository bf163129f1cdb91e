import { loadAntomPrivateKey, signAntomResponse, verifyAntomMessage } from '@au-pay/core/antom';
import express, { type Request, type Response, type Router } from 'express';
import type { ResolvedAntomOptions } from './options.js';
import type { JsonObject } from './request-fields.js';
import { AntomRefusal, type AntomResult } from './result.js';
import { ANTOM_SANDBOX_PRIVATE_KEY } from './sandbox-keys.js';

/** One API operation: the reply body (with its `result`), or an `AntomRefusal`. */
export type AntomOperation = (body: JsonObject, context: { readonly baseUrl: string }) => object;

export interface SignedApiOptions {
  readonly options: ResolvedAntomOptions;
  /** By endpoint name: `pay`, `inquiryPayment`, `cancel`, `refund`, `inquiryRefund`. */
  readonly operations: Readonly<Record<string, AntomOperation>>;
  /** Runs before every operation, so that it sees the state at `now` (expiry). */
  readonly beforeOperation: () => void;
  /** Runs after the reply went out: starts what is due (e.g. the notifyRefund a refund queued). */
  readonly afterOperation: () => Promise<void>;
}

/** `request-time` may differ this much from the sandbox clock (spec §13). */
const REQUEST_TIME_SKEW_MS = 5 * 60 * 1000;
const BODY_LIMIT = '64kb';
const ENDPOINT = /^\/(sandbox\/)?api\/v1\/payments\/([A-Za-z]+)$/;

const single = (value: string | string[] | undefined): string | undefined =>
  Array.isArray(value) ? undefined : value;

/**
 * Antom's API (spec §2, §3): `POST /ams/api/v1/payments/<endpoint>`, or `/ams/sandbox/api/...`
 * for a `SANDBOX_` client ID. Every request is verified strictly (client ID, `request-time` within
 * ±5 minutes of the sandbox clock, RSA256 over the exact bytes with the merchant's public key);
 * every reply, refusals included, is HTTP 200 with a `result` and signed with Antom's test key.
 */
export function signedApi(deps: SignedApiOptions): Router {
  const { options } = deps;
  const antomKey = loadAntomPrivateKey(ANTOM_SANDBOX_PRIVATE_KEY);
  const router = express.Router();
  const sandboxClient = options.clientId.startsWith('SANDBOX_');

  function reply(res: Response, signedPath: string, body: object): void {
    const text = JSON.stringify(body);
    const headers = signAntomResponse({
      method: 'POST',
      path: signedPath,
      clientId: options.clientId,
      responseTime: options.now().toISOString(),
      body: text,
      privateKey: antomKey,
    });
    res.status(200).set(headers).type('application/json; charset=UTF-8').send(text);
  }

  const refuse = (res: Response, signedPath: string, result: AntomResult) => {
    options.logger.warn({ path: signedPath, resultCode: result.resultCode }, result.resultMessage);
    reply(res, signedPath, { result });
  };

  router.use(
    express.raw({ type: () => true, limit: BODY_LIMIT }),
    async (req: Request, res: Response) => {
      // What the real Antom sees (it has no mount path) and what was requested here: a merchant
      // may sign either, as the two are the same against Antom's own host.
      const apiPath = `/ams${req.url}`;
      const fullPath = req.originalUrl;
      const endpoint = ENDPOINT.exec(req.path);
      if (req.method !== 'POST') {
        refuse(
          res,
          apiPath,
          new AntomRefusal('METHOD_NOT_SUPPORTED', 'Antom APIs take POST only.').result,
        );
        return;
      }
      const operation = endpoint ? deps.operations[endpoint[2] ?? ''] : undefined;
      if (!endpoint || !operation) {
        refuse(
          res,
          apiPath,
          new AntomRefusal('NO_INTERFACE_DEF', `No Antom API at ${apiPath}.`).result,
        );
        return;
      }
      if (!/^application\/json\b/i.test(req.get('content-type') ?? '')) {
        refuse(
          res,
          apiPath,
          new AntomRefusal('MEDIA_TYPE_NOT_ACCEPTABLE', 'Send application/json; charset=UTF-8.')
            .result,
        );
        return;
      }
      const clientId = single(req.headers['client-id']);
      if (clientId !== options.clientId) {
        refuse(
          res,
          apiPath,
          new AntomRefusal('INVALID_CLIENT', 'The client-id header is not a known client ID.')
            .result,
        );
        return;
      }
      if (Boolean(endpoint[1]) !== sandboxClient) {
        const where = sandboxClient ? '/ams/sandbox/api' : '/ams/api';
        refuse(
          res,
          apiPath,
          new AntomRefusal('INVALID_CLIENT', `This client ID is served under ${where} (spec §2).`)
            .result,
        );
        return;
      }
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const verify = (path: string) =>
        verifyAntomMessage({
          method: req.method,
          path,
          clientId,
          requestTime: req.headers['request-time'],
          body,
          signatureHeader: req.headers.signature,
          publicKey: options.merchantPublicKey,
        });
      const overApiPath = verify(apiPath);
      const overFullPath = overApiPath.ok || fullPath === apiPath ? undefined : verify(fullPath);
      // The reply is signed over the path the request was signed over; Antom's own when neither.
      const signedPath = overFullPath?.ok ? fullPath : apiPath;
      const verification = overFullPath?.ok ? overFullPath : overApiPath;
      if (!verification.ok) {
        refuse(res, signedPath, new AntomRefusal('INVALID_SIGNATURE', verification.message).result);
        return;
      }
      const requestTime = single(req.headers['request-time']) ?? '';
      const skew = Math.abs(Number(requestTime) - options.now().getTime());
      if (!/^\d{1,15}$/.test(requestTime) || !(skew <= REQUEST_TIME_SKEW_MS)) {
        refuse(
          res,
          signedPath,
          new AntomRefusal(
            'INVALID_SIGNATURE',
            'request-time must be the signing time in milliseconds since the epoch, within 5 minutes of now.',
          ).result,
        );
        return;
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(body.toString('utf8'));
      } catch {
        parsed = undefined;
      }
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
        refuse(
          res,
          signedPath,
          new AntomRefusal('PARAM_ILLEGAL', 'The body must be a JSON object.').result,
        );
        return;
      }
      deps.beforeOperation();
      try {
        const baseUrl = `${req.protocol}://${req.get('host')}${req.baseUrl.replace(/\/ams$/, '')}`;
        reply(res, signedPath, operation(parsed as JsonObject, { baseUrl }));
      } catch (error) {
        if (!(error instanceof AntomRefusal)) throw error;
        refuse(res, signedPath, error.result);
      }
      void deps.afterOperation();
    },
  );
  return router;
}
