import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { minify, transform } from '@swc/core';
import { type Plugin, rollup } from 'rollup';

/** Options of {@link bundleBrowserCode}. */
export interface BrowserBundleOptions {
  /** The entry module (TypeScript or JavaScript). */
  entry: string;
  /** Minify with swc. Default true. */
  minify?: boolean;
}

/** The browser runtime's source entry, what `socketstream/client` means inside a page. */
const CLIENT_ENTRY = join(__dirname, '..', 'client', 'browser.ts');
const EXTENSIONS = ['.ts', '.js', '/index.ts', '/index.js'];

/** Resolves relative imports without extensions and maps `socketstream/client` to the browser runtime. */
function resolveSources(): Plugin {
  return {
    name: 'socketstream-sources',
    resolveId(source, importer) {
      if (source === 'socketstream/client') return existsSync(CLIENT_ENTRY) ? CLIENT_ENTRY : null;
      if (!importer || !source.startsWith('.')) return null;
      const base = resolve(dirname(importer), source);
      if (existsSync(base) && /\.[cm]?[jt]s$/.test(base)) return base;
      for (const ext of EXTENSIONS) if (existsSync(base + ext)) return base + ext;
      return null;
    },
    async transform(code, id) {
      if (!/\.[cm]?ts$/.test(id)) return null;
      const out = await transform(code, {
        filename: id,
        sourceMaps: true,
        jsc: { parser: { syntax: 'typescript', decorators: true }, transform: { legacyDecorator: true }, target: 'es2022' },
        module: { type: 'es6' },
      });
      return { code: out.code, map: out.map };
    },
  };
}

/**
 * Bundles browser code into one ES module with rollup, compiling TypeScript with swc. A first
 * piece of the build service: it serves the sample's page and measures the runtime's size.
 *
 * @returns the code and the ids of the modules it contains
 */
export async function bundleBrowserCode(options: BrowserBundleOptions): Promise<{ code: string; modules: string[] }> {
  const bundle = await rollup({
    input: options.entry,
    plugins: [resolveSources()],
    onwarn(warning) {
      throw new Error(`bundling ${options.entry}: ${warning.message}`);
    },
  });
  try {
    const { output } = await bundle.generate({ format: 'es' });
    const chunk = output[0];
    const code = options.minify === false ? chunk.code : (await minify(chunk.code, { module: true, compress: true, mangle: true })).code;
    return { code, modules: Object.keys(chunk.modules) };
  } finally {
    await bundle.close();
  }
}
