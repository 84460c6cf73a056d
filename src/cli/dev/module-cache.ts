import { realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isAbsolute, relative, sep } from 'node:path';

/** Node's module cache (the real one: under Jest, a test's own `require.cache` is Jest's). */
const nodeCache = (): NodeJS.Dict<NodeJS.Module> => createRequire(__filename).cache;

/**
 * Whether `file` is the app's own code: inside `root` (both real paths) and not in a
 * `node_modules` folder. Packages stay loaded across restarts: they did not change, reloading
 * them is slow, and the framework's copy must stay the one the memory stores were made from.
 */
export function isAppModule(file: string, root: string): boolean {
  const rel = relative(root, file);
  // Outside the folder: `../x`, or another drive on Windows (an absolute path).
  if (rel === '' || isAbsolute(rel)) return false;
  const parts = rel.split(sep);
  return parts[0] !== '..' && !parts.includes('node_modules');
}

/** `path` with symlinks resolved (the form Node keys its cache by), or as given when it does not exist. */
function real(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/**
 * Forgets the app's own modules (see {@link isAppModule}) so that the next `require` of the app
 * file compiles and runs every one of them again, and unlinks them from the modules that stay
 * (their `children`), so an old app's code can be garbage-collected after a restart.
 *
 * @param root the app's folder
 * @param cache the module cache; default Node's own
 * @returns the purged files, as the cache named them
 */
export function purgeAppModules(root: string, cache: NodeJS.Dict<NodeJS.Module> = nodeCache()): string[] {
  const realRoot = real(root);
  const purged = new Set<NodeJS.Module>();
  const files: string[] = [];
  for (const [file, module] of Object.entries(cache)) {
    if (!module || !isAppModule(file, realRoot)) continue;
    purged.add(module);
    files.push(file);
    delete cache[file];
  }
  if (purged.size > 0) {
    for (const module of Object.values(cache)) {
      if (module?.children.some((child) => purged.has(child))) module.children = module.children.filter((child) => !purged.has(child));
    }
  }
  return files;
}
