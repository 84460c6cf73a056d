import { METADATA, type RpcServiceMetadata } from '../../decorators/metadata-keys';
import type { Constructor } from '../container/provider';

/** The `@RpcService` metadata of `value`, when it is a decorated class. */
export function rpcServiceMetadata(value: unknown): RpcServiceMetadata | undefined {
  return typeof value === 'function' ? (Reflect.getOwnMetadata(METADATA.rpcService, value) as RpcServiceMetadata | undefined) : undefined;
}

/** `ChatService` → `chat`, `AdminUsersService` → `adminUsers`: the name of an unnamed, listed service. */
export function nameFromClass(cls: Constructor): string {
  const base = cls.name.replace(/Service$/, '') || cls.name;
  return base.charAt(0).toLowerCase() + base.slice(1);
}
