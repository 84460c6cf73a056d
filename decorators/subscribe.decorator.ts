import { appendOwnMetadata } from './append-own';
import { DecoratorError, describeMember } from './decorator-error';
import { METADATA, type SubscriptionMetadata } from './metadata-keys';

/**
 * Handles `event` sent by a client into a channel of this `@Channel` class. The first
 * parameter is the payload (validated like an RPC argument when its type is a class).
 */
export function Subscribe(event: string): MethodDecorator {
  if (typeof event !== 'string' || event.length === 0) {
    throw new DecoratorError('SS_ERR_DECORATOR_ARGUMENT', '@Subscribe(event): the event must be a non-empty string');
  }
  return (target, key, descriptor) => {
    if (typeof descriptor.value !== 'function') {
      throw new DecoratorError('SS_ERR_DECORATOR_TARGET', `@Subscribe("${event}") on ${describeMember(target, key)}: only methods can handle events`);
    }
    const meta: SubscriptionMetadata = { event, method: key };
    appendOwnMetadata(METADATA.subscriptions, target, meta);
  };
}
