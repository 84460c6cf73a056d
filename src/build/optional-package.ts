import { createRequire } from 'node:module';
import { join } from 'node:path';
import { SocketStreamError } from '../errors/socketstream-error';
import { displayPath } from './display-path';

/** Who needs an optional package: the app's folder and the file being compiled (for the message). */
export interface OptionalPackageUser {
  readonly root: string;
  readonly file: string;
}

/** An optional package as loaded, with a `resolve` from the same installation (for its runtime files). */
export interface LoadedPackage<T> {
  readonly exports: T;
  readonly resolve: (request: string) => string;
}

/** Node could not find the package itself (a package that is installed but lacks one of its own dependencies is broken, not missing). */
function isMissing(err: unknown, name: string): boolean {
  const { code, message } = err as { code?: unknown; message?: unknown };
  return code === 'MODULE_NOT_FOUND' && typeof message === 'string' && message.includes(`'${name}'`);
}

/**
 * Loads a preprocessor's or template engine's tool on first use: from the app's `node_modules`
 * first, then from the framework's own. Never at import time, so a server that never compiles
 * never loads one.
 *
 * @throws SocketStreamError `SS_ERR_MISSING_PACKAGE` naming the package, the file that needs it
 *   and the command to install it
 */
export function loadOptionalPackage<T>(name: string, user: OptionalPackageUser): LoadedPackage<T> {
  let missing: unknown;
  for (const load of [createRequire(join(user.root, 'package.json')), createRequire(__filename)]) {
    let resolved: string;
    try {
      // The package itself, not `<name>/package.json`: packages with `exports` (sass) refuse that path.
      resolved = load.resolve(name);
    } catch (err) {
      if (!isMissing(err, name)) throw err;
      missing = err;
      continue;
    }
    return { exports: load(resolved) as T, resolve: (request) => load.resolve(request) };
  }
  throw new SocketStreamError('SS_ERR_MISSING_PACKAGE', `compiling ${displayPath(user.root, user.file)} needs the "${name}" package: npm install --save-dev ${name}`, {
    cause: missing,
  });
}
