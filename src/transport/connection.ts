import type { SharedFrame } from './shared-frame';

/**
 * What the layers above see of a client connection. `S` is what the handshake hook attached to
 * it (the app's session): the transport carries it without looking inside.
 */
export interface Connection<S = unknown> {
  /** Random id, sent in the hello frame; the target of `publish.socket`. */
  readonly id: string;
  /** What the handshake hook found for this connection (its session); the object may change id (rotation) but stays the same. */
  readonly session: S;
  /** Queues a text frame to the client; dropped when the socket is no longer open. */
  send(frame: string): void;
  /** Queues a frame built once for many connections (`shareFrame`): how PubSub writes a fan-out. */
  sendShared(frame: SharedFrame): void;
  /** Calls currently running for this connection; the transport closes a draining connection once it is 0. */
  inFlight: number;
  /** Channels this connection is a member of. */
  readonly channels: Set<string>;
  /** Set once the socket closed: work still running for it must not add state. */
  closed: boolean;
}
