import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { SocketStreamError } from '../../../src/errors/socketstream-error';
import { TemplateEngine, type TemplateInput, type TemplateOutput } from '../../../src/build/template-engine';
import { defaultTemplateEngines } from '../../../src/build/templates/default-engines';
import { HandlebarsTemplateEngine } from '../../../src/build/templates/handlebars.engine';
import { HtmlTemplateEngine } from '../../../src/build/templates/html.engine';
import { type CompiledTemplates, RUNTIME_PREFIX, compileTemplates, templateAddress } from '../../../src/build/templates/templates-module';
import { type ModuleExports, evaluateModule, loadScript, noEvalContext } from './evaluate-module';
import { appWith } from './fixture';

type Render = (data?: unknown) => string;

/**
 * Runs a compiled templates module as a page would, with `eval` off: the runtimes as modules
 * (Handlebars's runtime loaded into the same context), a stand-in client that records what is
 * registered.
 */
function run(compiled: CompiledTemplates, clientModule = 'socketstream/client'): Record<string, Render> {
  const context = noEvalContext();
  const imports: Record<string, ModuleExports> = {};
  let registered: Record<string, Render> = {};
  imports[clientModule] = {
    registerTemplates: (map: Record<string, Render>) => {
      registered = { ...registered, ...map };
    },
  };
  for (const [specifier, source] of Object.entries(compiled.runtimes)) {
    const handlebarsRuntime = /^import Handlebars from "([^"]+)";$/m.exec(source)?.[1];
    const runtimeImports: Record<string, ModuleExports> = {};
    if (handlebarsRuntime) runtimeImports[handlebarsRuntime] = { default: loadScript(require.resolve('handlebars/dist/handlebars.runtime.js'), context) };
    imports[specifier] = evaluateModule(source, runtimeImports, context);
  }
  const exports = evaluateModule(compiled.code, imports, context);
  expect(exports.default).toEqual(registered);
  return registered;
}

const CHAT = {
  'package.json': '{"name":"chat"}',
  'client/templates/chat/message.html': '<li class="{{#if @first}}first{{/if}}">{{@index}} {{user}}: {{text}}</li>\n',
  'client/templates/chat/room.html': '<h1>{{title}}</h1>\n<ul>\n  {{#each messages}}\n  {{> chat/message}}\n  {{/each}}\n</ul>\n{{> card owner}}',
  'client/templates/page.hbs': '<main>{{#each messages}}{{> chat/message}}{{/each}}</main>{{> helpers/shout}}',
  'client/templates/helpers/shout.handlebars': '<b>{{title}}!</b>',
  'client/templates/card.pug': 'include ../views/mixin.pug\n+badge(name)',
  'client/views/mixin.pug': 'mixin badge(n)\n  span.badge= n\n',
  'client/templates/README.md': 'not a template',
  'client/templates/.draft.html': '{{#broken',
};

const DATA = { title: 'Lobby <1>', owner: { name: 'Ada' }, messages: [{ user: 'ada', text: '<hi>' }, { user: 'bob', text: 'yo' }] };

describe('compileTemplates', () => {
  it('(the tests run modules where eval and new Function throw, as under a CSP without unsafe-eval)', () => {
    expect(() => evaluateModule('export const f = new Function("return 1");')).toThrow(/Code generation from strings disallowed/);
    expect(() => evaluateModule('export const f = eval("1");')).toThrow(/Code generation from strings disallowed/);
  });

  it('compiles every template under the folder by its engine, into one module that registers them by address', async () => {
    const app = appWith(CHAT);
    try {
      const compiled = await compileTemplates(app.templates, defaultTemplateEngines(), app.root);
      expect(compiled.paths).toEqual(['card', 'chat/message', 'chat/room', 'helpers/shout', 'page']);
      expect(compiled.files).toEqual([
        ...['card.pug', 'chat/message.html', 'chat/room.html', 'helpers/shout.handlebars', 'page.hbs'].map((f) => join(app.templates, ...f.split('/'))),
        join(app.root, 'client', 'views', 'mixin.pug'),
      ]);
      // The default (0) and Handlebars (1) engines have runtimes, Pug (2) inlines its own.
      expect(Object.keys(compiled.runtimes)).toEqual([`${RUNTIME_PREFIX}0`, `${RUNTIME_PREFIX}1`]);
      const templates = run(compiled);
      expect(templates['chat/room'](DATA)).toBe(
        '<h1>Lobby &lt;1&gt;</h1>\n<ul>\n  <li class="first">0 ada: &lt;hi&gt;</li>\n  <li class="">1 bob: yo</li>\n</ul>\n<span class="badge">Ada</span>',
      );
      // A Handlebars template includes templates of the default language and its own, @index passed on.
      expect(templates.page(DATA)).toBe('<main><li class="first">0 ada: &lt;hi&gt;</li>\n<li class="">1 bob: yo</li>\n</main><b>Lobby &lt;1&gt;!</b>');
      expect(templates.card({ name: '<Bob>' })).toBe('<span class="badge">&lt;Bob&gt;</span>');
    } finally {
      app.remove();
    }
  });

  it('imports registerTemplates from the module it is given', async () => {
    const app = appWith({ 'client/templates/a.html': 'A' });
    try {
      const compiled = await compileTemplates(app.templates, defaultTemplateEngines(), app.root, { clientModule: '/abs/client.js' });
      expect(compiled.code).toMatch(/^import \{ registerTemplates \} from "\/abs\/client\.js";$/m);
      expect(run(compiled, '/abs/client.js').a()).toBe('A');
    } finally {
      app.remove();
    }
  });

  it('is deterministic: the same files give the same module, whatever engine instances compile them', async () => {
    const app = appWith(CHAT);
    try {
      const first = await compileTemplates(app.templates, defaultTemplateEngines(), app.root);
      const second = await compileTemplates(app.templates, defaultTemplateEngines(), app.root);
      expect(second).toEqual(first);
    } finally {
      app.remove();
    }
  });

  it('writes no eval or new Function, in the module or any runtime', async () => {
    const app = appWith(CHAT);
    try {
      const compiled = await compileTemplates(app.templates, defaultTemplateEngines(), app.root);
      for (const text of [compiled.code, ...Object.values(compiled.runtimes)]) expect(text).not.toMatch(/new\s+Function|\bFunction\s*\(|\beval\s*\(/);
    } finally {
      app.remove();
    }
  });

  it('a missing partial fails the build naming the including file and the missing address', async () => {
    const app = appWith({ 'client/templates/chat/room.html': '<ul>\n{{#each m}}{{> chat/mesage}}{{/each}}</ul>', 'client/templates/chat/message.html': 'x' });
    try {
      const err = await compileTemplates(app.templates, defaultTemplateEngines(), app.root).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(SocketStreamError);
      expect((err as SocketStreamError).code).toBe('SS_ERR_BUILD');
      expect((err as SocketStreamError).message).toBe(
        'client/templates/chat/room.html includes the partial "chat/mesage", but client/templates has no template at that address (chat/mesage.html, .hbs…)',
      );
    } finally {
      app.remove();
    }
  });

  it('a missing partial of a Handlebars template too; its inline partials are its own', async () => {
    const app = appWith({ 'client/templates/a.hbs': '{{#*inline "row"}}r{{/inline}}{{> row}}{{> "nowhere"}}' });
    try {
      await expect(compileTemplates(app.templates, defaultTemplateEngines(), app.root)).rejects.toThrow(/^client\/templates\/a\.hbs includes the partial "nowhere"/);
    } finally {
      app.remove();
    }
  });

  it('a compile error names the file and line', async () => {
    const app = appWith({ 'client/templates/ok.html': 'fine', 'client/templates/chat/bad.html': '<p>\n  {{#each items}}\n</p>' });
    try {
      await expect(compileTemplates(app.templates, defaultTemplateEngines(), app.root)).rejects.toThrow(/^client\/templates\/chat\/bad\.html:2:3: \{\{#each\}\} is never closed/);
    } finally {
      app.remove();
    }
  });

  it('two templates with one address fail the build naming both', async () => {
    const app = appWith({ 'client/templates/a.html': 'A', 'client/templates/a.hbs': 'B' });
    try {
      await expect(compileTemplates(app.templates, defaultTemplateEngines(), app.root)).rejects.toThrow(
        'two templates have the address "a": client/templates/a.hbs and client/templates/a.html; rename one',
      );
    } finally {
      app.remove();
    }
  });

  it('a template whose engine package is missing is SS_ERR_MISSING_PACKAGE naming the file and the package', async () => {
    class MissingHandlebars extends HandlebarsTemplateEngine {
      override readonly packageName = 'handlebars-not-installed-anywhere';
    }
    const app = appWith({ 'client/templates/x/y.hbs': '{{a}}' });
    try {
      const err = await compileTemplates(app.templates, [new HtmlTemplateEngine(), new MissingHandlebars()], app.root).catch((e: unknown) => e);
      expect((err as SocketStreamError).code).toBe('SS_ERR_MISSING_PACKAGE');
      expect((err as SocketStreamError).message).toBe(
        'compiling client/templates/x/y.hbs needs the "handlebars-not-installed-anywhere" package: npm install --save-dev handlebars-not-installed-anywhere',
      );
    } finally {
      app.remove();
    }
  });

  it('an engine that throws something else is SS_ERR_BUILD naming the file, its error as cause', async () => {
    const boom = new TypeError('boom');
    class Broken extends TemplateEngine {
      readonly extensions = ['.x'];
      async compile(): Promise<TemplateOutput> {
        throw boom;
      }
    }
    const app = appWith({ 'client/templates/a.x': '' });
    try {
      const err = (await compileTemplates(app.templates, [new Broken()], app.root).catch((e: unknown) => e)) as SocketStreamError;
      expect(err.code).toBe('SS_ERR_BUILD');
      expect(err.message).toBe('client/templates/a.x: boom');
      expect(err.cause).toBe(boom);
    } finally {
      app.remove();
    }
  });

  it('of two engines listing one extension, the later compiles it; engines without a runtime work', async () => {
    const seen: TemplateInput[] = [];
    class Upper extends TemplateEngine {
      readonly extensions = ['.html'];
      async compile(input: TemplateInput): Promise<TemplateOutput> {
        seen.push(input);
        return { code: `() => ${JSON.stringify(input.source.toUpperCase())}` };
      }
    }
    const app = appWith({ 'client/templates/chat/a.html': 'hello {{x}}' });
    try {
      const compiled = await compileTemplates(app.templates, [new HtmlTemplateEngine(), new Upper()], app.root);
      expect(compiled.runtimes).toEqual({});
      expect(run(compiled)['chat/a']()).toBe('HELLO {{X}}');
      expect(seen).toEqual([{ source: 'hello {{x}}', file: join(app.templates, 'chat', 'a.html'), path: 'chat/a', root: app.root }]);
    } finally {
      app.remove();
    }
  });

  it('a runtime export named like the generated variable is not shadowing it', async () => {
    class Odd extends TemplateEngine {
      readonly extensions = ['.odd'];
      override runtime(): string {
        return 'export const $templates = 1;\nconst v = "odd";\nexport { v as value };\n';
      }
      async compile(): Promise<TemplateOutput> {
        return { code: '() => value' };
      }
    }
    const app = appWith({ 'client/templates/a.odd': '' });
    try {
      expect(run(await compileTemplates(app.templates, [new Odd()], app.root)).a()).toBe('odd');
    } finally {
      app.remove();
    }
  });

  it('a missing folder gives a module with no templates; symbolic links to files count, to folders not', async () => {
    const app = appWith({ 'elsewhere/x.html': 'linked', 'elsewhere/dir/y.html': 'not followed', 'client/templates/real.html': 'r' });
    try {
      const none = await compileTemplates(join(app.root, 'client', 'nothing'), defaultTemplateEngines(), app.root);
      expect(none.paths).toEqual([]);
      expect(run(none)).toEqual({});
      symlinkSync(join(app.root, 'elsewhere', 'x.html'), join(app.templates, 'link.html'));
      symlinkSync(join(app.root, 'elsewhere', 'dir'), join(app.templates, 'dir'));
      expect((await compileTemplates(app.templates, defaultTemplateEngines(), app.root)).paths).toEqual(['link', 'real']);
    } finally {
      app.remove();
    }
  });

  it('an address may be any file name, even __proto__', async () => {
    const app = appWith({ 'client/templates/__proto__.html': 'p', 'client/templates/x.min.html': 'm' });
    try {
      const templates = run(await compileTemplates(app.templates, defaultTemplateEngines(), app.root));
      expect(Object.keys(templates).sort()).toEqual(['__proto__', 'x.min']);
    } finally {
      app.remove();
    }
  });
});

describe('templateAddress', () => {
  it('is the path under the folder, /-separated, without the extension', () => {
    const dir = join('/app', 'client', 'templates');
    expect(templateAddress(dir, join(dir, 'chat', 'message.html'))).toBe('chat/message');
    expect(templateAddress(dir, join(dir, 'x.min.html'))).toBe('x.min');
    expect(templateAddress(dir, join(dir, 'page.handlebars'), '.handlebars')).toBe('page');
    expect(templateAddress(dir, join(dir, 'a', 'b', 'c.tpl.html'), '.tpl.html')).toBe('a/b/c');
  });
});
