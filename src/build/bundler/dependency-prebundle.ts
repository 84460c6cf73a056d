import { dirname, join, relative, sep } from 'node:path';
import type { OutputChunk, Plugin, RollupCache, RollupLog } from 'rollup';
import { SocketStreamError } from '../../errors/socketstream-error';
import type { BuildTools } from './build-tools';
import type { BuiltFile } from './client-build';
import { emitOutput } from './emit-output';
import { frameworkFile } from './framework-modules';
import { buildFailure, judgeWarning, rollupFailure, type ThrownErrors } from './rollup-problems';

/** Where prebundled packages go, under the client's asset folder: `deps/class-validator.js`. */
export const DEPENDENCIES_FOLDER = 'deps';

const BARE = /^(?![./\0]|[a-z]:|socketstream(?:\/|$))/i;
const IN_NODE_MODULES = `${sep}node_modules${sep}`;
/** The virtual module that re-exports what the app imports of one package: `\0ss-dep:class-validator`. */
const WRAPPER = '\0ss-dep:';

/** `@scope/pkg/sub` → `scope__pkg__sub`: a file name for a package specifier. */
function fileNameOf(specifier: string): string {
  return specifier.replace(/^@/, '').replace(/[/\\]/g, '__').replace(/[^A-Za-z0-9_.-]/g, '_');
}

const posix = (path: string): string => path.split(sep).join('/');

/** One package the client imports. */
interface Wanted {
  /** Its file under the asset folder: `deps/class-validator.js`. */
  readonly fileName: string;
  /** The app's modules that import it: the first is where it is resolved from, all are named in errors. */
  readonly importers: Set<string>;
}

/**
 * Development: the npm packages a client imports are bundled once, on their own, into
 * `deps/<package>.js` (ES modules, their shared code in `deps/chunks/`), and the client's own
 * bundle imports them from there. An edit then rebuilds only the app's modules: rollup no longer
 * binds and tree-shakes class-validator's 800 KB on every save (the sample's rebuild went from
 * about 900 ms to about 100 ms). Vite's dev server does the same ("dependency pre-bundling").
 * Each package's file exports what the app imports of it, so rollup still checks the names (a
 * misspelt import fails the build) and CommonJS packages keep their interop; the packages are
 * bundled again only when the app starts importing a package or a name that is not there yet.
 * Production builds do not use it: one tree-shaken bundle is smaller.
 */
export class DependencyPrebundle {
  /** Package specifier → what the app wants of it, in the order first met. */
  private readonly wanted = new Map<string, Wanted>();
  private built: { key: string; files: Map<string, BuiltFile> } | undefined;
  private cache: RollupCache | undefined;
  /** The framework's own folder: its browser files are the app's code, never prebundled (one copy of the client's state). */
  private readonly framework = dirname(frameworkFile('package'));

  constructor(
    private readonly root: string,
    private readonly tools: BuildTools,
    private readonly plugins: () => Plugin[],
    private readonly thrown: ThrownErrors,
  ) {}

  /** The client bundle's plugin: a bare import of the app's own code that resolves into `node_modules` becomes an import of its prebundled file. */
  plugin(): Plugin {
    const appModule = (importer: string): boolean => !importer.includes(IN_NODE_MODULES) && !importer.startsWith(this.framework);
    const external = (source: string, importer: string): string => join(this.root, this.want(source, importer));
    return {
      name: 'socketstream-dependency-prebundle',
      async resolveId(source, importer, options) {
        if (!importer || !BARE.test(source) || !appModule(importer)) return null;
        const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
        if (!resolved || resolved.external || !resolved.id.includes(IN_NODE_MODULES)) return resolved;
        return { id: external(source, importer), external: 'relative' };
      },
    };
  }

  /** `deps/<package>.js` for the external id the client bundle imports it by; undefined for any other id. */
  fileNameOfId(id: string): string | undefined {
    if (!id.startsWith(this.root)) return undefined;
    const fileName = posix(relative(this.root, id));
    return [...this.wanted.values()].some((wanted) => wanted.fileName === fileName) ? fileName : undefined;
  }

  private want(specifier: string, importer: string): string {
    let wanted = this.wanted.get(specifier);
    if (!wanted) {
      const taken = new Set([...this.wanted.values()].map((w) => w.fileName));
      const stem = fileNameOf(specifier);
      let fileName = `${DEPENDENCIES_FOLDER}/${stem}.js`;
      for (let n = 2; taken.has(fileName); n++) fileName = `${DEPENDENCIES_FOLDER}/${stem}-${n}.js`;
      this.wanted.set(specifier, (wanted = { fileName, importers: new Set() }));
    }
    wanted.importers.add(importer);
    return wanted.fileName;
  }

  /**
   * The prebundled files (`deps/…`) for the client's chunks as just generated: each package's
   * file exports the names the chunks import of it (everything for a namespace or dynamic import).
   * Bundled again only when that set changed.
   *
   * @throws SocketStreamError `SS_ERR_BUILD` naming the app's modules that import a name the package does not export
   */
  async build(chunks: readonly OutputChunk[]): Promise<Map<string, BuiltFile>> {
    const needs = this.needs(chunks);
    const key = JSON.stringify([...needs].map(([specifier, names]) => [specifier, [...names].sort()]).sort());
    if (this.built?.key === key) return this.built.files;
    if (needs.size === 0) return new Map();
    const input = Object.fromEntries([...needs.keys()].map((specifier) => [this.wanted.get(specifier)!.fileName.slice(DEPENDENCIES_FOLDER.length + 1, -3), WRAPPER + specifier]));
    const label = `bundling the packages ${[...needs.keys()].join(', ')}`;
    let fatal: RollupLog | undefined;
    let bundle;
    try {
      bundle = await this.tools.rollup({
        input,
        plugins: [this.wrappers(needs), ...this.plugins()],
        cache: this.cache,
        treeshake: true,
        preserveEntrySignatures: 'strict',
        onwarn: (warning) => {
          if (judgeWarning(warning) === 'fail') fatal ??= warning;
        },
      });
    } catch (err) {
      throw this.missingExport(err as RollupLog) ?? buildFailure(this.root, err, label, this.thrown);
    }
    try {
      if (fatal) throw this.missingExport(fatal) ?? rollupFailure(this.root, fatal, label);
      this.cache = bundle.cache;
      const { output } = await bundle.generate({
        format: 'es',
        dir: this.root,
        entryFileNames: `${DEPENDENCIES_FOLDER}/[name].js`,
        chunkFileNames: `${DEPENDENCIES_FOLDER}/chunks/[name]-[hash].js`,
        sourcemap: false,
      });
      this.built = { key, files: emitOutput(output) };
      return this.built.files;
    } catch (err) {
      throw buildFailure(this.root, err, label, this.thrown);
    } finally {
      await bundle.close();
    }
  }

  /** Package specifier → the names the chunks import of it (`*`: all of it). */
  private needs(chunks: readonly OutputChunk[]): Map<string, Set<string>> {
    const byFile = new Map([...this.wanted].map(([specifier, wanted]) => [wanted.fileName, specifier]));
    const needs = new Map<string, Set<string>>();
    // A chunk's `imports` name an external by its output path (`deps/x.js`), whatever folder the chunk is in.
    const need = (imported: string, names: readonly string[]): void => {
      const specifier = byFile.get(imported);
      if (specifier === undefined) return;
      let set = needs.get(specifier);
      if (!set) needs.set(specifier, (set = new Set()));
      for (const name of names) set.add(name);
    };
    for (const chunk of chunks) {
      for (const imported of chunk.imports) need(imported, chunk.importedBindings[imported] ?? []);
      for (const imported of chunk.dynamicImports) need(imported, ['*']);
    }
    return needs;
  }

  /** The virtual entries: each re-exports what the app imports of its package, resolved from the app's importing module. */
  private wrappers(needs: ReadonlyMap<string, ReadonlySet<string>>): Plugin {
    const importerOf = (wrapper: string): string | undefined => this.wanted.get(wrapper.slice(WRAPPER.length))?.importers.values().next().value;
    return {
      name: 'socketstream-dependency-entries',
      async resolveId(source, importer, options) {
        if (source.startsWith(WRAPPER)) return source;
        if (!importer?.startsWith(WRAPPER)) return null;
        // From where the app imports it: node-resolve then reads the package's browser field as it did for the app.
        return this.resolve(source, importerOf(importer), { ...options, skipSelf: true });
      },
      async load(id) {
        if (!id.startsWith(WRAPPER)) return null;
        const specifier = id.slice(WRAPPER.length);
        const names = needs.get(specifier) ?? new Set<string>();
        const from = JSON.stringify(specifier);
        const lines: string[] = [];
        if (names.has('*')) {
          // Everything but the default, which `export *` leaves out: re-exported when there is one (or when asked for by name).
          lines.push(`export * from ${from};`);
          const resolved = await this.resolve(specifier, id);
          const info = resolved && !resolved.external ? await this.load(resolved) : undefined;
          if (info?.hasDefaultExport || names.has('default')) lines.push(`export { default } from ${from};`);
        }
        const named = names.has('*') ? [] : [...names].sort();
        if (named.length > 0) lines.push(`export { ${named.map((name) => (name === 'default' ? 'default' : `${JSON.stringify(name)} as ${JSON.stringify(name)}`)).join(', ')} } from ${from};`);
        if (lines.length === 0) lines.push(`import ${from};`);
        return lines.join('\n');
      },
    };
  }

  /** A name the app imports that a package lacks, told as the app's error (naming its importing files); undefined for any other problem. */
  private missingExport(problem: RollupLog): SocketStreamError | undefined {
    const specifier = problem.id?.startsWith(WRAPPER) ? problem.id.slice(WRAPPER.length) : undefined;
    if (problem.code !== 'MISSING_EXPORT' || specifier === undefined || problem.binding === undefined) return undefined;
    const importers = [...(this.wanted.get(specifier)?.importers ?? [])].map((id) => posix(relative(this.root, id)));
    return new SocketStreamError('SS_ERR_BUILD', `${importers.join(', ')}: ${JSON.stringify(problem.binding)} is not exported by ${JSON.stringify(specifier)}`, { cause: problem });
  }
}
