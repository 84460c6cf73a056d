import { DecoratorError, describeMember } from './decorator-error';
import { METADATA } from './metadata-keys';

/**
 * Injects the call's context (`RpcContext` in an `@Rpc` method, `ChannelContext` in a
 * `@Subscribe` handler) into this parameter. Clients do not send it; the other parameters
 * keep their order.
 */
export function Ctx(): ParameterDecorator {
  return (target, key, index) => {
    if (key === undefined) {
      throw new DecoratorError('SS_ERR_DECORATOR_TARGET', `@Ctx() on a constructor parameter of ${describeMember(target)}: the context belongs to a method call`);
    }
    Reflect.defineMetadata(METADATA.ctxParam, index, target, key);
  };
}
