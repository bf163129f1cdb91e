import { signAntomRequest, verifyAntomMessage } from '@au-pay/core/antom';
import { AcquirerUnavailableError } from '../acquirer.js';
import type { AntomConfig } from './config.js';

/** The au endpoints (spec/antom-au.md §2). */
export type AntomEndpoint = 'pay' | 'inquiryPayment' | 'cancel' | 'refund' | 'inquiryRefund';

/** `result` of every answer (spec §9): S done, F refused, U unknown. */
export interface AntomResult {
  resultStatus: 'S' | 'F' | 'U';
  resultCode: string;
  resultMessage: string;
}

/** A verified answer: its `result` and the rest of its fields. */
export interface AntomAnswer {
  result: AntomResult;
  body: Record<string, unknown>;
}

/**
 * The path of an endpoint: `/ams/api/v1/payments/<endpoint>`, with the first `/ams/api` replaced
 * by `/ams/sandbox/api` for a `SANDBOX_` client ID, as Antom's SDKs do (spec §2).
 */
export function antomEndpointPath(clientId: string, endpoint: AntomEndpoint): string {
  const family = clientId.startsWith('SANDBOX_') ? '/ams/sandbox/api' : '/ams/api';
  return `${family}/v1/payments/${endpoint}`;
}

/**
 * One signed call to Antom's API, its answer verified (spec §3): the request is signed with the
 * merchant's key over `POST <path>`, the answer must carry Antom's signature over the same path
 * with its `response-time`. An unsigned or badly signed answer is never read: the call's outcome
 * is then unknown, as if no answer had come.
 */
export class AntomApiClient {
  constructor(
    readonly config: AntomConfig,
    readonly fetchImplementation: typeof fetch = fetch,
    readonly timeoutMs = 30_000,
  ) {}

  async call(
    endpoint: AntomEndpoint,
    payload: Record<string, unknown>,
    requestedAt: Date,
  ): Promise<AntomAnswer> {
    const url = new URL(
      `${this.config.apiUrl}${antomEndpointPath(this.config.clientId, endpoint)}`,
    );
    // What Antom's host sees is the path it serves; behind a base URL with a path (the sandbox
    // emulator at /sandbox/antom) the whole path is what arrives, and what is signed.
    const path = url.pathname;
    const body = JSON.stringify(payload);
    const headers = signAntomRequest({
      method: 'POST',
      path,
      clientId: this.config.clientId,
      requestTime: String(requestedAt.getTime()),
      body,
      privateKey: this.config.privateKey,
    });
    let response: Response;
    try {
      response = await this.fetchImplementation(url, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json; charset=UTF-8' },
        body,
        signal: AbortSignal.timeout(this.timeoutMs),
        redirect: 'error',
      });
    } catch (error) {
      const neverSent = NOT_CONNECTED.has(networkErrorCode(error) ?? '');
      throw new AcquirerUnavailableError(
        `Antom ${endpoint} request failed${neverSent ? ' (Antom could not be reached)' : ''}`,
        neverSent ? 'not_applied' : 'unknown',
        { cause: error },
      );
    }
    const bytes = Buffer.from(await response.arrayBuffer());
    // spec §3.3: the answer is Antom's only if its signature verifies with Antom's public key.
    const verified = verifyAntomMessage({
      method: 'POST',
      path,
      clientId: response.headers.get('client-id'),
      responseTime: response.headers.get('response-time'),
      body: bytes,
      signatureHeader: response.headers.get('signature'),
      publicKey: this.config.antomPublicKey,
    });
    if (!verified.ok || response.headers.get('client-id') !== this.config.clientId) {
      throw new AcquirerUnavailableError(
        `Antom's answer to ${endpoint} (HTTP ${response.status}) is not signed by Antom: ${
          verified.ok ? 'client-id is not ours' : verified.reason
        }`,
        'unknown',
      );
    }
    const answer = parseAnswer(bytes);
    if (!answer) {
      throw new AcquirerUnavailableError(`unreadable answer to Antom ${endpoint}`, 'unknown');
    }
    return answer;
  }
}

function parseAnswer(bytes: Buffer): AntomAnswer | null {
  let body: unknown;
  try {
    body = JSON.parse(bytes.toString('utf8'));
  } catch {
    return null;
  }
  if (typeof body !== 'object' || body === null) return null;
  const result = (body as { result?: unknown }).result as Partial<AntomResult> | undefined;
  if (
    typeof result !== 'object' ||
    result === null ||
    (result.resultStatus !== 'S' && result.resultStatus !== 'F' && result.resultStatus !== 'U') ||
    typeof result.resultCode !== 'string'
  ) {
    return null;
  }
  return {
    result: {
      resultStatus: result.resultStatus,
      resultCode: result.resultCode,
      resultMessage: typeof result.resultMessage === 'string' ? result.resultMessage : '',
    },
    body: body as Record<string, unknown>,
  };
}

const NOT_CONNECTED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH']);

/** `fetch` wraps socket errors: `TypeError('fetch failed', { cause: { code } })`. */
function networkErrorCode(error: unknown): string | undefined {
  const cause =
    error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  return typeof cause?.code === 'string' ? cause.code : undefined;
}
