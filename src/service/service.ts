import { createConsoleLogger, type Logger } from '../logging/logger';

const kLog = Symbol('socketstream.service.log');
const fallback = createConsoleLogger('info', 'service');

/**
 * Optional base class of services and channels. `this.log` is the app's logger scoped to the
 * service; it is attached right after the container constructs the instance, so in the
 * constructor itself it writes to the console. (`this.publish` arrives with PubSub.)
 */
export abstract class Service {
  private [kLog]?: Logger;

  /** The app's logger, prefixed with this service's name. */
  protected get log(): Logger {
    return this[kLog] ?? fallback;
  }
}

/** @internal called by the app once the container has constructed `instance` */
export function attachServiceLogger(instance: object, log: Logger): void {
  if (instance instanceof Service) (instance as unknown as Record<typeof kLog, Logger>)[kLog] = log;
}
