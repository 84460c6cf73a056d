import { METADATA } from '../../decorators/metadata-keys';
import type { Constructor } from './provider';

/**
 * The likely cause when a decorated class or method has parameters but no `design:paramtypes`:
 * the code was compiled without decorator metadata. Decorators still run then (tsx and esbuild
 * apply legacy decorators), so the class looks right but its parameter types are unknown.
 */
export const NO_DECORATOR_METADATA =
  'the compiler emitted no decorator metadata: enable emitDecoratorMetadata (tsc), decoratorMetadata (swc); tsx and esbuild do not emit it';

/** SocketStream keys that a decorator on the class itself records. */
const CLASS_KEYS: readonly string[] = [METADATA.rpcService, METADATA.channel, METADATA.injectable, METADATA.guards, METADATA.view];

/** SocketStream keys that a method decorator records on a prototype. */
const PROTOTYPE_KEYS: readonly string[] = [METADATA.rpcMethods, METADATA.subscriptions];

/**
 * Whether a SocketStream decorator was applied to `cls` itself (`@RpcService`, `@Channel`,
 * `@Injectable`, `@UseGuards`, `@View`) or to one of its own methods (`@Rpc`, `@Subscribe`).
 * TypeScript records constructor parameter types only for a class with a decorator, so a
 * decorated class without them was compiled without decorator metadata.
 */
export function hasSocketStreamDecorator(cls: Constructor): boolean {
  const proto = cls.prototype as object | undefined;
  return (
    CLASS_KEYS.some((key) => Reflect.hasOwnMetadata(key, cls)) ||
    (proto !== undefined && PROTOTYPE_KEYS.some((key) => Reflect.hasOwnMetadata(key, proto)))
  );
}
