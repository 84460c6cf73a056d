/** How long a graceful stop may take before the process exits anyway. */
export const SHUTDOWN_TIMEOUT_MS = 10_000;

/**
 * Calls `stop` on the first SIGTERM or SIGINT, and `now` on a second one (the user pressed
 * Ctrl-C twice: exit at once). Returns a function that removes the handlers.
 */
export function onStopSignals(stop: (signal: NodeJS.Signals) => void, now: (signal: NodeJS.Signals) => void): () => void {
  let stopping = false;
  const handler = (signal: NodeJS.Signals): void => {
    if (stopping) return now(signal);
    stopping = true;
    stop(signal);
  };
  process.on('SIGTERM', handler);
  process.on('SIGINT', handler);
  return () => {
    process.off('SIGTERM', handler);
    process.off('SIGINT', handler);
  };
}

/** `work` or, after `ms`, a rejection saying it took too long; the timer does not keep the process alive. */
export function withinTime<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
    timer.unref();
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}
