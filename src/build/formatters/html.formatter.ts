import { Formatter, type AssetKind, type FormatterInput, type FormatterOutput } from '../formatter';

/**
 * HTML views (`.html`), passed through as written; the page server injects the client's
 * `<link>` and `<script>` tags afterwards. No source map, no dependencies, no errors.
 */
export class HtmlFormatter extends Formatter {
  readonly extensions: readonly string[] = ['.html'];
  readonly kind: AssetKind = 'html';

  async compile(input: FormatterInput): Promise<FormatterOutput> {
    return { code: input.source };
  }
}
