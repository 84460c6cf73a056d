import { LIVE_RELOAD, type LiveReloadMessage } from '../protocol/live-reload';
import { Responder, type ResponderContext, type ResponderHooks } from '../service/responder';

/**
 * Development only: live reload as a responder like any other, on the pages' own sockets. It
 * keeps the open connections and tells each what changed; pages send it nothing.
 */
export class LiveReloadResponder extends Responder implements ResponderHooks {
  readonly name = LIVE_RELOAD;
  private readonly pages = new Map<string, ResponderContext>();

  onMessage(): void {
    // Pages only listen.
  }

  onConnect(ctx: ResponderContext): void {
    this.pages.set(ctx.socketId, ctx);
  }

  onDisconnect(ctx: ResponderContext): void {
    this.pages.delete(ctx.socketId);
  }

  /** Tells every open page. */
  broadcast(message: LiveReloadMessage): void {
    for (const ctx of this.pages.values()) ctx.send(message);
  }
}
