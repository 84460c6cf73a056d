import { basename, extname } from 'node:path';
import type { RollupLog } from 'rollup';
import type { Formatter } from '../formatter';
import { buildTools } from './build-tools';
import type { BuiltFile } from './client-build';
import { emitOutput, realModules } from './emit-output';
import { minifyPlugin } from './minify-plugin';
import { hooksSettled, pluginStack } from './plugin-stack';
import { buildFailure, describeWarning, judgeWarning, placeOf, rollupFailure, type ThrownErrors } from './rollup-problems';

/** Options of {@link bundleWorker}. */
export interface BundleWorkerOptions {
  /** The app's folder. */
  readonly root: string;
  /** The worker's absolute path: `<root>/client/workers/x.ts`. */
  readonly file: string;
  /** Formatters by extension, built-ins first. */
  readonly formatters: readonly Formatter[];
  /** Minified, hashed name. Default false. */
  readonly production?: boolean;
  /** A source map (the worker's `map`, to serve at its URL + `.map`). Default: `!production`. */
  readonly sourceMap?: boolean;
}

/** A bundled web worker. */
export interface WorkerBuild extends BuiltFile {
  /** Its file name: `x.js`, or `x-<hash>.js` in production. */
  readonly fileName: string;
  /** The absolute paths of the files bundled, sorted: what to watch. */
  readonly modules: string[];
  /** Rollup's warnings that do not fail the build. */
  readonly warnings: string[];
}

/**
 * Bundles a web worker (`client/workers/x.ts`) into one self-contained file: every import, even
 * a dynamic one, inlined (a worker cannot load the page's chunks by relative URL). An ES module
 * with no imports or exports: load it with `new Worker(url, { type: 'module' })` (it also runs
 * as a classic worker unless it uses `import.meta` or top-level await). The same plugins and
 * checks as a client bundle: TypeScript, npm packages, `shared/`, no server-only modules.
 *
 * @throws SocketStreamError (as a rejection) as {@link ClientBundler.build} does
 */
export async function bundleWorker(options: BundleWorkerOptions): Promise<WorkerBuild> {
  const { root, file } = options;
  const production = options.production ?? false;
  const tools = buildTools();
  const thrown: ThrownErrors = new WeakMap();
  const label = `bundling the worker ${placeOf(root, { id: file })}`;
  const warnings: string[] = [];
  let fatal: RollupLog | undefined;
  const plugins = pluginStack(tools, { root, formatters: options.formatters, production }, thrown);
  let bundle;
  try {
    bundle = await tools.rollup({
      input: { [basename(file, extname(file))]: file },
      plugins,
      onwarn: (warning) => {
        const verdict = judgeWarning(warning);
        if (verdict === 'fail') fatal ??= warning;
        else if (verdict === 'report') warnings.push(describeWarning(root, warning));
      },
    });
  } catch (err) {
    // Other modules may still be compiling: the build answers once they are done.
    await hooksSettled(plugins);
    throw buildFailure(root, err, label, thrown);
  }
  try {
    if (fatal) throw rollupFailure(root, fatal, label);
    const { output } = await bundle.generate({
      format: 'es',
      dir: root,
      inlineDynamicImports: true,
      entryFileNames: production ? '[name]-[hash].js' : '[name].js',
      sourcemap: options.sourceMap ?? !production,
      plugins: production ? [minifyPlugin(tools, options.sourceMap ?? false)] : [],
    });
    const [fileName, built] = [...emitOutput(output)][0];
    return { ...built, fileName, modules: realModules(bundle.watchFiles), warnings };
  } catch (err) {
    throw buildFailure(root, err, label, thrown);
  } finally {
    await bundle.close();
  }
}
