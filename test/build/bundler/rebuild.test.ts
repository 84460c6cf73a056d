import { builtinFormatters } from '../../../src/build/formatters/builtin-formatters';
import { buildTools } from '../../../src/build/bundler/build-tools';
import { fixtureApp, type FixtureApp } from './fixture-app';

describe('ClientBundler: rebuilds', () => {
  let app: FixtureApp;
  afterEach(() => {
    jest.restoreAllMocks();
    app?.remove();
  });

  it('a second build reflects an edit, starts from the first build’s rollup cache and recompiles only the edited file', async () => {
    app = fixtureApp({
      'client/code/main/entry.ts': "import { word } from './word';\nconsole.log(word);\n",
      'client/code/main/word.ts': "export const word: string = 'BEFORE-EDIT';\n",
    });
    const formatters = builtinFormatters();
    const compile = jest.spyOn(formatters[0], 'compile');
    // What each build hands rollup, noted at the call (rollup empties options.cache as it reads it).
    const tools = buildTools();
    const original = tools.rollup;
    const seen: { cache: unknown; plugins: unknown }[] = [];
    jest.spyOn(tools, 'rollup').mockImplementation((options) => {
      seen.push({ cache: options.cache, plugins: options.plugins });
      return original(options);
    });
    const bundler = app.bundler({ formatters });

    const first = await bundler.build();
    expect(first.files.get('main.js')!.code).toContain('BEFORE-EDIT');
    const cache = bundler.rollupCache;
    expect(cache?.modules?.length).toBeGreaterThan(0);
    expect(compile.mock.calls.map(([input]) => input.file).sort()).toEqual([app.entry, `${app.root}/client/code/main/word.ts`]);

    compile.mockClear();
    app.write('client/code/main/word.ts', "export const word: string = 'AFTER-EDIT';\n");
    const second = await bundler.build();
    expect(second.files.get('main.js')!.code).toContain('AFTER-EDIT');
    expect(second.files.get('main.js')!.code).not.toContain('BEFORE-EDIT');
    expect(seen).toHaveLength(2);
    expect(seen[0].cache).toBeUndefined();
    expect(seen[1].cache).toBe(cache);
    expect(seen[1].plugins).toBe(seen[0].plugins);
    expect(compile.mock.calls.map(([input]) => input.file)).toEqual([`${app.root}/client/code/main/word.ts`]);
  });

  it('a failed build is followed by a good one once the file is fixed', async () => {
    app = fixtureApp({ 'client/code/main/entry.ts': "console.log('FIRST');\n" });
    const bundler = app.bundler();
    await bundler.build();
    app.write('client/code/main/entry.ts', 'console.log(;\n');
    await expect(bundler.build()).rejects.toMatchObject({ code: 'SS_ERR_BUILD', message: expect.stringMatching(/^client\/code\/main\/entry\.ts:1:/) });
    app.write('client/code/main/entry.ts', "console.log('FIXED');\n");
    expect((await bundler.build()).files.get('main.js')!.code).toContain('FIXED');
  });

  it('templates added after the first build are in the next one', async () => {
    app = fixtureApp({ 'client/code/main/entry.ts': "console.log('ENTRY');\n" });
    const bundler = app.bundler();
    expect((await bundler.build()).files.get('main.js')!.code).not.toContain('registerTemplates');
    app.write('client/templates/hello.html', '<p>HELLO-TEMPLATE {{name}}</p>');
    const second = await bundler.build();
    expect(second.templatePaths).toEqual(['hello']);
    expect(second.files.get('main.js')!.code).toContain('HELLO-TEMPLATE');
  });

  it('builds asked for at once run one after the other', async () => {
    app = fixtureApp({ 'client/code/main/entry.ts': "console.log('ONCE');\n" });
    const bundler = app.bundler();
    const [a, b] = await Promise.all([bundler.build(), bundler.build()]);
    expect(a.files.get('main.js')!.code).toBe(b.files.get('main.js')!.code);
  });
});
