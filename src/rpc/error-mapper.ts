import type { Logger } from '../logging/logger';
import { RpcError, type WireError } from '../protocol/rpc-error';

/**
 * Turns anything thrown by user code into what the client may see. An `RpcError` passes
 * unchanged. Anything else becomes `INTERNAL` and is logged with its stack; in production the
 * client gets neither the message nor the stack.
 */
export class ErrorMapper {
  constructor(
    private readonly production: boolean,
    private readonly log: Logger,
  ) {}

  toWire(err: unknown, where: string): WireError {
    if (err instanceof RpcError) return err.toJSON();
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
