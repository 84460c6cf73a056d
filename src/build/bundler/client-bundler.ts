import { basename, dirname, extname } from 'node:path';
import type { Plugin, RollupCache, RollupLog } from 'rollup';
import type { Formatter } from '../formatter';
import type { TemplateEngine } from '../template-engine';
import { compileTemplates } from '../templates/templates-module';
import { buildTools } from './build-tools';
import { DependencyPrebundle } from './dependency-prebundle';
import type { ClientBuild } from './client-build';
import { emitOutput, realModules } from './emit-output';
import { minifyPlugin } from './minify-plugin';
import { templateRegistryFile } from './framework-modules';
import { hooksSettled, pluginStack } from './plugin-stack';
import { buildFailure, describeWarning, judgeWarning, placeOf, rollupFailure, type ThrownErrors } from './rollup-problems';
import { ViewTemplates } from './view-templates';
import { ENTRY_MODULE, EntryModule, TemplatesModule } from './virtual-modules';

/** Options of {@link ClientBundler}. */
export interface ClientBundlerOptions {
  /** The app's folder: files are named relative to it, `<root>/server/` is off limits. */
  readonly root: string;
  /** The absolute path of the client's code entry (`<root>/client/code/main/entry.ts`). */
  readonly entry: string;
  /** Formatters by extension, built-ins first (`builtinFormatters()`); those of kind `js` compile modules. */
  readonly formatters: readonly Formatter[];
  /** Template engines by extension (`defaultTemplateEngines()`). */
  readonly templateEngines: readonly TemplateEngine[];
  /** The absolute path of the client's templates folder; it may not exist (no templates). */
  readonly templatesDir: string;
  /** Minified, hashed file names. Default false. */
  readonly production?: boolean;
  /** Source maps (each file's at its name + `.map`). Default: `!production`. */
  readonly sourceMap?: boolean;
  /**
   * Bundle the npm packages the client imports once, on their own (`deps/<package>.js`), so an
   * edit rebuilds only the app's modules (see {@link DependencyPrebundle}). Default: `!production`.
   */
  readonly prebundle?: boolean;
  /**
   * The entry chunk's name (`main` → `main.js`). Default: the entry's folder for an entry named
   * `entry.*` or `index.*` (`client/code/main/entry.ts` → `main`), else the file's name without extension.
   */
  readonly name?: string;
  /** The page's workers by name and URL (`{ search: '/_ss/assets/main/workers/search.js' }`), for `ss.worker(name)`. Default none. */
  readonly workers?: Readonly<Record<string, string>>;
  /** Folders of `templatesDir` whose templates the client gets (`['chat']`). Default: every template. */
  readonly templateFolders?: readonly string[];
  /** Development: the page follows the server's live reload (stylesheet swaps, reloads, the error overlay). Default false. */
  readonly liveReload?: boolean;
  /**
   * The app's wire contract (`app.contract`) the page is built for: its default client reloads
   * the page when the server's differs (a deploy changed methods while it was open). Default
   * none: the client takes the first server's.
   */
  readonly contract?: string;
}

/** `client/code/main/entry.ts` → `main`; `client/code/admin.ts` → `admin`. */
export function chunkNameOf(entry: string): string {
  const stem = basename(entry, extname(entry));
  return stem === 'entry' || stem === 'index' ? basename(dirname(entry)) : stem;
}

/**
 * Bundles one client's code with rollup, in memory: its entry and everything it imports (the
 * app's `shared/` folder, npm packages, `socketstream/client`), its templates compiled in, each
 * dynamic `import()` a chunk of its own. Rebuilds are incremental: each build hands rollup the
 * cache of the one before and reuses the plugin instances, so unchanged modules are neither
 * read through a formatter nor parsed again. One bundler per client; builds run one at a time
 * (a build started while one runs waits for it).
 *
 * @example
 * const bundler = new ClientBundler({ root, entry: join(root, 'client/code/main/entry.ts'),
 *   formatters: builtinFormatters(), templateEngines: defaultTemplateEngines(),
 *   templatesDir: join(root, 'client/templates') });
 * const { files, entry } = await bundler.build();   // files.get(entry).code
 */
export class ClientBundler {
  private readonly production: boolean;
  private readonly sourceMap: boolean;
  private readonly name: string;
  private prebundle: DependencyPrebundle | undefined;
  private cache: RollupCache | undefined;
  private plugins: Plugin[] | undefined;
  private readonly thrown: ThrownErrors = new WeakMap();
  private readonly entryModule = new EntryModule();
  private readonly templatesModule = new TemplatesModule();
  private readonly viewTemplates: ViewTemplates;
  private running: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: ClientBundlerOptions) {
    this.production = options.production ?? false;
    this.sourceMap = options.sourceMap ?? !this.production;
    this.name = options.name ?? chunkNameOf(options.entry);
    this.entryModule.set(options.entry, options.workers, options.liveReload, options.contract);
    this.viewTemplates = new ViewTemplates(options.root);
  }

  /** The rollup cache the next build starts from: the last successful build's (undefined before one). */
  get rollupCache(): RollupCache | undefined {
    return this.cache;
  }

  /**
   * Builds the client.
   *
   * @throws SocketStreamError (as a rejection) `SS_ERR_BUILD` for a compile error (a formatter's,
   *   as it threw it: `client/code/main/entry.ts:3:14: Expected …`), a template's, an import that
   *   resolves to nothing or a name a module does not export (naming the importing file), a
   *   `@View({ template })` naming no template (naming the view's file and the template);
   *   `SS_ERR_SERVER_ONLY_IMPORT` with the import chain; `SS_ERR_MISSING_PACKAGE` for an
   *   optional tool that is not installed
   */
  build(): Promise<ClientBuild> {
    const next = this.running.then(() => this.buildOnce());
    this.running = next.catch(() => undefined);
    return next;
  }

  private async buildOnce(): Promise<ClientBuild> {
    const { root, entry, templatesDir } = this.options;
    const tools = buildTools();
    const templates = await compileTemplates(templatesDir, this.options.templateEngines, root, { clientModule: templateRegistryFile(), folders: this.options.templateFolders });
    this.templatesModule.set(templates);
    if (!this.plugins) {
      const stack = { root, formatters: this.options.formatters, production: this.production };
      const extra = [this.entryModule.plugin(), this.templatesModule.plugin(), this.viewTemplates.plugin()];
      if (this.options.prebundle ?? !this.production) {
        this.prebundle = new DependencyPrebundle(root, tools, () => pluginStack(tools, stack, this.thrown), this.thrown);
        extra.push(this.prebundle.plugin());
      }
      this.plugins = pluginStack(tools, { ...stack, extra }, this.thrown);
    }
    const label = `bundling ${placeOf(root, { id: entry })}`;
    const warnings: string[] = [];
    let fatal: RollupLog | undefined;
    let bundle;
    try {
      bundle = await tools.rollup({
        input: { [this.name]: this.entryModule.needed(templates.paths.length > 0) ? ENTRY_MODULE : entry },
        plugins: this.plugins,
        cache: this.cache,
        treeshake: true,
        // The prebundled packages are absolute externals; each chunk imports them by a relative path.
        makeAbsoluteExternalsRelative: true,
        onwarn: (warning) => {
          const verdict = judgeWarning(warning);
          if (verdict === 'fail') fatal ??= warning;
          else if (verdict === 'report') warnings.push(describeWarning(root, warning));
        },
      });
    } catch (err) {
      // Other modules may still be compiling: the build answers once they are done.
      await hooksSettled(this.plugins);
      // The cache of the last good build stays: the next build still reuses what did not change.
      throw buildFailure(root, err, label, this.thrown);
    }
    try {
      if (fatal) throw rollupFailure(root, fatal, label);
      this.viewTemplates.check(bundle.watchFiles, templates.paths, templatesDir);
      this.cache = bundle.cache;
      const { output } = await bundle.generate({
        format: 'es',
        dir: root,
        entryFileNames: this.production ? '[name]-[hash].js' : '[name].js',
        chunkFileNames: 'chunks/[name]-[hash].js',
        sourcemap: this.sourceMap,
        // A prebundled package as the chunk's relative import of `deps/<package>.js`.
        paths: (id) => this.prebundle?.fileNameOfId(id) ?? '',
        plugins: this.production ? [minifyPlugin(tools, this.sourceMap)] : [],
      });
      const files = emitOutput(output);
      if (this.prebundle) {
        for (const [name, file] of await this.prebundle.build(output.filter((item) => item.type === 'chunk'))) files.set(name, file);
      }
      const entryChunk = output.find((item) => item.type === 'chunk' && item.isEntry);
      return {
        files,
        entry: entryChunk?.fileName ?? `${this.name}.js`,
        modules: realModules(bundle.watchFiles),
        templatePaths: templates.paths,
        templateFiles: templates.files,
        warnings,
      };
    } catch (err) {
      throw buildFailure(root, err, label, this.thrown);
    } finally {
      await bundle.close();
    }
  }
}
