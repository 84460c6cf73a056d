import { Formatter, type AssetKind, type FormatterInput, type FormatterOutput } from '../../../src/build/formatter';
import { builtinFormatters } from '../../../src/build/formatters/builtin-formatters';
import { SocketStreamError } from '../../../src/errors/socketstream-error';
import { chunkNameOf } from '../../../src/build/bundler';
import { fixtureApp, type FixtureApp } from './fixture-app';

describe('ClientBundler', () => {
  let app: FixtureApp;
  afterEach(() => app?.remove());

  it('bundles a TypeScript entry with a decorated class, keeping its design:paramtypes metadata guarded', async () => {
    app = fixtureApp({
      'client/code/main/entry.ts': [
        "import { greet } from './greet';",
        'function Tag(): ClassDecorator { return () => {}; }',
        'class Store {}',
        '@Tag()',
        'export class Chat { constructor(readonly store: Store) {} }',
        'console.log(greet(new Chat(new Store()).store));',
      ].join('\n'),
      'client/code/main/greet.ts': 'export const greet = (x: unknown): string => `hello ${String(x)}`;\n',
    });
    const build = await app.bundler().build();
    expect(build.entry).toBe('main.js');
    const main = build.files.get('main.js')!;
    expect(main.code).toContain('"design:paramtypes"');
    expect(main.code).toMatch(/typeof Reflect === "object" && typeof Reflect\.metadata === "function"/);
    expect(main.code).toContain('hello ');
    expect(main.code).toContain('//# sourceMappingURL=main.js.map');
    const map = JSON.parse(main.map!) as { sources: string[]; sourcesContent: string[] };
    expect(map.sources).toEqual(expect.arrayContaining(['client/code/main/entry.ts', 'client/code/main/greet.ts']));
    expect(map.sourcesContent.join('\n')).toContain('readonly store: Store');
    expect(build.modules).toEqual([app.entry, `${app.root}/client/code/main/greet.ts`]);
    expect(build.templatePaths).toEqual([]);
  });

  it('a syntax error in the entry is SS_ERR_BUILD naming the file and line', async () => {
    app = fixtureApp({ 'client/code/main/entry.ts': 'const ok = 1;\nexport const x = ;\n' });
    const err = await app.bundler().build().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SocketStreamError);
    expect(err).toMatchObject({ code: 'SS_ERR_BUILD', message: expect.stringMatching(/^client\/code\/main\/entry\.ts:2:\d+: /) });
  });
});

describe('ClientBundler: what client code may import', () => {
  let app: FixtureApp;
  afterEach(() => app?.remove());

  it('an npm package (CommonJS, through node-resolve and commonjs) and one with a browser export condition', async () => {
    app = fixtureApp({
      'client/code/main/entry.ts': "import { parse } from 'cookie';\nimport { where } from 'two-faced';\nconsole.log(parse('a=1'), where);\n",
      'node_modules/two-faced/package.json': JSON.stringify({ name: 'two-faced', version: '1.0.0', exports: { '.': { browser: './browser.js', default: './node.js' } } }),
      'node_modules/two-faced/browser.js': "export const where = 'in-the-browser';\n",
      'node_modules/two-faced/node.js': "import { readFileSync } from 'fs';\nexport const where = readFileSync;\n",
    });
    app.linkPackage('cookie');
    for (const prebundle of [false, true]) {
      const build = await app.bundler({ prebundle }).build();
      const code = [...build.files.values()].map((file) => file.code).join('\n');
      expect(code).toContain('in-the-browser');
      expect(code).not.toContain('readFileSync');
      expect(code).toMatch(/function parse/);
    }
  });

  it('only what the page uses of a package that declares no side effects, with its CommonJS dependencies (tree-shaken as Vite does)', async () => {
    app = fixtureApp({
      'client/code/main/entry.ts': "import { used } from 'many';\nconsole.log(used());\n",
      'node_modules/many/package.json': JSON.stringify({ name: 'many', version: '1.0.0', module: 'index.js', sideEffects: false }),
      'node_modules/many/index.js': "export { used } from './used';\nexport { unused } from './unused';\n",
      'node_modules/many/used.js': "export const used = () => 'USED-MARKER';\n",
      // A module-level statement with an effect: only the package's `sideEffects: false` lets it go.
      'node_modules/many/unused.js': "import heavy from 'heavy-cjs';\nglobalThis.registry = heavy;\nexport const unused = 1;\n",
      'node_modules/heavy-cjs/package.json': JSON.stringify({ name: 'heavy-cjs', version: '1.0.0', main: 'index.js', sideEffects: false }),
      'node_modules/heavy-cjs/index.js': "module.exports = require('./lib');\n",
      'node_modules/heavy-cjs/lib.js': "module.exports = 'HEAVY-MARKER';\n",
    });
    const build = await app.bundler({ production: true }).build();
    const code = [...build.files.values()].map((file) => file.code).join('\n');
    expect(code).toContain('USED-MARKER');
    expect(code).not.toContain('HEAVY-MARKER');
  });

  it("the app's shared/ folder: a class and a constant", async () => {
    app = fixtureApp({
      'client/code/main/entry.ts': "import { MAX_LENGTH, SendMessage } from '../../../shared/messages';\nconst m = new SendMessage('hi');\nconsole.log(m.valid(), MAX_LENGTH);\n",
      'shared/messages.ts': 'export const MAX_LENGTH = 4242;\nexport class SendMessage {\n  constructor(readonly text: string) {}\n  valid(): boolean { return this.text.length <= MAX_LENGTH; }\n}\n',
    });
    const build = await app.bundler().build();
    expect(build.files.get('main.js')!.code).toMatch(/4242[\s\S]*class SendMessage/);
    expect(build.modules).toContain(`${app.root}/shared/messages.ts`);
  });

  it('a type-only import of a server class is erased, so it is allowed', async () => {
    app = fixtureApp({
      'client/code/main/entry.ts': "import type { ChatService } from '../../../server/rpc/chat';\nconst s: ChatService | null = null;\nconsole.log(s);\n",
      'server/rpc/chat.ts': "import { readFileSync } from 'node:fs';\nexport class ChatService { read() { return readFileSync('x'); } }\n",
    });
    await expect(app.bundler().build()).resolves.toMatchObject({ entry: 'main.js' });
  });

  it.each([
    ["import 'fs'", "import { readFileSync } from 'fs';\nconsole.log(readFileSync);\n", 'fs'],
    ["import 'node:crypto'", "import { randomBytes } from 'node:crypto';\nconsole.log(randomBytes);\n", 'node:crypto'],
    ['a file under server/', "import { secret } from '../server/secret';\nexport const a = secret;\n", 'server/secret.ts'],
  ])('%s from client code fails with the import chain', async (_, shared, last) => {
    app = fixtureApp({
      'client/code/main/entry.ts': "import { a } from '../../../shared/a';\nconsole.log(a);\n",
      'shared/a.ts': shared,
      'server/secret.ts': "export const secret = 'do not ship';\n",
    });
    const err = await app.bundler().build().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SocketStreamError);
    expect(err).toMatchObject({
      code: 'SS_ERR_SERVER_ONLY_IMPORT',
      message: `client bundle imports server-only module: client/code/main/entry.ts -> shared/a.ts -> ${last}`,
    });
  });

  it('a dynamic import() of a server file also fails with its chain', async () => {
    app = fixtureApp({
      'client/code/main/entry.ts': "void import('./lazy');\n",
      'client/code/main/lazy.ts': "export const x = import('../../../server/secret');\n",
      'server/secret.ts': "export const secret = 'do not ship';\n",
    });
    await expect(app.bundler().build()).rejects.toMatchObject({
      code: 'SS_ERR_SERVER_ONLY_IMPORT',
      message: 'client bundle imports server-only module: client/code/main/entry.ts -> client/code/main/lazy.ts -> server/secret.ts',
    });
  });

  it('a built-in a package maps away in its browser field is not an error', async () => {
    app = fixtureApp({
      'client/code/main/entry.ts': "import { hello } from 'uses-fs';\nconsole.log(hello);\n",
      'node_modules/uses-fs/package.json': JSON.stringify({ name: 'uses-fs', version: '1.0.0', main: 'index.js', browser: { fs: false } }),
      'node_modules/uses-fs/index.js': "import fs from 'fs';\nexport const hello = fs ? 'node' : 'browser';\n",
    });
    await expect(app.bundler().build()).resolves.toMatchObject({ entry: 'main.js' });
  });

  it('an import that resolves to nothing, or a name not exported, is SS_ERR_BUILD naming the importing file', async () => {
    app = fixtureApp({ 'client/code/main/entry.ts': "import { x } from 'not-installed';\nconsole.log(x);\n" });
    await expect(app.bundler().build()).rejects.toMatchObject({ code: 'SS_ERR_BUILD', message: 'client/code/main/entry.ts: cannot resolve "not-installed": no such package in node_modules (npm install it?) (bundling client/code/main/entry.ts)' });
    app.remove();
    app = fixtureApp({ 'client/code/main/entry.ts': "import { y } from './other';\nconsole.log(y);\n", 'client/code/main/other.ts': 'export const x = 1;\n' });
    await expect(app.bundler().build()).rejects.toMatchObject({ code: 'SS_ERR_BUILD', message: expect.stringMatching(/^client\/code\/main\/entry\.ts:1:10: "y" is not exported by client\/code\/main\/other\.ts/) });
    app.remove();
    app = fixtureApp({ 'client/code/main/entry.ts': "import { y } from './missing';\nconsole.log(y);\n" });
    await expect(app.bundler().build()).rejects.toMatchObject({ code: 'SS_ERR_BUILD', message: expect.stringMatching(/^client\/code\/main\/entry\.ts: cannot resolve "\.\/missing": no such file/) });
  });
});

describe('ClientBundler: formatters', () => {
  let app: FixtureApp;
  afterEach(() => app?.remove());

  it("a formatter's SS_ERR_BUILD reaches the caller as it was thrown", async () => {
    const thrown = new SocketStreamError('SS_ERR_BUILD', 'client/code/main/entry.coffee:7:3: unexpected indentation');
    class CoffeeFormatter extends Formatter {
      readonly extensions = ['.coffee'];
      readonly kind: AssetKind = 'js';
      async compile(): Promise<FormatterOutput> {
        throw thrown;
      }
    }
    app = fixtureApp({ 'client/code/main/entry.ts': "import './entry.coffee';\n", 'client/code/main/entry.coffee': 'x =\n' });
    const err = await app.bundler({ formatters: [...builtinFormatters(), new CoffeeFormatter()] }).build().catch((e: unknown) => e);
    expect(err).toBe(thrown);
    expect(err).toMatchObject({ code: 'SS_ERR_BUILD', message: 'client/code/main/entry.coffee:7:3: unexpected indentation' });
    expect(Object.keys(err as object).sort()).toEqual(['code', 'name']);
  });

  it("an app's own formatter of kind js compiles the files of its extension", async () => {
    class UpperFormatter extends Formatter {
      readonly extensions = ['.upper'];
      readonly kind: AssetKind = 'js';
      async compile(input: FormatterInput): Promise<FormatterOutput> {
        return { code: `export default ${JSON.stringify(input.source.trim().toUpperCase())};\n` };
      }
    }
    app = fixtureApp({ 'client/code/main/entry.ts': "import shout from './hello.upper';\nconsole.log(shout);\n", 'client/code/main/hello.upper': 'quiet words\n' });
    const build = await app.bundler({ formatters: [...builtinFormatters(), new UpperFormatter()] }).build();
    expect(build.files.get('main.js')!.code).toContain('"QUIET WORDS"');
  });
});

describe('ClientBundler: JSON', () => {
  let app: FixtureApp;
  afterEach(() => app?.remove());

  it('imported by the app and required by a CommonJS package', async () => {
    app = fixtureApp({
      'client/code/main/entry.ts': "import config from './config.json';\nimport { size } from 'with-data';\nconsole.log(config.title, size);\n",
      'client/code/main/config.json': '{ "title": "JSON-TITLE" }\n',
      'node_modules/with-data/package.json': JSON.stringify({ name: 'with-data', version: '1.0.0', main: 'index.js' }),
      'node_modules/with-data/index.js': "'use strict';\nexports.size = require('./data').sizes.length;\n",
      'node_modules/with-data/data.json': '{ "sizes": ["S", "M", "JSON-SIZE"] }\n',
    });
    const code = [...(await app.bundler().build()).files.values()].map((file) => file.code).join('\n');
    expect(code).toContain('JSON-TITLE');
    expect(code).toContain('JSON-SIZE');
  });

  it('a file that is not JSON is SS_ERR_BUILD naming it', async () => {
    app = fixtureApp({ 'client/code/main/entry.ts': "import config from './config.json';\nconsole.log(config);\n", 'client/code/main/config.json': '{ title: 1 }' });
    await expect(app.bundler().build()).rejects.toMatchObject({ code: 'SS_ERR_BUILD', message: expect.stringMatching(/^client\/code\/main\/config\.json: not JSON: /) });
  });
});

describe('chunkNameOf', () => {
  it("names the entry chunk after the entry's folder for entry.* and index.*, else after the file", () => {
    expect(chunkNameOf('/app/client/code/main/entry.ts')).toBe('main');
    expect(chunkNameOf('/app/client/code/admin/index.js')).toBe('admin');
    expect(chunkNameOf('/app/client/code/kiosk.ts')).toBe('kiosk');
  });

  it('the name option wins', async () => {
    const app = fixtureApp({ 'client/code/main/entry.ts': 'console.log(1);\n' });
    try {
      const build = await app.bundler({ name: 'chat' }).build();
      expect([build.entry, ...build.files.keys()]).toEqual(['chat.js', 'chat.js']);
    } finally {
      app.remove();
    }
  });
});
