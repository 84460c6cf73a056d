import { METADATA, type RpcOptions } from '../../decorators/metadata-keys';
import type { GuardClass } from '../../decorators/use-guards.decorator';
import type { Constructor } from '../container/provider';
import { SocketStreamError } from '../errors/socketstream-error';
import type { Guard } from '../invocation/guard';
import { guardClassesOf, prototypeChain } from '../invocation/guard-classes';
import { type Invocable, isPlain } from '../invocation/invocation';
import { methodParameters } from '../invocation/parameter-spec';
import type { ValidationLimits } from '../invocation/validation-options';

/** A service as the app knows it: its wire name and class. */
export interface RpcServiceDefinition {
  /** Dotted wire name, e.g. `admin.users`. */
  name: string;
  /** The decorated class. */
  cls: Constructor;
}

/** Everything needed to run one RPC method, resolved once at start-up so no call reflects on metadata. */
export interface RpcHandler extends Invocable {
  readonly service: string;
  readonly method: string;
  readonly instance: object;
}

/** Method names decorated with `@Rpc` anywhere in the class's chain; an undecorated override stays exposed. */
export function rpcMethodKeys(cls: Constructor): string[] {
  const keys = new Set<string>();
  for (const proto of prototypeChain(cls)) {
    for (const key of (Reflect.getOwnMetadata(METADATA.rpcMethods, proto) as string[] | undefined) ?? []) keys.add(key);
  }
  return [...keys];
}

/** Every guard class a service uses, on the class or any of its RPC methods. */
export function allGuardClasses(cls: Constructor): GuardClass[] {
  return [...new Set([...guardClassesOf(cls), ...rpcMethodKeys(cls).flatMap((k) => guardClassesOf(cls, k))])];
}

/** The own-or-inherited property descriptor of `key`. */
function findDescriptor(cls: Constructor, key: string): PropertyDescriptor | undefined {
  for (let p: object | null = cls.prototype as object; p; p = Object.getPrototypeOf(p) as object | null) {
    const d = Object.getOwnPropertyDescriptor(p, key);
    if (d) return d;
  }
  return undefined;
}

/**
 * Builds the lookup table of every RPC method of every service.
 *
 * @param instanceOf the service instance (resolved from the app's container)
 * @param guardOf a guard instance (resolved from the app's container)
 * @param limits the app's `validation` limits, for class-typed arguments
 */
export function buildRpcTable(
  services: readonly RpcServiceDefinition[],
  instanceOf: (cls: Constructor) => object,
  guardOf: (cls: GuardClass) => Guard,
  globalGuards: readonly GuardClass[],
  limits: ValidationLimits,
): Map<string, RpcHandler> {
  const table = new Map<string, RpcHandler>();
  /** Wire name → `Class.key` that took it, for the duplicate message. */
  const owners = new Map<string, string>();
  for (const { name: service, cls } of services) {
    const instance = instanceOf(cls);
    for (const key of rpcMethodKeys(cls)) {
      const descriptor = findDescriptor(cls, key);
      if (!descriptor || typeof descriptor.value !== 'function') {
        throw new SocketStreamError('SS_ERR_NOT_A_METHOD', `${cls.name}.${key} is decorated with @Rpc in a base class but is not a method in ${cls.name} (an accessor or field overrides it)`);
      }
      const proto = cls.prototype as object;
      const options = (Reflect.getMetadata(METADATA.rpc, proto, key) as RpcOptions | undefined) ?? {};
      const method = options.name ?? key;
      const fn = descriptor.value as (...args: unknown[]) => unknown;
      const { ctxIndex, params } = methodParameters(cls, key, fn, '@Rpc', (position) => `argument #${position} of ${service}.${method}`);
      const fullName = `${service}.${method}`;
      const other = owners.get(fullName);
      if (other !== undefined) {
        throw new SocketStreamError('SS_ERR_DUPLICATE_METHOD', `two RPC methods are named "${fullName}" (${other} and ${cls.name}.${key}); rename one with @Rpc({ name }) or @RpcService(name)`);
      }
      owners.set(fullName, `${cls.name}.${key}`);
      table.set(fullName, {
        name: fullName,
        service,
        method,
        instance,
        fn,
        ctxIndex,
        params,
        plain: isPlain(params),
        guards: [...new Set([...globalGuards, ...guardClassesOf(cls, key)])].map(guardOf),
        limits,
      });
    }
  }
  return table;
}
