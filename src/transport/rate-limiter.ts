import { SocketStreamError } from '../errors/socketstream-error';

/** `createApp({ ws: { rateLimit } })`: how many frames one connection may send. */
export interface RateLimitOptions {
  /** Frames per second a connection may send on average. */
  perSecond: number;
  /** Frames it may send at once after a quiet spell. Default `2 × perSecond`. */
  burst?: number;
}

/** A connection's bucket: the tokens it had at `tokensAt` (epoch ms; 0 = never used, full). */
export interface TokenBucket {
  tokens: number;
  tokensAt: number;
}

/**
 * A token bucket per connection, refilled continuously at `perSecond` up to `burst`: each frame
 * takes a token, and a frame that finds none is refused. Computed on arrival from the time since
 * the last frame, so no timer runs per connection.
 */
export class RateLimiter {
  readonly perSecond: number;
  readonly burst: number;
  private readonly perMs: number;

  constructor(options: RateLimitOptions) {
    const { perSecond, burst = 2 * perSecond } = options;
    if (typeof perSecond !== 'number' || !Number.isFinite(perSecond) || perSecond <= 0) {
      throw new SocketStreamError('SS_ERR_INVALID_OPTION', `ws.rateLimit.perSecond must be a positive number of frames, got ${String(perSecond)}`);
    }
    if (typeof burst !== 'number' || !Number.isFinite(burst) || burst < 1) {
      throw new SocketStreamError('SS_ERR_INVALID_OPTION', `ws.rateLimit.burst must be a number of frames of at least 1, got ${String(burst)}`);
    }
    this.perSecond = perSecond;
    this.burst = burst;
    this.perMs = perSecond / 1000;
  }

  /** Takes a token from `bucket` at time `now` (ms): 0 when the frame may pass, else the ms until one would. */
  take(bucket: TokenBucket, now: number): number {
    const tokens = bucket.tokensAt === 0 ? this.burst : Math.min(this.burst, bucket.tokens + (now - bucket.tokensAt) * this.perMs);
    bucket.tokensAt = now;
    if (tokens >= 1) {
      bucket.tokens = tokens - 1;
      return 0;
    }
    bucket.tokens = tokens;
    return Math.ceil((1 - tokens) / this.perMs);
  }
}
