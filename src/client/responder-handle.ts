import type { RpcError } from '../protocol/rpc-error';

/** A listener for a responder's messages. */
export type ResponderListener = (message: unknown) => void;
/** A listener for a responder's errors. */
export type ResponderErrorListener = (error: RpcError) => void;

/**
 * One custom message type as the client sees it, from `ss.responder(name)` (the same handle for
 * the same name). Messages have no reply: the server's responder answers, if it does, with
 * messages of its own (`ctx.send`), which come to the `on` listeners.
 *
 * Errors come to the `onError` listeners: `NOT_FOUND` when the server has no responder of this
 * name, `BAD_REQUEST` when it refused the payload (over `createApp({ validation })`'s limits, or
 * with a `__proto__`/`constructor`/`prototype` key), `UNAVAILABLE` when a message could not be
 * sent (the client is closed, or too many wait while disconnected). With no `onError` listener
 * they go to `client.server`'s `error` event; nothing is ever thrown.
 */
export interface ResponderHandle {
  /** The responder's name, e.g. `'cursor'`. */
  readonly name: string;
  /**
   * Sends `message` (anything JSON can carry) to the server's responder. While disconnected it
   * waits, with the calls, and goes out once connected again (at most `queueLimit` wait).
   *
   * @throws TypeError when `message` cannot be written as JSON (a BigInt, a cycle)
   */
  send(message?: unknown): void;
  /** Calls `listener` with every message the server's responder sends to this socket. */
  on(listener: ResponderListener): this;
  /** Removes `listener`. */
  off(listener: ResponderListener): this;
  /** Calls `listener` with every error of this responder (see above). */
  onError(listener: ResponderErrorListener): this;
  /** Removes an error `listener`. */
  offError(listener: ResponderErrorListener): this;
}

/** What a handle uses of the client. */
export interface ResponderLink {
  /** Sends or queues an encoded frame; the error when it could not (closed, queue full). */
  send(frame: string, name: string): RpcError | undefined;
  /** Reports an error nobody listens for. */
  unhandled(error: RpcError): void;
}

/** Calls each listener; one that throws does not stop the others and surfaces as an uncaught error. */
function each<A>(listeners: ReadonlySet<(a: A) => void>, arg: A): void {
  for (const f of [...listeners]) {
    try {
      f(arg);
    } catch (error) {
      queueMicrotask(() => {
        throw error;
      });
    }
  }
}

/** The client's side of one custom message type: what `ss.responder(name)` returns. */
export class MessageHandle implements ResponderHandle {
  private readonly listeners = new Set<ResponderListener>();
  private readonly errorListeners = new Set<ResponderErrorListener>();

  constructor(
    readonly name: string,
    private readonly link: ResponderLink,
  ) {}

  send(message?: unknown): void {
    // JSON.stringify gives undefined for undefined, functions and symbols: they travel as no payload.
    const json: string | undefined = JSON.stringify(message);
    const data = json === undefined ? '' : `,"d":${json}`;
    const error = this.link.send(`{"t":"msg","n":${JSON.stringify(this.name)}${data}}`, this.name);
    if (error) this.fail(error);
  }

  on(listener: ResponderListener): this {
    this.listeners.add(listener);
    return this;
  }

  off(listener: ResponderListener): this {
    this.listeners.delete(listener);
    return this;
  }

  onError(listener: ResponderErrorListener): this {
    this.errorListeners.add(listener);
    return this;
  }

  offError(listener: ResponderErrorListener): this {
    this.errorListeners.delete(listener);
    return this;
  }

  /** A message from the server's responder. */
  receive(message: unknown): void {
    each(this.listeners, message);
  }

  /** An error of this responder: to its listeners, else to the client's `error` event. */
  fail(error: RpcError): void {
    if (this.errorListeners.size > 0) each(this.errorListeners, error);
    else this.link.unhandled(error);
  }
}
