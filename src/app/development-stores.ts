import type { PubSubTransport } from '../pubsub/pubsub-transport';
import type { SessionStore } from '../session/session-store';

/**
 * The in-memory stores `ss dev` keeps across restarts of the app: sessions, and PubSub with its
 * channel histories. When the dev runner restarts the app after a server file changed, the new
 * app takes these instead of new empty ones, so a session or a channel's history is not lost
 * because a file was saved; clients reconnect and resume as after any restart.
 */
export interface DevelopmentStores {
  readonly sessionStore: SessionStore;
  readonly pubsub: PubSubTransport;
}

/**
 * Where the dev runner leaves them for the app it loads: a registered symbol on the process's
 * global object, so that the app finds them even when it loaded another copy of the framework
 * than the runner (an app's own node_modules). Only `ss dev` sets it; an app in production, one
 * given Redis or its own stores, never reads it.
 */
export const DEVELOPMENT_STORES = Symbol.for('socketstream.developmentStores');

/** The stores `ss dev` provides, if it runs this process. */
export function developmentStores(): DevelopmentStores | undefined {
  return (globalThis as Record<symbol, DevelopmentStores | undefined>)[DEVELOPMENT_STORES];
}
