import { Formatter, type AssetKind, type FormatterInput, type FormatterOutput } from '../formatter';

/**
 * JavaScript ES modules (`.js`, `.mjs`), passed through as written: the bundler parses, resolves
 * and minifies them anyway, so compiling here would only cost time. No source map (the output is
 * the input), no dependencies (the bundler follows imports), no errors of its own (the bundler
 * reports a syntax error with file and line).
 */
export class JavaScriptFormatter extends Formatter {
  readonly extensions: readonly string[] = ['.js', '.mjs'];
  readonly kind: AssetKind = 'js';

  async compile(input: FormatterInput): Promise<FormatterOutput> {
    return { code: input.source };
  }
}
