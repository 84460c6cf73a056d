import { readFileSync } from 'node:fs';
import type StylusStatic from 'stylus';
import { Formatter, type AssetKind, type FormatterInput, type FormatterOutput } from '../formatter';
import { againstBase, absoluteSourceMap, buildError, messageOf, parsePlaceFirstError, type RawSourceMap } from './formatter-support';
import { loadOptionalPackage } from '../optional-package';

/**
 * Stylus (`.styl`) with the `stylus` package, loaded from the app's `node_modules` on first
 * compile. `@import`/`@require` resolve relative to the file. Compressed in production.
 *
 * Source map: stylus's, `sources` absolute paths, their content added (stylus leaves it out).
 * Dependencies: stylus's `deps()`. Errors: `SS_ERR_BUILD` naming the file stylus names, line and
 * column: `client/css/a.styl:4:1: failed to find closing paren ")"`.
 */
export class StylusFormatter extends Formatter {
  readonly extensions: readonly string[] = ['.styl'];
  readonly kind: AssetKind = 'css';
  override readonly packageName: string = 'stylus';

  async compile(input: FormatterInput): Promise<FormatterOutput> {
    const stylus = loadOptionalPackage<typeof StylusStatic>(this.packageName, input).exports;
    const sourceMap = input.sourceMap !== false;
    // No parse cache: stylus's is process-wide and keyed by the text alone, so two files with the
    // same text (two apps, two folders) would share a tree that names the first one's file.
    const style = stylus(input.source).set('filename', input.file).set('compress', input.production === true).set('cache', false);
    if (sourceMap) style.set('sourcemap', { comment: false, inline: false, basePath: input.root });
    let css: string;
    let dependencies: string[];
    try {
      css = style.render();
      dependencies = style.deps().filter((path) => path !== input.file);
    } catch (err) {
      const { file, line, column, message } = parsePlaceFirstError(messageOf(err));
      throw buildError(input.root, file ?? input.file, line, column, message, err);
    }
    const output: { code: string; map?: string; dependencies: string[] } = { code: css, dependencies };
    const map = (style as unknown as { sourcemap?: RawSourceMap }).sourcemap;
    if (sourceMap && map) {
      output.map = absoluteSourceMap(map, (source) => againstBase(input.root, source), (path) => (path === input.file ? input.source : readOrUndefined(path)));
    }
    return output;
  }
}

function readOrUndefined(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}
