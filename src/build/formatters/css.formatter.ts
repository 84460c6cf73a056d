import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import type * as LightningCss from 'lightningcss';
import { Formatter, type AssetKind, type FormatterInput, type FormatterOutput } from '../formatter';
import { againstBase, absoluteSourceMap, buildError, displayPath, frameworkTool, type RawSourceMap } from './formatter-support';

/** Options of {@link CssFormatter}. */
export interface CssFormatterOptions {
  /**
   * The browsers to write CSS for, as lightningcss `targets` (`major << 16 | minor << 8`): newer
   * syntax (nesting, `oklch()`…) is lowered and prefixes added for them. Default
   * {@link DEFAULT_CSS_TARGETS}.
   */
  readonly targets?: LightningCss.Targets;
}

const version = (major: number, minor = 0): number => (major << 16) | (minor << 8);

/** Chrome/Edge 100, Firefox 100, Safari 15 (macOS and iOS): browsers of early 2022 onwards. */
export const DEFAULT_CSS_TARGETS: LightningCss.Targets = Object.freeze({
  chrome: version(100),
  edge: version(100),
  firefox: version(100),
  safari: version(15),
  ios_saf: version(15),
});

/** `https://…`, `//cdn…`, `/css/x.css`: URLs the browser loads, kept as `@import`s. */
const EXTERNAL = /^(?:[a-z][a-z0-9+.-]*:|\/)/i;

/**
 * CSS (`.css`), through lightningcss: `@import`s are inlined (resolved relative to the importing
 * file; a bare name such as `modern-normalize/modern-normalize.css` that is no file there is looked
 * up in `node_modules`; URLs (`https://…`, `/css/x.css`) stay as `@import`s), nesting and other new syntax lowered
 * for the targets, minified in production. `url()`s are kept as written: point them at
 * `client/static/` with absolute paths (`/img/logo.png`).
 *
 * Source map: one map over the file and everything it imports, `sources` absolute paths, with
 * their content. Dependencies: every imported file. Errors: `SS_ERR_BUILD` naming the file that
 * has the problem (the importing file for a missing `@import`), its line and column.
 */
export class CssFormatter extends Formatter {
  readonly extensions: readonly string[] = ['.css'];
  readonly kind: AssetKind = 'css';
  private readonly targets: LightningCss.Targets;

  constructor(options: CssFormatterOptions = {}) {
    super();
    this.targets = options.targets ?? DEFAULT_CSS_TARGETS;
  }

  async compile(input: FormatterInput): Promise<FormatterOutput> {
    const { bundleAsync } = frameworkTool<typeof LightningCss>('lightningcss');
    const read = new Map<string, string>();
    /** Resolved path → the `@import` specifier it came from, to word a missing file's error. */
    const requested = new Map<string, string>();
    const resolver: LightningCss.Resolver = {
      resolve: (specifier, from) => {
        if (EXTERNAL.test(specifier)) return { external: specifier };
        const path = resolveImport(specifier, from);
        requested.set(path, specifier);
        return path;
      },
      read: (path) => {
        if (path === input.file) return input.source;
        let text: string;
        try {
          text = readFileSync(path, 'utf8');
        } catch (err) {
          const code = (err as NodeJS.ErrnoException).code;
          const what = code === 'ENOENT' ? 'not found' : `cannot be read (${code ?? String(err)})`;
          throw new Error(`@import ${JSON.stringify(requested.get(path) ?? path)} ${what}: no file ${displayPath(input.root, path)}`, { cause: err });
        }
        read.set(path, text);
        return text;
      },
    };
    const sourceMap = input.sourceMap !== false;
    let result: LightningCss.TransformResult;
    try {
      result = await bundleAsync({
        filename: input.file,
        projectRoot: input.root,
        resolver,
        targets: this.targets,
        minify: input.production === true,
        sourceMap,
      });
    } catch (err) {
      const problem = err as { message?: unknown; fileName?: unknown; loc?: { line?: number; column?: number } };
      const file = typeof problem.fileName === 'string' && problem.fileName !== '' ? problem.fileName : input.file;
      const message = typeof problem.message === 'string' ? problem.message : String(err);
      throw buildError(input.root, file, problem.loc?.line, problem.loc?.column, message, err);
    }
    const code = Buffer.from(result.code).toString('utf8');
    const output: { code: string; map?: string; dependencies: string[] } = { code, dependencies: [...read.keys()] };
    if (sourceMap && result.map) {
      const raw = JSON.parse(Buffer.from(result.map).toString('utf8')) as RawSourceMap;
      output.map = absoluteSourceMap(raw, (source) => againstBase(input.root, source), (path) => (path === input.file ? input.source : read.get(path)));
    }
    return output;
  }
}

/** `./b.css`, `b.css`, `../x/c.css` relative to the importing file; else a package's file; else the relative path (which then fails as not found). */
function resolveImport(specifier: string, from: string): string {
  const relative = resolve(dirname(from), specifier);
  if (existsSync(relative) || specifier.startsWith('.')) return relative;
  try {
    return createRequire(from).resolve(specifier);
  } catch {
    return relative;
  }
}
