import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import type * as Swc from '@swc/core';
import type * as Rollup from 'rollup';
import { SocketStreamError } from '../errors/socketstream-error';
import { browserFile } from './bundler/framework-modules';

/** Options of {@link bundleBrowserCode}. */
export interface BrowserBundleOptions {
  /** The entry module (TypeScript or JavaScript). */
  entry: string;
  /** Minify with swc. Default true. */
  minify?: boolean;
}

/** The browser runtime's entry, what `socketstream/client` means inside a page: the sources, or from dist/ the ES module build. */
const CLIENT_ENTRY = browserFile('src/client/browser', join(__dirname, '..', '..'));
/** What `socketstream/decorators` means inside a page: `@View` without reflect-metadata or tsyringe. */
const DECORATORS_ENTRY = browserFile('decorators/browser', join(__dirname, '..', '..'));
const EXTENSIONS = ['.ts', '.js', '/index.ts', '/index.js'];

/**
 * swc and rollup, loaded on first use rather than on import, so that a server that only imports
 * this module (or the package) never loads the build tools; only bundling does. `require`, not
 * `import()`, so it also works under Jest without flags.
 */
function buildTools(): { swc: typeof Swc; rollup: typeof Rollup.rollup } {
  const load = createRequire(__filename);
  return { swc: load('@swc/core') as typeof Swc, rollup: (load('rollup') as typeof Rollup).rollup };
}

/** Resolves relative imports without extensions and maps `socketstream/client` and `socketstream/decorators` to their browser entries. */
function resolveSources(swc: typeof Swc): Rollup.Plugin {
  return {
    name: 'socketstream-sources',
    resolveId(source, importer) {
      if (source === 'socketstream/client') return existsSync(CLIENT_ENTRY) ? CLIENT_ENTRY : null;
      if (source === 'socketstream/decorators') return existsSync(DECORATORS_ENTRY) ? DECORATORS_ENTRY : null;
      if (!importer || !source.startsWith('.')) return null;
      const base = resolve(dirname(importer), source);
      if (existsSync(base) && /\.[cm]?[jt]s$/.test(base)) return base;
      for (const ext of EXTENSIONS) if (existsSync(base + ext)) return base + ext;
      return null;
    },
    async transform(code, id) {
      if (!/\.[cm]?ts$/.test(id)) return null;
      const out = await swc.transform(code, {
        filename: id,
        sourceMaps: true,
        jsc: { parser: { syntax: 'typescript', decorators: true }, transform: { legacyDecorator: true }, target: 'es2022' },
        module: { type: 'es6' },
      });
      return { code: out.code, map: out.map };
    },
  };
}

/** `in client/main.ts (3:4)`, from what rollup tells of a warning or an error. */
function whereIn(problem: { id?: string; loc?: { file?: string; line: number; column: number } }): string {
  const file = problem.loc?.file ?? problem.id;
  if (!file) return '';
  return problem.loc ? ` in ${file} (${problem.loc.line}:${problem.loc.column})` : ` in ${file}`;
}

/**
 * Bundles browser code into one ES module with rollup, compiling TypeScript with swc. A first
 * piece of the build service: it serves the sample's page and measures the runtime's size.
 *
 * @returns the code and the ids of the modules it contains
 * @throws SocketStreamError (as a rejection) `SS_ERR_BUILD` on any rollup warning (an unresolved
 *   import, a circular dependency…) or error, or a compile or minify error; the message names the
 *   entry and the module, the tool's error is the `cause`.
 */
export async function bundleBrowserCode(options: BrowserBundleOptions): Promise<{ code: string; modules: string[] }> {
  const { swc, rollup } = buildTools();
  const fail = (problem: unknown): SocketStreamError => {
    if (problem instanceof SocketStreamError) return problem;
    const detail = problem as { message?: unknown; id?: string; loc?: { file?: string; line: number; column: number } };
    const message = typeof detail?.message === 'string' ? detail.message : String(problem);
    return new SocketStreamError('SS_ERR_BUILD', `bundleBrowserCode({ entry: ${JSON.stringify(options.entry)} })${whereIn(detail ?? {})}: ${message}`, { cause: problem });
  };
  let bundle: Rollup.RollupBuild;
  try {
    bundle = await rollup({
      input: options.entry,
      plugins: [resolveSources(swc)],
      onwarn(warning) {
        throw fail(warning);
      },
    });
  } catch (err) {
    throw fail(err);
  }
  try {
    const { output } = await bundle.generate({ format: 'es' });
    const chunk = output[0];
    const code = options.minify === false ? chunk.code : (await swc.minify(chunk.code, { module: true, compress: true, mangle: true })).code;
    return { code, modules: Object.keys(chunk.modules) };
  } catch (err) {
    throw fail(err);
  } finally {
    await bundle.close();
  }
}
