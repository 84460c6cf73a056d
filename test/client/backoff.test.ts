import { backoffDelay } from '../../src/client/backoff';

const options = { minDelay: 100, maxDelay: 1000, factor: 2, jitter: 0.5 };

describe('reconnection backoff', () => {
  test('without randomness the delay grows by the factor and is capped at maxDelay', () => {
    const delays = [0, 1, 2, 3, 4, 5, 20].map((attempt) => backoffDelay(attempt, options, () => 0));
    expect(delays).toEqual([100, 200, 400, 800, 1000, 1000, 1000]);
  });

  test('jitter takes at most its share off the delay, never more and never adding to it', () => {
    expect(backoffDelay(2, options, () => 0.999999)).toBeCloseTo(200, 2);
    expect(backoffDelay(2, options, () => 0.5)).toBe(300);
    expect(backoffDelay(10, options, () => 0.999999)).toBeCloseTo(500, 2);
    for (let i = 0; i < 200; i++) {
      const delay = backoffDelay(i % 12, options);
      const capped = Math.min(1000, 100 * 2 ** (i % 12));
      expect(delay).toBeLessThanOrEqual(capped);
      expect(delay).toBeGreaterThanOrEqual(capped / 2);
    }
  });

  test('jitter 0 gives exact delays', () => {
    expect(backoffDelay(3, { ...options, jitter: 0 }, Math.random)).toBe(800);
  });
});
