import type { IncomingMessage, Server, ServerOptions } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import type { Logger } from '../logging/logger';
import { quote, readEnvelope, requestIdOf } from '../protocol/codec';
import { byeFrame, errorFrame, helloFrame, sessionFrame } from '../protocol/encode';
import type { FrameEnvelope, RequestId } from '../protocol/frames';
import { PROTOCOL_VERSION } from '../protocol/frames';
import { RpcError } from '../protocol/rpc-error';
import { kUnwatch, kWatch, type Session } from '../session/session';
import { RandomIds } from '../session/random-ids';
import type { SessionManager } from '../session/session-manager';
import { AddressLimit, clientAddress } from './address-limit';
import type { Connection } from './connection';
import type { ConnectionHandler } from './connection-handler';
import { type HandshakeRequest, readHandshake, refusalResponse, upgradeResponse } from './handshake';
import { serverTimeouts } from './handshake-timeout';
import { OriginPolicy } from './origin-policy';
import type { RateLimiter } from './rate-limiter';
import { SocketAdopter } from './socket-adopter';
import { ThrottledLog } from './throttled-log';
import { type ConnectionHost, SERVICE_RESTART, WsConnection } from './ws-connection';
import { WriteBatch } from './write-batch';
import type { ResolvedWsOptions } from './ws-options';

/** What the layers above do when a connection's session changes under it (a login, a logout elsewhere, `session.channels`). */
export interface SessionChangeHooks {
  /** The session's user changed, with or without an id change. */
  userChanged(conn: Connection): void;
  /** A server-side membership (`session.channels`) changed. */
  channelsChanged(conn: Connection, channel: string, joined: boolean): void;
}

/** Where a ws socket keeps its connection, so the event listeners can be shared by every socket. */
const kConnection = Symbol('socketstream.connection');
type TaggedSocket = WebSocket & { [kConnection]: WsConnection };
const connectionOf = (ws: WebSocket): WsConnection => (ws as TaggedSocket)[kConnection];

/** Close code 1008, "policy violation": the connection sent more than `ws.maxUnreadableFrames` unreadable frames. */
const POLICY_VIOLATION = 1008;
/** Characters of an origin, host or address quoted in a log line. */
const QUOTED_HEADER = 100;

/** Answers an upgrade with a plain HTTP error and closes the socket once it is written. */
function refuse(socket: Duplex, response: string): undefined {
  socket.once('finish', () => socket.destroy());
  socket.end(response);
  return undefined;
}

/**
 * The WebSocket side of an app: upgrades on `path`, binds each socket to its session, decodes
 * frames and hands them to the responders, pings peers and drops dead ones.
 */
export class WsTransport {
  private readonly wss: WebSocketServer;
  private readonly connections = new Map<string, WsConnection>();
  private readonly adopter: SocketAdopter;
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private closing = false;
  private readonly ids = new RandomIds();
  private readonly host: ConnectionHost;
  private readonly origins: OriginPolicy;
  /** `ws.maxConnectionsPerAddress`; undefined when there is no cap, so an upgrade pays nothing for it. */
  private readonly addressLimit: AddressLimit | undefined;
  /** Refused upgrades are logged at most once a minute each, with a count: clients choose their rate. */
  private readonly refusedOrigins: ThrottledLog;
  private readonly refusedOverCap: ThrottledLog;
  private readonly slowLookups: ThrottledLog;
  private readonly failedLookups: ThrottledLog;
  /** Socket listeners, made once per transport rather than once per connection. */
  private readonly listeners: {
    pong(this: WebSocket): void;
    message(this: WebSocket, data: Buffer, isBinary: boolean): void;
    error(this: WebSocket, err: Error): void;
    close(this: WebSocket): void;
  };

  constructor(
    private readonly options: ResolvedWsOptions,
    private readonly sessions: SessionManager,
    /** The responder registry: every connection and frame goes there. */
    private readonly handler: ConnectionHandler,
    private readonly sessionHooks: SessionChangeHooks,
    /** Socket ids start with it (`<prefix>.<random>`), so `publish.socket` finds the node holding a socket. */
    private readonly idPrefix: string,
    private readonly log: Logger,
    /** Production behaviour: see `OriginPolicy`. */
    production: boolean,
    /** `createApp({ trustProxy })`: the client's address and scheme are the proxy's `X-Forwarded-For` and `X-Forwarded-Proto`. */
    private readonly trustProxy = false,
  ) {
    this.origins = new OriginPolicy(options.origins, production, trustProxy);
    this.addressLimit = options.maxConnectionsPerAddress > 0 ? new AddressLimit(options.maxConnectionsPerAddress) : undefined;
    this.refusedOrigins = new ThrottledLog(log, 'refused WebSocket upgrades from a foreign origin (403; see ws.origins)');
    this.refusedOverCap = new ThrottledLog(log, `refused WebSocket upgrades over ws.maxConnectionsPerAddress (${options.maxConnectionsPerAddress}) with 429`);
    this.slowLookups = new ThrottledLog(log, `refused WebSocket upgrades whose session lookup outlasted ws.handshakeTimeout (${options.handshakeTimeout} ms) with 503`);
    this.failedLookups = new ThrottledLog(log, 'could not start WebSocket connections (PubSub transport or session store unavailable); refused them with 503', 'error');
    // Never handles an upgrade itself: it resolves ws's options, which the adopter applies.
    this.wss = new WebSocketServer({ noServer: true, maxPayload: options.maxPayload, clientTracking: false, perMessageDeflate: false });
    this.adopter = new SocketAdopter(this.wss);
    this.host = {
      maxBuffered: options.maxBuffered,
      log,
      batch: new WriteBatch(),
      sessionIdChanged: (conn) => this.sessionIdChanged(conn),
      sessionUserChanged: (conn) => this.sessionHooks.userChanged(conn),
      sessionChannelsChanged: (conn, channel, joined) => this.sessionHooks.channelsChanged(conn, channel, joined),
    };
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the listeners' own `this` is the socket
    const transport = this;
    this.listeners = {
      pong() {
        connectionOf(this).alive = true;
      },
      message(data, isBinary) {
        transport.receive(connectionOf(this), data, isBinary);
      },
      error(err) {
        transport.log.debug(`socket ${connectionOf(this).id} error`, err);
      },
      close() {
        const conn = connectionOf(this);
        transport.closed(conn);
        if (conn.unreadable > 0) transport.reportUnreadable(conn);
      },
    };
  }

  /** Options for the HTTP server the transport will be attached to: `ws.handshakeTimeout` bounds the wait for an upgrade's headers. */
  get httpServerOptions(): ServerOptions {
    return serverTimeouts(this.options.handshakeTimeout);
  }

  /** Number of open connections. */
  get size(): number {
    return this.connections.size;
  }

  private ready: Promise<void> = Promise.resolve();
  /** True once `ready` resolved: handshakes with nothing to look up then need no promise. */
  private started = false;
  /**
   * Node removes the socket's error listener before 'upgrade'; without one, a peer that resets
   * the connection mid-handshake, or a refused socket's late ECONNRESET, would crash the process.
   */
  private readonly onHandshakeError = (err: Error): void => this.log.debug('WebSocket handshake socket error', err);

  /** Starts answering upgrades on `server` (once `ready` resolved) and the heartbeat. */
  attach(server: Server, ready: Promise<void>): void {
    this.ready = ready;
    ready.then(
      () => (this.started = true),
      () => undefined,
    );
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      socket.on('error', this.onHandshakeError);
      let pending: Promise<void> | undefined;
      try {
        pending = this.upgrade(server, req, socket, head);
      } catch (err) {
        this.handshakeFailed(socket, err);
      }
      // The listener stays on a refused socket (it is closing anyway); accept() removes it once ws has its own.
      pending?.catch((err: unknown) => this.handshakeFailed(socket, err));
    });
    if (this.options.heartbeat > 0) {
      this.heartbeatTimer = setInterval(() => this.beat(), this.options.heartbeat);
      this.heartbeatTimer.unref();
    }
  }

  private handshakeFailed(socket: Duplex, err: unknown): void {
    this.log.error('WebSocket handshake failed', err);
    socket.destroy();
  }

  /** Checks an upgrade and accepts it; returns a promise only when the session must be looked up. */
  private upgrade(server: Server, req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> | undefined {
    const path = (req.url ?? '').split('?')[0];
    if (path !== this.options.path) {
      // Another upgrade listener (the user's own) may want it; with none, answer instead of hanging.
      if (server.listenerCount('upgrade') === 1) refuse(socket, refusalResponse({ status: 404 }));
      return undefined;
    }
    if (this.closing) return refuse(socket, refusalResponse({ status: 503 }));
    let allowed: boolean;
    try {
      allowed = this.origins.allows(req);
    } catch (err) {
      this.log.error('the ws.origins predicate threw; refusing the connection', err);
      allowed = false;
    }
    if (!allowed) {
      this.refusedOrigins.write(`origin ${quote(OriginPolicy.originOf(req), QUOTED_HEADER)} for host ${quote(req.headers.host, QUOTED_HEADER)}`);
      return refuse(socket, refusalResponse({ status: 403 }));
    }
    const handshake = readHandshake(req);
    if ('status' in handshake) return refuse(socket, refusalResponse(handshake));
    const limit = this.addressLimit;
    if (limit !== undefined) {
      const address = clientAddress(req, this.trustProxy);
      if (!limit.admit(socket, address)) {
        this.refusedOverCap.write(`address ${quote(address, QUOTED_HEADER)}`);
        return refuse(socket, refusalResponse({ status: 429 }));
      }
    }
    // No cookie, nothing to look up: a page's first connection needs no promise.
    if (this.started && req.headers.cookie === undefined) {
      this.accept(handshake, req, socket, head, this.sessions.newForHandshake(), true);
      return undefined;
    }
    return this.upgradeWithLookup(handshake, req, socket, head);
  }

  private async upgradeWithLookup(handshake: HandshakeRequest, req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    let found: { session: Session; created: boolean };
    // A store (or PubSub start) that never answers must not hold the socket, and its file descriptor, for ever.
    const timeout = this.options.handshakeTimeout;
    const timer = timeout > 0 ? setTimeout(this.lookupTimedOut, timeout, socket) : undefined;
    try {
      await this.ready;
      found = await this.sessions.forHandshake(req.headers.cookie);
    } catch (err) {
      clearTimeout(timer);
      // Every client retries while the store is down: one line a minute, the first with the error itself.
      this.failedLookups.write(quote(err instanceof Error ? err.message : String(err), QUOTED_HEADER), err);
      return refuse(socket, refusalResponse({ status: 503 }));
    }
    clearTimeout(timer);
    // Refused by the timer meanwhile: accept() finds the socket no longer writable and drops it.
    this.accept(handshake, req, socket, head, found.session, found.created);
  }

  /** Made once: a timer per lookup passes its socket rather than a closure. */
  private readonly lookupTimedOut = (socket: Duplex): void => {
    if (!socket.writable) return;
    this.slowLookups.write('no answer from the session store in time');
    refuse(socket, refusalResponse({ status: 503 }));
  };

  /**
   * Writes the 101 response, with the new session's cookie and the hello frame, in one write
   * (one syscall; usually one TCP segment), then hands the socket to ws.
   */
  private accept(handshake: HandshakeRequest, req: IncomingMessage, socket: Duplex, head: Buffer, session: Session, created: boolean): void {
    // The client gave up (or sent its FIN) while the session was looked up.
    if (!socket.readable || !socket.writable) {
      socket.destroy();
      return;
    }
    // close() began while the session was looked up: it would never say bye to this one.
    if (this.closing) {
      refuse(socket, refusalResponse({ status: 503 }));
      return;
    }
    let cookie = '';
    if (created) {
      const secure = this.sessions.isSecure('encrypted' in socket && socket.encrypted === true, req.headers['x-forwarded-proto']);
      cookie = `Set-Cookie: ${this.sessions.setCookieHeader(session, secure)}\r\n`;
    }
    // The node prefix routes publish.socket to the node holding the socket.
    const id = `${this.idPrefix}.${this.ids.next(12)}`;
    socket.write(upgradeResponse(handshake, cookie, helloFrame(PROTOCOL_VERSION, id)), 'latin1');
    const ws = this.adopter.adopt(socket, head, handshake.protocol);
    // ws has its own error listener on the socket now.
    socket.off('error', this.onHandshakeError);
    this.open(id, ws, socket, this.sessions.hold(session));
  }

  private open(id: string, ws: WebSocket, socket: Duplex, session: Session): void {
    const conn = new WsConnection(id, session, ws, socket, this.host);
    (ws as TaggedSocket)[kConnection] = conn;
    session[kWatch](conn);
    this.connections.set(conn.id, conn);
    this.handler.opened(conn);
    ws.on('pong', this.listeners.pong);
    ws.on('message', this.listeners.message);
    ws.on('error', this.listeners.error);
    ws.on('close', this.listeners.close);
  }

  private closed(conn: WsConnection): void {
    conn.closed = true;
    this.connections.delete(conn.id);
    this.handler.closed(conn);
    conn.session[kUnwatch](conn);
    this.sessions.release(conn.session);
  }

  /** When the session id changes, tell the client how to fetch the new cookie. */
  private sessionIdChanged(conn: WsConnection): void {
    const s = conn.session;
    this.sessionHooks.userChanged(conn);
    conn.cookieIds = [...conn.cookieIds.slice(-7), s.id];
    conn.send(sessionFrame(this.sessions.refreshToken(s, conn.cookieIds), true));
  }

  private receive(conn: WsConnection, data: Buffer, isBinary: boolean): void {
    conn.alive = true;
    // Before the rate limit: a call refused while the server drains should be retried after reconnecting, not after a wait.
    if (conn.draining) {
      conn.send(errorFrame(requestIdOf(data.toString('utf8')), new RpcError('UNAVAILABLE', 'the server is restarting; retry after reconnecting')));
      return;
    }
    const limiter = this.options.rateLimit;
    if (limiter !== undefined) {
      const wait = limiter.take(conn, performance.now());
      if (wait > 0) return this.rateLimited(conn, limiter, isBinary ? null : requestIdOf(data.toString('utf8')), wait);
    }
    if (this.sessions.touchDue(conn.session)) this.touch(conn);
    if (isBinary) {
      this.unreadable(conn, null, new RpcError('BAD_REQUEST', 'binary frames are not part of the protocol; send JSON text'));
      return;
    }
    const text = data.toString('utf8');
    let frame: FrameEnvelope;
    try {
      frame = readEnvelope(text);
      // The registry routes it by type; it throws only for a frame nobody can read.
      this.handler.frame(conn, frame);
    } catch (err) {
      this.unreadable(conn, text, err instanceof RpcError ? err : new RpcError('BAD_REQUEST', 'unreadable frame'));
    }
  }

  /**
   * A frame the protocol cannot read (`text` null: binary). Answered `BAD_REQUEST` up to
   * `ws.maxUnreadableFrames` times; the one after closes the connection with 1008, as a client
   * that keeps sending them is broken or probing. Only a connection's first is logged at once
   * (with the codec's message, which quotes at most a short prefix of the frame); the count is
   * reported when the connection closes, so a flood writes two lines, not one per frame.
   */
  private unreadable(conn: WsConnection, text: string | null, error: RpcError): void {
    const count = ++conn.unreadable;
    const max = this.options.maxUnreadableFrames;
    if (count > max) {
      if (count === max + 1) conn.ws.close(POLICY_VIOLATION, 'too many unreadable frames');
      return;
    }
    if (count === 1) this.log.warn(`malformed frame from socket ${conn.id}: ${error.message}`);
    conn.send(errorFrame(text === null ? null : requestIdOf(text), error));
  }

  /** On close, the count of a connection that sent more than the one unreadable frame already logged. */
  private reportUnreadable(conn: WsConnection): void {
    const max = this.options.maxUnreadableFrames;
    if (conn.unreadable === 1 && max > 0) return;
    const closedIt = conn.unreadable > max ? `; closed it with 1008 after ${max} (ws.maxUnreadableFrames)` : '';
    this.log.warn(`socket ${conn.id} sent ${conn.unreadable} unreadable frame${conn.unreadable === 1 ? '' : 's'}${closedIt}`);
  }

  /**
   * A frame over `ws.rateLimit`: answered when it carries an id (every frame of the protocol
   * does), dropped when none can be read (binary, not JSON); logged once per connection.
   */
  private rateLimited(conn: WsConnection, limiter: RateLimiter, id: RequestId | null, wait: number): void {
    if (!conn.rateWarned) {
      conn.rateWarned = true;
      this.log.warn(`socket ${conn.id} sends more than ${limiter.perSecond} frames per second (ws.rateLimit); refusing the excess`);
    }
    if (id !== null) conn.send(errorFrame(id, new RpcError('RATE_LIMITED', `more than ${limiter.perSecond} frames per second on this connection`, { retryAfter: wait })));
  }

  /** Extends the session's life in the store and refreshes the client's cookie, whose Max-Age was fixed when it was set. */
  private touch(conn: WsConnection): void {
    this.sessions.touch(conn.session).then(
      () => conn.send(sessionFrame(this.sessions.refreshToken(conn.session, conn.cookieIds))),
      (err: unknown) => this.log.warn('session touch failed', err),
    );
  }

  private beat(): void {
    for (const conn of this.connections.values()) {
      if (!conn.alive) {
        this.log.debug(`socket ${conn.id} missed a heartbeat; terminating`);
        conn.ws.terminate();
        continue;
      }
      conn.alive = false;
      conn.ws.ping();
    }
  }

  /**
   * Tells every client the server is going away (`bye`), lets the calls in flight answer (for at
   * most `ws.drainTimeout` ms), closes the sockets with 1012 (service restart: clients
   * reconnect) and resolves when they are gone.
   */
  async close(reason: 'shutdown' | 'restart' = 'restart'): Promise<void> {
    this.closing = true;
    clearInterval(this.heartbeatTimer);
    // What the last minute held back is written now, and no timer outlives the app.
    this.refusedOrigins.stop();
    this.refusedOverCap.stop();
    this.slowLookups.stop();
    this.failedLookups.stop();
    const closed = [...this.connections.values()].map(
      (conn) =>
        new Promise<void>((resolve) => {
          if (conn.ws.readyState === WebSocket.CLOSED) return resolve();
          conn.ws.once('close', () => resolve());
          conn.send(byeFrame(reason));
          conn.draining = true;
          if (conn.inFlight === 0) conn.ws.close(SERVICE_RESTART, reason);
          else setTimeout(() => conn.ws.close(SERVICE_RESTART, reason), this.options.drainTimeout).unref();
          setTimeout(() => {
            conn.ws.terminate();
            resolve();
          }, this.options.drainTimeout + 2000).unref();
        }),
    );
    await Promise.all(closed);
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }
}
