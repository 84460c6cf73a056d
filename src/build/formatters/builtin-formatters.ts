import type { Formatter } from '../formatter';
import { CssFormatter } from './css.formatter';
import { HtmlFormatter } from './html.formatter';
import { JavaScriptFormatter } from './javascript.formatter';
import { LessFormatter } from './less.formatter';
import { PugFormatter } from './pug.formatter';
import { SassFormatter } from './sass.formatter';
import { StylusFormatter } from './stylus.formatter';
import { TypeScriptFormatter } from './typescript.formatter';

/**
 * A fresh instance of every built-in formatter: TypeScript, JavaScript, CSS and HTML, whose tools
 * ship with the framework, and Sass, Less, Stylus and Pug, whose tools are loaded from the app's
 * `node_modules` when a file of theirs is compiled. Creating them loads no tool.
 */
export function builtinFormatters(): Formatter[] {
  return [
    new TypeScriptFormatter(),
    new JavaScriptFormatter(),
    new CssFormatter(),
    new HtmlFormatter(),
    new SassFormatter(),
    new LessFormatter(),
    new StylusFormatter(),
    new PugFormatter(),
  ];
}

/**
 * The formatter that compiles `file`, by the end of its name (case-insensitive). The longest
 * matching extension wins (`.module.css` over `.css`); between formatters claiming the same one,
 * the one later in the list wins. So list the built-ins first and the app's own after them
 * (`[...builtinFormatters(), ...userFormatters]`): a user's formatter for `.css` or `.ts`
 * replaces the built-in one. Undefined when none claims the file.
 */
export function formatterFor(file: string, formatters: readonly Formatter[]): Formatter | undefined {
  const name = file.toLowerCase();
  let best: Formatter | undefined;
  let bestLength = 0;
  for (const formatter of formatters) {
    for (const extension of formatter.extensions) {
      if (extension.length >= bestLength && extension.length > 0 && name.endsWith(extension.toLowerCase())) {
        best = formatter;
        bestLength = extension.length;
      }
    }
  }
  return best;
}
