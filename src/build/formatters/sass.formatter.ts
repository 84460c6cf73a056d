import { fileURLToPath, pathToFileURL } from 'node:url';
import type * as Sass from 'sass';
import { Formatter, type AssetKind, type FormatterInput, type FormatterOutput } from '../formatter';
import { absoluteSourceMap, buildError, messageOf, type RawSourceMap } from './formatter-support';
import { loadOptionalPackage } from '../optional-package';

const asPath = (url: URL | string): string => (String(url).startsWith('file:') ? fileURLToPath(url) : String(url));

/**
 * Sass (`.scss`, and `.sass` in the indented syntax) with the `sass` package, loaded from the
 * app's `node_modules` on first compile. `@use`/`@import` resolve relative to the file, and
 * `pkg:` URLs from the app's `node_modules` (sass ≥ 1.71). Compressed in production.
 *
 * Source map: sass's, `sources` absolute paths, with their content. Dependencies: sass's
 * `loadedUrls` (every file `@use`d, `@forward`ed or `@import`ed), the file itself left out.
 * Errors: `SS_ERR_BUILD` naming the file the error is in (an imported partial, maybe), line and
 * column: `client/css/_vars.scss:3:9: Undefined variable.`.
 */
export class SassFormatter extends Formatter {
  readonly extensions: readonly string[] = ['.scss', '.sass'];
  readonly kind: AssetKind = 'css';
  override readonly packageName: string = 'sass';

  async compile(input: FormatterInput): Promise<FormatterOutput> {
    const sass = loadOptionalPackage<typeof Sass>(this.packageName, input).exports;
    const sourceMap = input.sourceMap !== false;
    let result: Sass.CompileResult;
    try {
      result = await sass.compileStringAsync(input.source, {
        url: pathToFileURL(input.file),
        syntax: input.file.toLowerCase().endsWith('.sass') ? 'indented' : 'scss',
        style: input.production === true ? 'compressed' : 'expanded',
        sourceMap,
        sourceMapIncludeSources: sourceMap,
        importers: typeof sass.NodePackageImporter === 'function' ? [new sass.NodePackageImporter(input.root)] : [],
      });
    } catch (err) {
      const span = (err as Partial<Sass.Exception>).span;
      const message = (err as Partial<Sass.Exception>).sassMessage ?? messageOf(err);
      const file = span?.url ? asPath(span.url) : input.file;
      throw buildError(input.root, file, span ? span.start.line + 1 : undefined, span ? span.start.column + 1 : undefined, message, err);
    }
    const dependencies = result.loadedUrls.map(asPath).filter((path) => path !== input.file);
    const output: { code: string; map?: string; dependencies: string[] } = { code: result.css, dependencies };
    if (sourceMap && result.sourceMap) output.map = absoluteSourceMap(result.sourceMap as unknown as RawSourceMap, asPath);
    return output;
  }
}
