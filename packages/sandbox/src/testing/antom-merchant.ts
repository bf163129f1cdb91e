// A test merchant for the emulated Antom: an Express app on 127.0.0.1 (ephemeral port) with the
// sandbox mounted at /sandbox (Antom at /sandbox/antom), requests signed with a freshly generated
// merchant key through @au-pay/core/antom, a notification receiver inside `notificationOrigins`
// that verifies each notification with the exported Antom public key, and an injectable clock.

import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import type { Server } from 'node:http';
import { signAntomRequest, verifyAntomMessage } from '@au-pay/core/antom';
import express from 'express';
import type { AntomEmulatorState } from '../antom/antom-emulator.js';
import { ANTOM_ACK, RESEND_OFFSETS_MS } from '../antom/notification-outbox.js';
import type { AntomEmulatorOptions } from '../antom/options.js';
import { ANTOM_SANDBOX_PUBLIC_KEY } from '../antom/sandbox-keys.js';
import type { SandboxRouter } from '../sandbox.js';
import { SandboxMerchant, serveSandbox } from './sandbox-merchant.js';

export const ANTOM_CLIENT_ID = 'SANDBOX_5Y0A2B3C4D5E6F07';
/** 2025-11-17 09:00 JST = 08:00 UTC+8. */
export const ANTOM_START = new Date('2025-11-17T00:00:00Z');

/** A notifyPayment or notifyRefund as the merchant received it. */
export interface ReceivedAntomNotification {
  readonly path: string;
  readonly clientId: string | undefined;
  readonly body: string;
  readonly json: Record<string, unknown>;
  /** Verified with `ANTOM_SANDBOX_PUBLIC_KEY` over the notify URL's path (spec §5). */
  readonly verified: boolean;
  readonly receivedAt: Date;
}

/** An API reply as the merchant received it. */
export interface AntomReply {
  readonly status: number;
  readonly headers: Headers;
  readonly body: string;
  // biome-ignore lint/suspicious/noExplicitAny: a test reads any field of the JSON reply
  readonly json: any;
  /** Signed by Antom's test key over the request's path and `response-time` (spec §3). */
  readonly verified: boolean;
}

export interface AntomCallOptions {
  readonly clientId?: string;
  readonly requestTime?: string;
  /** Sign with another key (a wrong signature). */
  readonly privateKey?: KeyObject;
  /** Sign over this path instead of the API path (e.g. the full path, mount included). */
  readonly signedPath?: string;
  /** Post the body as given but sign this one instead. */
  readonly signedBody?: string;
  readonly contentType?: string;
}

/** When attempt `n` (0-based) of a notification is due, after the first (spec/antom-au.md §5.2). */
export const antomResendOffset = (n: number): number => RESEND_OFFSETS_MS[n] ?? Number.NaN;

export class AntomTestMerchant extends SandboxMerchant {
  readonly notifications: ReceivedAntomNotification[] = [];
  /** The paths of `paymentRedirectUrl` the buyer's browser landed on. */
  readonly returns: string[] = [];
  /** What the notification receiver answers; the exact ack of spec §5.2 when verified. */
  answer: (n: ReceivedAntomNotification) => { status: number; body: string } = (n) =>
    n.verified ? { status: 200, body: ANTOM_ACK } : { status: 400, body: 'signature mismatch' };
  #serial = 0;

  private constructor(
    origin: string,
    sandbox: SandboxRouter,
    server: Server,
    readonly merchantKey: KeyObject,
    readonly clientId: string,
  ) {
    super(origin, sandbox, server, ANTOM_START);
  }

  static async start(options: Partial<AntomEmulatorOptions> = {}): Promise<AntomTestMerchant> {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const clientId = options.clientId ?? ANTOM_CLIENT_ID;
    let harness: AntomTestMerchant | undefined;
    const { app, server, origin, sandbox } = await serveSandbox(
      () => harness?.now ?? ANTOM_START,
      () => ({
        antom: {
          merchantPublicKey: publicKey.export({ format: 'der', type: 'spki' }).toString('base64'),
          ...options,
          clientId,
        },
      }),
    );
    app.post('/shop/antom/:kind', express.raw({ type: () => true }), (req, res) => {
      const body = (req.body as Buffer).toString('utf8');
      const notification: ReceivedAntomNotification = {
        path: req.originalUrl,
        clientId: req.get('client-id'),
        body,
        json: JSON.parse(body) as Record<string, unknown>,
        verified: verifyAntomMessage({
          method: req.method,
          path: req.originalUrl,
          clientId: req.headers['client-id'],
          requestTime: req.headers['request-time'],
          body: req.body as Buffer,
          signatureHeader: req.headers.signature,
          publicKey: ANTOM_SANDBOX_PUBLIC_KEY,
        }).ok,
        receivedAt: harness?.now ?? ANTOM_START,
      };
      harness?.notifications.push(notification);
      const answer = harness?.answer(notification) ?? { status: 503, body: 'not ready' };
      res.status(answer.status).type('application/json').send(answer.body);
    });
    app.get('/shop/return', (req, res) => {
      harness?.returns.push(req.originalUrl);
      res.type('text/plain').send('merchant result page');
    });
    harness = new AntomTestMerchant(origin, sandbox, server, privateKey, clientId);
    return harness;
  }

  get antom(): AntomEmulatorState {
    if (!this.sandbox.antom) throw new Error('The Antom test merchant always emulates Antom');
    return this.sandbox.antom;
  }

  /** The path a `SANDBOX_` client posts to and signs, as the SDKs rewrite it (spec §2). */
  apiPath(endpoint: string, clientId = this.clientId): string {
    const api = clientId.startsWith('SANDBOX_') ? '/ams/sandbox/api' : '/ams/api';
    return `${api}/v1/payments/${endpoint}`;
  }

  /** A signed API call over real HTTP; the reply is verified with Antom's sandbox public key. */
  async call(
    endpoint: string,
    body: object | string,
    options: AntomCallOptions = {},
  ): Promise<AntomReply> {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    const path = this.apiPath(endpoint);
    const headers = signAntomRequest({
      method: 'POST',
      path: options.signedPath ?? path,
      clientId: options.clientId ?? this.clientId,
      requestTime: options.requestTime ?? String(this.now.getTime()),
      body: options.signedBody ?? text,
      privateKey: options.privateKey ?? this.merchantKey,
    });
    const response = await fetch(`${this.origin}/sandbox/antom${path}`, {
      method: 'POST',
      headers: {
        ...headers,
        'content-type': options.contentType ?? 'application/json; charset=UTF-8',
      },
      body: text,
    });
    const reply = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      body: reply,
      json: JSON.parse(reply),
      verified: verifyAntomMessage({
        method: 'POST',
        path: options.signedPath ?? path,
        clientId: response.headers.get('client-id'),
        responseTime: response.headers.get('response-time'),
        body: reply,
        signatureHeader: response.headers.get('signature'),
        publicKey: ANTOM_SANDBOX_PUBLIC_KEY,
      }).ok,
    };
  }

  newRequestId(prefix = 'ord'): string {
    this.#serial += 1;
    return `${prefix}-${this.now.getTime()}-${this.#serial}`;
  }

  /** A pay body as the bridge would send it (spec §3.4), overrides merged at the top level. */
  payBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
    const paymentRequestId = this.newRequestId();
    return {
      productCode: 'CASHIER_PAYMENT',
      paymentRequestId,
      order: {
        referenceOrderId: paymentRequestId,
        orderDescription: 'Ebook bundle',
        orderAmount: { currency: 'JPY', value: '1980' },
      },
      paymentAmount: { currency: 'JPY', value: '1980' },
      paymentMethod: { paymentMethodType: 'AU' },
      paymentRedirectUrl: `${this.origin}/shop/return?ref=${paymentRequestId}`,
      paymentNotifyUrl: `${this.origin}/shop/antom/notify`,
      settlementStrategy: { settlementCurrency: 'JPY' },
      env: { terminalType: 'WEB', clientIp: '203.0.113.7' },
      ...overrides,
    };
  }

  /** pay with {@link payBody}: the body sent, the reply, and the au screens' `normalUrl`. */
  async startPayment(overrides: Record<string, unknown> = {}): Promise<{
    body: Record<string, unknown>;
    reply: AntomReply;
    paymentId: string;
    normalUrl: string;
  }> {
    const body = this.payBody(overrides);
    const reply = await this.call('pay', body);
    return { body, reply, paymentId: reply.json.paymentId, normalUrl: reply.json.normalUrl };
  }
}
