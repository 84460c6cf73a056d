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
    const e = err instanceof Error ? err : new Error(String(err));
    return { code: 'INTERNAL', message: e.message, details: { name: e.name, stack: e.stack } };
  }
}
