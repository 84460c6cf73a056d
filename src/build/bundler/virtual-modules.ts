import type { Plugin } from 'rollup';
import { type CompiledTemplates } from '../templates/templates-module';
import { TEMPLATES_MODULE, templatesPlugin } from '../templates/templates-plugin';
import { liveReloadFile, workerRegistryFile } from './framework-modules';

/** The import specifier of a client's generated entry. */
export const ENTRY_MODULE = 'socketstream:entry';
/** The import specifier of the module registering a client's workers. */
export const WORKERS_MODULE = 'socketstream:workers';
/** The import specifier of the module starting a development page's live reload. */
export const LIVE_RELOAD_MODULE = 'socketstream:live-reload';
/** The import specifier of the module telling the page's client the wire contract it was built for. */
export const CONTRACT_MODULE = 'socketstream:contract';

/**
 * The generated entry of a client with templates: imports the templates module (which registers
 * them) before the client's own entry, so templates exist before the app's code runs.
 * One instance per bundler; `set` changes what the next build bundles.
 */
export class EntryModule {
  private entry = '';
  private workers: Readonly<Record<string, string>> = {};
  private liveReload = false;
  private contract: string | undefined;

  /**
   * @param workers the page's workers by name, their URLs (registered before the entry runs)
   * @param liveReload development: the page follows the server's live reload
   * @param contract the app's wire contract the page is built for (`ss build`)
   */
  set(entry: string, workers: Readonly<Record<string, string>> = {}, liveReload = false, contract?: string): void {
    this.entry = entry;
    this.workers = workers;
    this.liveReload = liveReload;
    this.contract = contract;
  }

  /** Whether the client needs the generated entry (it has templates, workers, live reload or a contract). */
  needed(templates: boolean): boolean {
    return templates || this.liveReload || this.contract !== undefined || Object.keys(this.workers).length > 0;
  }

  get code(): string {
    // Imports run in order before any module body: the registrations are modules of their own.
    // The contract first: the page's default client reads it when socketstream/client is evaluated.
    const contract = this.contract === undefined ? '' : `import ${JSON.stringify(CONTRACT_MODULE)};\n`;
    const workers = Object.keys(this.workers).length > 0 ? `import ${JSON.stringify(WORKERS_MODULE)};\n` : '';
    const live = this.liveReload ? `import ${JSON.stringify(LIVE_RELOAD_MODULE)};\n` : '';
    return `${contract}import ${JSON.stringify(TEMPLATES_MODULE)};\n${workers}${live}import ${JSON.stringify(this.entry)};\n`;
  }

  /** The module starting the page's live reload. */
  get liveReloadCode(): string {
    return `import { liveReload } from ${JSON.stringify(liveReloadFile())};\nliveReload();\n`;
  }

  /** The module registering the page's workers. */
  get workersCode(): string {
    return `import { registerWorkers } from ${JSON.stringify(workerRegistryFile())};\nregisterWorkers(${JSON.stringify(this.workers)});\n`;
  }

  /** The module telling the page's default client the contract it was built for (a global of the page, read once). */
  get contractCode(): string {
    return `globalThis.__SS_CONTRACT__ = ${JSON.stringify(this.contract ?? null)};\n`;
  }

  plugin(): Plugin {
    const modules = new Map<string, () => string>([
      [`\0${ENTRY_MODULE}`, () => this.code],
      [`\0${WORKERS_MODULE}`, () => this.workersCode],
      [`\0${LIVE_RELOAD_MODULE}`, () => this.liveReloadCode],
      [`\0${CONTRACT_MODULE}`, () => this.contractCode],
    ]);
    return {
      name: 'socketstream-entry',
      resolveId: (source) => (modules.has(`\0${source}`) ? `\0${source}` : null),
      load: (id) => modules.get(id)?.() ?? null,
    };
  }
}

/**
 * The templates module of the latest build ({@link templatesPlugin} of its compiled templates),
 * behind one plugin instance that every build reuses.
 */
export class TemplatesModule {
  private current: Plugin = templatesPlugin({ code: 'export default {};\n', files: [], paths: [], runtimes: {} });

  set(compiled: CompiledTemplates): void {
    this.current = templatesPlugin(compiled);
  }

  plugin(): Plugin {
    // templatesPlugin's hooks are plain functions of their argument that use no plugin context.
    return {
      name: 'socketstream-templates',
      resolveId: (source: string) => (this.current.resolveId as (source: string) => string | null)(source),
      load: (id: string) => (this.current.load as (id: string) => string | null)(id),
    };
  }
}
