import type { Plugin } from 'rollup';
import type { CompiledTemplates } from './templates-module';

/** The import specifier a client's code (or the build's entry) imports its templates module by. */
export const TEMPLATES_MODULE = 'socketstream:templates';

/**
 * A rollup plugin serving {@link compileTemplates}'s output as virtual modules: the templates
 * module at `id` and the engines' runtime modules it imports. The runtimes' own imports
 * (`handlebars/runtime`, by absolute path) are resolved as usual, so the bundle also needs
 * `@rollup/plugin-commonjs` when an engine's runtime is CommonJS (Handlebars's is).
 *
 * @example
 * rollup({ input: entry, plugins: [templatesPlugin(await compileTemplates(dir, engines, root)), …] })
 * // the entry (or generated code before it) does: import 'socketstream:templates';
 */
export function templatesPlugin(compiled: CompiledTemplates, id: string = TEMPLATES_MODULE): Plugin {
  const sources = new Map<string, string>([[id, compiled.code], ...Object.entries(compiled.runtimes)]);
  return {
    name: 'socketstream-templates',
    resolveId(source) {
      return sources.has(source) ? `\0${source}` : null;
    },
    load(resolved) {
      return resolved.startsWith('\0') ? (sources.get(resolved.slice(1)) ?? null) : null;
    },
  };
}
