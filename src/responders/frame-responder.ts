import type { FrameEnvelope } from '../protocol/frames';
import type { RpcError } from '../protocol/rpc-error';
import type { Connection } from '../transport/connection';

/**
 * A server-side handler of frame types, as the registry knows it. RPC (`rpc`), channels
 * (`join`, `leave`, `push`, `presence`), events (no frames in; it follows connections) and the
 * custom message types (`msg`, by responder name) are each one of these, and live reload plugs
 * in the same way: the transport knows none of them.
 */
export interface FrameResponder<F = FrameEnvelope> {
  /** How log lines name it: `rpc`, `channels`, `events`, `responders`. */
  readonly name: string;
  /** The frame types (`t`) it serves; empty for one that only follows connections. */
  readonly frameTypes: readonly string[];
  /**
   * Checks the fields of a frame of one of its types and returns it typed. Throws an
   * `RpcError('BAD_REQUEST')` naming the field when it cannot: the frame is then unreadable.
   * Absent: the envelope is passed on as it is.
   */
  read?(frame: FrameEnvelope): F;
  /**
   * Serves a frame. Answers and errors are its own; a throw or a rejected promise is a bug
   * the registry logs with the responder's name, and the connection stays up. Returns a
   * promise only for work still running (so the common synchronous path allocates none).
   */
  receive?(frame: F, conn: Connection): void | Promise<void>;
  /**
   * Answers a frame of one of its types that the transport refused unread (the server drains,
   * or `ws.rateLimit`). Absent: answered as an `err` frame under the frame's `id`.
   */
  refuse?(frame: FrameEnvelope, error: RpcError, conn: Connection): void;
  /** A connection opened (before any of its frames is received). */
  connected?(conn: Connection): void;
  /** A connection closed. */
  disconnected?(conn: Connection): void;
}
