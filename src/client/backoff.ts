/** How the client spaces its reconnection attempts. */
export interface ReconnectOptions {
  /** Delay before the first retry, in ms. Default 250. */
  minDelay: number;
  /** Upper bound of any delay, in ms. Default 10_000. */
  maxDelay: number;
  /** Growth of the delay per failed attempt. Default 2. */
  factor: number;
  /**
   * Share of the delay (0 to 1) that is randomised away, so that many clients dropped by one
   * server restart do not all come back in the same instant. Default 0.5.
   */
  jitter: number;
}

/** The defaults of {@link ReconnectOptions}. */
export const RECONNECT_DEFAULTS: Readonly<ReconnectOptions> = { minDelay: 250, maxDelay: 10_000, factor: 2, jitter: 0.5 };

/**
 * Delay before retry number `attempt` (0 for the first): exponential, capped at `maxDelay`, then
 * reduced by up to `jitter` of itself. Never above `maxDelay`, never below `(1 - jitter)` of the
 * capped value.
 *
 * @param random source of randomness in [0, 1); injected so tests can pin it
 */
export function backoffDelay(attempt: number, options: ReconnectOptions, random: () => number = Math.random): number {
  const capped = Math.min(options.maxDelay, options.minDelay * options.factor ** attempt);
  return capped * (1 - options.jitter * random());
}
