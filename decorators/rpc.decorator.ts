import { appendOwnMetadata } from './append-own';
import { DecoratorError, describeMember } from './decorator-error';
import { METADATA, type RpcOptions } from './metadata-keys';

/**
 * Exposes a method of an `@RpcService` class to clients. Nothing else on the class is callable:
 * not the constructor, not accessors, not undecorated methods. A subclass inherits its base's
 * `@Rpc` methods; overriding one keeps it exposed.
 *
 * @param options `name`: the name clients call it by (default: the method's name).
 */
export function Rpc(options: RpcOptions = {}): MethodDecorator {
  return (target, key, descriptor) => {
    if (typeof key === 'symbol') {
      throw new DecoratorError('SS_ERR_DECORATOR_TARGET', `@Rpc() on ${describeMember(target, key)}: symbol-named methods cannot be called over the wire`);
    }
    if (typeof target === 'function') {
      throw new DecoratorError('SS_ERR_DECORATOR_TARGET', `@Rpc() on static ${describeMember(target, key)}: only instance methods can be RPC methods`);
    }
    if (typeof descriptor.value !== 'function') {
      throw new DecoratorError('SS_ERR_DECORATOR_TARGET', `@Rpc() on ${describeMember(target, key)}: only methods can be RPC methods, not accessors or fields`);
    }
    Reflect.defineMetadata(METADATA.rpc, { ...options }, target, key);
    appendOwnMetadata(METADATA.rpcMethods, target, key);
  };
}
