import type { Server, ServerOptions } from 'node:http';
import { type WebSocket, WebSocketServer } from 'ws';
import type { Logger } from '../logging/logger';
import type { ConnectionHandler } from './connection-handler';
import { ConnectionSet } from './connection-set';
import { FrameReader } from './frame-reader';
import type { HandshakeHook } from './handshake-hook';
import { serverTimeouts } from './handshake-timeout';
import { type AcceptedSocket, UpgradeHandler } from './upgrade-handler';
import { type ConnectionHost, WsConnection } from './ws-connection';
import { WriteBatch } from './write-batch';
import type { ResolvedWsOptions } from './ws-options';

/** Where a ws socket keeps its connection, so the event listeners can be shared by every socket. */
const kConnection = Symbol('socketstream.connection');
type TaggedSocket<S> = WebSocket & { [kConnection]: WsConnection<S> };
const connectionOf = <S>(ws: WebSocket): WsConnection<S> => (ws as TaggedSocket<S>)[kConnection];

/** What the transport is given: who finds sessions, who serves frames, and its own settings. */
export interface WsTransportParts<S> {
  readonly options: ResolvedWsOptions;
  /** The session layer's hook: all the transport knows of sessions. */
  readonly hook: HandshakeHook<S>;
  /** The responder registry: every connection and frame goes there. */
  readonly handler: ConnectionHandler<S>;
  /** Socket ids start with it, so `publish.socket` finds the node holding a socket. */
  readonly idPrefix: string;
  readonly log: Logger;
  /** Production behaviour: see `OriginPolicy`. */
  readonly production: boolean;
  /** `createApp({ trustProxy })`: the client's address and scheme are the proxy's `X-Forwarded-For` and `X-Forwarded-Proto`. */
  readonly trustProxy: boolean;
  /** The app's wire contract, sent in every hello frame. Default none. */
  readonly contract?: string;
}

/**
 * The WebSocket side of an app, made of three parts with one concern each: the upgrade handler
 * (path, origin, limits, handshake hook, the 101), the connection set (heartbeat, shutdown) and
 * the frame reader (limits, envelope, routing to the registry). This class wires them to each
 * socket's events. It knows frames, not what they mean, and sessions only through the hook.
 */
export class WsTransport<S> {
  private readonly wss: WebSocketServer;
  private readonly upgrades: UpgradeHandler<S>;
  private readonly connections: ConnectionSet<S>;
  private readonly reader: FrameReader<S>;
  private readonly host: ConnectionHost;
  private readonly hook: HandshakeHook<S>;
  private readonly handler: ConnectionHandler<S>;
  private readonly options: ResolvedWsOptions;
  /** Socket listeners, made once per transport rather than once per connection. */
  private readonly listeners: {
    pong(this: WebSocket): void;
    message(this: WebSocket, data: Buffer, isBinary: boolean): void;
    error(this: WebSocket, err: Error): void;
    close(this: WebSocket): void;
  };

  constructor(parts: WsTransportParts<S>) {
    const { options, log } = parts;
    this.options = options;
    this.hook = parts.hook;
    this.handler = parts.handler;
    // Never handles an upgrade itself: it resolves ws's options, which the adopter applies.
    this.wss = new WebSocketServer({ noServer: true, maxPayload: options.maxPayload, clientTracking: false, perMessageDeflate: false });
    this.upgrades = new UpgradeHandler(options, parts.hook, this.wss, parts.idPrefix, (accepted) => this.open(accepted), log, parts.production, parts.trustProxy, parts.contract);
    this.connections = new ConnectionSet(log);
    this.reader = new FrameReader(options, parts.handler, parts.hook, log);
    this.host = { maxBuffered: options.maxBuffered, log, batch: new WriteBatch() };
    const { reader } = this;
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the listeners' own `this` is the socket
    const transport = this;
    this.listeners = {
      pong() {
        connectionOf<S>(this).alive = true;
      },
      message(data, isBinary) {
        reader.receive(connectionOf<S>(this), data, isBinary);
      },
      error(err) {
        log.debug(`socket ${connectionOf<S>(this).id} error`, err);
      },
      close() {
        transport.closed(connectionOf<S>(this));
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

  /** Starts answering upgrades on `server` (once `ready` resolved) and the heartbeat. */
  attach(server: Server, ready: Promise<void>): void {
    this.upgrades.attach(server, ready);
    this.connections.startHeartbeat(this.options.heartbeat);
  }

  private open({ id, ws, socket, session }: AcceptedSocket<S>): void {
    const conn = new WsConnection(id, session, ws, socket, this.host);
    (ws as TaggedSocket<S>)[kConnection] = conn;
    this.connections.add(conn);
    this.hook.opened(conn);
    this.handler.opened(conn);
    ws.on('pong', this.listeners.pong);
    ws.on('message', this.listeners.message);
    ws.on('error', this.listeners.error);
    ws.on('close', this.listeners.close);
  }

  private closed(conn: WsConnection<S>): void {
    conn.closed = true;
    this.connections.delete(conn);
    this.handler.closed(conn);
    this.hook.closed(conn);
    this.reader.reportUnreadable(conn);
  }

  /**
   * Refuses new upgrades, tells every client the server is going away (`bye`), lets the calls in
   * flight answer (for at most `ws.drainTimeout` ms), closes the sockets with 1012 (service
   * restart: clients reconnect) and resolves when they are gone.
   */
  async close(reason: 'shutdown' | 'restart' = 'restart'): Promise<void> {
    this.upgrades.stop();
    await this.connections.close(reason, this.options.drainTimeout);
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }
}
