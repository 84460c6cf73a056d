/** What a store keeps for one session. */
export interface SessionRecord {
  /** The logged-in user, or null for an anonymous session. */
  userId: string | null;
  /** Application data; must be JSON-serialisable for stores other than memory. */
  data: Record<string, unknown>;
  /** Epoch milliseconds when the session was created. */
  createdAt: number;
  /** Channels joined server-side (`session.channels.join`); every connection of the session is a member. */
  channels?: string[];
}

/**
 * Where sessions live. Extend it to add a store; the built-ins (memory, Redis) do the same.
 * Every method may be called concurrently for different ids.
 */
export abstract class SessionStore {
  /** The record of `id`, or undefined when unknown or expired. */
  abstract get(id: string): Promise<SessionRecord | undefined>;
  /** Stores `record` under `id` for `ttlMs` milliseconds. */
  abstract set(id: string, record: SessionRecord, ttlMs: number): Promise<void>;
  /** Forgets `id`; resolves even when it was unknown. */
  abstract destroy(id: string): Promise<void>;
  /** Extends the life of `id` by `ttlMs` from now. Default: nothing (stores without expiry). */
  async touch(_id: string, _ttlMs: number): Promise<void> {}
  /** Releases connections and timers. Default: nothing. */
  async close(): Promise<void> {}

  /** Keys `useOnce` has seen, with their expiry (epoch ms); made on first use. */
  private used: Map<string, number> | undefined;

  /**
   * Records `key` as used for `ttlMs` and says whether this was its first use: what makes a
   * session refresh token single-use. Default: remembered in this store object, which is right
   * for one process; a store shared by several nodes should override it with an atomic
   * set-if-absent (the Redis store uses `SET NX PX`).
   */
  async useOnce(key: string, ttlMs: number): Promise<boolean> {
    const now = Date.now();
    const used = (this.used ??= new Map());
    if (used.size >= 1000) for (const [k, expiry] of used) if (expiry <= now) used.delete(k);
    const expiry = used.get(key);
    if (expiry !== undefined && expiry > now) return false;
    used.set(key, now + ttlMs);
    return true;
  }
}
