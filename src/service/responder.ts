import type { MessageContext } from '../responders/responder-context';
import type { Session } from '../session/session';

/**
 * What a responder's `onMessage`, `onConnect` and `onDisconnect` see of the connection:
 * `session`, `socketId`, `send(message)`, `log`. A new context is made per call: keep
 * per-socket state keyed by `socketId`.
 */
export type ResponderContext = MessageContext<Session>;
import { Service } from './service';

/**
 * Base class of a custom WebSocket message type. Its messages share the page's one socket with
 * RPC, channels and events: the client's `ss.responder(name)` sends to `onMessage`, and
 * `ctx.send` answers that socket. Constructed once per app by the app's container, so its
 * constructor parameters are injected (and can be overridden in `createTestingApp`);
 * `this.publish` and `this.log` work as in `Service`. Optional `onConnect(ctx)` and
 * `onDisconnect(ctx)` hooks: see {@link ResponderHooks}.
 *
 * Register it with `createApp({ responders: [CursorResponder] })`, or put it under
 * `server/responders/` to have it discovered.
 *
 * @example
 * export class CursorResponder extends Responder {
 *   readonly name = 'cursor';
 *   onMessage(message: unknown, ctx: ResponderContext) {
 *     ctx.send({ seen: message });
 *   }
 * }
 */
export abstract class Responder extends Service {
  /**
   * Its message type on the wire, unique in the app: 1 to 64 characters of letters, digits,
   * `_`, `-`, `.` and `:`.
   */
  abstract readonly name: string;

  /**
   * A message from a client. `message` is whatever JSON the client sent (check it before use);
   * it never holds `__proto__`, `constructor` or `prototype` keys and stays within
   * `createApp({ validation })`'s limits (depth, keys, items). What this throws or rejects with
   * is logged with the responder's name; the connection stays up and the client is told nothing.
   */
  abstract onMessage(message: unknown, ctx: ResponderContext): void | Promise<void>;
}

/**
 * The optional hooks of a `Responder`, called when a method of that name is there. They are
 * not members of the base class, so a subclass defines them without `override` under
 * `noImplicitOverride`; `implements ResponderHooks` has them type-checked. Throws and
 * rejections are logged with the responder's name.
 *
 * @example
 * export class TypingResponder extends Responder implements ResponderHooks {
 *   readonly name = 'typing';
 *   onMessage() {}
 *   onDisconnect(ctx: ResponderContext) { … }
 * }
 */
export interface ResponderHooks {
  /** A connection opened (the client's `ready`/`reconnect` follows). */
  onConnect?(ctx: ResponderContext): void | Promise<void>;
  /** A connection closed; `ctx.send` does nothing any more. */
  onDisconnect?(ctx: ResponderContext): void | Promise<void>;
}
