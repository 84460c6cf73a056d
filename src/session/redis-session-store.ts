import type { Redis } from 'ioredis';
import type { Logger } from '../logging/logger';
import { closeClient, createRedisClient, firstConnection, isRedisClient, type RedisSource, redisCall, watchConnection } from '../redis/redis-options';
import { type SessionRecord, SessionStore } from './session-store';

/** Options of {@link RedisSessionStore}. */
export interface RedisSessionStoreOptions {
  /** Prepended to every key: sessions live at `<prefix>sess:<id>`. Default `ss:`. */
  prefix?: string;
  /** Milliseconds a call made before the first connection waits for it. Default 5000. */
  connectTimeout?: number;
  /** Where connection loss and recovery are reported. Default: nowhere. */
  logger?: Logger;
}

/**
 * Sessions in Redis, shared by every node of an app: what `createApp({ redis })` selects. Each
 * session is one JSON string at `<prefix>sess:<id>` with a Redis expiry (PX), so Redis drops
 * expired sessions by itself.
 *
 * While Redis is unreachable every call rejects promptly with `SS_ERR_REDIS` (nothing is queued);
 * the client reconnects on its own and calls succeed again once Redis is back.
 */
export class RedisSessionStore extends SessionStore {
  private readonly client: Redis;
  private readonly ownsClient: boolean;
  private readonly prefix: string;
  private readonly connected: () => Promise<void>;

  /**
   * @param redis a URL, ioredis options, or an ioredis client of yours (not closed by `close()`;
   *   its own offline-queue settings then apply)
   */
  constructor(redis: RedisSource, options: RedisSessionStoreOptions = {}) {
    super();
    this.ownsClient = !isRedisClient(redis);
    this.client = isRedisClient(redis) ? redis : createRedisClient(redis);
    this.prefix = options.prefix ?? 'ss:';
    this.connected = firstConnection(this.client, options.connectTimeout ?? 5000, 'RedisSessionStore');
    if (this.ownsClient) watchConnection(this.client, 'session store', options.logger);
  }

  async get(id: string): Promise<SessionRecord | undefined> {
    const json = await this.call('get', () => this.client.get(this.key(id)));
    return json === null ? undefined : (JSON.parse(json) as SessionRecord);
  }

  async set(id: string, record: SessionRecord, ttlMs: number): Promise<void> {
    const json = JSON.stringify(record);
    // Redis rejects a PX of 0; a session that should already be gone is simply deleted.
    if (ttlMs < 1) return this.destroy(id);
    await this.call('set', () => this.client.set(this.key(id), json, 'PX', Math.ceil(ttlMs)));
  }

  async destroy(id: string): Promise<void> {
    await this.call('destroy', () => this.client.del(this.key(id)));
  }

  override async touch(id: string, ttlMs: number): Promise<void> {
    await this.call('touch', () => this.client.pexpire(this.key(id), Math.max(1, Math.ceil(ttlMs))));
  }

  /** Atomic across nodes: the first `SET NX` of a key wins. */
  override async useOnce(key: string, ttlMs: number): Promise<boolean> {
    const set = await this.call('useOnce', () => this.client.set(`${this.prefix}once:${key}`, '1', 'PX', Math.max(1, Math.ceil(ttlMs)), 'NX'));
    return set === 'OK';
  }

  /** Quits the client the store made; a client passed in stays open. */
  override async close(): Promise<void> {
    if (this.ownsClient) await closeClient(this.client);
  }

  private key(id: string): string {
    return `${this.prefix}sess:${id}`;
  }

  private call<T>(what: string, command: () => Promise<T>): Promise<T> {
    return redisCall(`RedisSessionStore.${what}`, async () => {
      await this.connected();
      return command();
    });
  }
}
