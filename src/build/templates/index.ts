/** Templates under `client/templates/`: the engines, the build step that compiles a client's templates into one module, and its rollup plugin. */
export { defaultTemplateEngines } from './default-engines';
export { HandlebarsTemplateEngine } from './handlebars.engine';
export { HtmlTemplateEngine, compileHtmlTemplate } from './html.engine';
export { PugTemplateEngine } from './pug.engine';
export { RUNTIME_PREFIX, compileTemplates, templateAddress, type CompileTemplatesOptions, type CompiledTemplates } from './templates-module';
export { TEMPLATES_MODULE, templatesPlugin } from './templates-plugin';
