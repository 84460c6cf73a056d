import { randomFillSync } from 'node:crypto';

/** Bytes drawn from the system's CSPRNG per refill. */
const POOL_SIZE = 4096;

/**
 * Random ids cut from a buffer the CSPRNG fills 4 KiB at a time. A call into the CSPRNG costs
 * several microseconds whatever its size, and every new connection needs two ids (its socket id
 * and, usually, a session id); this makes it one call per ~100 connections. Node's own
 * `randomUUID` caches random bytes the same way. One per owner: nothing is shared between apps.
 */
export class RandomIds {
  private readonly pool = Buffer.allocUnsafe(POOL_SIZE);
  private offset = POOL_SIZE;

  /** `bytes` (at most 4096) random bytes, as base64url. */
  next(bytes: number): string {
    if (this.offset + bytes > POOL_SIZE) {
      randomFillSync(this.pool);
      this.offset = 0;
    }
    const id = this.pool.toString('base64url', this.offset, this.offset + bytes);
    this.offset += bytes;
    return id;
  }
}
