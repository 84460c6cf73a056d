import { TemplateEngine, type TemplateInput, type TemplateOutput } from '../template-engine';
import { generateTemplate } from './html-codegen';
import { parseTemplate } from './html-parser';
import { HTML_RUNTIME } from './html-runtime';
import { displayPath, templateError } from './source-location';

/**
 * Compiles a template of the default language, a subset of Handlebars, to the source of a
 * function `(data) => string`. Exported apart from the engine for tests and tools.
 *
 * @param file named in errors (as `<file>:<line>:<column>: …`)
 * @throws SocketStreamError `SS_ERR_BUILD` on a syntax error, an unknown helper or block, an
 *   unclosed block, a stray `{{/x}}` or `{{else}}`, a `../` above the template's context
 */
export function compileHtmlTemplate(source: string, file: string): TemplateOutput {
  const fail = (offset: number, message: string): never => {
    throw templateError(file, source, offset, message);
  };
  const { code, partials } = generateTemplate(parseTemplate(source, fail), fail);
  return { code, partials };
}

/**
 * The default template engine, for `.html` files under `client/templates/`: a subset of
 * Handlebars compiled at build time by SocketStream itself, whose runtime adds a few hundred
 * bytes to a page (Handlebars's own runtime alone would be larger than the whole client).
 *
 * `{{path}}` (escaped), `{{{path}}}` and `{{& path}}` (raw), `{{! comment }}`, `{{#if}}`,
 * `{{#unless}}`, `{{#each}}` with `{{else}}` (and `{{else if …}}`), `this`, `../`, `@index`,
 * `@key`, `@first`, `@last`, `@root`, `{{> other/template}}` partials with an optional context,
 * `~` whitespace control and Handlebars's standalone-line rules. Templates using only these
 * render as Handlebars renders them, except that functions are never called (they read as
 * missing). Anything else (helpers, `{{#with}}`, hash arguments, subexpressions) fails the build.
 */
export class HtmlTemplateEngine extends TemplateEngine {
  readonly extensions: readonly string[] = ['.html'];

  override runtime(): string {
    return HTML_RUNTIME;
  }

  async compile(input: TemplateInput): Promise<TemplateOutput> {
    return compileHtmlTemplate(input.source, displayPath(input.root, input.file));
  }
}
