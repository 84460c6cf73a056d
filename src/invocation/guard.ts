import type { ChannelContext } from './channel-context';
import type { RpcContext } from './rpc-context';

/**
 * Decides whether a call may run. Guards are classes resolved from the app's container, so they
 * can inject what they need. Return false to refuse with `FORBIDDEN`, or throw an `RpcError` to
 * refuse with its code (e.g. `UNAUTHENTICATED`).
 */
export abstract class Guard {
  abstract canActivate(ctx: RpcContext | ChannelContext): boolean | Promise<boolean>;
}
