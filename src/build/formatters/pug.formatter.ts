import type PugStatic from 'pug';
import { Formatter, type AssetKind, type FormatterInput, type FormatterOutput } from '../formatter';
import { buildError, parsePlaceFirstError } from './formatter-support';
import { loadOptionalPackage } from '../optional-package';

/** What pug throws for a syntax error: its own code (`PUG:…`), the bare message, file, line and column. */
interface PugProblem {
  code?: string;
  msg?: string;
  filename?: string;
  line?: number;
  column?: number;
  message?: string;
}

/**
 * A client's view written in Pug (`.pug`) with the `pug` package, loaded from the app's
 * `node_modules` on first compile, rendered to HTML at build time with no locals (the view is
 * a static page shell; data comes over the socket). `include` and `extends` resolve relative to
 * the file, absolute ones (`include /client/views/head.pug`) from the app's folder.
 *
 * Source map: none (pug makes none for HTML). Dependencies: every included or extended file.
 * Errors: `SS_ERR_BUILD` naming the file, line and column: `client/views/main.pug:3:1: …`; an
 * error while rendering (a view that reads a local) names the file and line.
 */
export class PugFormatter extends Formatter {
  readonly extensions: readonly string[] = ['.pug'];
  readonly kind: AssetKind = 'html';
  override readonly packageName: string = 'pug';

  async compile(input: FormatterInput): Promise<FormatterOutput> {
    const pug = loadOptionalPackage<typeof PugStatic>(this.packageName, input).exports;
    try {
      const template = pug.compile(input.source, { filename: input.file, basedir: input.root, compileDebug: true });
      const dependencies = ((template as { dependencies?: string[] }).dependencies ?? []).filter((path) => path !== input.file);
      return { code: template(), dependencies: [...new Set(dependencies)] };
    } catch (err) {
      const problem = err as PugProblem;
      if (typeof problem.code === 'string' && problem.code.startsWith('PUG:') && problem.msg) {
        throw buildError(input.root, problem.filename ?? input.file, problem.line, problem.column, problem.msg, err);
      }
      const { file, line, column, message } = parsePlaceFirstError(problem.message ?? String(err));
      throw buildError(input.root, file ?? input.file, line, column, message, err);
    }
  }
}
