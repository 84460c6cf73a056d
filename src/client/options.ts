import { RECONNECT_DEFAULTS, type ReconnectOptions } from './backoff';
import { ClientError } from './client-error';

/** Options of `connect()` and of the `SocketStreamClient` constructor. */
export interface ClientOptions {
  /**
   * Path of the WebSocket endpoint on the server, as `createApp({ ws: { path } })` sets it.
   * Default `'/_ss/ws'`, or the path of a `ws(s)://` URL given to `connect()`.
   */
  path?: string;
  /**
   * Milliseconds a call may take, counted from the moment `rpc()` is called (time spent queued
   * while disconnected counts), before it rejects with `TIMEOUT`. `0` turns the limit off.
   * Default 30_000.
   */
  timeout?: number;
  /**
   * Most calls that may wait for a connection at once; beyond it `rpc()` rejects at once with
   * `UNAVAILABLE`. Default 1000.
   */
  queueLimit?: number;
  /**
   * Backoff between reconnection attempts (defaults: minDelay 250, maxDelay 10_000, factor 2,
   * jitter 0.5), or `false` to stay down once the connection is lost.
   */
  reconnect?: Partial<ReconnectOptions> | false;
  /**
   * Node only: the `Cookie` header to send on the first connection, e.g. a session cookie
   * obtained by an HTTP login. Browsers send the page's cookies themselves. Default none.
   */
  cookie?: string;
  /**
   * The app's wire contract this client was made for (`ss build` writes it into the pages): a
   * server whose hello carries another one makes the client emit `outdated`. Default: the
   * contract of the first server it connects to, so a later deploy that changes it is noticed.
   */
  contract?: string;
}

/** Options with every default filled in and checked. */
export interface ResolvedOptions {
  timeout: number;
  queueLimit: number;
  reconnect: ReconnectOptions | false;
}

// setTimeout fires at once for delays that do not fit in 32 bits.
const MAX_DELAY = 2 ** 31 - 1;

function check(name: string, value: number | undefined, fallback: number, min: number, max = MAX_DELAY): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !(value >= min && value <= max)) {
    throw new ClientError('SS_ERR_INVALID_OPTION', `connect(): option "${name}" must be a number from ${min} to ${max}, got ${String(value)}`);
  }
  return value;
}

/** Fills in defaults; throws a `ClientError('SS_ERR_INVALID_OPTION')` naming a bad option. */
export function resolveOptions(options: ClientOptions): ResolvedOptions {
  const r = options.reconnect;
  let reconnect: ReconnectOptions | false = false;
  if (r !== false) {
    const d = RECONNECT_DEFAULTS;
    const minDelay = check('reconnect.minDelay', r?.minDelay, d.minDelay, 0);
    reconnect = {
      minDelay,
      maxDelay: check('reconnect.maxDelay', r?.maxDelay, Math.max(d.maxDelay, minDelay), minDelay),
      factor: check('reconnect.factor', r?.factor, d.factor, 1, 1e3),
      jitter: check('reconnect.jitter', r?.jitter, d.jitter, 0, 1),
    };
  }
  return {
    timeout: check('timeout', options.timeout, 30_000, 0),
    queueLimit: check('queueLimit', options.queueLimit, 1000, 0, Number.MAX_SAFE_INTEGER),
    reconnect,
  };
}
