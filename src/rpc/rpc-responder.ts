import type { Logger } from '../logging/logger';
import type { RpcRequestFrame } from '../protocol/frames';
import { RpcError, type WireError } from '../protocol/rpc-error';
import type { Connection } from '../transport/connection';
import type { ErrorMapper } from './error-mapper';
import { invoke } from './invocation';
import type { RpcContext } from './rpc-context';
import type { RpcHandler } from './rpc-method-table';

export function resultFrame(id: RpcRequestFrame['id'], result: unknown): string {
  const idText = typeof id === 'number' ? String(id) : JSON.stringify(id);
  // JSON.stringify gives undefined for functions and symbols: they travel as an absent result.
  const body = result === undefined ? undefined : JSON.stringify(result);
  return body === undefined ? `{"t":"res","id":${idText}}` : `{"t":"res","id":${idText},"r":${body}}`;
}

/**
 * Encodes an error frame for request `id`. When the error's details cannot be serialised
 * (a BigInt, a cycle), the frame goes without them rather than not at all.
 */
export function errorFrame(id: RpcRequestFrame['id'] | null, error: RpcError | WireError): string {
  const e = error instanceof RpcError ? error.toJSON() : error;
  try {
    return JSON.stringify({ t: 'err', id, e });
  } catch {
    return JSON.stringify({ t: 'err', id, e: { code: e.code, message: String(e.message) } });
  }
}

/** Longest method name quoted back in NOT_FOUND, so a huge name is not echoed in full. */
const MAX_QUOTED_NAME = 128;

/**
 * Runs `rpc` frames: method lookup → guards → argument checks → the method → a result or error
 * frame. Lookup uses the table built at start-up, so a call never touches metadata.
 */
export class RpcResponder {
  constructor(
    private readonly table: ReadonlyMap<string, RpcHandler>,
    private readonly errors: ErrorMapper,
    private readonly log: Logger,
    private readonly maxInFlight: number,
  ) {}

  async handle(frame: RpcRequestFrame, conn: Connection): Promise<void> {
    const handler = this.table.get(frame.m);
    if (handler === undefined) {
      const name = frame.m.length > MAX_QUOTED_NAME ? `${frame.m.slice(0, MAX_QUOTED_NAME)}…` : frame.m;
      conn.send(errorFrame(frame.id, new RpcError('NOT_FOUND', `no RPC method "${name}"`)));
      return;
    }
    if (conn.inFlight >= this.maxInFlight) {
      conn.send(errorFrame(frame.id, new RpcError('RATE_LIMITED', `more than ${this.maxInFlight} calls in flight on this connection`)));
      return;
    }
    conn.inFlight++;
    let text: string;
    try {
      const result = await this.invoke(handler, frame.a, conn);
      text = resultFrame(frame.id, result);
    } catch (err) {
      text = errorFrame(frame.id, this.errors.toWire(err, handler.name));
    } finally {
      conn.inFlight--;
    }
    conn.send(text);
  }

  private invoke(handler: RpcHandler, args: unknown[], conn: Connection): Promise<unknown> {
    // The context is only built for methods that can see it.
    const ctx =
      handler.guards.length > 0 || handler.ctxIndex >= 0
        ? ({ kind: 'rpc', session: conn.session, socketId: conn.id, service: handler.service, method: handler.method, log: this.log } as RpcContext)
        : (undefined as unknown as RpcContext);
    return invoke(handler, handler.instance, args, ctx);
  }
}
