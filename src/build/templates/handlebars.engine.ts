import { TemplateEngine, type TemplateInput, type TemplateOutput } from '../template-engine';
import { loadOptionalPackage } from '../optional-package';
import { displayPath } from './source-location';
import { SocketStreamError } from '../../errors/socketstream-error';

/** The part of the `handlebars` package the engine uses. */
interface HandlebarsCompiler {
  parse(source: string): unknown;
  precompile(program: unknown, options: { srcName?: string; knownHelpersOnly?: boolean }): string | { code: string };
}

/** An AST node of Handlebars, as far as the partial walk reads it. */
interface HandlebarsNode {
  type?: string;
  name?: { type?: string; original?: unknown; value?: unknown; data?: boolean };
  path?: { original?: unknown };
  params?: { type?: string; value?: unknown }[];
}

/** The partials a Handlebars tree includes by a static name, less those it defines inline (`{{#*inline "x"}}`). */
function partialsOf(program: unknown): string[] {
  const used = new Set<string>();
  const inline = new Set<string>();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      value.forEach(visit);
      return;
    }
    if (!value || typeof value !== 'object') return;
    const node = value as HandlebarsNode;
    if ((node.type === 'PartialStatement' || node.type === 'PartialBlockStatement') && node.name && !node.name.data) {
      const name = node.name.type === 'StringLiteral' ? node.name.value : node.name.type === 'PathExpression' ? node.name.original : undefined;
      if (typeof name === 'string') used.add(name);
    }
    if (node.type === 'DecoratorBlock' && node.path?.original === 'inline' && typeof node.params?.[0]?.value === 'string') inline.add(node.params[0].value);
    for (const key of Object.keys(node)) if (key !== 'loc') visit((node as Record<string, unknown>)[key]);
  };
  visit(program);
  return [...used].filter((name) => !inline.has(name)).sort();
}

/** `SS_ERR_BUILD` naming the file and, when Handlebars tells it, the line and column. */
function buildError(file: string, err: unknown): SocketStreamError {
  const { message, lineNumber, column } = err as { message?: unknown; lineNumber?: unknown; column?: unknown };
  const text = typeof message === 'string' ? message : String(err);
  let where = file;
  let detail = text;
  if (typeof lineNumber === 'number') {
    where += `:${lineNumber}${typeof column === 'number' ? `:${column + 1}` : ''}`;
    detail = text.replace(/ - \d+:\d+$/, '');
  } else {
    const parse = /^Parse error on line (\d+):\n([\s\S]*)$/.exec(text);
    if (parse) {
      where += `:${parse[1]}`;
      detail = `parse error:\n${parse[2]}`;
    }
  }
  return new SocketStreamError('SS_ERR_BUILD', `${where}: ${detail}`, { cause: err });
}

/**
 * Handlebars templates (`.hbs`, `.handlebars`), precompiled with the `handlebars` package the app
 * installs (`npm install --save-dev handlebars`); the page gets Handlebars's runtime (about
 * 7 KB gzip). Templates are compiled with `knownHelpersOnly`: a page has no way to register
 * helpers, so an unknown helper fails the build rather than the render. Partials are the other
 * templates, by address (`{{> chat/message}}`), of any engine.
 */
export class HandlebarsTemplateEngine extends TemplateEngine {
  readonly extensions: readonly string[] = ['.hbs', '.handlebars'];
  override readonly packageName: string = 'handlebars';
  /** The runtime of the installation that compiled last, so that compiler and runtime versions match. */
  private runtimeFile?: string;

  /**
   * Imports the runtime from the same installation as the compiler (an absolute path, known once
   * a template was compiled; `handlebars/runtime` before), creates an environment, and registers
   * every template of the bundle as a partial in it.
   */
  override runtime(): string {
    return [
      `import Handlebars from ${JSON.stringify(this.runtimeFile ?? 'handlebars/runtime')};`,
      'export const hb = Handlebars.create();',
      'export const link = (templates) => {',
      '  for (const name of Object.keys(templates)) hb.registerPartial(name, templates[name]);',
      '};',
      '',
    ].join('\n');
  }

  async compile(input: TemplateInput): Promise<TemplateOutput> {
    const file = displayPath(input.root, input.file);
    const handlebars = loadOptionalPackage<HandlebarsCompiler>(this.packageName, input);
    this.runtimeFile = handlebars.resolve(`${this.packageName}/runtime`).split('\\').join('/');
    let program: unknown;
    let spec: string | { code: string };
    try {
      program = handlebars.exports.parse(input.source);
      spec = handlebars.exports.precompile(program, { srcName: file, knownHelpersOnly: true });
    } catch (err) {
      throw buildError(file, err);
    }
    return { code: `hb.template(${typeof spec === 'string' ? spec : spec.code})`, partials: partialsOf(program) };
  }
}
