import { bareTarget, DecoratorError, describeMember, describeValue, missingParentheses } from './decorator-error';
import { METADATA, type RpcServiceMetadata } from './metadata-keys';

/** A service name: dot-separated identifiers (`chat`, `admin.users`). */
export const SERVICE_NAME = /^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/;

/**
 * Marks a class as an RPC service: its `@Rpc` methods are callable as `'<name>.<method>'`.
 * It only records metadata; `createApp` decides what to register.
 *
 * @param name dotted service name (`chat`, `admin.users`). Default: derived from the file's path
 *   under `server/rpc` when discovered, else from the class name (`ChatService` → `chat`).
 * @throws DecoratorError `SS_ERR_DECORATOR_ARGUMENT`, naming the class, when `name` is not
 *   dot-separated identifiers.
 */
export function RpcService(name?: string): ClassDecorator {
  const bare = bareTarget(name, undefined);
  if (bare !== undefined) throw missingParentheses('RpcService', '@RpcService() or @RpcService(name)', bare);
  return (target) => {
    if (name !== undefined && (typeof name !== 'string' || !SERVICE_NAME.test(name))) {
      throw new DecoratorError(
        'SS_ERR_DECORATOR_ARGUMENT',
        `@RpcService(${describeValue(name)}) on ${describeMember(target)}: a service name is dot-separated identifiers, like "chat" or "admin.users"`,
      );
    }
    const meta: RpcServiceMetadata = { name };
    Reflect.defineMetadata(METADATA.rpcService, meta, target);
  };
}
