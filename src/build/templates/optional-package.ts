import { createRequire } from 'node:module';
import { join } from 'node:path';
import { SocketStreamError } from '../../errors/socketstream-error';
import { displayPath } from './source-location';

/** An optional package, loaded. */
export interface LoadedPackage<T> {
  /** What `require(name)` returned. */
  readonly exports: T;
  /** Resolves another file of the same installation (`handlebars/runtime`), so compiler and runtime match. */
  readonly resolve: (request: string) => string;
}

/** Whether `err` says that `name` itself is missing (not a dependency of an installed but broken package). */
function isMissing(err: unknown, name: string): boolean {
  const { code, message } = err as { code?: unknown; message?: unknown };
  return code === 'MODULE_NOT_FOUND' && typeof message === 'string' && message.includes(`'${name}'`);
}

/**
 * Loads the npm package a template engine needs (`handlebars`, `pug`) when it first compiles:
 * from the app's `node_modules` first (`createRequire(<root>/package.json)`), so the version the
 * app pinned wins, then from the framework's own. Never call it at import time: a server that
 * imports the framework loads no build tool.
 *
 * @param root the app's folder
 * @param file the template being compiled, named in the error
 * @throws SocketStreamError `SS_ERR_MISSING_PACKAGE` when neither place has it, naming the
 *   package, the file that needs it and the command that installs it; the package's own load
 *   error (a broken installation) is thrown as it is
 */
export function loadOptionalPackage<T>(name: string, root: string, file: string): LoadedPackage<T> {
  let missing: unknown;
  for (const load of [createRequire(join(root, 'package.json')), createRequire(__filename)]) {
    let resolved: string;
    try {
      resolved = load.resolve(name);
    } catch (err) {
      if (!isMissing(err, name)) throw err;
      missing = err;
      continue;
    }
    return { exports: load(resolved) as T, resolve: (request) => load.resolve(request) };
  }
  throw new SocketStreamError('SS_ERR_MISSING_PACKAGE', `compiling ${displayPath(root, file)} needs the "${name}" package: npm install --save-dev ${name}`, {
    cause: missing,
  });
}
