import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebSocket, WebSocketServer } from 'ws';
import type { Logger } from '../logging/logger';
import { quote } from '../protocol/codec';
import { helloFrame } from '../protocol/encode';
import { PROTOCOL_VERSION } from '../protocol/frames';
import { AddressLimit, clientAddress } from './address-limit';
import { type HandshakeRequest, readHandshake, refusalResponse, upgradeResponse } from './handshake';
import type { HandshakeHook, HandshakeResult } from './handshake-hook';
import { OriginPolicy } from './origin-policy';
import { RandomIds } from './random-ids';
import { SocketAdopter } from './socket-adopter';
import { ThrottledLog } from './throttled-log';
import type { ResolvedWsOptions } from './ws-options';

/** Characters of an origin, host or address quoted in a log line. */
const QUOTED_HEADER = 100;

/** Answers an upgrade with a plain HTTP error and closes the socket once it is written. */
function refuse(socket: Duplex, response: string): undefined {
  socket.once('finish', () => socket.destroy());
  socket.end(response);
  return undefined;
}

/** An upgrade that passed every check, its 101 and hello written: the socket is ws's now. */
export interface AcceptedSocket<S> {
  readonly id: string;
  readonly ws: WebSocket;
  /** The TCP socket under `ws`. */
  readonly socket: Duplex;
  /** What the handshake hook holds for the connection. */
  readonly session: S;
}

/**
 * The upgrade side of the transport: answers upgrades on `ws.path` only, checks the origin,
 * the WebSocket headers and `ws.maxConnectionsPerAddress`, asks the handshake hook for the
 * session (bounded by `ws.handshakeTimeout`), and writes the 101 with the hello frame (and a new
 * session's cookie) in one write before handing the socket to ws.
 */
export class UpgradeHandler<S> {
  private readonly adopter: SocketAdopter;
  private readonly ids = new RandomIds();
  private readonly origins: OriginPolicy;
  /** `ws.maxConnectionsPerAddress`; undefined when there is no cap, so an upgrade pays nothing for it. */
  private readonly addressLimit: AddressLimit | undefined;
  /** Refused upgrades are logged at most once a minute each, with a count: clients choose their rate. */
  private readonly refusedOrigins: ThrottledLog;
  private readonly refusedOverCap: ThrottledLog;
  private readonly slowLookups: ThrottledLog;
  private readonly failedLookups: ThrottledLog;
  private ready: Promise<void> = Promise.resolve();
  /** True once `ready` resolved: handshakes with nothing to look up then need no promise. */
  private started = false;
  /** Set by `stop()`: upgrades are refused with 503, and lookups that finish later too. */
  private stopped = false;

  constructor(
    private readonly options: ResolvedWsOptions,
    private readonly hook: HandshakeHook<S>,
    wss: WebSocketServer,
    /** Socket ids start with it (`<prefix>.<random>`), so `publish.socket` finds the node holding a socket. */
    private readonly idPrefix: string,
    private readonly accepted: (socket: AcceptedSocket<S>) => void,
    private readonly log: Logger,
    production: boolean,
    private readonly trustProxy: boolean,
    /** The app's wire contract, for the hello frame. */
    private readonly contract?: string,
  ) {
    this.adopter = new SocketAdopter(wss);
    this.origins = new OriginPolicy(options.origins, production, trustProxy);
    this.addressLimit = options.maxConnectionsPerAddress > 0 ? new AddressLimit(options.maxConnectionsPerAddress) : undefined;
    this.refusedOrigins = new ThrottledLog(log, 'refused WebSocket upgrades from a foreign origin (403; see ws.origins)');
    this.refusedOverCap = new ThrottledLog(log, `refused WebSocket upgrades over ws.maxConnectionsPerAddress (${options.maxConnectionsPerAddress}) with 429`);
    this.slowLookups = new ThrottledLog(log, `refused WebSocket upgrades whose session lookup outlasted ws.handshakeTimeout (${options.handshakeTimeout} ms) with 503`);
    this.failedLookups = new ThrottledLog(log, 'could not start WebSocket connections (PubSub transport or session store unavailable); refused them with 503', 'error');
  }

  /**
   * Node removes the socket's error listener before 'upgrade'; without one, a peer that resets
   * the connection mid-handshake, or a refused socket's late ECONNRESET, would crash the process.
   */
  private readonly onHandshakeError = (err: Error): void => this.log.debug('WebSocket handshake socket error', err);

  /** Answers `server`'s upgrades; those that arrive before `ready` resolved wait for it. */
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
  }

  /** Refuses every upgrade from now on, and writes out what the throttled logs held back. */
  stop(): void {
    this.stopped = true;
    this.refusedOrigins.stop();
    this.refusedOverCap.stop();
    this.slowLookups.stop();
    this.failedLookups.stop();
  }

  private handshakeFailed(socket: Duplex, err: unknown): void {
    this.log.error('WebSocket handshake failed', err);
    socket.destroy();
  }

  /** Checks an upgrade and accepts it; returns a promise only when the hook must look the session up. */
  private upgrade(server: Server, req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> | undefined {
    const path = (req.url ?? '').split('?')[0];
    if (path !== this.options.path) {
      // Another upgrade listener (the user's own) may want it; with none, answer instead of hanging.
      if (server.listenerCount('upgrade') === 1) refuse(socket, refusalResponse({ status: 404 }));
      return undefined;
    }
    if (this.stopped) return refuse(socket, refusalResponse({ status: 503 }));
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
    if (this.started) {
      const found = this.hook.handshake(req, encrypted(socket));
      // Nothing to look up (no cookie): a page's first connection needs no promise.
      if (!(found instanceof Promise)) {
        this.accept(handshake, socket, head, found);
        return undefined;
      }
      return this.upgradeWithLookup(handshake, req, socket, head, found);
    }
    return this.upgradeWithLookup(handshake, req, socket, head, undefined);
  }

  private async upgradeWithLookup(
    handshake: HandshakeRequest,
    req: IncomingMessage,
    socket: Duplex,
    head: Buffer,
    lookup: Promise<HandshakeResult<S>> | undefined,
  ): Promise<void> {
    let found: HandshakeResult<S>;
    // A store (or PubSub start) that never answers must not hold the socket, and its file descriptor, for ever.
    const timeout = this.options.handshakeTimeout;
    const timer = timeout > 0 ? setTimeout(this.lookupTimedOut, timeout, socket) : undefined;
    try {
      if (lookup === undefined) {
        await this.ready;
        found = await this.hook.handshake(req, encrypted(socket));
      } else found = await lookup;
    } catch (err) {
      clearTimeout(timer);
      // Every client retries while the store is down: one line a minute, the first with the error itself.
      this.failedLookups.write(quote(err instanceof Error ? err.message : String(err), QUOTED_HEADER), err);
      return refuse(socket, refusalResponse({ status: 503 }));
    }
    clearTimeout(timer);
    // Refused by the timer meanwhile: accept() finds the socket no longer writable and drops it.
    this.accept(handshake, socket, head, found);
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
  private accept(handshake: HandshakeRequest, socket: Duplex, head: Buffer, found: HandshakeResult<S>): void {
    // The client gave up (or sent its FIN) while the session was looked up.
    if (!socket.readable || !socket.writable) {
      socket.destroy();
      return;
    }
    // The transport began closing while the session was looked up: it would never say bye to this one.
    if (this.stopped) {
      refuse(socket, refusalResponse({ status: 503 }));
      return;
    }
    const cookie = found.setCookie === undefined ? '' : `Set-Cookie: ${found.setCookie}\r\n`;
    // The node prefix routes publish.socket to the node holding the socket.
    const id = `${this.idPrefix}.${this.ids.next(12)}`;
    socket.write(upgradeResponse(handshake, cookie, helloFrame(PROTOCOL_VERSION, id, this.contract)), 'latin1');
    const ws = this.adopter.adopt(socket, head, handshake.protocol);
    // ws has its own error listener on the socket now.
    socket.off('error', this.onHandshakeError);
    this.accepted({ id, ws, socket, session: this.hook.hold(found.session) });
  }
}

function encrypted(socket: Duplex): boolean {
  return 'encrypted' in socket && socket.encrypted === true;
}
