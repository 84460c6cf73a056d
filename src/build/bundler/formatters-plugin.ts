import type { Plugin } from 'rollup';
import type { Formatter } from '../formatter';
import { formatterFor } from '../formatters/builtin-formatters';

/** Options of {@link formattersPlugin}. */
export interface FormattersPluginOptions {
  /** The app's folder: formatters load optional tools from it and name files relative to it. */
  readonly root: string;
  /** Built-ins first, the app's own after them (the later wins an extension). */
  readonly formatters: readonly Formatter[];
  /** Production build (no source maps). */
  readonly production: boolean;
}

/**
 * Compiles each module with the formatter of kind `js` its extension selects (TypeScript, an
 * app's own language), passing the formatter's source map on to rollup. Virtual modules and
 * modules no `js` formatter claims are left as loaded. A formatter's error (`SS_ERR_BUILD`
 * `file:line:col: message`) is thrown as is.
 */
export function formattersPlugin(options: FormattersPluginOptions): Plugin {
  return {
    name: 'socketstream-formatters',
    async transform(code, id) {
      if (id.startsWith('\0') || id.includes('?')) return null;
      const formatter = formatterFor(id, options.formatters);
      if (!formatter || formatter.kind !== 'js') return null;
      const out = await formatter.compile({ source: code, file: id, root: options.root, production: options.production, sourceMap: !options.production });
      for (const dependency of out.dependencies ?? []) this.addWatchFile(dependency);
      return { code: out.code, map: out.map ?? null };
    },
  };
}
