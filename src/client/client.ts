import { decodeServerFrame, encodeFrame } from '../protocol/codec';
import { isErrorCode } from '../protocol/error-code';
import type { ClientFrame, ErrorFrame, EventFrame, GapFrame, HelloFrame, MemberFrame, MessageFrame, RequestId, ServerFrame, SessionFrame } from '../protocol/frames';
import { RpcError } from '../protocol/rpc-error';
import type { AppEvents } from './app-events';
import { backoffDelay } from './backoff';
import type { ChannelHandle, ChannelLink, UnsentFrame } from './channel';
import { ChannelSet } from './channel-set';
import { ClientError } from './client-error';
import { Emitter, type Listenable } from './emitter';
import { type ClientOptions, type ResolvedOptions, resolveOptions } from './options';
import type { TemplateFunction } from './templates';
import { MessageHandle, type ResponderHandle, type ResponderLink } from './responder-handle';
import { type AnyService, createServiceProxy, type ServiceProxy } from './service-proxy';
import type { ClientTransport, SocketHandlers, SocketLike } from './transport';
import { withCause } from './with-cause';


/** Events of `client.server`. */
export interface ServerEvents {
  /** The first connection is up (its hello frame arrived); calls queued so far have been sent. */
  ready: () => void;
  /** A connection that had said hello closed. Calls in flight were rejected with `UNAVAILABLE`. */
  disconnect: () => void;
  /** A later connection is up again after a disconnect; queued calls have been sent. */
  reconnect: () => void;
  /**
   * The server sent an error that belongs to no call (`id: null`), a session refresh failed, or
   * an attempt to connect failed: then the error is `UNAVAILABLE`, its message ends with the
   * transport's error and `cause` holds it (when the transport knows it: Node does, browsers
   * do not say why), and the client tries again unless reconnect is off.
   * Nothing is thrown when no listener is registered.
   */
  error: (error: RpcError) => void;
  /**
   * The server's wire contract (its methods, channels and message types with their argument
   * types) is not the one this client was made for or first met: the app was deployed anew with
   * changes. Emitted before queued calls are sent again. The page's default client reloads the
   * page (after closing, so that no call reaches a method that changed); others decide.
   */
  outdated: () => void;
}

/** One call waiting for its reply. */
interface Call {
  /** What the call is, for error messages: 'chat.send', 'join room:lobby'. */
  m: string;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  timer: ReturnType<typeof setTimeout> | undefined;
  /** The encoded frame while the call waits for a connection; undefined once sent. */
  frame: string | undefined;
}

/**
 * The SocketStream client: RPC, events and channels over one WebSocket, with queueing while
 * disconnected, per-call timeouts, reconnection with capped, jittered backoff, and channels
 * rejoined after a reconnect with the messages missed meanwhile replayed. Get one from
 * `connect(url)` or the default export of `socketstream/client`; construct it directly only to
 * supply your own {@link ClientTransport}.
 *
 * A call already sent when the connection drops is rejected with `UNAVAILABLE` rather than sent
 * again: it may or may not have run on the server, and only the caller knows whether running
 * it twice is safe.
 */
export class SocketStreamClient {
  /** Connection events: `ready`, `disconnect`, `reconnect`, `error`. */
  readonly server: Listenable<ServerEvents>;
  /**
   * The page's template at `path` (`'chat/message'`), a function from data to HTML. Defined once
   * the page has templates (the build registers them before the page's code runs); on a page
   * without any it is undefined.
   *
   * @throws ClientError `SS_ERR_UNKNOWN_TEMPLATE` when no template has that address
   */
  declare template: (path: string) => TemplateFunction;
  /**
   * A new module Worker running the page's worker `name` (`client/workers/<name>.ts`, bundled on
   * its own, at its URL). Defined once the page has workers; on a page without any it is undefined.
   *
   * @throws ClientError `SS_ERR_UNKNOWN_WORKER` when the page has no worker of that name
   */
  declare worker: (name: string, options?: Omit<WorkerOptions, 'type'>) => Worker;
  /**
   * Events the server publishes: `publish.all`, `publish.user`, `publish.socket`, and channel
   * events (with the channel's name as second argument), including those of channels joined on
   * the server's side (`session.channels`). Each channel message comes here once and in order
   * (for a channel with a handle, as it does to the handle), missed ones replayed after a
   * reconnect; `$gap`, with the channel's name, when missed messages were no longer kept.
   */
  readonly event: Listenable<AppEvents>;

  private readonly events = new Emitter<ServerEvents>();
  private readonly appEvents = new Emitter<AppEvents>();
  private readonly channels: ChannelSet;
  private readonly options: ResolvedOptions;
  private readonly calls = new Map<RequestId, Call>();
  private readonly services = new Map<string, object>();
  private readonly responders = new Map<string, MessageHandle>();
  /** Responder messages sent while disconnected, in order; they go out after the queued calls. */
  private outbox: Array<[name: string, frame: string]> = [];
  /** Number of entries of `calls` that still hold their frame (not sent yet). */
  private queued = 0;
  private nextId = 1;
  private socket: SocketLike | undefined;
  /** Bumped per socket, so events of a socket we already let go of are ignored. */
  private generation = 0;
  private helloed = false;
  private goingAway = false;
  private everReady = false;
  private id: string | undefined;
  private attempt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private refreshing: Promise<void> | undefined;
  /** Set once the client can no longer call: closed, failed, or down with reconnect off. */
  private stopped: Error | undefined;
  /** Why the last attempt to connect failed; cleared by a hello. */
  private failure: RpcError | undefined;
  private closing: Promise<void> | undefined;
  private closed: (() => void) | undefined;
  private contract: string | undefined;

  /**
   * Starts connecting at once; calls made before the connection is up are queued.
   *
   * @throws ClientError `SS_ERR_INVALID_OPTION` when an option is out of range
   */
  constructor(
    private readonly transport: ClientTransport,
    options: ClientOptions = {},
  ) {
    this.options = resolveOptions(options);
    this.contract = options.contract;
    this.channels = new ChannelSet(this.link);
    this.server = this.events;
    this.event = this.appEvents;
    transport.onSessionChange?.(this.rebind);
    this.open();
  }

  /** Another tab changed the session cookie: reconnect with it once the calls in flight have answered, as after a `bye`. */
  private readonly rebind = (): void => {
    if (!this.helloed || this.goingAway) return;
    this.goingAway = true;
    this.drain();
  };

  /** This connection's id from the server's hello (the target of `publish.socket`); undefined while not connected. */
  get socketId(): string | undefined {
    return this.id;
  }

  /** True while a connection is up and calls are sent at once rather than queued. */
  get connected(): boolean {
    return this.helloed && !this.goingAway;
  }

  /**
   * Node only: the `Cookie` header the client sends when it connects, kept up to date from the
   * server's `Set-Cookie` headers. Undefined in browsers, which keep cookies themselves.
   */
  get cookie(): string | undefined {
    return this.transport.cookie;
  }

  /**
   * Calls `name` ('service.method') with positional `args`.
   *
   * @returns the method's result
   * @throws RpcError (as a rejection) with the server's code, message and details; `TIMEOUT`
   *   after `options.timeout`; `UNAVAILABLE` when the queue is full, the connection dropped
   *   after the call was sent, or the client is closed
   */
  rpc(name: string, ...args: unknown[]): Promise<unknown> {
    return this.request({ t: 'rpc', m: name, a: args });
  }

  /**
   * The handle on channel `name` (`'room:lobby'`): `join`, `leave`, `send`, `presence` and its
   * events. The same handle is returned for the same name; creating one sends nothing.
   *
   * @throws ClientError `SS_ERR_INVALID_CHANNEL` when `name` is not a non-empty string
   */
  channel(name: string): ChannelHandle {
    if (typeof name !== 'string' || name === '') {
      throw new ClientError('SS_ERR_INVALID_CHANNEL', `channel(name): name must be a non-empty string, got ${JSON.stringify(name)}`);
    }
    return this.channels.handle(name);
  }

  /**
   * The handle on custom message type `name` (a server `Responder`): `send`, `on`, `off`,
   * `onError`. The same handle is returned for the same name; creating one sends nothing.
   *
   * @throws ClientError `SS_ERR_INVALID_RESPONDER` when `name` is not a string of 1 to 64 characters
   */
  responder(name: string): ResponderHandle {
    if (typeof name !== 'string' || name === '' || name.length > 64) {
      throw new ClientError('SS_ERR_INVALID_RESPONDER', `responder(name): name must be a string of 1 to 64 characters, got ${JSON.stringify(name)}`);
    }
    let responder = this.responders.get(name);
    if (!responder) this.responders.set(name, (responder = new MessageHandle(name, this.responderLink)));
    return responder;
  }

  /**
   * A typed handle on service `name`: `service<ChatService>('chat').send(msg)` calls
   * `rpc('chat.send', msg)`. Without a type argument every method is untyped.
   */
  service<T = AnyService>(name: string): ServiceProxy<T> {
    let proxy = this.services.get(name);
    if (!proxy) this.services.set(name, (proxy = createServiceProxy(name, (m, ...a) => this.rpc(m, ...a))));
    return proxy as ServiceProxy<T>;
  }

  /**
   * Stops reconnecting, rejects every pending call with `UNAVAILABLE` and closes the socket.
   * Calls made afterwards reject at once. Idempotent.
   *
   * @returns resolves once the socket is closed
   */
  close(): Promise<void> {
    return (this.closing ??= new Promise((resolve) => {
      this.stop(new RpcError('UNAVAILABLE', 'the client was closed'));
      if (this.socket) {
        this.closed = resolve;
        this.socket.close();
      } else resolve();
    }));
  }

  /** What channels use of the client. */
  private readonly link: ChannelLink = {
    call: (frame, resolve, reject) => this.call(frame, resolve, reject),
    connected: () => this.connected,
    publish: (event, data, channel) => this.appEvents.emit(event, data, channel),
  };

  /** What responder handles use of the client. */
  private readonly responderLink: ResponderLink = {
    send: (frame, name) => {
      if (this.stopped) return withCause('UNAVAILABLE', `message to ${name}: ${this.stopped.message}`, this.stopped);
      if (this.connected) this.socket?.send(frame);
      else if (this.queued + this.outbox.length >= this.options.queueLimit) {
        return new RpcError('UNAVAILABLE', `message to ${name}: not connected and ${this.options.queueLimit} calls and messages already wait (queueLimit)`);
      } else this.outbox.push([name, frame]);
      return undefined;
    },
    unhandled: (error) => this.events.emit('error', error),
  };

  private request(frame: UnsentFrame): Promise<unknown> {
    return new Promise((resolve, reject) => this.call(frame, resolve, reject));
  }

  /**
   * Sends `frame` as a call with the next id, or queues it while not connected. `resolve` or
   * `reject` is called exactly once, synchronously as the reply is read.
   */
  private call(frame: UnsentFrame, resolve: (value: unknown) => void, reject: (error: Error) => void): void {
    const m = frame.t === 'rpc' ? frame.m : `${frame.t} ${frame.c}`;
    if (this.stopped) return reject(this.stopped);
    const send = this.connected;
    if (!send && this.queued + this.outbox.length >= this.options.queueLimit) {
      return reject(new RpcError('UNAVAILABLE', `${m}: not connected and ${this.options.queueLimit} calls and messages already wait (queueLimit)`));
    }
    const id = this.nextId++;
    const encoded = encodeFrame({ ...frame, id } as ClientFrame);
    const timeout = this.options.timeout;
    const call: Call = { m, resolve, reject, timer: timeout > 0 ? setTimeout(this.expire, timeout, id) : undefined, frame: undefined };
    this.calls.set(id, call);
    if (send) this.socket?.send(encoded);
    else {
      call.frame = encoded;
      this.queued++;
    }
  }

  private readonly open = (): void => {
    this.retryTimer = undefined;
    if (this.stopped) return;
    // A reconnection must carry the cookie of a session rotated just before the drop.
    if (this.refreshing) {
      void this.refreshing.then(this.open);
      return;
    }
    const generation = ++this.generation;
    const handlers: SocketHandlers = {
      message: (data) => {
        if (generation === this.generation) this.receive(data);
      },
      close: (cause) => {
        if (generation === this.generation) this.dropped(cause);
      },
      fail: (error) => {
        if (generation === this.generation) {
          const reason = this.cannotConnect(error);
          this.stop(reason);
          this.dropped();
          this.events.emit('error', reason);
        }
      },
    };
    try {
      this.socket = this.transport.connect(handlers);
    } catch (error) {
      // A ClientError is a mistake of the caller's and stays as it is.
      const reason = error instanceof ClientError ? error : this.cannotConnect(error);
      this.stop(reason);
      // Later, so a listener added right after connect() (or the constructor) hears it.
      if (reason instanceof RpcError) queueMicrotask(() => this.events.emit('error', reason));
    }
  };

  /** `UNAVAILABLE`, carrying `cause` (the transport's error) when there is one. */
  private cannotConnect(cause: unknown, suffix = ''): RpcError {
    const url = this.transport.url;
    return (this.failure = withCause('UNAVAILABLE', `cannot connect${url ? ` to ${url}` : ''}${suffix}`, cause));
  }

  /**
   * Where each server frame type goes: the client's side of the server's responder registry
   * (calls, events and channels, custom message types, the connection itself). Frame types of
   * later protocol versions find no route and are ignored.
   */
  private readonly routes = new Map<string, (frame: never) => void>([
    ['hello', (frame: HelloFrame) => this.hello(frame)],
    ['res', (frame: { id: RequestId; r?: unknown }) => this.settle(frame.id, frame.r)],
    ['err', (frame: ErrorFrame) => this.failed(frame)],
    ['ev', (frame: EventFrame) => this.received(frame)],
    ['gap', (frame: GapFrame) => this.channels.get(frame.c)?.gap(frame.s)],
    ['member', (frame: MemberFrame) => typeof frame.c === 'string' && typeof frame.s === 'number' && this.channels.tracked(frame.c).member(frame.s)],
    ['msg', (frame: MessageFrame) => this.message(frame)],
    ['session', (frame: SessionFrame) => this.refresh(frame.token, frame.changed === true)],
    [
      'bye',
      () => {
        // Replies to calls in flight may still come; the socket is let go once they have.
        this.goingAway = true;
        this.drain();
      },
    ],
  ]);

  private receive(data: string): void {
    const frame: ServerFrame | null = decodeServerFrame(data);
    if (frame !== null) (this.routes.get(frame.t) as ((frame: ServerFrame) => void) | undefined)?.(frame);
  }

  /** A message of a custom message type, or the server's refusal of one of ours. */
  private message(frame: MessageFrame): void {
    if (typeof frame.n !== 'string') return;
    const responder = this.responders.get(frame.n);
    if (frame.e !== undefined) {
      const error = this.toError(frame.e);
      if (responder) responder.fail(error);
      else this.events.emit('error', error);
    } else responder?.receive(frame.d);
  }

  private hello(frame: HelloFrame): void {
    if (this.helloed) return;
    this.helloed = true;
    this.failure = undefined;
    this.id = frame.socketId;
    this.attempt = 0;
    // Every SocketStream server sends its contract; the first one met is kept when none was given.
    if (frame.c !== (this.contract ??= frame.c)) this.events.emit('outdated');
    this.contract = frame.c;
    this.channels.rejoin();
    for (const call of this.calls.values()) {
      if (call.frame !== undefined) {
        this.socket?.send(call.frame);
        call.frame = undefined;
      }
    }
    this.queued = 0;
    const outbox = this.outbox;
    this.outbox = [];
    for (const [, frame] of outbox) this.socket?.send(frame);
    const first = !this.everReady;
    this.everReady = true;
    this.events.emit(first ? 'ready' : 'reconnect');
  }

  /**
   * An event: a channel's to its handle, or to the channel's follower when it has none (either
   * orders, dedupes and emits on `event`); any other straight to `event`.
   */
  private received(frame: EventFrame): void {
    const c = frame.c;
    if (typeof frame.e !== 'string') return;
    // A channel event without a handle: a server-side membership, followed from now on.
    const channel = typeof c !== 'string' ? undefined : typeof frame.s === 'number' ? this.channels.tracked(c) : this.channels.get(c);
    if (channel) channel.receive(frame);
    else this.appEvents.emit(frame.e, frame.d, c);
  }

  /** A wire error as an `RpcError`; a newer server may know codes this client does not, which become `INTERNAL`. */
  private toError(wire: ErrorFrame['e'] | undefined): RpcError {
    const e: Partial<ErrorFrame['e']> = wire ?? {};
    return new RpcError(isErrorCode(e.code) ? e.code : 'INTERNAL', typeof e.message === 'string' ? e.message : 'unknown error', e.details);
  }

  private failed(frame: ErrorFrame): void {
    const error = this.toError(frame.e);
    if (frame.id === null) this.events.emit('error', error);
    else this.settle(frame.id, undefined, error);
  }

  private settle(id: RequestId, value: unknown, error?: RpcError): void {
    const call = this.calls.get(id);
    // Late replies (after a timeout) find nothing; an unsent call cannot have a genuine reply.
    if (!call || call.frame !== undefined) return;
    this.calls.delete(id);
    clearTimeout(call.timer);
    if (error) call.reject(error);
    else call.resolve(value);
    this.drain();
  }

  private readonly expire = (id: RequestId): void => {
    const call = this.calls.get(id);
    if (!call) return;
    this.calls.delete(id);
    if (call.frame !== undefined) this.queued--;
    // A call that never left the queue failed to connect rather than to answer: say why.
    const failure = call.frame !== undefined ? this.failure : undefined;
    call.reject(
      failure
        ? withCause('TIMEOUT', `${call.m}: not sent within ${this.options.timeout} ms, the client cannot connect`, failure.cause)
        : new RpcError('TIMEOUT', `${call.m}: no reply within ${this.options.timeout} ms`),
    );
    this.drain();
  };

  /** Trades the token of a rotated session for its cookie; failures go to the `error` event. */
  private refresh(token: string, changed: boolean): void {
    const refresh: Promise<void> = this.transport.refreshSession(token, changed).then(
      () => this.refreshed(refresh),
      (error: unknown) => {
        this.refreshed(refresh);
        this.events.emit('error', error instanceof RpcError ? error : withCause('UNAVAILABLE', 'session refresh failed', error));
      },
    );
    this.refreshing = refresh;
  }

  private refreshed(refresh: Promise<void>): void {
    if (this.refreshing === refresh) this.refreshing = undefined;
  }

  /** After a bye, closes the socket once no call waits for a reply on it. */
  private drain(): void {
    if (this.goingAway && this.calls.size === this.queued) this.socket?.close();
  }

  /** The socket ended, `cause` being the transport's error if it knows one. */
  private dropped(cause?: Error): void {
    const wasUp = this.helloed;
    this.socket = undefined;
    this.helloed = this.goingAway = false;
    this.id = undefined;
    if (this.calls.size > this.queued) {
      const lost = withCause('UNAVAILABLE', 'the connection was lost before the reply; the call may or may not have run', cause);
      for (const [id, call] of this.calls) {
        if (call.frame === undefined) {
          this.calls.delete(id);
          clearTimeout(call.timer);
          call.reject(lost);
        }
      }
    }
    if (wasUp) this.events.emit('disconnect');
    if (this.closed) this.closed();
    else if (!this.stopped) {
      const reconnect = this.options.reconnect;
      const failed = wasUp ? undefined : this.cannotConnect(cause);
      if (reconnect) this.retryTimer = setTimeout(this.open, backoffDelay(this.attempt++, reconnect));
      else if (failed) this.stop(this.cannotConnect(cause, ' and reconnect is off'));
      else this.stop(withCause('UNAVAILABLE', 'the connection was lost and reconnect is off', cause));
      if (failed) this.events.emit('error', failed);
    }
  }

  /** Rejects every pending call with `reason` and refuses new ones from now on. */
  private stop(reason: Error): void {
    this.stopped = reason;
    clearTimeout(this.retryTimer);
    for (const call of this.calls.values()) {
      clearTimeout(call.timer);
      call.reject(reason);
    }
    this.calls.clear();
    this.queued = 0;
    // Messages that never left are failures too, told once to each handle that sent one.
    const unsent = new Set(this.outbox.map(([name]) => name));
    this.outbox = [];
    for (const name of unsent) this.responders.get(name)?.fail(withCause('UNAVAILABLE', `message to ${name}: ${reason.message}`, reason));
  }
}
