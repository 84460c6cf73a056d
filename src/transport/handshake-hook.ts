import type { IncomingMessage } from 'node:http';
import type { Connection } from './connection';

/** What the handshake hook found for an upgrade. */
export interface HandshakeResult<S> {
  /** What the connection will carry as `conn.session`. */
  readonly session: S;
  /** A `Set-Cookie` header value to send with the 101 response (a new session's cookie). */
  readonly setCookie?: string;
}

/**
 * All the transport knows of sessions: the session layer provides this hook, and the transport
 * calls it at the handshake, when a connection opens and closes, and on each frame. The
 * transport never looks inside `S`.
 */
export interface HandshakeHook<S> {
  /**
   * The session of an accepted upgrade. Returns at once when there is nothing to look up (no
   * cookie), else a promise; `ws.handshakeTimeout` bounds the wait. A rejection refuses the
   * upgrade with 503.
   *
   * @param encrypted whether the socket itself is TLS
   */
  handshake(req: IncomingMessage, encrypted: boolean): HandshakeResult<S> | Promise<HandshakeResult<S>>;
  /** The 101 is written: returns what the connection keeps (the hook may hand out its own object). */
  hold(found: S): S;
  /** The connection opened, before the responders hear of it. */
  opened(conn: Connection<S>): void;
  /** A frame arrived on the connection (activity). */
  activity(conn: Connection<S>): void;
  /** The connection closed, after the responders heard of it. */
  closed(conn: Connection<S>): void;
}
