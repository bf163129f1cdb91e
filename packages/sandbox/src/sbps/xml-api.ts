import { timingSafeEqual } from 'node:crypto';
import { formatSbpsDate, parseSbpsDate, sbpsRequestExpired } from '@au-pay/core';
import {
  buildSbpsApiResponse,
  type ParsedSbpsApiRequest,
  parseSbpsApiRequest,
  SBPS_API_RESPONSE_CONTENT_TYPE,
  type SbpsApiFunctionId,
  SbpsXmlError,
  sbpsErrorCodeForProblem,
  validateSbpsApiRequest,
  verifySbpsApiRequest,
} from '@au-pay/core/sbps';
import type { Request, Response } from 'express';
import {
  type ApiFields,
  type ApiOutcome,
  cancelRefundRequest,
  fixedTermCancellation,
  fixedTermPurchase,
  salesRequest,
  simpleContractCancellation,
} from './api-functions.js';
import { createTransactionIds } from './identifiers.js';
import { DEFAULT_LIMIT_SECOND } from './link-checks.js';
import type { ResolvedSbpsOptions } from './options.js';
import type { PurchaseLedger, SandboxContract } from './purchase-ledger.js';
import { rawBody } from './raw-body.js';

const FUNCTIONS: Readonly<
  Record<SbpsApiFunctionId, (ledger: PurchaseLedger, fields: ApiFields, now: Date) => ApiOutcome>
> = {
  'ST02-00201-402': salesRequest,
  'ST02-00303-402': cancelRefundRequest,
  'ST02-00302-402': simpleContractCancellation,
  'ST01-00104-402': fixedTermPurchase,
  'ST02-00309-402': fixedTermCancellation,
};

function credentialsMatch(header: string | undefined, user: string, password: string): boolean {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
  if (!match?.[1]) return false;
  const given = Buffer.from(match[1], 'base64');
  const expected = Buffer.from(`${user}:${password}`, 'utf8');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The function ID sent, read loosely, to pick the method part of an error (`402` or `999`). */
function roughFunctionId(body: Uint8Array): string | undefined {
  return /<sps-api-request[^>]*\bid\s*=\s*["']([^"']{1,40})["']/.exec(
    Buffer.from(body).toString('latin1'),
  )?.[1];
}

interface ApiAnswer {
  readonly id?: string;
  /** Absent = OK. */
  readonly errCode?: string;
  readonly trackingId?: string;
  /** False when SBPS could not identify the request: the answer carries only the error. */
  readonly identified?: boolean;
  readonly endedSimpleContract?: SandboxContract;
}

type ReadRequest = { readonly request: ParsedSbpsApiRequest } | { readonly unreadable: ApiAnswer };

function request(body: Uint8Array): ReadRequest {
  try {
    return { request: parseSbpsApiRequest(body) };
  } catch (error) {
    if (!(error instanceof SbpsXmlError)) throw error;
    const method = roughFunctionId(body)?.endsWith('-402') ? '402' : '999';
    const type =
      error.code === 'unknown_function'
        ? '02000'
        : error.code === 'invalid_base64' || error.code === 'invalid_shift_jis'
          ? '06999'
          : '00999';
    return { unreadable: { errCode: `${method}${type}`, identified: false } };
  }
}

/**
 * `POST /api/xmlapi.do` (spec §8–§13): Basic auth (401), Shift_JIS XML read with core, the
 * function chosen by the `id` attribute, fields validated, the hash checked (Shift_JIS, document
 * order), `request_date + limit_second` checked, then the function's rules applied to the ledger
 * with the injected clock. Business and validation errors answer HTTP 200 with `res_result=NG`
 * and `res_err_code` = `402` + type + item.
 */
export function xmlApiHandler(deps: {
  readonly options: ResolvedSbpsOptions;
  readonly ledger: PurchaseLedger;
  /** After the answer: SBPS's cancellation notice of a recurring-simple contract (spec §15). */
  readonly onSimpleContractEnded: (contract: SandboxContract) => void;
}) {
  const { options, ledger } = deps;
  const transactionId = createTransactionIds(options.merchantId, options.serviceId);

  function answerFor(read: ReadRequest, now: Date): ApiAnswer {
    if ('unreadable' in read) return read.unreadable;
    const { request } = read;
    const { id } = request;
    const fields: Record<string, string> = {};
    for (const [name, value] of request.fields) fields[name] ??= value;
    // The parsed fields leave sps_hashcode out (it is not hashed); it is still validated.
    const problem = validateSbpsApiRequest(id, {
      ...fields,
      ...(request.hashcode === undefined ? {} : { sps_hashcode: request.hashcode }),
    })[0];
    if (problem) return { id, errCode: sbpsErrorCodeForProblem(problem) };
    if (fields.merchant_id !== options.merchantId) return { id, errCode: '40214001' };
    if (fields.service_id !== options.serviceId) return { id, errCode: '40214002' };
    if (!verifySbpsApiRequest(request, options.hashKey)) return { id, errCode: '40209025' };
    let requestDate: Date;
    try {
      requestDate = parseSbpsDate(fields.request_date ?? '');
    } catch {
      return { id, errCode: '40206023' };
    }
    const limitSecond = fields.limit_second ? Number(fields.limit_second) : DEFAULT_LIMIT_SECOND;
    if (limitSecond < 1) return { id, errCode: '40207024' };
    if (sbpsRequestExpired(requestDate, limitSecond, now)) return { id, errCode: '40210023' };
    const outcome = FUNCTIONS[id](ledger, fields, now);
    if (!outcome.ok) return { id, errCode: `402${outcome.type}${outcome.item}` };
    return {
      id,
      ...(outcome.trackingId ? { trackingId: outcome.trackingId } : {}),
      ...(outcome.endedSimpleContract ? { endedSimpleContract: outcome.endedSimpleContract } : {}),
    };
  }

  return (req: Request, res: Response): void => {
    if (!credentialsMatch(req.headers.authorization, options.apiUser, options.apiPassword)) {
      res
        .status(401)
        .set('WWW-Authenticate', 'Basic realm="SBPS API", charset="UTF-8"')
        .type('text/plain')
        .send(
          '401 Unauthorized: wrong or missing Basic credentials (SBPS_API_USER / SBPS_API_PASSWORD).',
        );
      return;
    }
    const now = options.now();
    const body = rawBody(req);
    const answer = answerFor(request(body), now);
    const ok = answer.errCode === undefined;
    const identified = answer.identified ?? true;
    const bytes = buildSbpsApiResponse({
      ...(answer.id ? { id: answer.id } : {}),
      result: ok ? 'OK' : 'NG',
      ...(identified && answer.id ? { spsTransactionId: transactionId(answer.id) } : {}),
      ...(answer.trackingId ? { trackingId: answer.trackingId } : {}),
      ...(identified ? { processDate: formatSbpsDate(now) } : {}),
      ...(ok ? {} : { errCode: answer.errCode }),
      date: formatSbpsDate(options.now()),
    });
    options.logger.info(
      { functionId: answer.id, result: ok ? 'OK' : 'NG', errCode: answer.errCode },
      'SBPS sandbox API request',
    );
    res.status(200).set('Content-Type', SBPS_API_RESPONSE_CONTENT_TYPE).send(Buffer.from(bytes));
    if (answer.endedSimpleContract) deps.onSimpleContractEnded(answer.endedSimpleContract);
  };
}
