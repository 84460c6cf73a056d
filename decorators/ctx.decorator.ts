import { bareTarget, DecoratorError, describeMember, missingParentheses } from './decorator-error';
import { METADATA } from './metadata-keys';

/**
 * Injects the call's context (`RpcContext` in an `@Rpc` method, `ChannelContext` in a
 * `@Subscribe` handler) into this parameter. Clients do not send it; the other parameters
 * keep their order.
 *
 * @throws DecoratorError naming the class and method: `SS_ERR_DECORATOR_TARGET` on a constructor
 *   or static method parameter, or on a second parameter of one method; `SS_ERR_DECORATOR_ARGUMENT`
 *   when written without parentheses.
 */
export function Ctx(): ParameterDecorator;
export function Ctx(...misuse: unknown[]): ParameterDecorator {
  if (misuse.length > 0) throw missingParentheses('Ctx', '@Ctx()', bareTarget(misuse[0], misuse[1]) ?? 'a parameter');
  return (target, key, index) => {
    if (key === undefined) {
      throw new DecoratorError('SS_ERR_DECORATOR_TARGET', `@Ctx() on a constructor parameter of ${describeMember(target)}: the context belongs to a method call`);
    }
    if (typeof target === 'function') {
      throw new DecoratorError('SS_ERR_DECORATOR_TARGET', `@Ctx() on parameter #${index} of static ${describeMember(target, key)}: only instance methods are called with a context`);
    }
    const other = Reflect.getOwnMetadata(METADATA.ctxParam, target, key) as number | undefined;
    if (other !== undefined && other !== index) {
      throw new DecoratorError('SS_ERR_DECORATOR_TARGET', `@Ctx() on parameters #${Math.min(index, other)} and #${Math.max(index, other)} of ${describeMember(target, key)}: a method takes one context`);
    }
    Reflect.defineMetadata(METADATA.ctxParam, index, target, key);
  };
}
