import { compileHtmlTemplate } from '../../../src/build/templates/html.engine';
import { HTML_RUNTIME } from '../../../src/build/templates/html-runtime';
import { evaluateModule } from './evaluate-module';

/** A template function as compiled templates are: the data, and options a partial call passes. */
export type Render = (data?: unknown, options?: unknown) => string;

/**
 * Compiles `templates` (address → source) with the default engine, links them through a fresh
 * runtime, and returns them by address: what a page gets, run where `eval` is off.
 */
export function compileAll(templates: Readonly<Record<string, string>>): Record<string, Render> {
  const runtime = evaluateModule(HTML_RUNTIME);
  const names = Object.keys(runtime).join(', ');
  const entries = Object.entries(templates).map(([path, source]) => `  ${JSON.stringify(path)}: ${compileHtmlTemplate(source, `${path}.html`).code},`);
  const module = `import { ${names} } from "runtime";\nexport const all = {\n${entries.join('\n')}\n};\nlink(all);`;
  return evaluateModule(module, { runtime }).all as Record<string, Render>;
}

/** Renders `source` with `data`, `partials` available by address. */
export function render(source: string, data?: unknown, partials: Readonly<Record<string, string>> = {}): string {
  return compileAll({ ...partials, $main: source }).$main(data);
}
