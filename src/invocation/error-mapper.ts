import type { Logger } from '../logging/logger';
import type { ErrorCode } from '../protocol/error-code';
import { RpcError, type WireError } from '../protocol/rpc-error';

/**
 * An `RpcError` whose message or details name server-side classes (the guard that refused, the
 * DTO a value should have been): helpful to the app's developer, noise to a user and a map of
 * the server to an attacker. The `ErrorMapper` of a production app sends `forProduction()`
 * instead, which says the same thing without the names.
 */
export class RedactableRpcError<D = unknown> extends RpcError<D> {
  /**
   * @param forProduction the wire error a production app sends; called only there, so the
   *   redacted text costs nothing in development
   */
  constructor(
    code: ErrorCode,
    message: string,
    details: D | undefined,
    private readonly forProduction: () => WireError,
  ) {
    super(code, message, details);
  }

  /** The wire error without server-side names. */
  toProductionJSON(): WireError {
    return this.forProduction();
  }
}

/**
 * Turns anything thrown by user code into what the client may see. An `RpcError` passes
 * unchanged (a `RedactableRpcError` without its class names in production). Anything else becomes `INTERNAL` and is logged with its stack; in production the
 * client gets neither the message nor the stack.
 */
export class ErrorMapper {
  constructor(
    private readonly production: boolean,
    private readonly log: Logger,
  ) {}

  toWire(err: unknown, where: string): WireError {
    if (err instanceof RpcError) return this.production && err instanceof RedactableRpcError ? err.toProductionJSON() : err.toJSON();
    this.log.error(`${where} failed`, err);
    if (this.production) return { code: 'INTERNAL', message: 'Internal server error' };
    if (err instanceof Error) return { code: 'INTERNAL', message: err.message, details: { name: err.name, stack: err.stack } };
    return { code: 'INTERNAL', message: describeThrown(err) };
  }
}

/** A message for a thrown non-Error, which may not even have a prototype to stringify it with. */
function describeThrown(value: unknown): string {
  try {
    return `non-Error thrown: ${String(value)}`;
  } catch {
    return `non-Error thrown: ${typeof value}`;
  }
}
