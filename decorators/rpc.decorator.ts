import { appendOwnMetadata } from './append-own';
import { bareTarget, DecoratorError, describeMember, describeValue, missingParentheses } from './decorator-error';
import { METADATA, type RpcOptions } from './metadata-keys';

/** A method's wire name: one identifier (the service name holds the dots). */
const METHOD_NAME = /^[A-Za-z_$][\w$]*$/;

/**
 * Exposes a method of an `@RpcService` class to clients. Nothing else on the class is callable:
 * not the constructor, not accessors, not undecorated methods. A subclass inherits its base's
 * `@Rpc` methods; overriding one keeps it exposed.
 *
 * @param options `name`: the name clients call it by, an identifier (default: the method's name).
 * @throws DecoratorError naming the class and method: `SS_ERR_DECORATOR_TARGET` on a static,
 *   symbol-named or non-method member; `SS_ERR_DECORATOR_ARGUMENT` when `options` is not an object
 *   or `name` is not an identifier.
 */
export function Rpc(options?: RpcOptions): MethodDecorator;
export function Rpc(options: RpcOptions = {}, bareKey?: unknown): MethodDecorator {
  const bare = bareTarget(options, bareKey);
  if (bare !== undefined) throw missingParentheses('Rpc', '@Rpc() or @Rpc({ name })', bare);
  return (target, key, descriptor) => {
    if (typeof key === 'symbol') {
      throw new DecoratorError('SS_ERR_DECORATOR_TARGET', `@Rpc() on ${describeMember(target, key)}: symbol-named methods cannot be called over the wire`);
    }
    if (typeof target === 'function') {
      throw new DecoratorError('SS_ERR_DECORATOR_TARGET', `@Rpc() on static ${describeMember(target, key)}: only instance methods can be RPC methods`);
    }
    if (typeof descriptor?.value !== 'function') {
      throw new DecoratorError('SS_ERR_DECORATOR_TARGET', `@Rpc() on ${describeMember(target, key)}: only methods can be RPC methods, not accessors or fields`);
    }
    if (typeof options !== 'object' || options === null) {
      throw new DecoratorError('SS_ERR_DECORATOR_ARGUMENT', `@Rpc(${describeValue(options)}) on ${describeMember(target, key)}: options must be an object such as { name: 'send' }`);
    }
    if (options.name !== undefined && (typeof options.name !== 'string' || !METHOD_NAME.test(options.name))) {
      throw new DecoratorError(
        'SS_ERR_DECORATOR_ARGUMENT',
        `@Rpc({ name: ${describeValue(options.name)} }) on ${describeMember(target, key)}: the name must be an identifier (letters, digits, _ or $, not starting with a digit)`,
      );
    }
    Reflect.defineMetadata(METADATA.rpc, { ...options }, target, key);
    appendOwnMetadata(METADATA.rpcMethods, target, key);
  };
}
