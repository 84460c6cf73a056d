import { basename, extname, join } from 'node:path';
import type { ResolvedClient } from './client-definitions';
import type { ClientBuild } from '../build/bundler/client-build';
import { bundleWorker, type WorkerBuild } from '../build/bundler/bundle-worker';
import { ClientBundler } from '../build/bundler/client-bundler';
import type { Formatter } from '../build/formatter';
import { buildStylesheet, type BuiltStylesheet } from '../build/stylesheet';
import type { TemplateEngine } from '../build/template-engine';
import { compileView } from '../build/view';
import { type PageAssets, injectTags } from './inject-tags';

/** What every client's assets are made with. */
export interface AssetSettings {
  readonly root: string;
  readonly formatters: readonly Formatter[];
  readonly templateEngines: readonly TemplateEngine[];
  readonly production: boolean;
  /** Where assets are served: `/_ss/assets` (each client under its name). */
  readonly assetsPath: string;
  /** Development: pages follow the live reload responder. Default false. */
  readonly liveReload?: boolean;
}

/**
 * One client's page, code and stylesheet, compiled on first request and kept until
 * `invalidate()` (the development watcher calls it when a file changes). Its code is rebuilt
 * incrementally: the bundler keeps rollup's cache between builds.
 */
export class ClientAssets {
  private readonly bundler: ClientBundler;
  private code: Promise<ClientBuild> | undefined;
  private css: Promise<BuiltStylesheet> | undefined;
  private view: Promise<string> | undefined;
  /** The client's workers by name (`client/workers/search.ts` → `search`), their files. */
  private readonly workerFiles: ReadonlyMap<string, string>;
  private readonly workers = new Map<string, Promise<WorkerBuild>>();

  constructor(
    readonly client: ResolvedClient,
    private readonly settings: AssetSettings,
  ) {
    this.workerFiles = new Map(client.workers.map((file) => [basename(file, extname(file)), file]));
    const base = `${settings.assetsPath}/${client.name}/`;
    this.bundler = new ClientBundler({
      root: settings.root,
      entry: client.code,
      formatters: settings.formatters,
      templateEngines: settings.templateEngines,
      templatesDir: join(settings.root, 'client', 'templates'),
      production: settings.production,
      liveReload: settings.liveReload,
      templateFolders: client.templates.length > 0 ? client.templates : undefined,
      workers: Object.fromEntries([...this.workerFiles.keys()].map((name) => [name, `${base}workers/${name}.js`])),
    });
  }

  /** Worker `name` bundled on its own (`client/workers/<name>.ts`); undefined when the client has none of that name. */
  worker(name: string): Promise<WorkerBuild> | undefined {
    const file = this.workerFiles.get(name);
    if (file === undefined) return undefined;
    let pending = this.workers.get(name);
    if (!pending) {
      const built = bundleWorker({ root: this.settings.root, file, formatters: this.settings.formatters, production: this.settings.production });
      this.workers.set(name, (pending = built));
      built.catch(() => {
        if (this.workers.get(name) === built) this.workers.delete(name);
      });
    }
    return pending;
  }

  /** The URL prefix of this client's assets. */
  get base(): string {
    return `${this.settings.assetsPath}/${this.client.name}/`;
  }

  /** The stylesheet's file name under `base`, when the client has stylesheets. */
  get cssFile(): string | undefined {
    return this.client.css.length > 0 ? `${this.client.name}.css` : undefined;
  }

  /** Forgets what was compiled: the next request compiles again (the code incrementally). */
  invalidate(): void {
    this.code = this.css = this.view = undefined;
    this.workers.clear();
  }

  /** The code build (entry, chunks, source maps). */
  build(): Promise<ClientBuild> {
    const pending = (this.code ??= this.bundler.build());
    // A failed build is not kept: the next request tries again (after the file is fixed).
    pending.catch(() => {
      if (this.code === pending) this.code = undefined;
    });
    return pending;
  }

  /** The client's stylesheets compiled and joined in page order, with one source map over them in development. */
  stylesheet(): Promise<BuiltStylesheet> {
    const { root, formatters, production } = this.settings;
    const pending = (this.css ??= buildStylesheet({ root, files: this.client.css, formatters, production }));
    pending.catch(() => {
      if (this.css === pending) this.css = undefined;
    });
    return pending;
  }

  /** The page: the compiled view with its stylesheet and script tags. */
  page(): Promise<string> {
    const pending = (this.view ??= Promise.all([compileView({ root: this.settings.root, file: this.client.view, formatters: this.settings.formatters, production: this.settings.production }), this.build()]).then(([view, build]) => {
      const cssFile = this.cssFile;
      const assets: PageAssets = { css: cssFile ? [this.base + cssFile] : [], js: [this.base + build.entry] };
      return injectTags(view, assets);
    }));
    pending.catch(() => {
      if (this.view === pending) this.view = undefined;
    });
    return pending;
  }
}
