import type { Redis, RedisOptions } from 'ioredis';
import { SocketStreamError } from '../errors/socketstream-error';
import type { Logger } from '../logging/logger';

/**
 * ioredis, loaded on first use. Loading it leaves String.prototype in V8's slow dictionary mode
 * for the rest of the process (its `class VerbatimString extends String` does that), which makes
 * every string method call in the app slower; an app that does not use Redis should not pay it.
 */
function ioredis(): typeof import('ioredis') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a lazy load, on purpose (above)
  return require('ioredis') as typeof import('ioredis');
}

/**
 * How to reach Redis: a URL (`redis://[[user]:password@]host[:port][/db]`, `rediss://` for TLS)
 * or ioredis options. What `createApp({ redis })` takes.
 */
export type RedisConnectionOption = string | RedisOptions;

/** A connection option, or an ioredis client of your own (SocketStream then never closes it). */
export type RedisSource = RedisConnectionOption | Redis;

/**
 * What SocketStream changes in ioredis's defaults. Your own options win over these, but think
 * twice: they are what makes a call during an outage reject at once instead of hanging or being
 * replayed later.
 *
 * - `enableOfflineQueue: false` — a command sent while Redis is unreachable rejects at once;
 *   a publish is never parked in memory to go out minutes later (or never).
 * - `maxRetriesPerRequest: 0`, `autoResendUnfulfilledCommands: false` — a command in flight when
 *   the connection drops rejects; it is not resent, which could deliver a publish twice.
 * - `commandTimeout: 5000` — a command with no reply in 5 s rejects (a network that black-holes
 *   packets never closes the socket).
 * - `disconnectTimeout: 200` — closing while Redis is down leaves no 2 s timer behind (ioredis
 *   waits that long for a socket that already closed), so a process can exit at once.
 * - `connectTimeout: 5000`; `retryStrategy`: reconnect after 100 ms, doubling up to 2 s, with
 *   jitter, forever — the connection comes back on its own when Redis does.
 */
export const REDIS_DEFAULTS: Readonly<RedisOptions> = Object.freeze({
  enableOfflineQueue: false,
  maxRetriesPerRequest: 0,
  autoResendUnfulfilledCommands: false,
  commandTimeout: 5000,
  connectTimeout: 5000,
  disconnectTimeout: 200,
  retryStrategy: (times: number) => Math.min(50 * 2 ** times, 2000) + Math.floor(Math.random() * 100),
});

/** True for an ioredis client (as opposed to a URL or options to make one). */
export function isRedisClient(source: RedisSource): source is Redis {
  return typeof source === 'object' && source !== null && source instanceof ioredis().Redis;
}

/**
 * A new ioredis client for `option` with {@link REDIS_DEFAULTS} under the caller's options;
 * `forced` goes on top of both (what a role cannot work without, e.g. autoResubscribe).
 */
export function createRedisClient(option: RedisConnectionOption, forced: RedisOptions = {}): Redis {
  if (typeof option === 'string') {
    if (!/^rediss?:\/\//.test(option)) {
      throw new SocketStreamError('SS_ERR_INVALID_OPTION', `redis: ${JSON.stringify(option)} is not a redis:// or rediss:// URL`);
    }
    return new (ioredis().Redis)(option, { ...REDIS_DEFAULTS, ...forced });
  }
  if (option === null || typeof option !== 'object') {
    throw new SocketStreamError('SS_ERR_INVALID_OPTION', `redis: expected a URL string or ioredis options, got ${String(option)}`);
  }
  return new (ioredis().Redis)({ ...REDIS_DEFAULTS, ...option, ...forced });
}

/**
 * Resolves when `client` is ready; rejects with `SS_ERR_REDIS` when it is not within
 * `timeoutMs`. Used before the first command so a call made right after start-up waits for the
 * connection instead of failing (the offline queue is off).
 */
export function waitUntilReady(client: Redis, timeoutMs: number, what: string): Promise<void> {
  if (client.status === 'ready') return Promise.resolve();
  if (client.status === 'end') return Promise.reject(unavailable(what, 'the connection was closed'));
  if (client.status === 'wait') client.connect().catch(() => {}); // lazyConnect: errors arrive as 'error' events
  return new Promise((resolve, reject) => {
    let lastError: Error | undefined;
    const onError = (err: Error) => (lastError = err);
    const cleanup = () => {
      clearTimeout(timer);
      client.off('ready', onReady);
      client.off('error', onError);
      client.off('end', onEnd);
    };
    const onReady = () => {
      cleanup();
      resolve();
    };
    const onEnd = () => {
      cleanup();
      reject(unavailable(what, 'the connection was closed'));
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(unavailable(what, `not connected after ${timeoutMs} ms${lastError ? ` (${lastError.message})` : ''}`));
    }, timeoutMs);
    client.on('ready', onReady);
    client.on('error', onError);
    client.on('end', onEnd);
  });
}

/**
 * A gate for the first connection: until `client` has been ready once, the returned function
 * waits for it (bounded by `timeoutMs`); afterwards it resolves at once, so that calls during a
 * later outage fail fast instead of waiting (the offline queue is off).
 */
export function firstConnection(client: Redis, timeoutMs: number, what: string): () => Promise<void> {
  let everReady = client.status === 'ready';
  if (!everReady) client.once('ready', () => (everReady = true));
  return () => (everReady ? Promise.resolve() : waitUntilReady(client, timeoutMs, what));
}

/**
 * Logs a client's outages once each (not every reconnect attempt) and its recovery. Also keeps
 * ioredis from printing "Unhandled error event" for every failed attempt.
 */
export function watchConnection(client: Redis, what: string, logger?: Logger): void {
  let down = false;
  client.on('error', (err: Error) => {
    if (down) return;
    down = true;
    logger?.warn(`${what}: Redis connection lost (${err.message}); reconnecting`);
  });
  client.on('ready', () => {
    if (!down) return;
    down = false;
    logger?.info(`${what}: Redis connection restored`);
  });
}

/** QUIT when connected (pending replies arrive first); otherwise just stop reconnecting. */
export async function closeClient(client: Redis): Promise<void> {
  if (client.status === 'end') return;
  if (client.status !== 'ready') {
    client.disconnect();
    return;
  }
  await client.quit().then(
    () => undefined,
    () => client.disconnect(),
  );
}

function unavailable(what: string, why: string): SocketStreamError {
  return new SocketStreamError('SS_ERR_REDIS', `${what}: Redis is unavailable: ${why}`);
}

/**
 * Runs one Redis call; a failure rejects with `SS_ERR_REDIS` naming the operation, the original
 * ioredis error as `cause` (so callers need not know ioredis's error messages).
 */
export async function redisCall<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new SocketStreamError('SS_ERR_REDIS', `${what} failed: ${message}`, { cause: err });
  }
}
