import { type RateLimitOptions, RateLimiter } from './rate-limiter';

/** `createApp({ ws })`: the WebSocket endpoint. */
export interface WsOptions {
  /** Path of the endpoint on the app's port. Default `/_ss/ws`. */
  path?: string;
  /** Largest frame accepted, in bytes; bigger frames close the connection with 1009. Default 1 MiB. */
  maxPayload?: number;
  /** Milliseconds between server pings; a peer that has not answered the previous ping is terminated. 0 turns heartbeats off. Default 30 000. */
  heartbeat?: number;
  /**
   * Origins allowed to open a socket (exact `scheme://host[:port]` strings, or a predicate).
   * Default: any origin in development; in production, only the Host the request was made to.
   * Requests without an Origin header (non-browser clients) are always allowed.
   */
  origins?: readonly string[] | ((origin: string) => boolean);
  /** RPC calls one connection may have running at once; more are refused with `RATE_LIMITED`. Default 256. */
  maxInFlight?: number;
  /**
   * Frames one connection may send: `perSecond` on average, `burst` (default twice that, at
   * least 1) at once. Beyond it, a frame is not processed: every frame of the protocol carries
   * an id and is answered with `RATE_LIMITED` and `details.retryAfter` in ms (the client asks
   * again for refused rejoins; refused calls reject); a frame with no readable id (binary, not
   * JSON) is dropped. Default: no limit, as with Socket.IO and Phoenix.
   */
  rateLimit?: RateLimitOptions | false;
  /**
   * Bytes a connection may leave unread (sent by the server, not yet taken by the peer) before
   * the server terminates it as a slow consumer. Default 8 MiB.
   */
  maxBuffered?: number;
  /** On `app.close()`, milliseconds the calls in flight get to answer before their sockets close. Default 5000. */
  drainTimeout?: number;
  /**
   * Milliseconds an upgrade request may take, from its connection to the 101 response, before
   * the socket is destroyed (a client that never finishes its handshake holds a file
   * descriptor). Default 10 000.
   */
  handshakeTimeout?: number;
  /**
   * WebSocket connections one client address may hold at once; further upgrades are refused
   * with 503. The address is the TCP peer's, or with `trustProxy` the one the proxy reports.
   * Default: no cap (0).
   */
  maxConnectionsPerAddress?: number;
  /**
   * Unreadable frames (not JSON, unknown type, wrong shape, binary) one connection may send
   * before it is closed with 1008 (policy violation). Each is answered `BAD_REQUEST`. Default 10.
   */
  maxUnreadableFrames?: number;
  /** Channels one connection may be a member of at once; further joins are refused. Default 1000. */
  maxChannels?: number;
}

/** The options with their defaults applied. */
export type ResolvedWsOptions = Required<Omit<WsOptions, 'origins' | 'rateLimit'>> & Pick<WsOptions, 'origins'> & { rateLimit: RateLimiter | undefined };

/** Applies the documented defaults. */
export function resolveWsOptions(options: WsOptions = {}): ResolvedWsOptions {
  return {
    path: options.path ?? '/_ss/ws',
    maxPayload: options.maxPayload ?? 1024 * 1024,
    heartbeat: options.heartbeat ?? 30_000,
    origins: options.origins,
    maxInFlight: options.maxInFlight ?? 256,
    rateLimit: options.rateLimit ? new RateLimiter(options.rateLimit) : undefined,
    maxBuffered: options.maxBuffered ?? 8 * 1024 * 1024,
    drainTimeout: options.drainTimeout ?? 5000,
    handshakeTimeout: options.handshakeTimeout ?? 10_000,
    maxConnectionsPerAddress: options.maxConnectionsPerAddress ?? 0,
    maxUnreadableFrames: options.maxUnreadableFrames ?? 10,
    maxChannels: options.maxChannels ?? 1000,
  };
}
