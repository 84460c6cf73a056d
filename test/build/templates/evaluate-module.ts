import { readFileSync } from 'node:fs';
import { type Context, createContext, runInContext } from 'node:vm';

/** What a module exports, by name. */
export type ModuleExports = Record<string, unknown>;

/**
 * A fresh V8 context that behaves as a page whose CSP forbids `unsafe-eval`: `eval` and
 * `new Function` throw there. `window` is its global object, as in a page.
 */
export function noEvalContext(): Context {
  const context = createContext({}, { codeGeneration: { strings: false, wasm: false } });
  runInContext('globalThis.window = globalThis;', context);
  return context;
}

/** Runs a single-file CommonJS or UMD script (`handlebars/dist/handlebars.runtime.js`) in `context`; what it exports. */
export function loadScript(file: string, context: Context): unknown {
  const factory = runInContext(`(function (module, exports) {\n${readFileSync(file, 'utf8')}\n})`, context) as (module: { exports: unknown }, exports: unknown) => void;
  const module = { exports: {} };
  factory(module, module.exports);
  return module.exports;
}

/**
 * Runs ES module source of the plain shape the template build writes (imports at the top,
 * `export const` / `export function` / `export { … }` / `export default name`) as a function,
 * by default in a fresh {@link noEvalContext}, where `eval` and `new Function` throw as they do
 * in a page whose CSP forbids `unsafe-eval`. Tests only: the build never runs this.
 *
 * @param imports the exports of each module the source imports, by specifier
 * @param context where to run it; default a fresh {@link noEvalContext}
 */
export function evaluateModule(source: string, imports: Readonly<Record<string, ModuleExports>> = {}, context: Context = noEvalContext()): ModuleExports {
  const exported: string[] = [];
  const body = source
    .replace(/^import \* as (\w+) from ("[^"]*"|'[^']*');?$/gm, (_, name: string, spec: string) => `const ${name} = __import(${spec});`)
    .replace(/^import \{([^}]*)\} from ("[^"]*"|'[^']*');?$/gm, (_, names: string, spec: string) => `const {${names.replace(/\bas\b/g, ':')}} = __import(${spec});`)
    .replace(/^import (\w+) from ("[^"]*"|'[^']*');?$/gm, (_, name: string, spec: string) => `const ${name} = __import(${spec}).default;`)
    .replace(/^import ("[^"]*"|'[^']*');?$/gm, (_, spec: string) => `__import(${spec});`)
    .replace(/^export (const|let|function) ([\w$]+)/gm, (_, kind: string, name: string) => {
      exported.push(name);
      return `${kind} ${name}`;
    })
    .replace(/^export default ([\w$]+);?$/gm, (_, name: string) => {
      exported.push(`${name} as default`);
      return '';
    })
    .replace(/^export \{([^}]*)\};?$/gm, (_, names: string) => {
      exported.push(...names.split(',').map((n) => n.trim()).filter(Boolean));
      return '';
    });
  if (/^\s*(import|export)\b/m.test(body)) throw new Error(`evaluateModule: a form it does not know is left in:\n${body}`);
  const factory = runInContext(`(function (__import) {\n${body}\nreturn { ${exported.map((n) => (n.includes(' as ') ? n.replace(/(\S+) as (\S+)/, '$2: $1') : n)).join(', ')} };\n})`, context) as (
    load: (spec: string) => ModuleExports,
  ) => ModuleExports;
  return factory((spec) => {
    const found = imports[spec];
    if (!found) throw new Error(`evaluateModule: no module given for ${JSON.stringify(spec)}`);
    return found;
  });
}
