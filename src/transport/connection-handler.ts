import type { FrameEnvelope } from '../protocol/frames';
import type { RpcError } from '../protocol/rpc-error';
import type { Connection } from './connection';

/**
 * What the transport hands connections and frames to (the responder registry). The transport
 * reads only a frame's envelope: what its type means is the handler's business.
 */
export interface ConnectionHandler<S = unknown> {
  /** A connection is open; its hello frame is sent. */
  opened(conn: Connection<S>): void;
  /**
   * A frame from `conn`. Throws an `RpcError` only when the frame cannot be read (a type nobody
   * serves, fields of the wrong shape): the transport answers it and counts it against
   * `ws.maxUnreadableFrames`. Everything else is the handler's to answer or log.
   */
  frame(conn: Connection<S>, frame: FrameEnvelope): void;
  /**
   * The transport refused a frame before reading it (the server drains, or `ws.rateLimit`):
   * the handler answers it as frames of its type are answered (`text` null: a binary frame).
   * `always`: answer even a frame whose reply could not be matched to anything (an `err` with
   * `id: null`); otherwise such a frame is dropped.
   */
  refused(conn: Connection<S>, text: string | null, error: RpcError, always: boolean): void;
  /** The connection closed. */
  closed(conn: Connection<S>): void;
}
