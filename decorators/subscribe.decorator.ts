import { appendOwnMetadata } from './append-own';
import { bareTarget, DecoratorError, describeMember, describeValue, missingParentheses } from './decorator-error';
import { METADATA, type SubscriptionMetadata } from './metadata-keys';

/**
 * Handles `event` sent by a client into a channel of this `@Channel` class. The first
 * parameter is the payload (validated like an RPC argument when its type is a class).
 *
 * @throws DecoratorError naming the class and method: `SS_ERR_DECORATOR_ARGUMENT` when `event` is
 *   not a non-empty string; `SS_ERR_DECORATOR_TARGET` on an accessor or field.
 */
export function Subscribe(event: string): MethodDecorator;
export function Subscribe(event: string, bareKey?: unknown): MethodDecorator {
  const bare = bareTarget(event, bareKey);
  if (bare !== undefined) throw missingParentheses('Subscribe', "@Subscribe('event')", bare);
  return (target, key, descriptor) => {
    if (typeof event !== 'string' || event.length === 0) {
      throw new DecoratorError('SS_ERR_DECORATOR_ARGUMENT', `@Subscribe(${describeValue(event)}) on ${describeMember(target, key)}: the event must be a non-empty string`);
    }
    if (typeof descriptor?.value !== 'function') {
      throw new DecoratorError('SS_ERR_DECORATOR_TARGET', `@Subscribe("${event}") on ${describeMember(target, key)}: only methods can handle events`);
    }
    const meta: SubscriptionMetadata = { event, method: key };
    appendOwnMetadata(METADATA.subscriptions, target, meta);
  };
}
