import type { Session } from '../session/session';
import type { SharedFrame } from './shared-frame';

/** What responders see of a client connection. */
export interface Connection {
  /** Random id, sent in the hello frame; the target of `publish.socket`. */
  readonly id: string;
  /** The connection's session; the object may change id (rotation) but stays the same. */
  readonly session: Session;
  /** Queues a text frame to the client; dropped when the socket is no longer open. */
  send(frame: string): void;
  /** Queues a frame built once for many connections (`shareFrame`). */
  sendShared(frame: SharedFrame): void;
  /** Calls currently running for this connection. */
  inFlight: number;
  /** Channels this connection is a member of. */
  readonly channels: Set<string>;
  /** Set once the socket closed: work still running for it must not add state. */
  closed: boolean;
}
