import type { TemplateEngine } from '../template-engine';
import { HandlebarsTemplateEngine } from './handlebars.engine';
import { HtmlTemplateEngine } from './html.engine';
import { PugTemplateEngine } from './pug.engine';

/**
 * The built-in template engines, fresh: `.html` (the default language, built in), `.hbs` and
 * `.handlebars` (needs `handlebars`), `.pug` (needs `pug`). The optional ones load their package
 * only when a template of theirs is compiled. List an app's own engines after these: of two
 * engines claiming one extension, the later one compiles it.
 */
export function defaultTemplateEngines(): TemplateEngine[] {
  return [new HtmlTemplateEngine(), new HandlebarsTemplateEngine(), new PugTemplateEngine()];
}
