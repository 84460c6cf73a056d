import { readFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import type * as Swc from '@swc/core';
import { serverSwcOptions } from './swc-options';

type Loader = (module: NodeJS.Module & { _compile(code: string, file: string): void }, file: string) => void;
const extensions = (Module as unknown as { _extensions: Record<string, Loader | undefined> })._extensions;

/** The extensions the hook compiles. */
const TYPESCRIPT = ['.ts', '.tsx', '.cts'];

/**
 * Lets Node `require` an app's TypeScript files (`app.ts`, `server/**`, `shared/**`): each is
 * compiled with swc as {@link serverSwcOptions} says (decorator metadata kept), source maps inline,
 * when first required. Files under `node_modules` are left to Node: packages ship JavaScript.
 * Returns a function that removes the hook (and puts back what was there, e.g. another loader).
 */
export function registerTypeScript(): () => void {
  const swc = createRequire(__filename)('@swc/core') as typeof Swc;
  const js = extensions['.js'] as Loader;
  const previous = new Map(TYPESCRIPT.map((extension) => [extension, extensions[extension]]));
  const load: Loader = (module, file) => {
    if (file.includes('/node_modules/') || file.includes('\\node_modules\\')) return js(module, file);
    const source = readFileSync(file, 'utf8');
    const { code } = swc.transformSync(source, serverSwcOptions(file, 'inline'));
    module._compile(code, file);
  };
  for (const extension of TYPESCRIPT) extensions[extension] = load;
  return () => {
    for (const [extension, loader] of previous) {
      if (loader) extensions[extension] = loader;
      else delete extensions[extension];
    }
  };
}
