import type { Logger } from '../logging/logger';
import type { Session } from '../session/session';

/**
 * What a responder's `onMessage`, `onConnect` and `onDisconnect` see of the connection.
 * A new context is made per call: keep per-socket state keyed by `socketId`.
 */
export interface ResponderContext {
  /** The connection's session (the same object the socket's RPC calls see). */
  readonly session: Session;
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
