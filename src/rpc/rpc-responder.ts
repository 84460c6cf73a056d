import type { Logger } from '../logging/logger';
import { errorFrame, resultFrame } from '../protocol/encode';
import { readRpcFrame } from '../protocol/codec';
import type { FrameEnvelope, RpcRequestFrame } from '../protocol/frames';
import { RpcError } from '../protocol/rpc-error';
import type { FrameResponder } from '../responders/frame-responder';
import type { SessionConnection as Connection } from '../session/session-connection';
import { checkPrimitiveArguments } from '../invocation/argument-check';
import type { ErrorMapper } from '../invocation/error-mapper';
import { call, invoke, isThenable } from '../invocation/invocation';
import type { RpcContext } from '../invocation/rpc-context';
import type { RpcHandler } from './rpc-method-table';

/** Longest method name quoted back in NOT_FOUND, so a huge name is not echoed in full. */
const MAX_QUOTED_NAME = 128;

/**
 * Runs `rpc` frames: method lookup → guards → argument checks → the method → a result or error
 * frame. Lookup uses the table built at start-up, so a call never touches metadata.
 *
 * A method without guards whose parameters are checked synchronously, and which returns a plain
 * value, is answered before `handle` returns: no promise, no closure. That is the common case
 * and the one the per-call CPU budget is about. Anything else (guards, class validation, a
 * returned promise) settles asynchronously and answers when it does.
 */
export class RpcResponder implements FrameResponder<RpcRequestFrame> {
  readonly name = 'rpc';
  readonly frameTypes = ['rpc'] as const;

  constructor(
    private readonly table: ReadonlyMap<string, RpcHandler>,
    private readonly errors: ErrorMapper,
    private readonly log: Logger,
    private readonly maxInFlight: number,
  ) {}

  read(frame: FrameEnvelope): RpcRequestFrame {
    return readRpcFrame(frame);
  }

  /** Never throws; returns a promise only when the call went asynchronous (it never rejects). */
  receive(frame: RpcRequestFrame, conn: Connection): Promise<void> | undefined {
    const handler = this.table.get(frame.m);
    if (handler === undefined) {
      const name = frame.m.length > MAX_QUOTED_NAME ? `${frame.m.slice(0, MAX_QUOTED_NAME)}…` : frame.m;
      conn.send(errorFrame(frame.id, new RpcError('NOT_FOUND', `no RPC method "${name}"`)));
      return undefined;
    }
    if (conn.inFlight >= this.maxInFlight) {
      conn.send(errorFrame(frame.id, new RpcError('RATE_LIMITED', `more than ${this.maxInFlight} calls in flight on this connection`)));
      return undefined;
    }
    conn.inFlight++;
    let result: unknown;
    try {
      result = this.start(handler, frame.a, conn);
    } catch (err) {
      this.fail(frame.id, handler, conn, err);
      return undefined;
    }
    if (isThenable(result)) return this.settle(frame.id, handler, conn, result);
    this.succeed(frame.id, handler, conn, result);
    return undefined;
  }

  /** Calls the method, directly when nothing on its way needs to wait; else through the asynchronous `invoke`. */
  private start(handler: RpcHandler, args: unknown[], conn: Connection): unknown {
    // The context is only built for methods that can see it.
    const ctx =
      handler.guards.length > 0 || handler.ctxIndex >= 0
        ? ({ kind: 'rpc', session: conn.session, socketId: conn.id, service: handler.service, method: handler.method, log: this.log } as RpcContext)
        : undefined;
    if (!handler.plain || handler.guards.length > 0) return invoke(handler, handler.instance, args, ctx as RpcContext);
    checkPrimitiveArguments(handler.params, args, handler.name);
    return call(handler, handler.instance, args, ctx);
  }

  private async settle(id: RpcRequestFrame['id'], handler: RpcHandler, conn: Connection, pending: PromiseLike<unknown>): Promise<void> {
    let result: unknown;
    try {
      result = await pending;
    } catch (err) {
      this.fail(id, handler, conn, err);
      return;
    }
    this.succeed(id, handler, conn, result);
  }

  private succeed(id: RpcRequestFrame['id'], handler: RpcHandler, conn: Connection, result: unknown): void {
    let text: string;
    try {
      text = resultFrame(id, result);
    } catch (err) {
      // A result JSON cannot carry (a BigInt, a cycle) is the method's fault: INTERNAL, logged.
      this.fail(id, handler, conn, err);
      return;
    }
    conn.inFlight--;
    conn.send(text);
  }

  private fail(id: RpcRequestFrame['id'], handler: RpcHandler, conn: Connection, err: unknown): void {
    let text: string;
    try {
      text = errorFrame(id, this.errors.toWire(err, handler.name));
    } finally {
      conn.inFlight--;
    }
    conn.send(text);
  }
}
