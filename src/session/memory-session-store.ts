import { type SessionRecord, SessionStore } from './session-store';

interface Entry {
  record: SessionRecord;
  expiresAt: number;
}

/**
 * Sessions in this process's memory: the default for development and tests. Records are
 * copied in and out (structuredClone), so a caller mutating a record never changes the store
 * behind its back, just as with Redis. Expired entries are dropped when read and swept every
 * `sweepEvery` writes; no timer keeps the process alive.
 */
export class MemorySessionStore extends SessionStore {
  private readonly entries = new Map<string, Entry>();
  private writes = 0;

  /** @param sweepEvery writes between sweeps of expired entries (default 1000) */
  constructor(private readonly sweepEvery = 1000) {
    super();
  }

  async get(id: string): Promise<SessionRecord | undefined> {
    const entry = this.entries.get(id);
    if (!entry) return undefined;
    if (entry.expiresAt <= Date.now()) {
      this.entries.delete(id);
      return undefined;
    }
    return structuredClone(entry.record);
  }

  async set(id: string, record: SessionRecord, ttlMs: number): Promise<void> {
    this.entries.set(id, { record: structuredClone(record), expiresAt: Date.now() + ttlMs });
    if (++this.writes % this.sweepEvery === 0) this.sweep();
  }

  async destroy(id: string): Promise<void> {
    this.entries.delete(id);
  }

  override async touch(id: string, ttlMs: number): Promise<void> {
    const entry = this.entries.get(id);
    if (entry) entry.expiresAt = Date.now() + ttlMs;
  }

  /** Number of live sessions (for tests and diagnostics). */
  get size(): number {
    return this.entries.size;
  }

  private sweep(): void {
    const now = Date.now();
    for (const [id, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(id);
  }
}
