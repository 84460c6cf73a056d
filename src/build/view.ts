import { readFile } from 'node:fs/promises';
import { SocketStreamError } from '../errors/socketstream-error';
import type { Formatter } from './formatter';
import { formatterFor } from './formatters/builtin-formatters';

/** What {@link compileView} needs. */
export interface ViewInput {
  /** The app's folder. */
  readonly root: string;
  /** The view's absolute path (`<root>/client/views/main.html`, or `.pug`…). */
  readonly file: string;
  /** Formatters by extension; the view needs one of kind `html`. */
  readonly formatters: readonly Formatter[];
  /** Production build. Default false. */
  readonly production?: boolean;
}

/**
 * A client's page shell as HTML, through its formatter (HTML as is, Pug…), before the page's
 * tags are injected.
 *
 * @throws SocketStreamError `SS_ERR_BUILD` naming the file (a compile error, or no html formatter
 *   for its extension); `SS_ERR_MISSING_PACKAGE` for an optional tool that is not installed
 */
export async function compileView(input: ViewInput): Promise<string> {
  const formatter = formatterFor(input.file, input.formatters);
  if (!formatter || formatter.kind !== 'html') {
    throw new SocketStreamError('SS_ERR_BUILD', `${input.file}: no html formatter for its extension (built in: .html; optional: .pug)`);
  }
  const source = await readFile(input.file, 'utf8');
  const out = await formatter.compile({ source, file: input.file, root: input.root, production: input.production, sourceMap: false });
  return out.code;
}
