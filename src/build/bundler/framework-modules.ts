import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The framework's own file `path` (from the package's top folder, without extension): the `.ts`
 * source when running from src/ (Jest, ts-node), else the compiled `.js` (dist/, after
 * `npm run build`, where `.d.ts` files sit beside the `.js` ones and no `.ts` source ships).
 * This file is `src/build/bundler/` or `dist/src/build/bundler/`: three levels under the top,
 * the default of `top`.
 */
export function frameworkFile(path: string, top: string = join(__dirname, '..', '..', '..')): string {
  const base = join(top, path);
  for (const extension of ['.ts', '.js']) {
    if (existsSync(base + extension)) return base + extension;
  }
  return `${base}.ts`;
}

/**
 * A browser file of the framework: from the ES module build (`dist/browser/`, made by
 * `npm run build` for the `browser` export condition) when the framework runs from dist/, so
 * pages tree-shake it as a user's own bundler would; else as {@link frameworkFile}. Every page
 * module of the framework comes from the same build, so they share one copy of the client.
 */
export function browserFile(path: string, top: string = join(__dirname, '..', '..', '..')): string {
  const es = join(top, 'browser', `${path}.js`);
  return existsSync(es) ? es : frameworkFile(path, top);
}

/** What the framework's public module names mean inside a page: the browser builds. */
export function frameworkModules(): ReadonlyMap<string, string> {
  return new Map([
    ['socketstream/client', browserFile('src/client/browser')],
    ['socketstream/decorators', browserFile('decorators/browser')],
  ]);
}

/** The development pages' live reload, which the generated entry starts. */
export function liveReloadFile(): string {
  return browserFile('src/client/live-reload');
}

/** The page's worker registry, which the generated entry imports `registerWorkers` from. */
export function workerRegistryFile(): string {
  return browserFile('src/client/workers');
}

/** The page's template registry, which the generated templates module imports `registerTemplates` from. */
export function templateRegistryFile(): string {
  return browserFile('src/client/templates');
}
