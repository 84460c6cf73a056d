import type { Logger } from '../logging/logger';
import type { ContextMarker } from '../protocol/context-marker';
import type { Session } from '../session/session';

/** Options of `ChannelContext#broadcast`. */
export interface BroadcastOptions {
  /** Leave out the connection that triggered the handler. Default false. */
  exceptSelf?: boolean;
}

/** What `canJoin` and `@Subscribe` handlers of a `@Channel` class receive. */
export interface ChannelContext extends ContextMarker {
  readonly kind: 'channel';
  /** The session of the connection that joined or pushed. */
  readonly session: Session;
  /** That connection's id. */
  readonly socketId: string;
  /** The concrete channel name, e.g. `room:lobby`. */
  readonly channel: string;
  /** Values of the pattern's `{param}` segments, e.g. `{ id: 'lobby' }`. */
  readonly params: Readonly<Record<string, string>>;
  /** The app's logger. */
  readonly log: Logger;
  /** Sends `event` to every member of this channel. */
  broadcast(event: string, data: unknown, options?: BroadcastOptions): Promise<void>;
}

/** Implemented by `@Channel` classes that decide who may join. */
export interface CanJoin<P extends Record<string, string> = Record<string, string>> {
  /** True to let the connection join the channel named by `params`; false (or throwing an `RpcError`) refuses. */
  canJoin(params: P, ctx: ChannelContext): boolean | Promise<boolean>;
}
