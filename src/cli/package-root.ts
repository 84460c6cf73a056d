import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The parts of the framework's package.json the CLI reads. */
export interface FrameworkPackage {
  /** The folder that holds the package.json, absolute: the repository, or `node_modules/socketstream`. */
  readonly root: string;
  readonly version: string;
}

let found: FrameworkPackage | undefined;

/**
 * The socketstream package this CLI belongs to. Found by walking up from this file rather than
 * by a fixed `../..`, because the CLI runs from its sources (`src/cli`) in a checkout and from
 * `dist/src/cli` in an installed package.
 */
export function frameworkPackage(): FrameworkPackage {
  if (found) return found;
  for (let dir = __dirname; ; dir = dirname(dir)) {
    const path = join(dir, 'package.json');
    if (existsSync(path)) {
      const pkg = JSON.parse(readFileSync(path, 'utf8')) as { name?: unknown; version?: unknown };
      if (pkg.name === 'socketstream' && typeof pkg.version === 'string') {
        found = { root: dir, version: pkg.version };
        return found;
      }
    }
    // Unreachable in a working install: this file is always inside the package.
    if (dirname(dir) === dir) throw new Error(`no socketstream package.json above ${__dirname}`);
  }
}
