import { isHttpUrl } from '../http-url.js';
import { apiError, NomupayApiError } from './api-error.js';

/** A create-payment request that passed the checks of spec §5.1. */
export interface CreatePaymentRequest {
  readonly merchantReference: string;
  readonly amount: number;
  readonly returnUrl: string;
}

/** A capture, cancel or refund request: `{ amount?, merchantReference? }` (spec §6 [assume]). */
export interface OperationRequest {
  readonly amount?: number;
  readonly merchantReference?: string;
}

const invalid = (field: string, message: string, messageJa: string): NomupayApiError =>
  apiError(400, 'invalid_request', `${field}: ${message}`, `${field}：${messageJa}`);

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function parseJson(body: Buffer): Record<string, unknown> | NomupayApiError {
  try {
    const parsed: unknown = JSON.parse(body.toString('utf8') || 'null');
    if (isRecord(parsed)) return parsed;
  } catch {
    // answered below
  }
  return invalid('body', 'must be a JSON object.', 'JSON オブジェクトで送信してください。');
}

/** `{ value, currency }`: an integer number of yen ≥ 1, currency JPY in either case (spec §13). */
function readAmount(value: unknown, max: number): number | NomupayApiError {
  if (!isRecord(value)) {
    return invalid(
      'amount',
      'must be { value, currency }.',
      '{ value, currency } で指定してください。',
    );
  }
  if (typeof value.currency !== 'string' || value.currency.toLowerCase() !== 'jpy') {
    return invalid(
      'amount.currency',
      'au Kantan Kessai is processed in JPY only ("jpy").',
      'auかんたん決済の通貨は JPY（"jpy"）のみです。',
    );
  }
  const yen = value.value;
  if (typeof yen !== 'number' || !Number.isInteger(yen) || yen < 1 || yen > max) {
    return invalid(
      'amount.value',
      `must be a whole number of yen from 1 to ${max}.`,
      `1〜${max} 円の整数で指定してください。`,
    );
  }
  return yen;
}

function readReference(value: unknown, required: boolean): string | undefined | NomupayApiError {
  if (value === undefined && !required) return undefined;
  if (typeof value !== 'string' || value.length < 1 || value.length > 50) {
    return invalid(
      'merchantReference',
      'must be a string of 1 to 50 characters.',
      '1〜50 文字の文字列で指定してください。',
    );
  }
  return value;
}

const isError = (value: unknown): value is NomupayApiError => value instanceof NomupayApiError;

/** Checks a `POST /v1/payments` body (spec §5.1; every field of the example is required). */
export function readCreatePayment(
  body: Buffer,
  processingAccountId: string,
  maxAmount: number,
): CreatePaymentRequest | NomupayApiError {
  const json = parseJson(body);
  if (isError(json)) return json;
  if (json.processingAccountId !== processingAccountId) {
    return invalid(
      'processingAccountId',
      'is not a processing account of this merchant.',
      'この加盟店の processing account ではありません。',
    );
  }
  const merchantReference = readReference(json.merchantReference, true);
  if (isError(merchantReference)) return merchantReference;
  const amount = readAmount(json.amount, maxAmount);
  if (isError(amount)) return amount;
  const method = json.paymentMethod;
  if (!isRecord(method) || method.type !== 'au_kantan_kessai') {
    return invalid(
      'paymentMethod.type',
      'must be "au_kantan_kessai".',
      '"au_kantan_kessai" を指定してください。',
    );
  }
  const au = method.auKantanKessai;
  const returnUrl = isRecord(au) ? au.returnUrl : undefined;
  if (typeof returnUrl !== 'string' || !isHttpUrl(returnUrl)) {
    return invalid(
      'paymentMethod.auKantanKessai.returnUrl',
      'must be an absolute http(s) URL.',
      'http(s) の絶対 URL で指定してください。',
    );
  }
  return { merchantReference: merchantReference ?? '', amount, returnUrl };
}

/** Checks a capture, cancel or refund body; an empty body is the full remaining amount. */
export function readOperation(body: Buffer, maxAmount: number): OperationRequest | NomupayApiError {
  const json = body.length === 0 ? {} : parseJson(body);
  if (isError(json)) return json;
  const merchantReference = readReference(json.merchantReference, false);
  if (isError(merchantReference)) return merchantReference;
  if (json.amount === undefined) return merchantReference ? { merchantReference } : {};
  const amount = readAmount(json.amount, maxAmount);
  if (isError(amount)) return amount;
  return { amount, ...(merchantReference ? { merchantReference } : {}) };
}

export { isError as isApiError };
