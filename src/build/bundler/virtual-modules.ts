import type { Plugin } from 'rollup';
import { type CompiledTemplates } from '../templates/templates-module';
import { TEMPLATES_MODULE, templatesPlugin } from '../templates/templates-plugin';

/** The import specifier of a client's generated entry. */
export const ENTRY_MODULE = 'socketstream:entry';

/**
 * The generated entry of a client with templates: imports the templates module (which registers
 * them) before the client's own entry, so templates exist before the app's code runs.
 * One instance per bundler; `set` changes what the next build bundles.
 */
export class EntryModule {
  private entry = '';

  set(entry: string): void {
    this.entry = entry;
  }

  get code(): string {
    return `import ${JSON.stringify(TEMPLATES_MODULE)};\nimport ${JSON.stringify(this.entry)};\n`;
  }

  plugin(): Plugin {
    return {
      name: 'socketstream-entry',
      resolveId: (source) => (source === ENTRY_MODULE ? `\0${ENTRY_MODULE}` : null),
      load: (id) => (id === `\0${ENTRY_MODULE}` ? this.code : null),
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
