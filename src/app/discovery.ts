import { readdirSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { SERVICE_NAME } from '../../decorators/rpc-service.decorator';
import type { Constructor } from '../container/provider';
import { SocketStreamError } from '../errors/socketstream-error';
import { channelMetadata } from '../pubsub/channel-table';
import type { RpcServiceDefinition } from '../rpc/rpc-method-table';
import { Responder } from '../service/responder';
import { rpcServiceMetadata } from './service-name';

const SOURCE = /\.(ts|mts|cts|js|mjs|cjs)$/;
const SKIP = /(\.d\.[mc]?ts|\.(test|spec)\.[mc]?[jt]s)$/;

/** Every source file under `dir`, sorted so discovery is deterministic; none when `dir` does not exist. */
function sourceFiles(dir: string): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new SocketStreamError('SS_ERR_DISCOVERY_READ', `could not read ${dir} to discover its modules: ${(err as Error).message}`, { cause: err });
  }
  const files: string[] = [];
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...sourceFiles(path));
    else if (SOURCE.test(entry.name) && !SKIP.test(entry.name)) files.push(path);
  }
  return files;
}

/** `server/rpc/admin/users.ts` → `admin.users`; `server/rpc/admin/index.ts` → `admin`. */
export function nameFromPath(rpcDir: string, file: string): string {
  const parts = relative(rpcDir, file).replace(SOURCE, '').split(sep);
  if (parts.length > 1 && parts[parts.length - 1] === 'index') parts.pop();
  return parts.join('.');
}

/**
 * Imports every module under `<root>/server/rpc` and returns its exported `@RpcService` classes,
 * named by the decorator or else by their path. Modules are loaded with `require`, so TypeScript
 * sources need a loader that keeps decorator metadata (the `ss` CLI registers one).
 */
export function discoverServices(givenRoot: string, load: (file: string) => unknown = require): RpcServiceDefinition[] {
  // A relative root is relative to the working directory; require() would read it as a package name.
  const root = resolve(givenRoot);
  const rpcDir = join(root, 'server', 'rpc');
  const found: RpcServiceDefinition[] = [];
  for (const { file, values } of exportsUnder(root, rpcDir, load)) {
    for (const value of values) {
      const meta = rpcServiceMetadata(value);
      if (!meta) continue;
      const name = meta.name ?? nameFromPath(rpcDir, file);
      if (!SERVICE_NAME.test(name)) {
        throw new SocketStreamError('SS_ERR_INVALID_NAME', `${relative(root, file)} would serve ${(value as Constructor).name} as "${name}", which is not dot-separated identifiers; rename the file or name the service with @RpcService(name)`);
      }
      found.push({ name, cls: value as Constructor });
    }
  }
  return found;
}

/** Every exported `@Channel` class under `<root>/server/channels`. */
export function discoverChannels(givenRoot: string, load: (file: string) => unknown = require): Constructor[] {
  const root = resolve(givenRoot);
  const found: Constructor[] = [];
  for (const { values } of exportsUnder(root, join(root, 'server', 'channels'), load)) {
    for (const value of values) if (channelMetadata(value)) found.push(value as Constructor);
  }
  return found;
}

/** Every exported class extending `Responder` under `<root>/server/responders`. */
export function discoverResponders(givenRoot: string, load: (file: string) => unknown = require): Constructor[] {
  const root = resolve(givenRoot);
  const found: Constructor[] = [];
  for (const { values } of exportsUnder(root, join(root, 'server', 'responders'), load)) {
    for (const value of values) if (isResponderClass(value)) found.push(value);
  }
  return found;
}

/** A class whose instances are `Responder`s (abstract `Responder` itself excluded). */
export function isResponderClass(value: unknown): value is Constructor {
  return typeof value === 'function' && value !== Responder && (value as { prototype?: unknown }).prototype instanceof Responder;
}

/** The distinct exported values of every module under `dir`. */
function exportsUnder(root: string, dir: string, load: (file: string) => unknown): Array<{ file: string; values: unknown[] }> {
  return sourceFiles(dir).map((file) => {
    let mod: unknown;
    try {
      mod = load(file);
    } catch (err) {
      throw new SocketStreamError('SS_ERR_DISCOVERY_IMPORT', `could not import ${relative(root, file)}: ${(err as Error).message}`, { cause: err });
    }
    return { file, values: typeof mod === 'object' && mod !== null ? [...new Set(Object.values(mod as Record<string, unknown>))] : [] };
  });
}
