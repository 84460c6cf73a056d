import type { Logger } from '../logging/logger';
import type { ContextMarker } from '../protocol/context-marker';
import type { Session } from '../session/session';

/** What an `@Rpc` method receives through `@Ctx()`, and what guards see for an RPC call. */
export interface RpcContext extends ContextMarker {
  /** Tells an RPC context from a channel context (guards receive both). */
  readonly kind: 'rpc';
  /** The caller's session (shared with HTTP and the caller's other connections). */
  readonly session: Session;
  /** The caller's connection id; `publish.socket(ctx.socketId, …)` reaches it. */
  readonly socketId: string;
  /** Service name, e.g. `chat`. */
  readonly service: string;
  /** Method name as called, e.g. `send`. */
  readonly method: string;
  /** The app's logger. */
  readonly log: Logger;
}
