/**
 * Thrown when a decorator is used where it cannot work. `code` is stable; the message names the
 * class and member at fault.
 */
export class DecoratorError extends Error {
  override readonly name = 'DecoratorError';
  constructor(
    readonly code: 'SS_ERR_DECORATOR_TARGET' | 'SS_ERR_DECORATOR_ARGUMENT',
    message: string,
  ) {
    super(message);
  }
}

/** `ChatService.send` or `ChatService` for messages. */
export function describeMember(target: object, key?: string | symbol): string {
  const ctor = typeof target === 'function' ? target : target.constructor;
  const className = (ctor as { name?: string }).name || '<anonymous class>';
  return key === undefined ? className : `${className}.${String(key)}`;
}
