import { SocketStreamError } from '../errors/socketstream-error';
import { type RateLimitOptions, RateLimiter } from './rate-limiter';

/** `createApp({ ws })`: the WebSocket endpoint. */
export interface WsOptions {
  /** Path of the endpoint on the app's port, starting with `/`. Default `/_ss/ws`. */
  path?: string;
  /** Largest frame accepted, in bytes; bigger frames close the connection with 1009. Default 1 MiB. */
  maxPayload?: number;
  /** Milliseconds between server pings; a peer that has not answered the previous ping is terminated. 0 turns heartbeats off. Default 30 000. */
  heartbeat?: number;
  /**
   * Origins allowed to open a socket: exact `scheme://host[:port]` strings (compared as browsers
   * send them: lower case, default port left out), or a predicate, allowed besides the page's
   * own origin, in every mode. The page's own origin is always allowed (scheme, host and
   * port of the request: `Host`, and the scheme of the connection or, with `trustProxy`, of
   * `X-Forwarded-Proto`); in development, on a loopback address, only loopback host names
   * (`localhost`, `*.localhost`, `127.x.x.x`, `[::1]`: a DNS-rebinding page is refused). The
   * origin is `Origin`, or `Sec-WebSocket-Origin` from version 8 clients. Requests without one
   * (non-browser clients) are always allowed. Refused upgrades get 403.
   */
  origins?: readonly string[] | ((origin: string) => boolean);
  /**
   * RPC calls and channel frames (join, leave, push, presence) one connection may have running at
   * once; more are refused with `RATE_LIMITED`. A whole number, at least 1. Default 256.
   */
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
   * Milliseconds an upgrade may take, in each of its two waits, before its socket is dropped (a
   * client that never finishes its handshake holds a file descriptor): the request's headers
   * must arrive within it (it is the HTTP server's `headersTimeout`, for every request on the
   * app's port; a late request is answered 408 and closed), and the session lookup after them
   * must finish within it (else 503). 0 keeps Node's defaults and sets no timer. Default 10 000.
   */
  handshakeTimeout?: number;
  /**
   * WebSocket connections one client address may hold at once, counted from the upgrade until
   * the socket closes; further upgrades are refused with 429 (the client is over its share; a
   * 503 would tell a load balancer this node is down). The address is the TCP peer's, or with
   * `trustProxy` the right-most `X-Forwarded-For` entry (the one the proxy appended). Default:
   * no cap (0).
   */
  maxConnectionsPerAddress?: number;
  /**
   * Unreadable frames (not JSON, unknown type, wrong shape, binary) one connection may send;
   * each is answered `BAD_REQUEST`, and the next one closes the connection with 1008 (policy
   * violation). The first is logged at once; a connection that sent more is reported once, with
   * the count, when it closes. Default 10.
   */
  maxUnreadableFrames?: number;
  /**
   * Channels one connection may be a member of (or joining) at once; further joins are refused
   * with `FORBIDDEN`. A whole number, at least 1 (a connection that may join no channel has no
   * use for a channel class; there is no "no limit" value). Default 1000.
   */
  maxChannels?: number;
}

/** The options with their defaults applied. */
export type ResolvedWsOptions = Required<Omit<WsOptions, 'origins' | 'rateLimit'>> & Pick<WsOptions, 'origins'> & { rateLimit: RateLimiter | undefined };

/** Applies the documented defaults; throws `SS_ERR_INVALID_OPTION` naming the first bad value. */
export function resolveWsOptions(options: WsOptions = {}): ResolvedWsOptions {
  // setTimeout's longest delay: a longer one would fire at once.
  wholeNumber('handshakeTimeout', options.handshakeTimeout, 0, 2 ** 31 - 1);
  wholeNumber('maxConnectionsPerAddress', options.maxConnectionsPerAddress, 0, Number.MAX_SAFE_INTEGER);
  wholeNumber('maxUnreadableFrames', options.maxUnreadableFrames, 0, Number.MAX_SAFE_INTEGER);
  wholeNumber('maxInFlight', options.maxInFlight, 1, Number.MAX_SAFE_INTEGER);
  wholeNumber('maxChannels', options.maxChannels, 1, Number.MAX_SAFE_INTEGER);
  wholeNumber('heartbeat', options.heartbeat, 0, 2 ** 31 - 1);
  wholeNumber('drainTimeout', options.drainTimeout, 0, 2 ** 31 - 1);
  // ws keeps it as a 32-bit integer, and reads 0 as "no limit".
  wholeNumber('maxPayload', options.maxPayload, 1, 2 ** 31 - 1);
  wholeNumber('maxBuffered', options.maxBuffered, 1, Number.MAX_SAFE_INTEGER);
  checkPath(options.path);
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

/** The endpoint's path is compared with the request's (before any `?`): without a leading `/` no upgrade would ever match. */
function checkPath(path: string | undefined): void {
  if (path !== undefined && (typeof path !== 'string' || !path.startsWith('/') || /[?#\s]/.test(path))) {
    throw new SocketStreamError('SS_ERR_INVALID_OPTION', `ws.path must start with '/' and hold no '?', '#' or space (e.g. '/_ss/ws'), got ${JSON.stringify(path) ?? String(path)}`);
  }
}

function wholeNumber(name: string, value: number | undefined, min: number, max: number): void {
  if (value !== undefined && !(Number.isInteger(value) && value >= min && value <= max)) {
    throw new SocketStreamError('SS_ERR_INVALID_OPTION', `ws.${name} must be a whole number from ${min} to ${max}, got ${String(value)}`);
  }
}
