import { SocketStreamError } from '../errors/socketstream-error';
import { createConsoleLogger, type Logger } from '../logging/logger';
import type { PubSub } from '../pubsub/pubsub';

const kLog = Symbol('socketstream.service.log');
const kPublish = Symbol('socketstream.service.publish');
const fallback = createConsoleLogger('info', 'service');

/**
 * Optional base class of services and channels: `this.log` is the app's logger scoped to the
 * service, `this.publish` the app's `PubSub`. Both are attached right after the container
 * constructs the instance: in the constructor itself, `log` writes to the console and `publish`
 * throws (inject `PubSub` as a constructor parameter if you need it there).
 */
export abstract class Service {
  private [kLog]?: Logger;
  private [kPublish]?: PubSub;

  /** The app's logger, prefixed with this service's name. */
  protected get log(): Logger {
    return this[kLog] ?? fallback;
  }

  /** The app's PubSub: `this.publish.all/channel/user/socket(…)`. */
  protected get publish(): PubSub {
    const pubsub = this[kPublish];
    if (!pubsub) throw new SocketStreamError('SS_ERR_NOT_STARTED', `${this.constructor.name}: this.publish is attached after construction; inject PubSub to publish from the constructor`);
    return pubsub;
  }
}

/** @internal called by the app once the container has constructed `instance` */
export function attachService(instance: object, log: Logger, publish: PubSub): void {
  if (!(instance instanceof Service)) return;
  const slots = instance as unknown as { [kLog]: Logger; [kPublish]: PubSub };
  slots[kLog] = log;
  slots[kPublish] = publish;
}
