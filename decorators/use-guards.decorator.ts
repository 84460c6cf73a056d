import { DecoratorError, describeMember, describeValue } from './decorator-error';
import { METADATA } from './metadata-keys';

/** A guard class: resolved from the app's container, it must have a `canActivate(ctx)` method. */
export type GuardClass = abstract new (...args: never[]) => { canActivate(ctx: never): boolean | Promise<boolean> };

/**
 * Runs guards before a method (or before every method of a class). Order: the app's global
 * guards, then class guards, then method guards; the first refusal stops the call with
 * `FORBIDDEN` (or the `RpcError` the guard throws).
 *
 * @throws DecoratorError naming the class (and method): `SS_ERR_DECORATOR_ARGUMENT` when an
 *   argument is not a class (an import cycle leaves it undefined); `SS_ERR_DECORATOR_TARGET` on a
 *   static method.
 */
export function UseGuards(...guards: GuardClass[]): ClassDecorator & MethodDecorator {
  return ((target: object, key?: string | symbol) => {
    const where = describeMember(target, key);
    guards.forEach((guard, i) => {
      if (typeof guard !== 'function') {
        throw new DecoratorError('SS_ERR_DECORATOR_ARGUMENT', `@UseGuards() on ${where}: argument #${i} is ${describeValue(guard)}, not a guard class (an import cycle can cause this)`);
      }
    });
    if (key === undefined) {
      const own = (Reflect.getOwnMetadata(METADATA.guards, target) as GuardClass[] | undefined) ?? [];
      Reflect.defineMetadata(METADATA.guards, [...own, ...guards], target);
      return;
    }
    if (typeof target === 'function') {
      throw new DecoratorError('SS_ERR_DECORATOR_TARGET', `@UseGuards() on static ${where}: guards apply to instance methods`);
    }
    const own = (Reflect.getOwnMetadata(METADATA.guards, target, key) as GuardClass[] | undefined) ?? [];
    Reflect.defineMetadata(METADATA.guards, [...own, ...guards], target, key);
  }) as ClassDecorator & MethodDecorator;
}
