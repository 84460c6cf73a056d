import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SocketStreamError } from '../../../src/errors/socketstream-error';
import { HandlebarsTemplateEngine } from '../../../src/build/templates/handlebars.engine';
import { evaluateModule, loadScript, noEvalContext } from './evaluate-module';
import { appWith } from './fixture';

const ROOT = join('/', 'apps', 'chat');
const input = (source: string, name = 'a.hbs') => ({ source, file: join(ROOT, 'client', 'templates', name), path: name.replace(/\.[^.]+$/, ''), root: ROOT });

/** A compiled template run with Handlebars's runtime where eval is off, partials given as source of functions (made in the same context). */
function render(engine: HandlebarsTemplateEngine, code: string, data: unknown, partials: Record<string, string> = {}): string {
  const context = noEvalContext();
  const runtimeFile = /^import Handlebars from "([^"]+)";$/m.exec(engine.runtime())![1];
  const runtime = evaluateModule(engine.runtime(), { [runtimeFile]: { default: loadScript(require.resolve('handlebars/dist/handlebars.runtime.js'), context) } }, context);
  const entries = Object.entries(partials).map(([name, fn]) => `${JSON.stringify(name)}: ${fn}`);
  const { f, partials: made } = evaluateModule(`import { hb } from "rt";\nexport const f = ${code};\nexport const partials = { ${entries.join(', ')} };`, { rt: runtime }, context);
  (runtime.link as (t: unknown) => void)(made);
  return (f as (data: unknown) => string)(data);
}

describe('HandlebarsTemplateEngine (the real handlebars)', () => {
  it('precompiles a template that the runtime renders with eval off', async () => {
    const engine = new HandlebarsTemplateEngine();
    const { code, partials } = await engine.compile(input('<p>{{#each items}}{{@index}}:{{this}} {{/each}}{{{raw}}}</p>'));
    expect(code).toMatch(/^hb\.template\(\{/);
    expect(partials).toEqual([]);
    expect(render(engine, code, { items: ['<a>', 'b'], raw: '<i>' })).toBe('<p>0:&lt;a&gt; 1:b <i></p>');
  });

  it('its runtime comes from the installation that compiled, by absolute path', async () => {
    const engine = new HandlebarsTemplateEngine();
    expect(engine.runtime()).toContain('import Handlebars from "handlebars/runtime";');
    await engine.compile(input('x'));
    expect(engine.runtime()).toContain(`import Handlebars from ${JSON.stringify(require.resolve('handlebars/runtime').split('\\').join('/'))};`);
  });

  it('lists the partials it includes by static name, not inline or dynamic ones', async () => {
    const source = '{{#*inline "row"}}r{{/inline}}{{> row}}{{> chat/message}}{{> "quoted name"}}{{> (lookup . "dyn")}}{{#> layout}}b{{/layout}}{{> chat/message}}';
    expect((await new HandlebarsTemplateEngine().compile(input(source))).partials).toEqual(['chat/message', 'layout', 'quoted name']);
  });

  it('renders partials registered by link()', async () => {
    const engine = new HandlebarsTemplateEngine();
    const { code } = await engine.compile(input('{{#each m}}[{{> chat/message}}]{{/each}}'));
    // As a template of the default language is called: (context, { data }).
    const message = '(c, o) => o.data.index + "=" + c.t';
    expect(render(engine, code, { m: [{ t: 'a' }, { t: 'b' }] }, { 'chat/message': message })).toBe('[0=a][1=b]');
  });

  it('an unknown helper fails the build at its line and column', async () => {
    const err = (await new HandlebarsTemplateEngine().compile(input('<p>\n  {{shout name}}</p>')).catch((e: unknown) => e)) as SocketStreamError;
    expect(err).toBeInstanceOf(SocketStreamError);
    expect(err.code).toBe('SS_ERR_BUILD');
    expect(err.message).toBe('client/templates/a.hbs:2:3: You specified knownHelpersOnly, but used the unknown helper shout');
  });

  it('a parse error fails the build at its line', async () => {
    const err = (await new HandlebarsTemplateEngine().compile(input('ok\n {{#if a}}\n{{/each}}', 'b.handlebars')).catch((e: unknown) => e)) as SocketStreamError;
    expect(err.code).toBe('SS_ERR_BUILD');
    // Handlebars points at the name of the block that is not closed.
    expect(err.message).toBe("client/templates/b.handlebars:2:5: if doesn't match each");
    const parse = (await new HandlebarsTemplateEngine().compile(input('a\n\n{{#if x}')).catch((e: unknown) => e)) as SocketStreamError;
    expect(parse.message).toMatch(/^client\/templates\/a\.hbs:3: parse error:\n/);
  });

  it("loads the app's own handlebars before the framework's", async () => {
    const app = appWith({
      'node_modules/handlebars/package.json': '{"name":"handlebars","main":"index.js"}',
      'node_modules/handlebars/index.js': 'exports.parse = (s) => ({ type: "Program", body: [] }); exports.precompile = () => "{ the: \'app copy\' }";',
      'node_modules/handlebars/runtime.js': 'module.exports = {};',
    });
    try {
      const engine = new HandlebarsTemplateEngine();
      const { code } = await engine.compile({ source: 'x', file: join(app.root, 'client', 'templates', 'a.hbs'), path: 'a', root: app.root });
      expect(code).toBe("hb.template({ the: 'app copy' })");
      expect(engine.runtime()).toContain(JSON.stringify(join(app.root, 'node_modules', 'handlebars', 'runtime.js').split('\\').join('/')));
      expect(readFileSync(join(app.root, 'node_modules', 'handlebars', 'runtime.js'), 'utf8')).toBe('module.exports = {};');
    } finally {
      app.remove();
    }
  });

  it('without the package it is SS_ERR_MISSING_PACKAGE naming the file and the install command', async () => {
    class Missing extends HandlebarsTemplateEngine {
      override readonly packageName = 'no-such-handlebars';
    }
    const err = (await new Missing().compile(input('x', 'chat/m.hbs')).catch((e: unknown) => e)) as SocketStreamError;
    expect(err.code).toBe('SS_ERR_MISSING_PACKAGE');
    expect(err.message).toBe('compiling client/templates/chat/m.hbs needs the "no-such-handlebars" package: npm install --save-dev no-such-handlebars');
  });
});
