import { AntomRefusal } from './result.js';

/** A JSON object of a request body; anything else is `PARAM_ILLEGAL` (spec §9). */
export type JsonObject = Readonly<Record<string, unknown>>;

export function objectField(
  body: JsonObject,
  name: string,
  required = true,
): JsonObject | undefined {
  const value = body[name];
  if (value === undefined && !required) return undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new AntomRefusal('PARAM_ILLEGAL', `${name} must be an object.`);
  }
  return value as JsonObject;
}

/** Every non-array field is a JSON string (spec §2); `max` is the documented length. */
export function textField(
  body: JsonObject,
  name: string,
  max: number,
  required = true,
): string | undefined {
  const value = body[name];
  if (value === undefined && !required) return undefined;
  if (typeof value !== 'string' || value === '') {
    throw new AntomRefusal('PARAM_ILLEGAL', `${name} is required and must be a non-empty string.`);
  }
  if (value.length > max) {
    throw new AntomRefusal('PARAM_ILLEGAL', `${name} is longer than ${max} characters.`);
  }
  return value;
}

export const requiredText = (body: JsonObject, name: string, max: number): string =>
  textField(body, name, max) as string;

/**
 * A JPY `Amount`: currency `JPY` (`CURRENCY_NOT_SUPPORT`), value a positive integer written as a
 * string (`PARAM_ILLEGAL`), spec §2, §4.1.
 */
export function jpyAmount(body: JsonObject, name: string): number {
  const amount = objectField(body, name) as JsonObject;
  if (amount.currency !== 'JPY') {
    throw new AntomRefusal('CURRENCY_NOT_SUPPORT', `${name}.currency must be JPY for au.`);
  }
  const value = amount.value;
  if (typeof value !== 'string' || !/^[1-9]\d{0,15}$/.test(value)) {
    throw new AntomRefusal(
      'PARAM_ILLEGAL',
      `${name}.value must be a positive whole number of yen written as a string, e.g. "1980".`,
    );
  }
  return Number(value);
}

/** An http(s) URL of at most 2,048 characters. */
export function urlField(body: JsonObject, name: string, required: boolean): URL | undefined {
  const text = textField(body, name, 2048, required);
  if (text === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new AntomRefusal('PARAM_ILLEGAL', `${name} is not a URL.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new AntomRefusal('PARAM_ILLEGAL', `${name} must be an http(s) URL.`);
  }
  return url;
}

/**
 * A notify URL: only on a notification origin, the merchant (bridge) that mounts the sandbox. Any
 * other is refused as a bad field, and nothing is ever sent there.
 */
export function notifyUrlField(
  body: JsonObject,
  name: string,
  notificationOrigins: ReadonlySet<string>,
): string | undefined {
  const url = urlField(body, name, false);
  if (url === undefined) return undefined;
  if (!notificationOrigins.has(url.origin)) {
    throw new AntomRefusal(
      'PARAM_ILLEGAL',
      `${name} must be on one of the sandbox's notification origins; ${url.origin} is not one.`,
    );
  }
  return url.href;
}

/** The body with keys sorted at every level: two bodies with the same content compare equal. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) =>
      a < b ? -1 : a > b ? 1 : 0,
    );
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
