import type { Logger } from '../logging/logger';

/**
 * What a custom message type's handlers see of the connection, `S` being what the connection
 * carries (the app's `Session`: the public `ResponderContext`). A new context is made per call:
 * keep per-socket state keyed by `socketId`.
 */
export interface MessageContext<S> {
  /** The connection's session (the same object the socket's RPC calls see). */
  readonly session: S;
  /** The connection's id, the target of `publish.socket`. */
  readonly socketId: string;
  /**
   * Sends `message` to this socket's handle of the responder (`ss.responder(name).on(fn)`).
   * Dropped when the socket has closed.
   *
   * @throws TypeError when `message` cannot be written as JSON (a BigInt, a cycle)
   */
  send(message: unknown): void;
  /** The app's logger, prefixed with the responder's name. */
  readonly log: Logger;
}
