// A test merchant for the NomuPay emulator: an Express app on 127.0.0.1 (ephemeral port) with the
// sandbox mounted at /sandbox (NomuPay at /sandbox/nomupay), a webhook endpoint that verifies each
// webhook with core's verifyNomupayMessage, a return endpoint that records the buyer's arrival and
// sends it on to the shop, an injectable clock, and an API client that signs every request with a
// P-256 key generated for the test (core's signNomupayRequest) and verifies every answer.

import { generateKeyPairSync } from 'node:crypto';
import type { Server } from 'node:http';
import {
  exportNomupayPublicKey,
  type NomupayMessageHeader,
  type NomupayVerification,
  signNomupayRequest,
  verifyNomupayMessage,
} from '@au-pay/core/nomupay';
import { decodeSbpsForm } from '@au-pay/core/sbps';
import express from 'express';
import type { NomupayEmulatorOptions } from '../nomupay/options.js';
import type { SandboxRouter } from '../sandbox.js';
import type { SandboxBuyer } from './sandbox-buyer.js';
import { SandboxMerchant, serveSandbox } from './sandbox-merchant.js';
import { START } from './test-merchant.js';

/** The made-up identifiers of spec/nomupay-au.md §3 and §4's examples. */
export const NOMUPAY_KID = '2J0bq9WcP3xQk7LmN4vRt8sYz1D';
export const NOMUPAY_PROCESSING_ACCOUNT_ID = '2HdN2jq6XWmlkhqRC2gDTNYCvNH';
export const NOMUPAY_HMAC_KEY = 'whsec-test-only-0123456789abcdef';

/** Where the shop sends the buyer after its return endpoint (not running in these tests). */
export const SHOP_ORIGIN = 'https://shop.example.jp';

export interface ReceivedWebhook {
  readonly body: string;
  readonly verification: NomupayVerification<NomupayMessageHeader>;
  /** The envelope (spec §10): `{ id, type, live, payload }`. */
  readonly envelope: {
    readonly id: string;
    readonly type: string;
    readonly live: boolean;
    readonly payload: Record<string, unknown>;
  };
}

export interface NomupayAnswer {
  readonly status: number;
  readonly body: string;
  readonly json: Record<string, unknown>;
  /** The answer's HS256 X-Signature checked with the shared HMAC key (spec §4). */
  readonly verification: NomupayVerification<NomupayMessageHeader>;
}

export interface CallOptions {
  /** Replaces the X-Signature (or leaves it out with null). */
  readonly signature?: string | null;
  /** Signs with this clock instead of the merchant's. */
  readonly signedAt?: Date;
  /** Signs for this method and path instead of the request's. */
  readonly signedFor?: { readonly method: string; readonly path: string };
}

export class NomupayTestMerchant extends SandboxMerchant {
  readonly webhooks: ReceivedWebhook[] = [];
  /** Bodies the buyer's browser posted to returnUrl (SBPS's result fields), by reference. */
  readonly returns: Array<{ reference: string; params: Record<string, string> }> = [];
  /** The status the webhook endpoint answers a verified webhook with. */
  webhookStatus: () => number = () => 204;
  #serial = 0;

  private constructor(
    origin: string,
    sandbox: SandboxRouter,
    server: Server,
    readonly privateKeyPem: string,
  ) {
    super(origin, sandbox, server, START);
  }

  /** The emulator's base URL, the merchant's `NOMUPAY_API_URL`. */
  get apiBase(): string {
    return `${this.origin}/sandbox/nomupay`;
  }

  get webhookUrl(): string {
    return `${this.origin}/nomupay/webhooks`;
  }

  returnUrl(reference: string): string {
    return `${this.origin}/nomupay/return/${reference}`;
  }

  static async start(options: Partial<NomupayEmulatorOptions> = {}): Promise<NomupayTestMerchant> {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const privateKeyPem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    let harness: NomupayTestMerchant | undefined;
    const { app, server, origin, sandbox } = await serveSandbox(
      () => harness?.now ?? START,
      (origin) => ({
        nomupay: {
          processingAccountId: NOMUPAY_PROCESSING_ACCOUNT_ID,
          // The bridge's sandbox keys: the public half of the merchant's own private key.
          keys: { [NOMUPAY_KID]: exportNomupayPublicKey(privateKeyPem) },
          hmacKey: NOMUPAY_HMAC_KEY,
          webhookUrl: `${origin}/nomupay/webhooks`,
          ...options,
        },
      }),
    );
    const raw = express.raw({ type: () => true });
    app.post('/nomupay/webhooks', raw, (req, res) => {
      const body = (req.body as Buffer).toString('utf8');
      const verification = verifyNomupayMessage({
        signatureHeader: req.headers['x-signature'],
        body,
        hmacKey: NOMUPAY_HMAC_KEY,
        now: harness?.now ?? START,
        audience: `${origin}/nomupay/webhooks`,
      });
      harness?.webhooks.push({ body, verification, envelope: JSON.parse(body) });
      // Verify first; a webhook that does not verify is answered 400 (spec §4).
      res.status(verification.ok ? (harness?.webhookStatus() ?? 503) : 400).end();
    });
    app.all('/nomupay/return/:reference', raw, (req, res) => {
      const reference = String(req.params.reference);
      const params = Buffer.isBuffer(req.body) ? decodeSbpsForm(req.body) : {};
      harness?.returns.push({ reference, params });
      res.redirect(303, `${SHOP_ORIGIN}/orders/${reference}`);
    });
    harness = new NomupayTestMerchant(origin, sandbox, server, privateKeyPem);
    return harness;
  }

  newReference(): string {
    this.#serial += 1;
    return `ord-${this.now.getTime()}-${this.#serial}`;
  }

  /** A signed request to the emulator; `path` is NomuPay's (`/v1/...`), query included. */
  async call(
    method: 'GET' | 'POST',
    path: string,
    body?: object,
    options: CallOptions = {},
  ): Promise<NomupayAnswer> {
    const url = new URL(`${this.apiBase}${path}`);
    const text = body === undefined ? '' : JSON.stringify(body);
    const signedFor = options.signedFor ?? { method, path: url.pathname + url.search };
    const signature =
      options.signature !== undefined
        ? options.signature
        : signNomupayRequest({
            method: signedFor.method,
            path: signedFor.path,
            body: text,
            kid: NOMUPAY_KID,
            privateKey: this.privateKeyPem,
            now: options.signedAt ?? this.now,
          });
    const response = await fetch(url, {
      method,
      headers: {
        ...(text === '' ? {} : { 'content-type': 'application/json' }),
        ...(signature === null ? {} : { 'x-signature': signature }),
      },
      ...(text === '' ? {} : { body: text }),
    });
    const answer = await response.text();
    return {
      status: response.status,
      body: answer,
      json: answer === '' ? {} : JSON.parse(answer),
      verification: verifyNomupayMessage({
        signatureHeader: response.headers.get('x-signature'),
        body: answer,
        hmacKey: NOMUPAY_HMAC_KEY,
        now: this.now,
      }),
    };
  }

  /** `POST /v1/payments` for ¥1,980 (spec §5.4) unless told otherwise. */
  createPayment(
    input: { amount?: number; reference?: string; idempotencyKey?: string } = {},
  ): Promise<NomupayAnswer> {
    const reference = input.reference ?? this.newReference();
    const query = input.idempotencyKey ? `?idempotencyKey=${input.idempotencyKey}` : '';
    return this.call('POST', `/v1/payments${query}`, {
      processingAccountId: NOMUPAY_PROCESSING_ACCOUNT_ID,
      merchantReference: reference,
      amount: { value: input.amount ?? 1980, currency: 'jpy' },
      paymentMethod: {
        type: 'au_kantan_kessai',
        auKantanKessai: { returnUrl: this.returnUrl(reference) },
      },
    });
  }

  /** A payment the buyer has paid through the au screens (approved, or captured when automatic). */
  async paidPayment(amount = 1980): Promise<string> {
    const created = await this.createPayment({ amount });
    const next = created.json.nextStep as { redirect: Parameters<SandboxBuyer['payRedirect']>[0] };
    await this.browser().payRedirect(next.redirect);
    await this.sandbox.whenIdle();
    return created.json.id as string;
  }
}
