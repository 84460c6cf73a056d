import { type ErrorCode, INVALID_ERROR_CODE, isErrorCode } from './error-code';

/**
 * The one error class of the wire. Throw it from a service, guard or channel to send the client
 * a chosen code; the client rejects with an `RpcError` carrying the same `code`, `message` and
 * `details`.
 *
 * @example
 * throw new RpcError('UNAUTHENTICATED', 'log in first');
 */
export class RpcError<D = unknown> extends Error {
  override readonly name = 'RpcError';

  /**
   * @param code one of the closed set in `ERROR_CODES`; anything else throws a `TypeError` whose
   *   `code` is `SS_ERR_INVALID_ERROR_CODE`
   * @param message shown to the client as is
   * @param details optional JSON-serialisable data (for `VALIDATION_FAILED`, the failing fields)
   */
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: D,
  ) {
    super(message);
    if (!isErrorCode(code)) {
      throw Object.assign(new TypeError(`new RpcError("${String(code)}", …): the code is not one of ERROR_CODES (docs/errors.md)`), { code: INVALID_ERROR_CODE });
    }
  }

  /** The JSON body of an error frame. */
  toJSON(): WireError {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

/** The `e` member of an error frame. */
export interface WireError {
  code: ErrorCode;
  message: string;
  details?: unknown;
}
