import type { Options } from '@swc/core';

/**
 * How `ss dev` and `ss build` compile an app's server code: TypeScript with legacy decorators and
 * their `design:*` metadata (tsyringe and class-validator read them), to CommonJS for Node 20,
 * with a source map. Fixed rather than read from the app's tsconfig.json, which only has to
 * agree for type-checking (`experimentalDecorators`, `emitDecoratorMetadata`).
 *
 * @param file the file's absolute path (source maps name it)
 * @param sourceMaps `inline` for `ss dev` (stack traces name the .ts line), `true` for a `.map` beside the output
 */
export function serverSwcOptions(file: string, sourceMaps: boolean | 'inline'): Options {
  const tsx = file.endsWith('.tsx');
  return {
    filename: file,
    swcrc: false,
    configFile: false,
    sourceMaps,
    module: { type: 'commonjs', strict: false, noInterop: false },
    jsc: {
      parser: { syntax: 'typescript', decorators: true, tsx },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      target: 'es2022',
      keepClassNames: true,
    },
  };
}
