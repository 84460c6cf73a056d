/**
 * Thrown when a decorator is used where it cannot work (`SS_ERR_DECORATOR_TARGET`) or is given an
 * argument it cannot take (`SS_ERR_DECORATOR_ARGUMENT`). `code` is stable; the message names the
 * decorator and the class (and member) it was applied to.
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

/**
 * What a decorator factory was called with when it was applied without its parentheses
 * (`@Rpc` instead of `@Rpc()`): the decorated class, or a class's prototype (`Foo.prototype`
 * for an instance member, `Foo` itself for a static one). Undefined for anything else.
 */
export function bareTarget(value: unknown, key: unknown): string | undefined {
  const isPrototype = typeof value === 'object' && value !== null && typeof value.constructor === 'function' && value.constructor.prototype === value && value !== Object.prototype;
  const isKey = typeof key === 'string' || typeof key === 'symbol';
  if (isKey && (isPrototype || typeof value === 'function')) return describeMember(value as object, key);
  if (key === undefined && typeof value === 'function' && typeof value.prototype === 'object') return describeMember(value);
  return undefined;
}

/**
 * The error for a decorator factory applied without its parentheses, naming where it was applied.
 *
 * @param usage how to write it, e.g. `@Rpc()`
 */
export function missingParentheses(decorator: string, usage: string, where: string): DecoratorError {
  return new DecoratorError('SS_ERR_DECORATOR_ARGUMENT', `@${decorator} on ${where} has no parentheses: it is a decorator factory, write ${usage}`);
}

/** An argument as a message shows it: a string quoted, anything else as `String` gives it. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  try {
    return String(value);
  } catch {
    return typeof value;
  }
}
