import { SocketStreamError } from '../errors/socketstream-error';

/** `createApp({ ws: { rateLimit } })`: how many frames one connection may send. */
export interface RateLimitOptions {
  /** Frames per second a connection may send on average. */
  perSecond: number;
  /** Frames it may send at once after a quiet spell. Default `2 × perSecond`. */
  burst?: number;
}

/** A connection's bucket: the tokens it had at `tokensAt` (`performance.now()` ms; -Infinity = never used, so full). */
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
    const { perSecond, burst = Math.max(1, 2 * perSecond) } = options;
    // Below one frame per 1000 s, the wait until the next frame stops being a useful number.
    if (typeof perSecond !== 'number' || !Number.isFinite(perSecond) || perSecond < 0.001) {
      throw new SocketStreamError('SS_ERR_INVALID_OPTION', `ws.rateLimit.perSecond must be a positive number of frames of at least 0.001, got ${String(perSecond)}`);
    }
    if (typeof burst !== 'number' || !Number.isFinite(burst) || burst < 1) {
      throw new SocketStreamError('SS_ERR_INVALID_OPTION', `ws.rateLimit.burst must be a number of frames of at least 1, got ${String(burst)}`);
    }
    this.perSecond = perSecond;
    this.burst = burst;
    this.perMs = perSecond / 1000;
  }

  /**
   * Takes a token from `bucket` at `now` (ms on a monotonic clock): 0 when the frame may pass,
   * else the ms until one would. Time that seems to run backwards refills nothing.
   */
  take(bucket: TokenBucket, now: number): number {
    const tokens = Math.min(this.burst, bucket.tokens + Math.max(0, now - bucket.tokensAt) * this.perMs);
    bucket.tokensAt = now;
    if (tokens >= 1) {
      bucket.tokens = tokens - 1;
      return 0;
    }
    bucket.tokens = tokens;
    return Math.ceil((1 - tokens) / this.perMs);
  }
}
