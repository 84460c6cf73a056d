import type { Logger } from '../logging/logger';
import { quote, readMessageFrame } from '../protocol/codec';
import { messageErrorFrame, messageFrame } from '../protocol/encode';
import type { FrameEnvelope, MessageFrame } from '../protocol/frames';
import { RpcError } from '../protocol/rpc-error';
import type { Connection } from '../transport/connection';
import type { FrameResponder } from './frame-responder';
import type { MessageContext } from './responder-context';

/** A custom message type as the registry serves it: the shape of the public `Responder` class. */
export interface NamedResponder<S> {
  readonly name: string;
  onMessage(message: unknown, ctx: MessageContext<S>): unknown;
  onConnect?(ctx: MessageContext<S>): unknown;
  onDisconnect?(ctx: MessageContext<S>): unknown;
}

/** One responder with what its contexts share. */
interface Entry<S> {
  readonly responder: NamedResponder<S>;
  readonly log: Logger;
}

class Context<S> implements MessageContext<S> {
  constructor(
    private readonly conn: Connection<S>,
    private readonly name: string,
    readonly log: Logger,
  ) {}

  get session(): S {
    return this.conn.session;
  }

  get socketId(): string {
    return this.conn.id;
  }

  send(message: unknown): void {
    this.conn.send(messageFrame(this.name, message));
  }
}

/** Longest responder name quoted back in `NOT_FOUND`. */
const QUOTED_NAME = 64;

/**
 * Serves `msg` frames: each goes to the user's responder its `n` names. A name nobody serves is
 * answered `NOT_FOUND` in a `msg` frame with `e`, an unreadable payload `BAD_REQUEST` the same
 * way; a responder that throws or rejects is logged with its name and the connection stays up.
 */
export class MessageResponder<S> implements FrameResponder<MessageFrame> {
  readonly name = 'responders';
  readonly frameTypes = ['msg'] as const;
  private readonly byName = new Map<string, Entry<S>>();
  private readonly hooked: Entry<S>[];

  /**
   * @param check refuses a payload (throws an `RpcError`) before any responder sees it: limits
   *   and prototype-polluting keys
   * @param logFor the logger a responder's context carries
   */
  constructor(
    responders: ReadonlyMap<string, NamedResponder<S>>,
    private readonly check: (payload: unknown, what: string) => void,
    logFor: (name: string) => Logger,
  ) {
    for (const [name, responder] of responders) this.byName.set(name, { responder, log: logFor(name) });
    this.hooked = [...this.byName.values()].filter((e) => typeof e.responder.onConnect === 'function' || typeof e.responder.onDisconnect === 'function');
    // With no hooks, connections cost this responder nothing.
    if (this.hooked.length === 0) {
      this.connected = undefined;
      this.disconnected = undefined;
    }
  }

  /** Checks the `msg` frame's name; throws `BAD_REQUEST` (unreadable) without one. */
  read(frame: FrameEnvelope): MessageFrame {
    return readMessageFrame(frame);
  }

  /** A message the transport refused (draining, rate limit): told to the sender's handle of its responder. */
  refuse(frame: FrameEnvelope, error: RpcError, conn: Connection<S>): void {
    let message: MessageFrame;
    try {
      message = readMessageFrame(frame);
    } catch {
      return;
    }
    conn.send(messageErrorFrame(message.n, error));
  }

  /** Hands a message to the responder its name names; answers NOT_FOUND or BAD_REQUEST itself. */
  receive(frame: MessageFrame, conn: Connection<S>): void {
    const entry = this.byName.get(frame.n);
    if (entry === undefined) {
      conn.send(messageErrorFrame(frame.n, new RpcError('NOT_FOUND', `no responder named ${quote(frame.n, QUOTED_NAME)}`)));
      return;
    }
    try {
      this.check(frame.d, `message to responder "${frame.n}"`);
    } catch (err) {
      conn.send(messageErrorFrame(frame.n, err instanceof RpcError ? err : new RpcError('BAD_REQUEST', `message to responder "${frame.n}" is unreadable`)));
      return;
    }
    this.run(entry, 'onMessage', conn, frame.d);
  }

  /** Calls every responder's `onConnect`; undefined when none has hooks, so connections cost nothing here. */
  connected: ((conn: Connection<S>) => void) | undefined = (conn) => {
    for (const entry of this.hooked) if (typeof entry.responder.onConnect === 'function') this.run(entry, 'onConnect', conn);
  };

  /** Calls every responder's `onDisconnect`; undefined when none has hooks. */
  disconnected: ((conn: Connection<S>) => void) | undefined = (conn) => {
    for (const entry of this.hooked) if (typeof entry.responder.onDisconnect === 'function') this.run(entry, 'onDisconnect', conn);
  };

  /** Calls a responder's method; what it throws or rejects with is logged with its name, never passed on. */
  private run(entry: Entry<S>, method: 'onMessage' | 'onConnect' | 'onDisconnect', conn: Connection<S>, message?: unknown): void {
    const ctx = new Context(conn, entry.responder.name, entry.log);
    const failed = (err: unknown): void => entry.log.error(`${method} failed for socket ${conn.id}`, err);
    try {
      const result = method === 'onMessage' ? entry.responder.onMessage(message, ctx) : entry.responder[method]?.(ctx);
      if (typeof result === 'object' && result !== null && typeof (result as PromiseLike<unknown>).then === 'function') {
        (result as PromiseLike<unknown>).then(undefined, failed);
      }
    } catch (err) {
      failed(err);
    }
  }
}
