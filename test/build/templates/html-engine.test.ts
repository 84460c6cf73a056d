import { join } from 'node:path';
import { SocketStreamError } from '../../../src/errors/socketstream-error';
import { HtmlTemplateEngine, compileHtmlTemplate } from '../../../src/build/templates/html.engine';
import { HTML_RUNTIME } from '../../../src/build/templates/html-runtime';
import { compileAll, render } from './render-html';

/** The error compiling `source` as `chat/message.html` throws. */
function errorOf(source: string): SocketStreamError {
  try {
    compileHtmlTemplate(source, 'client/templates/chat/message.html');
  } catch (err) {
    return err as SocketStreamError;
  }
  throw new Error(`compiled: ${source}`);
}

describe('HtmlTemplateEngine errors', () => {
  it.each([
    ['{{foo bar}}', 1, 1, /unknown helper "foo"/],
    ['<p>\n  {{#with user}}{{name}}{{/with}}', 2, 3, /unknown block helper "with".*\{\{#if\}\}, \{\{#unless\}\} and \{\{#each\}\}/],
    ['{{#each items}}\n<li>{{this}}</li>\n', 1, 1, /\{\{#each\}\} is never closed: expected \{\{\/each\}\}/],
    ['a\nb {{/if}}', 2, 3, /\{\{\/if\}\} closes no block/],
    ['{{#if a}}\n{{/each}}', 2, 1, /\{\{\/each\}\} does not close \{\{#if\}\}, opened at 1:1/],
    ['{{else}}', 1, 1, /outside a block/],
    ['{{#if a}}{{else}}{{else}}{{/if}}', 1, 18, /a second \{\{else\}\} in the block opened at 1:1/],
    ['x {{name', 1, 3, /never closed: expected "\}\}"/],
    ['x {{{name}}', 1, 3, /never closed: expected "\}\}\}"/],
    ['{{!-- open', 1, 1, /never closed: expected "--\}\}"/],
    ['{{../up}}', 1, 3, /"\.\.\/up" climbs above the template's context/],
    ['{{#each a}}{{../../up}}{{/each}}', 1, 14, /climbs above/],
    ['{{(lookup a b)}}', 1, 3, /subexpressions/],
    ['{{> card title="x"}}', 1, 10, /hash arguments "title=…"/],
    ['{{#each items as |item|}}{{/each}}', 1, 18, /block parameters/],
    ['{{"text"}}', 1, 3, /string literal is not supported/],
    ['{{42}}', 1, 3, /literal 42 is not supported/],
    ['{{^items}}none{{/items}}', 1, 1, /inverse sections .* use \{\{#unless/],
    ['{{#> layout}}x{{/layout}}', 1, 1, /partial blocks/],
    ['{{#*inline "x"}}y{{/inline}}', 1, 1, /inline partials/],
    ['{{{{raw}}}} {{x}} {{{{/raw}}}}', 1, 1, /raw blocks/],
    ['{{@foo}}', 1, 3, /unknown data variable "@foo"/],
    ['{{@../index}}', 1, 3, /enclosing blocks/],
    ['{{log}}', 1, 1, /names a Handlebars helper.*\{\{this\.log\}\}/],
    ['{{#if}}x{{/if}}', 1, 1, /\{\{#if\}\} takes exactly one path/],
    ['{{#each a b}}x{{/each}}', 1, 1, /takes exactly one path/],
    ['{{> ../secret}}', 1, 5, /is not a template address/],
    ['{{>}}', 1, 1, /a partial needs the address/],
    ['{{> a b c}}', 1, 9, /at most one context/],
    ['{{a..b}}', 1, 3, /not a valid path/],
    ['{{a.this}}', 1, 3, /"this" may only start a path/],
    ['{{}}', 1, 1, /is empty/],
    ['\r\n\r\n  {{#if}}', 3, 3, /takes exactly one path/],
  ])('%j fails at %i:%i', (source, line, column, message) => {
    const err = errorOf(source);
    expect(err).toBeInstanceOf(SocketStreamError);
    expect(err.code).toBe('SS_ERR_BUILD');
    expect(err.message).toMatch(new RegExp(`^client/templates/chat/message\\.html:${line}:${column}: `));
    expect(err.message).toMatch(message);
  });

  it('the engine names the file relative to the app', async () => {
    const root = join('/', 'apps', 'chat');
    const engine = new HtmlTemplateEngine();
    await expect(engine.compile({ source: 'ok\n{{#bogus x}}', file: join(root, 'client', 'templates', 'a.html'), path: 'a', root })).rejects.toThrow(
      /^client\/templates\/a\.html:2:1: unknown block helper "bogus"/,
    );
  });
});

describe('HtmlTemplateEngine output', () => {
  it('lists the partials a template includes, once each and sorted', () => {
    expect(compileHtmlTemplate('{{> z}}{{#each a}}{{> chat/message}}{{/each}}{{> z}}', 'a.html').partials).toEqual(['chat/message', 'z']);
    expect(compileHtmlTemplate('no partials', 'a.html').partials).toEqual([]);
  });

  it('is deterministic: the same source gives the same code', () => {
    const source = '{{#each items}}{{> row}}{{@index}}{{else}}{{#if a}}{{{b}}}{{/if}}{{/each}}';
    expect(compileHtmlTemplate(source, 'a.html').code).toBe(compileHtmlTemplate(source, 'a.html').code);
  });

  it('neither the runtime nor compiled code uses eval or new Function', () => {
    const code = compileHtmlTemplate('{{#each items}}{{> row}}{{@index}}{{else}}{{#unless a}}{{{b}}}{{/unless}}{{/each}}{{x.y}}', 'a.html').code;
    for (const text of [code, HTML_RUNTIME]) {
      expect(text).not.toMatch(/new\s+Function|\bFunction\s*\(|\beval\s*\(|\bwith\s*\(/);
    }
  });

  it('never calls functions: they read as missing, and their source is never printed', () => {
    let called = false;
    const fn = (): string => {
      called = true;
      return 'called';
    };
    expect(render('[{{f}}|{{{f}}}|{{#if f}}y{{else}}n{{/if}}|{{#each f}}x{{else}}none{{/each}}|{{f.name}}]', { f: fn })).toBe('[||n|none|]');
    expect(render('{{#each list}}[{{this}}]{{/each}}', { list: [fn] })).toBe('[]');
    expect(called).toBe(false);
  });

  it('a template function given to Array.prototype.map ignores the index and array', () => {
    const { row } = compileAll({ row: '<li>{{name}}{{@index}}</li>' });
    expect([{ name: 'a' }, { name: 'b' }].map(row).join('')).toBe('<li>a</li><li>b</li>');
  });

  it('getters on the prototype of a class instance read as missing, own getters are read', () => {
    class User {
      constructor(readonly first: string) {}
      get upper(): string {
        return this.first.toUpperCase();
      }
    }
    const own = Object.defineProperty({}, 'g', { get: () => 'own getter', enumerable: true });
    expect(render('{{first}} [{{upper}}] {{g}}', Object.assign(new User('ada'), own))).toBe('ada [] own getter');
  });

  it('quoted partial names may hold spaces; {{ else }} may be spaced; {{elsewhere}} is a property', () => {
    expect(render('{{> "my card"}}|{{#if a}}y{{ else }}n{{/if}}|{{elsewhere}}', { elsewhere: 'e' }, { 'my card': 'c' })).toBe('c|n|e');
  });

  it('compiles a large template (1.8 MB, 60 000 tags) in well under the time limit', () => {
    const row = '<tr class="{{#if @first}}first{{/if}}"><td>{{name}}</td><td>{{{html}}}</td>{{! note }}</tr>\n';
    const source = `{{#each rows}}\n${row.repeat(20000)}{{/each}}\n`;
    const started = process.hrtime.bigint();
    const { code } = compileHtmlTemplate(source, 'big.html');
    expect(Number(process.hrtime.bigint() - started) / 1e9).toBeLessThan(5);
    expect(code.length).toBeGreaterThan(source.length / 2);
  });

  it('a partial can be recursive, ending where the data ends', () => {
    const tree = { name: 'root', children: [{ name: 'a', children: [{ name: 'a1' }] }, { name: 'b' }] };
    const all = compileAll({ node: '{{name}}{{#if children}}({{#each children}}{{> node}}{{/each}}){{/if}}' });
    expect(all.node(tree)).toBe('root(a(a1)b)');
  });
});
