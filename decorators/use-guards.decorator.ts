import { DecoratorError, describeMember } from './decorator-error';
import { METADATA } from './metadata-keys';

/** A guard class: resolved from the app's container, it must have a `canActivate(ctx)` method. */
export type GuardClass = abstract new (...args: never[]) => { canActivate(ctx: never): boolean | Promise<boolean> };

/**
 * Runs guards before a method (or before every method of a class). Order: the app's global
 * guards, then class guards, then method guards; the first refusal stops the call with
 * `FORBIDDEN` (or the `RpcError` the guard throws).
 */
export function UseGuards(...guards: GuardClass[]): ClassDecorator & MethodDecorator {
  guards.forEach((guard, i) => {
    if (typeof guard !== 'function') {
      throw new DecoratorError('SS_ERR_DECORATOR_ARGUMENT', `@UseGuards(): argument #${i} is ${String(guard)}, not a guard class (an import cycle can cause this)`);
    }
  });
  return ((target: object, key?: string | symbol) => {
    if (key === undefined) {
      const own = (Reflect.getOwnMetadata(METADATA.guards, target) as GuardClass[] | undefined) ?? [];
      Reflect.defineMetadata(METADATA.guards, [...own, ...guards], target);
      return;
    }
    if (typeof target === 'function') {
      throw new DecoratorError('SS_ERR_DECORATOR_TARGET', `@UseGuards() on static ${describeMember(target, key)}: guards apply to instance methods`);
    }
    const own = (Reflect.getOwnMetadata(METADATA.guards, target, key) as GuardClass[] | undefined) ?? [];
    Reflect.defineMetadata(METADATA.guards, [...own, ...guards], target, key);
  }) as ClassDecorator & MethodDecorator;
}
