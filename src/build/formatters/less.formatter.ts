import { dirname } from 'node:path';
import type LessStatic from 'less';
import { Formatter, type AssetKind, type FormatterInput, type FormatterOutput } from '../formatter';
import { againstBase, absoluteSourceMap, buildError, type RawSourceMap } from './formatter-support';
import { loadOptionalPackage } from '../optional-package';

/** What less rejects with: a LessError carrying the file, a 1-based line and a 0-based column. */
interface LessProblem {
  message?: string;
  filename?: string;
  line?: number | null;
  column?: number | null;
}

/**
 * Less (`.less`) with the `less` package, loaded from the app's `node_modules` on first compile.
 * `@import`s resolve relative to the file. Compressed in production (less's own `compress`).
 *
 * Source map: less's, `sources` absolute paths, with their content, no `sourceMappingURL`
 * comment in the CSS. Dependencies: less's `imports`. Errors: `SS_ERR_BUILD` naming the file the
 * error is in, line and column: `client/css/theme.less:2:10: variable @nope is undefined`.
 */
export class LessFormatter extends Formatter {
  readonly extensions: readonly string[] = ['.less'];
  readonly kind: AssetKind = 'css';
  override readonly packageName: string = 'less';

  async compile(input: FormatterInput): Promise<FormatterOutput> {
    const less = loadOptionalPackage<typeof LessStatic>(this.packageName, input).exports;
    const sourceMap = input.sourceMap !== false;
    const options: Less.Options & { sourceMap?: Less.SourceMapOption & { disableSourcemapAnnotation?: boolean } } = {
      filename: input.file,
      compress: input.production === true,
    };
    if (sourceMap) options.sourceMap = { outputSourceFiles: true, disableSourcemapAnnotation: true };
    let result: Less.RenderOutput;
    try {
      result = await less.render(input.source, options);
    } catch (err) {
      const problem = err as LessProblem;
      const file = problem.filename && problem.filename !== 'input' ? problem.filename : input.file;
      const line = typeof problem.line === 'number' ? problem.line : undefined;
      const column = line !== undefined && typeof problem.column === 'number' ? problem.column + 1 : undefined;
      throw buildError(input.root, file, line, column, problem.message ?? String(err), err);
    }
    const output: { code: string; map?: string; dependencies: string[] } = { code: result.css, dependencies: result.imports.filter((path) => path !== input.file) };
    if (sourceMap && result.map) {
      output.map = absoluteSourceMap(JSON.parse(result.map) as RawSourceMap, (source) => againstBase(dirname(input.file), source));
    }
    return output;
  }
}
