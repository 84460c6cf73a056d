import { SocketStreamError } from '../errors/socketstream-error';
import type { Logger } from '../logging/logger';
import { isRequestId, quote, readEnvelope } from '../protocol/codec';
import { errorFrame } from '../protocol/encode';
import type { FrameEnvelope } from '../protocol/frames';
import { RpcError } from '../protocol/rpc-error';
import type { Connection } from '../transport/connection';
import type { ConnectionHandler } from '../transport/connection-handler';
import type { FrameResponder } from './frame-responder';

/** A responder with its failure logger, made once so a frame's path allocates no closure. */
interface Route {
  readonly responder: FrameResponder<unknown>;
  readonly failed: (err: unknown) => void;
}

/**
 * The spine of the WebSocket side: every frame goes to the responder its type names, and every
 * responder hears connections open and close, in the order they were registered (and close in
 * the reverse order).
 */
export class ResponderRegistry implements ConnectionHandler {
  private readonly routes = new Map<string, Route>();
  private readonly watchers: FrameResponder<unknown>[];

  /**
   * @throws SocketStreamError `SS_ERR_DUPLICATE_FRAME_TYPE` when two responders serve one frame type
   */
  constructor(
    responders: readonly FrameResponder<unknown>[],
    private readonly log: Logger,
  ) {
    for (const responder of responders) {
      const route: Route = { responder, failed: (err) => this.log.error(`${responder.name} failed on a frame`, err) };
      for (const type of responder.frameTypes) {
        const other = this.routes.get(type);
        if (other) {
          throw new SocketStreamError('SS_ERR_DUPLICATE_FRAME_TYPE', `frame type "${type}" is served by both ${other.responder.name} and ${responder.name}`);
        }
        this.routes.set(type, route);
      }
    }
    this.watchers = responders.filter((r) => r.connected !== undefined || r.disconnected !== undefined);
  }

  /** The frame types served, for documentation and tests. */
  get frameTypes(): string[] {
    return [...this.routes.keys()];
  }

  opened(conn: Connection): void {
    for (const r of this.watchers) {
      try {
        r.connected?.(conn);
      } catch (err) {
        this.log.error(`${r.name} failed on a new connection`, err);
      }
    }
  }

  frame(conn: Connection, envelope: FrameEnvelope): void {
    const route = this.routes.get(envelope.t);
    if (route === undefined) throw new RpcError('BAD_REQUEST', `unknown frame type ${quote(envelope.t)}`);
    const responder = route.responder;
    // Unreadable: the transport answers and counts it.
    const frame = responder.read === undefined ? envelope : responder.read(envelope);
    if (responder.receive === undefined) return;
    let pending: void | Promise<void>;
    try {
      pending = responder.receive(frame, conn);
    } catch (err) {
      route.failed(err);
      return;
    }
    if (pending !== undefined) pending.catch(route.failed);
  }

  refused(conn: Connection, text: string | null, error: RpcError, always: boolean): void {
    let frame: FrameEnvelope | undefined;
    try {
      frame = text === null ? undefined : readEnvelope(text);
    } catch {
      // Not even an envelope: only an err with id null can answer it.
    }
    const responder = frame === undefined ? undefined : this.routes.get(frame.t)?.responder;
    if (frame !== undefined && responder?.refuse !== undefined) {
      responder.refuse(frame, error, conn);
      return;
    }
    const id = frame !== undefined && isRequestId(frame.id) ? frame.id : null;
    if (id !== null || always) conn.send(errorFrame(id, error));
  }

  closed(conn: Connection): void {
    for (let i = this.watchers.length - 1; i >= 0; i--) {
      const r = this.watchers[i];
      try {
        r.disconnected?.(conn);
      } catch (err) {
        this.log.error(`${r.name} failed on a closed connection`, err);
      }
    }
  }
}
