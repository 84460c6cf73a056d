import { randomBytes } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import type { Logger } from '../logging/logger';
import { decodeClientFrame, requestIdOf } from '../protocol/codec';
import { PROTOCOL_VERSION } from '../protocol/frames';
import { RpcError } from '../protocol/rpc-error';
import type { ChannelResponder } from '../pubsub/channel-responder';
import type { LocalFanout } from '../pubsub/local-fanout';
import type { RpcResponder } from '../rpc/rpc-responder';
import { errorFrame } from '../rpc/rpc-responder';
import { kChannelsChanged, kIdChanged, type Session } from '../session/session';
import type { SessionManager } from '../session/session-manager';
import type { Connection } from './connection';
import { type SharedFrame, writeShared } from './shared-frame';
import { WriteBatch } from './write-batch';
import type { ResolvedWsOptions } from './ws-options';

interface LiveConnection extends Connection {
  ws: WebSocket;
  alive: boolean;
  /** Set by `close()`: the socket closes once the calls in flight have answered. */
  draining: boolean;
  /** Session ids this client's cookie may name (it refreshes asynchronously); newest last. */
  cookieIds: string[];
  stopSessionWatch: () => void;
}

/** What the transport hands frames and connection events to. */
export interface Responders {
  rpc: RpcResponder;
  channels: ChannelResponder;
  fanout: LocalFanout;
}

/** Close code 1012, "service restart": clients reconnect. */
const GOING_AWAY = 1012;


/**
 * The WebSocket side of an app: upgrades on `path`, binds each socket to its session, decodes
 * frames and hands them to the responders, pings peers and drops dead ones.
 */
export class WsTransport {
  private readonly wss: WebSocketServer;
  private readonly connections = new Map<string, LiveConnection>();
  private readonly pendingCookies = new WeakMap<IncomingMessage, string>();
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private readonly batch = new WriteBatch();
  private closing = false;

  constructor(
    private readonly options: ResolvedWsOptions,
    private readonly sessions: SessionManager,
    private readonly responders: Responders,
    private readonly log: Logger,
    private readonly production: boolean,
  ) {
    this.wss = new WebSocketServer({ noServer: true, maxPayload: options.maxPayload, clientTracking: false, perMessageDeflate: false });
    this.wss.on('headers', (headers, req) => {
      const cookie = this.pendingCookies.get(req);
      if (cookie) headers.push(`Set-Cookie: ${cookie}`);
    });
  }

  /** Number of open connections. */
  get size(): number {
    return this.connections.size;
  }

  private ready: Promise<void> = Promise.resolve();

  /** Starts answering upgrades on `server` (once `ready` resolved) and the heartbeat. */
  attach(server: Server, ready: Promise<void>): void {
    this.ready = ready;
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      // Node removes the socket's error listener before 'upgrade'; without one, a peer that
      // resets the connection mid-handshake would crash the process.
      const onError = (err: Error) => this.log.debug('WebSocket handshake socket error', err);
      socket.on('error', onError);
      this.upgrade(server, req, socket, head)
        .catch((err: unknown) => {
          this.log.error('WebSocket handshake failed', err);
          socket.destroy();
        })
        .finally(() => socket.off('error', onError));
    });
    if (this.options.heartbeat > 0) {
      this.heartbeatTimer = setInterval(() => this.beat(), this.options.heartbeat);
      this.heartbeatTimer.unref();
    }
  }

  private originAllowed(req: IncomingMessage): boolean {
    const origin = req.headers.origin;
    if (origin === undefined) return true;
    const rule = this.options.origins;
    if (typeof rule === 'function') return rule(origin);
    if (rule) return rule.includes(origin);
    if (!this.production) return true;
    try {
      return new URL(origin).host === req.headers.host;
    } catch {
      return false;
    }
  }

  private async upgrade(server: Server, req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const refuse = (status: number, text: string): void => {
      socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    const path = (req.url ?? '').split('?')[0];
    if (path !== this.options.path) {
      // Another upgrade listener (the user's own) may want it; with none, answer instead of hanging.
      if (server.listenerCount('upgrade') === 1) refuse(404, 'Not Found');
      return;
    }
    if (this.closing) return refuse(503, 'Service Unavailable');
    let allowed: boolean;
    try {
      allowed = this.originAllowed(req);
    } catch (err) {
      this.log.error('the ws.origins predicate threw; refusing the connection', err);
      allowed = false;
    }
    if (!allowed) {
      this.log.warn(`refused WebSocket from origin ${req.headers.origin}`);
      return refuse(403, 'Forbidden');
    }
    let session: Session;
    try {
      await this.ready;
      const found = await this.sessions.forHandshake(req.headers.cookie);
      session = found.session;
      if (found.created) {
        const secure = this.sessions.isSecure('encrypted' in socket && socket.encrypted === true, req.headers['x-forwarded-proto']);
        this.pendingCookies.set(req, this.sessions.setCookieHeader(session, secure));
      }
    } catch (err) {
      this.log.error('could not start a WebSocket connection (PubSub transport or session store unavailable)', err);
      return refuse(503, 'Service Unavailable');
    }
    if (socket.destroyed) return;
    // The connection holds its session only once the handshake succeeded: a failed one (ws
    // answers 400 itself) leaves nothing behind.
    this.wss.handleUpgrade(req, socket, head, (ws) => this.open(ws, this.sessions.hold(session)));
  }

  private open(ws: WebSocket, session: Session): void {
    const maxBuffered = this.options.maxBuffered;
    const log = this.log;
    const batch = this.batch;
    const writable = (): boolean => {
      if (ws.readyState !== WebSocket.OPEN) return false;
      // Slow-consumer policy: a peer that does not read its frames is cut off rather than
      // letting its backlog grow in server memory.
      if (ws.bufferedAmount > maxBuffered) {
        log.warn(`socket ${conn.id} has more than ${maxBuffered} bytes unread; terminating it`);
        ws.terminate();
        return false;
      }
      return true;
    };
    const afterWrite = (): void => {
      if (conn.draining && conn.inFlight === 0 && ws.readyState === WebSocket.OPEN) ws.close(GOING_AWAY, 'restart');
    };
    const conn: LiveConnection = {
      // The node prefix routes publish.socket to the node holding the socket.
      id: `${this.responders.fanout.nodeId}.${randomBytes(12).toString('base64url')}`,
      session,
      ws,
      alive: true,
      draining: false,
      cookieIds: [session.id],
      channels: new Set(),
      closed: false,
      inFlight: 0,
      send(frame: string) {
        if (writable()) ws.send(frame);
        afterWrite();
      },
      sendShared(frame: SharedFrame) {
        if (writable()) writeShared(ws, frame, batch);
        afterWrite();
      },
      stopSessionWatch: () => undefined,
    };
    // When the session id changes, tell the client how to fetch the new cookie.
    conn.stopSessionWatch = session[kIdChanged]((s) => {
      this.responders.fanout.setUser(conn, s.userId);
      conn.cookieIds = [...conn.cookieIds.slice(-7), s.id];
      conn.send(JSON.stringify({ t: 'session', token: this.sessions.refreshToken(s, conn.cookieIds) }));
    });
    this.connections.set(conn.id, conn);
    this.responders.fanout.add(conn);
    const channels = this.responders.channels;
    const follow = (channel: string, joined: boolean): void => {
      (joined ? channels.joinTrusted(conn, channel) : channels.leave(conn, channel)).catch((err: unknown) =>
        this.log.warn(`socket ${conn.id} could not ${joined ? 'join' : 'leave'} ${channel}`, err),
      );
    };
    const stopChannelWatch = session[kChannelsChanged](follow);
    for (const channel of session.channels.list()) follow(channel, true);
    ws.on('pong', () => {
      conn.alive = true;
    });
    ws.on('message', (data, isBinary) => this.receive(conn, data as Buffer, isBinary));
    ws.on('error', (err) => this.log.debug(`socket ${conn.id} error`, err));
    ws.on('close', () => {
      conn.closed = true;
      this.connections.delete(conn.id);
      this.responders.channels.disconnected(conn);
      stopChannelWatch();
      conn.stopSessionWatch();
      this.sessions.release(session);
    });
    conn.send(JSON.stringify({ t: 'hello', v: PROTOCOL_VERSION, socketId: conn.id }));
  }

  private receive(conn: LiveConnection, data: Buffer, isBinary: boolean): void {
    conn.alive = true;
    if (this.sessions.touchDue(conn.session)) this.touch(conn);
    if (conn.draining) {
      conn.send(errorFrame(requestIdOf(data.toString('utf8')), new RpcError('UNAVAILABLE', 'the server is restarting; retry after reconnecting')));
      return;
    }
    if (isBinary) {
      conn.send(errorFrame(null, new RpcError('BAD_REQUEST', 'binary frames are not part of the protocol; send JSON text')));
      return;
    }
    const text = data.toString('utf8');
    let frame;
    try {
      frame = decodeClientFrame(text);
    } catch (err) {
      const error = err instanceof RpcError ? err : new RpcError('BAD_REQUEST', 'unreadable frame');
      this.log.warn(`malformed frame from socket ${conn.id}: ${error.message}`);
      conn.send(errorFrame(requestIdOf(text), error));
      return;
    }
    const handled = frame.t === 'rpc' ? this.responders.rpc.handle(frame, conn) : this.responders.channels.handle(frame, conn);
    handled.catch((err: unknown) => this.log.error(`${frame.t} dispatch failed`, err));
  }

  /** Extends the session's life in the store and refreshes the client's cookie, whose Max-Age was fixed when it was set. */
  private touch(conn: LiveConnection): void {
    this.sessions.touch(conn.session).then(
      () => conn.send(JSON.stringify({ t: 'session', token: this.sessions.refreshToken(conn.session, conn.cookieIds) })),
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
    const closed = [...this.connections.values()].map(
      (conn) =>
        new Promise<void>((resolve) => {
          if (conn.ws.readyState === WebSocket.CLOSED) return resolve();
          conn.ws.once('close', () => resolve());
          conn.send(JSON.stringify({ t: 'bye', reason }));
          conn.draining = true;
          if (conn.inFlight === 0) conn.ws.close(GOING_AWAY, reason);
          else setTimeout(() => conn.ws.close(GOING_AWAY, reason), this.options.drainTimeout).unref();
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
