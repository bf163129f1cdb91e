/** An error the emulated NomuPay answers: `{ error: { code, message, message_ja } }`. */
export class NomupayApiError {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly message: string,
    readonly messageJa: string,
  ) {}
}

export const apiError = (
  status: number,
  code: string,
  message: string,
  messageJa: string,
): NomupayApiError => new NomupayApiError(status, code, message, messageJa);

/**
 * NomuPay's error body is not published (spec/nomupay-au.md §13); the sandbox answers the
 * project's shape, English and Japanese, so a merchant reads the same fields from every emulator.
 */
export function errorBody(error: NomupayApiError): object {
  return { error: { code: error.code, message: error.message, message_ja: error.messageJa } };
}
