import type { Logger } from '../logging/logger';

/**
 * A warning that clients can trigger at any rate (refused upgrades): the first is logged at
 * once, the ones after it within `interval` ms are only counted, and one line at the end of the
 * interval says how many there were and quotes the last. A flood writes one line per interval
 * rather than one per event; a timer runs only while something is being counted.
 */
export class ThrottledWarning {
  private counted = 0;
  private last = '';
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly log: Logger,
    /** What happened, the start of every line. */
    private readonly what: string,
    /** Milliseconds a line covers. Default 60 000. */
    private readonly interval = 60_000,
  ) {}

  /** Logs `detail` (which must already be short: no unbounded client data), or counts it. */
  warn(detail: string): void {
    if (this.timer === undefined) {
      this.log.warn(`${this.what}: ${detail}`);
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
    this.log.warn(`${this.what}: ${this.counted} more since the previous line; the last: ${this.last}`);
    this.counted = 0;
    this.last = '';
    return true;
  }
}
