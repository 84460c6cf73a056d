import { rmSync } from 'node:fs';
import { runInContext } from 'node:vm';
import { templateRegistryFile } from '../../../src/build/bundler/framework-modules';
import { SocketStreamError } from '../../../src/errors/socketstream-error';
import { noEvalContext } from '../templates/evaluate-module';
import { fixtureApp, type FixtureApp } from './fixture-app';

describe('ClientBundler: output', () => {
  let app: FixtureApp;
  afterEach(() => app?.remove());

  it('a dynamic import() becomes a chunk of its own, which the entry loads by its file name', async () => {
    app = fixtureApp({
      'client/code/main/entry.ts': "document.body.onclick = async () => { const { lazyThing } = await import('./lazy'); lazyThing(); };\n",
      'client/code/main/lazy.ts': "export function lazyThing(): void { console.log('LAZY-MARKER'); }\n",
    });
    const build = await app.bundler().build();
    const names = [...build.files.keys()].sort();
    expect(names).toEqual(['chunks/lazy-' + names[0].slice('chunks/lazy-'.length), 'main.js']);
    expect(names[0]).toMatch(/^chunks\/lazy-[\w-]+\.js$/);
    const main = build.files.get('main.js')!;
    const lazy = build.files.get(names[0])!;
    expect(main.code).toContain(`import('./${names[0]}')`);
    expect(main.code).not.toContain('LAZY-MARKER');
    expect(lazy.code).toContain('LAZY-MARKER');
    expect(lazy.code).toContain(`//# sourceMappingURL=${names[0].slice('chunks/'.length)}.map`);
    expect(JSON.parse(lazy.map!).sources).toEqual(['../client/code/main/lazy.ts']);
  });

  it('templates under templatesDir are registered before the entry runs, with no eval or new Function in the page', async () => {
    app = fixtureApp({
      'client/code/main/entry.ts': "import ss from 'socketstream/client';\nconsole.log('ENTRY-MARKER', ss);\n",
      'client/templates/chat/message.html': '<li class="msg">{{user}}: {{text}}</li>',
    });
    const build = await app.bundler().build();
    const code = build.files.get('main.js')!.code;
    expect(build.templatePaths).toEqual(['chat/message']);
    expect(build.templateFiles).toEqual([`${app.templatesDir}/chat/message.html`]);
    expect(code).toContain('registerTemplates(');
    expect(code).toContain('<li class=\\"msg\\">');
    expect(code.indexOf('registerTemplates($templates)')).toBeGreaterThan(-1);
    expect(code.indexOf('registerTemplates($templates)')).toBeLessThan(code.indexOf('ENTRY-MARKER'));
    expect(code).not.toMatch(/new\s+Function|\beval\s*\(/);
  });

  it('@View from socketstream/decorators brings neither reflect-metadata nor tsyringe', async () => {
    app = fixtureApp({
      'client/code/main/entry.ts': "import { View } from 'socketstream/decorators';\n@View({ template: 'chat/message' })\nclass MessageView {}\nconsole.log(MessageView);\n",
      'client/templates/chat/message.html': '<li>{{text}}</li>',
    });
    const build = await app.bundler().build();
    expect(build.modules.filter((id) => /reflect-metadata|tsyringe/.test(id))).toEqual([]);
    expect(build.modules.some((id) => id.endsWith('view.decorator.ts') || id.endsWith('view.decorator.js'))).toBe(true);
  });

  it('a template with a syntax error fails the build with the engine’s SS_ERR_BUILD', async () => {
    app = fixtureApp({ 'client/code/main/entry.ts': 'console.log(1);\n', 'client/templates/bad.html': '{{#if x}}never closed' });
    const err = await app.bundler().build().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SocketStreamError);
    expect(err).toMatchObject({ code: 'SS_ERR_BUILD', message: expect.stringContaining('client/templates/bad.html') });
  });

  it('production: minified, the entry and chunks hashed, no source maps; the same input gives the same names', async () => {
    const files = {
      'client/code/main/entry.ts': "const greeting: string = 'hello from production';\nconsole.log(greeting);\nvoid import('./lazy');\n",
      'client/code/main/lazy.ts': "export const lazyValue = 'lazy production';\n",
    };
    app = fixtureApp(files);
    const build = await app.bundler({ production: true }).build();
    expect(build.entry).toMatch(/^main-[\w-]{6,}\.js$/);
    const names = [...build.files.keys()];
    expect(names).toHaveLength(2);
    expect(names.find((name) => name.startsWith('chunks/'))).toMatch(/^chunks\/lazy-[\w-]{6,}\.js$/);
    const main = build.files.get(build.entry)!;
    expect(main.map).toBeUndefined();
    expect(main.code).not.toContain('sourceMappingURL');
    expect(main.code).not.toContain('const greeting');
    expect(main.code).toContain('hello from production');
    expect(main.code.trim().split('\n')).toHaveLength(1);
    const again = await app.bundler({ production: true }).build();
    expect([...again.files.keys()].sort()).toEqual([...names].sort());
  });

  it('production: the hash is of the minified code, so an edit to a comment keeps the file name and an edit to code changes it', async () => {
    app = fixtureApp({ 'client/code/main/entry.ts': "// first comment\nconsole.log('same code');\n" });
    const bundler = app.bundler({ production: true });
    const first = (await bundler.build()).entry;
    app.write('client/code/main/entry.ts', "// another comment, longer than the first\nconsole.log('same code');\n");
    expect((await bundler.build()).entry).toBe(first);
    app.write('client/code/main/entry.ts', "console.log('other code');\n");
    expect((await bundler.build()).entry).not.toBe(first);
  });
});

describe('ClientBundler: a page bundle that runs', () => {
  let app: FixtureApp;
  afterEach(() => app?.remove());

  it('renders templates of the default engine and of Handlebars (CommonJS runtime) where eval and new Function throw', async () => {
    app = fixtureApp({
      'client/code/main/entry.ts': `import { template } from ${JSON.stringify(templateRegistryFile())};\n(globalThis as Record<string, unknown>).out = [template('chat/message')({ user: '<b>ada</b>' }), template('list')({ items: ['x', 'y'] })];\n`,
      'client/templates/chat/message.html': '<li>{{user}}</li>',
      'client/templates/list.hbs': '<ul>{{#each items}}<li>{{this}}</li>{{/each}}</ul>',
    });
    for (const production of [false, true]) {
      const build = await app.bundler({ production }).build();
      const code = build.files.get(build.entry)!.code;
      expect(code).not.toMatch(/^\s*(import|export)\s/m);
      const context = noEvalContext();
      runInContext(code, context);
      expect(runInContext('globalThis.out', context)).toEqual(['<li>&lt;b&gt;ada&lt;/b&gt;</li>', '<ul><li>x</li><li>y</li></ul>']);
    }
  });

  it('a circular import in the app is reported as a warning; one in node_modules, or a top-level this there, is not', async () => {
    app = fixtureApp({
      'client/code/main/entry.ts': "import { a } from './a';\nimport { p } from 'loop';\nconsole.log(a, p);\n",
      'client/code/main/a.ts': "import { b } from './b';\nexport const a = 'a';\nexport const ab = () => b;\n",
      'client/code/main/b.ts': "import { a } from './a';\nexport const b = 'b';\nexport const ba = () => a;\n",
      'node_modules/loop/package.json': JSON.stringify({ name: 'loop', version: '1.0.0', module: 'p.js' }),
      'node_modules/loop/p.js': "import { q } from './q.js';\nexport const p = 'p';\nexport const pq = () => q;\n",
      'node_modules/loop/q.js': "import { p } from './p.js';\nexport const q = this && 'q';\nexport const qp = () => p;\n",
    });
    const build = await app.bundler().build();
    expect(build.warnings).toEqual([expect.stringMatching(/^Circular dependency: client\/code\/main\/a\.ts -> client\/code\/main\/b\.ts -> client\/code\/main\/a\.ts/)]);
  });
});

describe('ClientBundler: process.env.NODE_ENV', () => {
  let app: FixtureApp;
  afterEach(() => app?.remove());

  it('is "development" or "production" in the page, as npm packages expect, with columns kept for the source map', async () => {
    app = fixtureApp({
      'client/code/main/entry.ts': "import { mode } from 'env-reader';\n(globalThis as Record<string, unknown>).out = [mode(), process.env.NODE_ENV];\n",
      'node_modules/env-reader/package.json': JSON.stringify({ name: 'env-reader', version: '1.0.0', main: 'index.js' }),
      'node_modules/env-reader/index.js': "'use strict';\nexports.mode = function () { return process.env.NODE_ENV === 'production' ? 'prod' : 'dev'; };\n",
    });
    for (const [production, expected] of [[false, ['dev', 'development']], [true, ['prod', 'production']]] as const) {
      // One script to run here: the packages bundled in, not prebundled beside it.
      const build = await app.bundler({ production, prebundle: false }).build();
      const context = noEvalContext();
      runInContext(build.files.get(build.entry)!.code, context);
      expect(runInContext('globalThis.out', context)).toEqual(expected);
    }
  });
});

describe('ClientBundler: @View templates', () => {
  let app: FixtureApp;
  afterEach(() => app?.remove());

  const view = (template: string): string =>
    `import { View } from 'socketstream/decorators';\n\n@View({ template: '${template}' })\nexport class MessageView {}\n`;

  it('a view naming a template that exists builds; one naming none fails naming the view’s file and the template', async () => {
    app = fixtureApp({
      'client/code/main/entry.ts': "import { MessageView } from './message.view';\nconsole.log(MessageView);\n",
      'client/code/main/message.view.ts': view('chat/message'),
      'client/templates/chat/message.html': '<li>{{text}}</li>',
    });
    const bundler = app.bundler();
    await expect(bundler.build()).resolves.toMatchObject({ templatePaths: ['chat/message'] });
    app.write('client/code/main/message.view.ts', view('chat/mesage'));
    await expect(bundler.build()).rejects.toMatchObject({
      code: 'SS_ERR_BUILD',
      message: "client/code/main/message.view.ts:3:1: @View({ template: 'chat/mesage' }) names no template of client/templates (it has chat/message)",
    });
  });

  it('the check holds for a view rollup takes from its cache, when the template is removed', async () => {
    app = fixtureApp({
      'client/code/main/entry.ts': "import { MessageView } from './message.view';\nconsole.log(MessageView);\n",
      'client/code/main/message.view.ts': view('hello'),
      'client/templates/hello.html': '<p>hi</p>',
    });
    const bundler = app.bundler();
    await bundler.build();
    rmSync(`${app.templatesDir}/hello.html`);
    await expect(bundler.build()).rejects.toMatchObject({ code: 'SS_ERR_BUILD', message: expect.stringContaining("@View({ template: 'hello' }) names no template of client/templates (it has none)") });
  });
});
