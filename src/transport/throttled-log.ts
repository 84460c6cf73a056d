import type { Logger } from '../logging/logger';

/**
 * A log line that clients can trigger at any rate (refused upgrades, a session store that is
 * down while every client reconnects): the first is written at once, the ones after it within
 * `interval` ms are only counted, and one line at the end of the interval says how many there
 * were and quotes the last. A flood writes one line per interval rather than one per event; a
 * timer runs only while something is being counted.
 */
export class ThrottledLog {
  private counted = 0;
  private last = '';
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly log: Logger,
    /** What happened, the start of every line. */
    private readonly what: string,
    /** The level the lines are written at. Default `warn`. */
    private readonly level: 'warn' | 'error' = 'warn',
    /** Milliseconds a line covers. Default 60 000. */
    private readonly interval = 60_000,
  ) {}

  /** Writes `detail` (which must already be short: no unbounded client data) and `cause` when nothing was written lately, else counts it. */
  write(detail: string, cause?: unknown): void {
    if (this.timer === undefined) {
      if (cause === undefined) this.log[this.level](`${this.what}: ${detail}`);
      else this.log[this.level](`${this.what}: ${detail}`, cause);
      this.timer = setTimeout(this.flush, this.interval).unref();
      return;
    }
    this.counted++;
    this.last = detail;
  }

  /** Writes the count of what the current interval held back, if anything, and stops the timer. */
  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.report();
  }

  private readonly flush = (): void => {
    this.timer = undefined;
    // Something was counted: the flood may go on, so the next interval counts too.
    if (this.report()) this.timer = setTimeout(this.flush, this.interval).unref();
  };

  private report(): boolean {
    if (this.counted === 0) return false;
    this.log[this.level](`${this.what}: ${this.counted} more since the previous line; the last: ${this.last}`);
    this.counted = 0;
    this.last = '';
    return true;
  }
}
