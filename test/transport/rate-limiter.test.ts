import { type TokenBucket, RateLimiter } from '../../src/transport/rate-limiter';

describe('RateLimiter', () => {
  const fresh = (): TokenBucket => ({ tokens: 0, tokensAt: -Infinity });

  it('lets a burst through at once, then refuses, saying how long until the next frame may pass', () => {
    const limiter = new RateLimiter({ perSecond: 10, burst: 3 });
    const bucket = fresh();
    expect([1, 2, 3].map(() => limiter.take(bucket, 1000))).toEqual([0, 0, 0]);
    expect(limiter.take(bucket, 1000)).toBe(100);
    expect(limiter.take(bucket, 1040)).toBe(60);
  });

  it('refills at perSecond, never above the burst', () => {
    const limiter = new RateLimiter({ perSecond: 10, burst: 2 });
    const bucket = fresh();
    limiter.take(bucket, 1000);
    limiter.take(bucket, 1000);
    expect(limiter.take(bucket, 1100)).toBe(0);
    // An hour of quiet refills two tokens, not 36 000.
    expect([0, 0, 0].map(() => limiter.take(bucket, 1100 + 3_600_000))).toEqual([0, 0, 100]);
  });

  it('neither refills nor locks a connection out when the clock seems to run backwards', () => {
    const limiter = new RateLimiter({ perSecond: 10, burst: 2 });
    const bucket = fresh();
    limiter.take(bucket, 600_000);
    expect(limiter.take(bucket, 1000)).toBe(0);
    expect(limiter.take(bucket, 1000)).toBe(100);
    expect(limiter.take(bucket, 1100)).toBe(0);
  });

  it('lets a slow limit send one frame at once', () => {
    const limiter = new RateLimiter({ perSecond: 0.2 });
    const bucket = fresh();
    expect([limiter.take(bucket, 0), limiter.take(bucket, 0)]).toEqual([0, 5000]);
  });

  it('allows twice perSecond at once by default', () => {
    const limiter = new RateLimiter({ perSecond: 5 });
    const bucket = fresh();
    expect(Array.from({ length: 11 }, () => limiter.take(bucket, 1000)).filter((w) => w === 0)).toHaveLength(10);
  });

  it.each([
    [{ perSecond: 0 }, /perSecond must be a positive number/],
    [{ perSecond: Number.NaN }, /perSecond must be a positive number/],
    [{ perSecond: 1e-320 }, /at least 0\.001/],
    [{ perSecond: 10, burst: 0.5 }, /burst must be a number of frames of at least 1/],
  ])('refuses %p with SS_ERR_INVALID_OPTION', (options, message) => {
    expect(() => new RateLimiter(options)).toThrow(expect.objectContaining({ code: 'SS_ERR_INVALID_OPTION', message: expect.stringMatching(message) }));
  });
});
