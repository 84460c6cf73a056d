import { METADATA, type RpcServiceMetadata } from '../../decorators/metadata-keys';
import { SERVICE_NAME } from '../../decorators/rpc-service.decorator';
import type { Constructor } from '../container/provider';
import { SocketStreamError } from '../errors/socketstream-error';

/** The `@RpcService` metadata of `value`, when it is a decorated class. */
export function rpcServiceMetadata(value: unknown): RpcServiceMetadata | undefined {
  return typeof value === 'function' ? (Reflect.getOwnMetadata(METADATA.rpcService, value) as RpcServiceMetadata | undefined) : undefined;
}

/**
 * `ChatService` → `chat`, `AdminUsersService` → `adminUsers`: the name of an unnamed, listed service.
 * A class whose name makes no valid service name (anonymous, or with non-ASCII letters) is
 * `SS_ERR_INVALID_NAME`: name it with `@RpcService(name)`.
 */
export function nameFromClass(cls: Constructor): string {
  const base = cls.name.replace(/Service$/, '') || cls.name;
  const name = base.charAt(0).toLowerCase() + base.slice(1);
  if (!SERVICE_NAME.test(name)) {
    throw new SocketStreamError(
      'SS_ERR_INVALID_NAME',
      `${cls.name ? `the class ${cls.name}` : 'an anonymous class'} would be served as ${JSON.stringify(name)}, which is not dot-separated identifiers; name the service with @RpcService(name)`,
    );
  }
  return name;
}
