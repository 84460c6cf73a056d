/**
 * The closed set of codes an error frame can carry. A client can switch on them
 * exhaustively; anything a server throws that is not an `RpcError` is sent as `INTERNAL`.
 */
export const ERROR_CODES = [
  /** The frame could not be decoded or had the wrong shape. */
  'BAD_REQUEST',
  /** An argument failed its declared type or class-validator constraints; `details` lists the fields. */
  'VALIDATION_FAILED',
  /** No such service, method, channel or responder. */
  'NOT_FOUND',
  /** The caller must log in first. */
  'UNAUTHENTICATED',
  /** A guard refused the call. */
  'FORBIDDEN',
  /** The request conflicts with the current state. */
  'CONFLICT',
  /** Too many requests or too many calls in flight. */
  'RATE_LIMITED',
  /** The frame was larger than the server accepts. */
  'PAYLOAD_TOO_LARGE',
  /** No reply arrived in time (raised by the client). */
  'TIMEOUT',
  /** The connection was lost or the server is shutting down; the call may not have run. */
  'UNAVAILABLE',
  /** Anything else; the message and stack are hidden in production. */
  'INTERNAL',
] as const;

/** One of {@link ERROR_CODES}. */
export type ErrorCode = (typeof ERROR_CODES)[number];

const known: ReadonlySet<string> = new Set(ERROR_CODES);

/** True when `code` is one of {@link ERROR_CODES}. */
export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && known.has(code);
}

/**
 * The `code` of the `TypeError` thrown by `new RpcError(code)` when `code` is not one of
 * {@link ERROR_CODES} (a developer's mistake, named like the server's `SS_ERR_` codes). Kept here,
 * not in the server's error module: protocol/ imports nothing and is shared with the browser.
 */
export const INVALID_ERROR_CODE = 'SS_ERR_INVALID_ERROR_CODE';
