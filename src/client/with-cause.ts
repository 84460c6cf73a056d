import { RpcError } from '../protocol/rpc-error';
import type { ErrorCode } from '../protocol/error-code';

/**
 * An `RpcError` reporting a failure that has an underlying cause (the transport's error): its
 * message ends with the cause's message in parentheses, and `cause` holds the cause itself.
 * Without a cause it is a plain `RpcError(code, message)`.
 */
export function withCause(code: ErrorCode, message: string, cause?: unknown): RpcError {
  if (cause === undefined) return new RpcError(code, message);
  // Not `instanceof Error`: Node's own errors come from another realm under Jest.
  const text = (cause as { message?: unknown } | null)?.message;
  const error = new RpcError(code, `${message} (${typeof text === 'string' ? text : String(cause)})`);
  // As `new Error(message, { cause })` defines it: own, not enumerable.
  Object.defineProperty(error, 'cause', { value: cause, writable: true, configurable: true });
  return error;
}
