import { createRequire } from 'node:module';
import { join } from 'node:path';
import { SocketStreamError } from '../../errors/socketstream-error';
import { displayPath } from './formatter-support';

/** Who needs the package: the app's folder (searched first) and the file being compiled (named in the error). */
export interface OptionalPackageUser {
  readonly root: string;
  readonly file: string;
}

function isNotFound(err: unknown, name: string): boolean {
  const { code, message } = err as { code?: unknown; message?: unknown };
  // A package that is installed but lacks one of its own dependencies is broken, not missing.
  return code === 'MODULE_NOT_FOUND' && typeof message === 'string' && message.includes(`'${name}'`);
}

/**
 * Loads an optional tool (sass, less, stylus, pug…) on first use: from the app's `node_modules`
 * first (`createRequire(<root>/package.json)`), then from the framework's own dependencies, so a
 * version the user pinned wins. Call it when compiling, never at import time: a production server
 * that imports the framework must load no build tool.
 *
 * @throws SocketStreamError `SS_ERR_MISSING_PACKAGE` when neither place has it, naming the package,
 *   the file that needs it and the command that installs it; the tool's own load error (a broken
 *   install) is thrown as it is.
 */
export function loadOptionalPackage<T>(name: string, user: OptionalPackageUser): T {
  const requires = [createRequire(join(user.root, 'package.json')), createRequire(__filename)];
  let lastNotFound: unknown;
  for (const load of requires) {
    let resolved: string;
    try {
      // The package itself, not `<name>/package.json`: packages with `exports` (sass) refuse that path.
      resolved = load.resolve(name);
    } catch (err) {
      if (!isNotFound(err, name)) throw err;
      lastNotFound = err;
      continue;
    }
    return load(resolved) as T;
  }
  throw new SocketStreamError(
    'SS_ERR_MISSING_PACKAGE',
    `compiling ${displayPath(user.root, user.file)} needs the "${name}" package: npm install --save-dev ${name}`,
    { cause: lastNotFound },
  );
}
