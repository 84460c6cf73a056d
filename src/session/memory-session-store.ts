import { type SessionRecord, SessionStore } from './session-store';

interface Entry {
  /** The record as JSON, as Redis keeps it: what cannot be encoded fails the same way in both stores. */
  json: string;
  expiresAt: number;
}

/**
 * Sessions in this process's memory: the default for development and tests. Records are kept
 * as JSON text, as the Redis store keeps them, so a caller mutating a record never changes the
 * store behind its back and a value only one of the stores could hold cannot pass in development. Expired entries are dropped when read and swept every
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
    return JSON.parse(entry.json) as SessionRecord;
  }

  async set(id: string, record: SessionRecord, ttlMs: number): Promise<void> {
    this.entries.set(id, { json: JSON.stringify(record), expiresAt: Date.now() + ttlMs });
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
