import { existsSync, statSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import type { Plugin } from 'rollup';
import { frameworkModules } from './framework-modules';

/** What an import without extension may name, tried in this order. */
export const SOURCE_EXTENSIONS: readonly string[] = ['.ts', '.tsx', '.mts', '.js', '.mjs'];

const IN_NODE_MODULES = /[\\/]node_modules[\\/]/;

const isFile = (path: string): boolean => statSync(path, { throwIfNoEntry: false })?.isFile() ?? false;

/** `base` as written, with an extension, or as a folder's index file; undefined when none exists. */
export function resolveSourceFile(base: string): string | undefined {
  if (isFile(base)) return base;
  // TypeScript's ES module convention: `./x.js` names `x.ts` (and `./x.mjs`, `x.mts`).
  const js = /\.(m?)js$/.exec(base);
  if (js) {
    const stem = base.slice(0, -js[0].length);
    for (const extension of js[1] ? ['.mts'] : ['.ts', '.tsx']) if (isFile(stem + extension)) return stem + extension;
  }
  for (const extension of SOURCE_EXTENSIONS) if (isFile(base + extension)) return base + extension;
  for (const extension of SOURCE_EXTENSIONS) if (isFile(`${base}/index${extension}`)) return `${base}/index${extension}`;
  return undefined;
}

/**
 * Resolves the framework's public names to their browser builds (`socketstream/client`,
 * `socketstream/decorators`), and relative or absolute imports written without extension
 * (`./chat` → `./chat.ts`, `./views` → `./views/index.ts`), TypeScript style. Bare package
 * names are left to node-resolve.
 */
export function sourcesPlugin(): Plugin {
  const modules = frameworkModules();
  return {
    name: 'socketstream-sources',
    resolveId(source, importer) {
      const framework = modules.get(source);
      if (framework !== undefined) return existsSync(framework) ? framework : null;
      if (source.startsWith('\0')) return null;
      // A package's files are node-resolve's (CommonJS proxies import them by absolute path): it
      // also tells rollup the package's `sideEffects`, without which nothing of a package could be
      // tree-shaken (the sample's class-validator chunk was 387 KB minified instead of ~50).
      if (IN_NODE_MODULES.test(source) || (importer !== undefined && IN_NODE_MODULES.test(importer))) return null;
      if (isAbsolute(source)) return resolveSourceFile(source) ?? null;
      if (!importer || importer.startsWith('\0') || !(source.startsWith('./') || source.startsWith('../') || source === '.' || source === '..')) return null;

      return resolveSourceFile(resolve(dirname(importer), source)) ?? null;
    },
  };
}
