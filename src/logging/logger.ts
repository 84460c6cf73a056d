/** Where SocketStream and `Service#log` write. Any object with these four methods works (pino, winston, console). */
export interface Logger {
  debug(message: string, ...meta: unknown[]): void;
  info(message: string, ...meta: unknown[]): void;
  warn(message: string, ...meta: unknown[]): void;
  error(message: string, ...meta: unknown[]): void;
}

/** Log levels from most to least verbose; `silent` turns the default logger off. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

const rank: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

/**
 * The default logger: console output prefixed with `[ss:<scope>]`, filtered by level.
 *
 * @param level default `info` (`warn` when NODE_ENV is `test`)
 */
export function createConsoleLogger(level: LogLevel, scope = 'app'): Logger {
  const min = rank[level];
  const prefix = `[ss:${scope}]`;
  return {
    debug: (m, ...r) => { if (min <= rank.debug) console.debug(prefix, m, ...r); },
    info: (m, ...r) => { if (min <= rank.info) console.info(prefix, m, ...r); },
    warn: (m, ...r) => { if (min <= rank.warn) console.warn(prefix, m, ...r); },
    error: (m, ...r) => { if (min <= rank.error) console.error(prefix, m, ...r); },
  };
}

/** A logger that prefixes every message with `scope: `, for per-service loggers on top of a user logger. */
export function scopedLogger(base: Logger, scope: string): Logger {
  return {
    debug: (m, ...r) => base.debug(`${scope}: ${m}`, ...r),
    info: (m, ...r) => base.info(`${scope}: ${m}`, ...r),
    warn: (m, ...r) => base.warn(`${scope}: ${m}`, ...r),
    error: (m, ...r) => base.error(`${scope}: ${m}`, ...r),
  };
}
