import { readdirSync, readFileSync, statSync, type Dirent } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import { SocketStreamError } from '../../errors/socketstream-error';
import type { TemplateEngine, TemplateOutput } from '../template-engine';
import { runtimeExports } from './runtime-exports';
import { displayPath } from './source-location';

/** Options of {@link compileTemplates}. */
export interface CompileTemplatesOptions {
  /** The module the generated code imports `registerTemplates` from. Default `'socketstream/client'`. */
  readonly clientModule?: string;
  /**
   * Only the templates under these folders of `dir` (`['chat']`: `chat/message`, `chat/room/…`),
   * addressed as always by their whole path. Default: every template.
   */
  readonly folders?: readonly string[];
}

/** A client's templates, compiled into one ES module. */
export interface CompiledTemplates {
  /**
   * ES module source: imports each engine's runtime once, defines every template, links the
   * runtimes (partials) and calls `registerTemplates({ 'chat/message': fn, … })`. Its default
   * export is the same map.
   */
  readonly code: string;
  /** The template files, then the files they read (Pug includes), sorted: what to watch. */
  readonly files: string[];
  /** The addresses of the templates, sorted (`chat/message`): what `@View({ template })` may name. */
  readonly paths: string[];
  /** The source of each runtime module `code` imports, by import specifier: the bundler serves them as virtual modules. */
  readonly runtimes: Readonly<Record<string, string>>;
}

/** Import specifiers of the runtime modules: this prefix and the engine's index in the list. */
export const RUNTIME_PREFIX = 'socketstream:template-runtime/';

/** The variable holding the templates in the generated module; runtime exports of this name are not visible to templates. */
const MAP = '$templates';

/** Every file under `dir`, sorted, skipping dot-files and dot-folders; symbolic links to files are kept, to folders not followed. */
function walk(dir: string): string[] {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new SocketStreamError('SS_ERR_BUILD', `the templates folder ${dir} could not be read: ${(err as Error).message}`, { cause: err });
  }
  const files: string[] = [];
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...walk(path));
    else if (entry.isFile() || (entry.isSymbolicLink() && statSync(path, { throwIfNoEntry: false })?.isFile())) files.push(path);
  }
  return files;
}

/**
 * A template's address: its path under the templates folder, `/`-separated, without its
 * extension: `client/templates/chat/message.html` → `chat/message`.
 *
 * @param extension the one to remove; default the file's last (`.html`)
 */
export function templateAddress(dir: string, file: string, extension: string = extname(file)): string {
  const rel = relative(dir, file).split(sep).join('/');
  return extension && rel.endsWith(extension) ? rel.slice(0, -extension.length) : rel;
}

/** The engine for `file`: the longest extension wins; of two engines listing one extension, the later (an app's own, listed after the built-ins). */
function engineFor(file: string, engines: readonly TemplateEngine[]): { engine: TemplateEngine; index: number; extension: string } | undefined {
  let found: { engine: TemplateEngine; index: number; extension: string } | undefined;
  engines.forEach((engine, index) => {
    for (const extension of engine.extensions) {
      if (file.endsWith(extension) && file.length > extension.length && (!found || extension.length >= found.extension.length)) found = { engine, index, extension };
    }
  });
  return found;
}

/** `["chat/message"]`: a member of the templates map in generated code (a null-prototype object, so even `__proto__` is an own property). */
function member(address: string): string {
  return `[${JSON.stringify(address)}]`;
}

/**
 * Compiles every template under `dir` (a client's `client/templates/`) with the engine its
 * extension selects, checks that every partial names a template, and writes the ES module
 * that registers them in the page. Files no engine claims are skipped; a missing folder gives
 * a module with no templates. Deterministic: the same files give the same code.
 *
 * @param root the app's folder: optional engines load their package from its `node_modules`, errors name files relative to it
 * @throws SocketStreamError `SS_ERR_BUILD` for a compile error (the engine's, naming file and
 *   line), two templates with one address, or a partial naming no template (naming the
 *   including file and the missing address); `SS_ERR_MISSING_PACKAGE` when an optional engine's
 *   package is not installed
 */
export async function compileTemplates(dir: string, engines: readonly TemplateEngine[], root: string, options: CompileTemplatesOptions = {}): Promise<CompiledTemplates> {
  const compiled: { path: string; file: string; index: number; output: TemplateOutput }[] = [];
  const byPath = new Map<string, string>();
  for (const file of walk(dir)) {
    const match = engineFor(file, engines);
    if (!match) continue;
    const path = templateAddress(dir, file, match.extension);
    if (options.folders && !options.folders.some((folder) => path.startsWith(`${folder.replace(/\/+$/, '')}/`))) continue;
    const other = byPath.get(path);
    if (other) {
      throw new SocketStreamError('SS_ERR_BUILD', `two templates have the address "${path}": ${displayPath(root, other)} and ${displayPath(root, file)}; rename one`);
    }
    byPath.set(path, file);
    let output: TemplateOutput;
    try {
      output = await match.engine.compile({ source: readFileSync(file, 'utf8'), file, path, root });
    } catch (err) {
      if (err instanceof SocketStreamError) throw err;
      throw new SocketStreamError('SS_ERR_BUILD', `${displayPath(root, file)}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
    compiled.push({ path, file, index: match.index, output });
  }
  compiled.sort((a, b) => (a.path < b.path ? -1 : 1));

  for (const { file, output } of compiled) {
    for (const partial of output.partials ?? []) {
      if (!byPath.has(partial)) {
        throw new SocketStreamError(
          'SS_ERR_BUILD',
          `${displayPath(root, file)} includes the partial "${partial}", but ${displayPath(root, dir)} has no template at that address (${partial}.html, .hbs…)`,
        );
      }
    }
  }

  const lines = [`import { registerTemplates } from ${JSON.stringify(options.clientModule ?? 'socketstream/client')};`];
  const runtimes: Record<string, string> = {};
  const scopes: string[] = [];
  const links: string[] = [];
  for (const index of [...new Set(compiled.map((c) => c.index))].sort((a, b) => a - b)) {
    const engine = engines[index];
    const own = compiled.filter((c) => c.index === index);
    const source = engine.runtime?.();
    let names: string[] = [];
    if (source !== undefined) {
      const specifier = `${RUNTIME_PREFIX}${index}`;
      runtimes[specifier] = source;
      lines.push(`import * as runtime${index} from ${JSON.stringify(specifier)};`);
      names = runtimeExports(source, engine.constructor.name).filter((name) => name !== MAP);
      if (names.includes('link')) links.push(`runtime${index}.link(${MAP});`);
    }
    const body = own.map((c) => `  ${MAP}${member(c.path)} = ${c.output.code};`).join('\n');
    scopes.push(`// ${engine.constructor.name}: ${engine.extensions.join(' ')}\n((${names.length ? `{ ${names.join(', ')} }` : ''}) => {\n${body}\n})(${source !== undefined ? `runtime${index}` : ''});`);
  }
  lines.push(`const ${MAP} = Object.create(null);`, ...scopes, ...links, `registerTemplates(${MAP});`, `export default ${MAP};`, '');

  const templateFiles = new Set(compiled.map((c) => c.file));
  const dependencies = compiled.flatMap((c) => c.output.dependencies ?? []).filter((f) => !templateFiles.has(f));
  const files = [...[...templateFiles].sort(), ...[...new Set(dependencies)].sort()];
  return { code: lines.join('\n'), files, paths: compiled.map((c) => c.path), runtimes };
}
