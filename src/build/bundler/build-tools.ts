import { createRequire } from 'node:module';
import type CommonJs from '@rollup/plugin-commonjs';
import type NodeResolve from '@rollup/plugin-node-resolve';
import type * as Swc from '@swc/core';
import type * as Rollup from 'rollup';

/** The tools the bundler drives: rollup, its two plugins, and swc (to minify). */
export interface BuildTools {
  readonly rollup: typeof Rollup.rollup;
  readonly nodeResolve: typeof NodeResolve;
  readonly commonjs: typeof CommonJs;
  readonly swc: typeof Swc;
}

let loaded: BuildTools | undefined;

/** A CommonJS default export as `require` gives it: the function itself, or `{ default }`. */
function defaultOf<T>(module: unknown): T {
  const withDefault = module as { default?: T };
  return (typeof withDefault.default === 'function' ? withDefault.default : module) as T;
}

/**
 * Loads rollup, its plugins and swc on the first build, not on import: a production server that
 * imports the framework (and this module) never loads them. `require` through createRequire, not
 * `import()`, so it also works under Jest without flags. Loaded once per process (the modules
 * hold no state of a build).
 */
export function buildTools(): BuildTools {
  if (!loaded) {
    const load = createRequire(__filename);
    loaded = {
      rollup: (load('rollup') as typeof Rollup).rollup,
      nodeResolve: defaultOf<typeof NodeResolve>(load('@rollup/plugin-node-resolve')),
      commonjs: defaultOf<typeof CommonJs>(load('@rollup/plugin-commonjs')),
      swc: load('@swc/core') as typeof Swc,
    };
  }
  return loaded;
}
