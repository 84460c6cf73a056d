import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { BuildReport } from '../../../src/build/production';
import { ADMIN_FILES, APP_FILES, adminClient, build, filesUnder, fixtureApp, mainClient, nestedApp, type FixtureApp } from './production-fixture';

const HASHED = '[\\w-]{8}';

describe('buildClients, the production build of an app\'s clients', () => {
  let app: FixtureApp;
  let report: BuildReport;
  let files: Map<string, Buffer>;
  const text = (path: string): string => files.get(path)?.toString('utf8') ?? '';

  beforeAll(async () => {
    app = fixtureApp(APP_FILES);
    report = await build(app, { contract: 'contract-123' });
    files = filesUnder(join(app.root, 'build'));
  }, 60_000);

  afterAll(() => app.remove());

  it('writes the entry, the lazy chunk, the stylesheet and the worker under content-hashed names, each script, stylesheet and worker with its map', () => {
    const paths = [...files.keys()].filter((path) => !/\.(gz|br)$/.test(path));
    const patterns = [
      `public/_ss/assets/main/main-${HASHED}\\.js`,
      `public/_ss/assets/main/main-${HASHED}\\.js\\.map`,
      `public/_ss/assets/main/chunks/lazy-${HASHED}\\.js`,
      `public/_ss/assets/main/chunks/lazy-${HASHED}\\.js\\.map`,
      `public/_ss/assets/main/main-${HASHED}\\.css`,
      `public/_ss/assets/main/main-${HASHED}\\.css\\.map`,
      `public/_ss/assets/main/workers/search-${HASHED}\\.js`,
      `public/_ss/assets/main/workers/search-${HASHED}\\.js\\.map`,
      'public/pages/main\\.html',
      'manifest\\.json',
    ];
    for (const pattern of patterns) expect(paths.filter((path) => new RegExp(`^${pattern}$`).test(path))).toHaveLength(1);
    expect(paths).toHaveLength(patterns.length);
  });

  it('minifies the code and compiles the templates and the shared folder in, and the worker URL the page starts', () => {
    const entry = report.manifest.clients.main.entry;
    const code = text(`public${entry}`);
    expect(code).toContain('hello');
    expect(code).toContain('chat/message');
    expect(code).toContain(report.manifest.clients.main.workers.search);
    expect(code.split('\n').length).toBeLessThan(5);
    expect(code).toMatch(/\/\/# sourceMappingURL=main-[\w-]{8}\.js\.map\n?$/);
    const css = text(`public${report.manifest.clients.main.css}`);
    expect(css).toMatch(/\.list \.item\{color:red\}/);
    expect(text(`public${report.manifest.clients.main.workers.search}`)).toContain('-searched');
  });

  it('writes .br and .gz siblings that decompress to the file, only where they are smaller', () => {
    for (const asset of report.assets) {
      const raw = files.get(`public/${asset.path}`)!;
      const br = files.get(`public/${asset.path}.br`);
      const gz = files.get(`public/${asset.path}.gz`);
      expect(asset.encodings).toEqual([...(br ? ['br'] : []), ...(gz ? ['gzip'] : [])]);
      if (br) expect(brotliDecompressSync(br).equals(raw)).toBe(true);
      if (gz) expect(gunzipSync(gz).equals(raw)).toBe(true);
      expect({ path: asset.path, raw: asset.raw, gzip: asset.gzip, brotli: asset.brotli }).toEqual({
        path: asset.path,
        raw: raw.length,
        gzip: gz ? gz.length : raw.length,
        brotli: br ? br.length : raw.length,
      });
      if (gz) expect(gz.length).toBeLessThan(raw.length);
    }
    const entry = report.assets.find((asset) => asset.name === 'main.js')!;
    expect(entry.encodings).toEqual(['br', 'gzip']);
  });

  it('writes a manifest with the client\'s routes, page, entry, stylesheet, workers, every asset and the contract as given', () => {
    const manifest = JSON.parse(text('manifest.json')) as BuildReport['manifest'];
    expect(manifest).toEqual(report.manifest);
    expect(manifest.version).toBe(1);
    expect(manifest.contract).toBe('contract-123');
    expect(manifest.cdn).toBeUndefined();
    expect(manifest.clients.main).toEqual({
      routes: ['/'],
      page: 'pages/main.html',
      entry: expect.stringMatching(new RegExp(`^/_ss/assets/main/main-${HASHED}\\.js$`)),
      css: expect.stringMatching(new RegExp(`^/_ss/assets/main/main-${HASHED}\\.css$`)),
      workers: { search: expect.stringMatching(new RegExp(`^/_ss/assets/main/workers/search-${HASHED}\\.js$`)) },
      inline: false,
    });
    expect(manifest.assets.map((asset) => asset.path)).toEqual([...manifest.assets.map((asset) => asset.path)].sort());
    expect(manifest.assets.map((asset) => `${asset.kind} ${asset.name}`).sort()).toEqual(
      ['map chunks/lazy.js.map', 'map main.css.map', 'map main.js.map', 'map workers/search.js.map', 'page main.html', 'script chunks/lazy.js', 'script main.js', 'style main.css', 'worker workers/search.js'],
    );
    for (const asset of manifest.assets) expect(asset.hash).toMatch(/^[\w-]{43}$/);
  });

  it('names the sources of every map relative to the app, and writes no path of this machine anywhere', () => {
    const lazyMap = JSON.parse(text(`public/${report.assets.find((asset) => asset.name === 'chunks/lazy.js.map')!.path}`)) as { sources: string[]; file: string };
    expect(lazyMap.sources).toEqual(['client/code/main/lazy.ts']);
    expect(lazyMap.file).toMatch(/^lazy-[\w-]{8}\.js$/);
    const cssMap = JSON.parse(text(`public/${report.assets.find((asset) => asset.name === 'main.css.map')!.path}`)) as { sources: string[] };
    expect(cssMap.sources).toEqual(['client/css/app.css']);
    const entryMap = JSON.parse(text(`public/${report.assets.find((asset) => asset.name === 'main.js.map')!.path}`)) as { sources: string[] };
    expect(entryMap.sources).toContain('client/code/main/entry.ts');
    for (const [path, bytes] of files) {
      if (/\.(gz|br)$/.test(path)) continue;
      expect({ path, hasRoot: bytes.toString('utf8').includes(app.root) }).toEqual({ path, hasRoot: false });
    }
    expect(entryMap.sources.filter((source) => source.startsWith('/'))).toEqual([]);
  });

  it('gives the page its stylesheet before </head> and its module script before </body>, at the final URLs', () => {
    const { entry, css } = report.manifest.clients.main;
    expect(text('public/pages/main.html')).toBe(
      `<!doctype html><html><head><title>built</title><link rel="stylesheet" href="${css}"></head>` +
        `<body><ul id="list"></ul><script type="module" src="${entry}"></script></body></html>`,
    );
  });

  it('is deterministic: the same app built again, and built in another folder deeper down, gives the same bytes and hashes', async () => {
    const other = nestedApp(APP_FILES);
    try {
      await build(app, { contract: 'contract-123' });
      const again = filesUnder(join(app.root, 'build'));
      await build(other, { contract: 'contract-123' });
      const elsewhere = filesUnder(join(other.root, 'build'));
      expect([...again.keys()]).toEqual([...files.keys()]);
      expect([...elsewhere.keys()]).toEqual([...files.keys()]);
      for (const [path, bytes] of files) {
        expect({ path, again: again.get(path)?.equals(bytes), elsewhere: elsewhere.get(path)?.equals(bytes) }).toEqual({ path, again: true, elsewhere: true });
      }
    } finally {
      other.remove();
    }
  }, 60_000);
});

describe('buildClients with options and failures', () => {
  let app: FixtureApp;

  beforeEach(() => {
    app = fixtureApp(APP_FILES);
  });

  afterEach(() => app.remove());

  it('builds each client under its own folder, with a page and a manifest entry of its own, inlining only the clients named', async () => {
    for (const [path, text] of Object.entries(ADMIN_FILES)) app.write(path, text);
    const steps: string[] = [];
    const report = await build(app, { clients: [mainClient(app), adminClient(app)], inline: ['admin'], onProgress: (step) => steps.push(step) });
    expect(steps).toEqual([
      'bundling admin',
      'compiling the page of admin',
      'bundling the worker search of main',
      'bundling main',
      'compiling the stylesheet of main',
      'compiling the page of main',
      'compressing and writing 12 files',
    ]);
    expect(Object.keys(report.manifest.clients)).toEqual(['admin', 'main']);
    expect(report.manifest.clients.admin).toMatchObject({ routes: ['/admin'], page: 'pages/admin.html', css: null, workers: {}, inline: true });
    expect(report.manifest.clients.main.inline).toBe(false);
    expect(report.assets.filter((asset) => asset.client === 'admin').map((asset) => asset.path)).toEqual([
      expect.stringMatching(new RegExp(`^_ss/assets/admin/admin-${HASHED}\\.js$`)),
      expect.stringMatching(new RegExp(`^_ss/assets/admin/admin-${HASHED}\\.js\\.map$`)),
      'pages/admin.html',
    ]);
    const page = readFileSync(join(app.root, 'build/public/pages/admin.html'), 'utf8');
    expect(page).toMatch(/<body><script type="module">[\s\S]*the-admin-page[\s\S]*<\/script><main><\/main><\/body>/);
  }, 60_000);

  it('writes every asset URL against the CDN base, in the page, the manifest and the code that starts the worker', async () => {
    const report = await build(app, { cdn: 'https://cdn.example.com/app/' });
    const main = report.manifest.clients.main;
    expect(report.manifest.cdn).toBe('https://cdn.example.com/app');
    expect(main.entry).toMatch(new RegExp(`^https://cdn\\.example\\.com/app/_ss/assets/main/main-${HASHED}\\.js$`));
    expect(main.css).toMatch(new RegExp(`^https://cdn\\.example\\.com/app/_ss/assets/main/main-${HASHED}\\.css$`));
    expect(main.workers.search).toMatch(new RegExp(`^https://cdn\\.example\\.com/app/_ss/assets/main/workers/search-${HASHED}\\.js$`));
    const page = readFileSync(join(app.root, 'build/public/pages/main.html'), 'utf8');
    expect(page).toContain(`<link rel="stylesheet" href="${main.css}">`);
    expect(page).toContain(`<script type="module" src="${main.entry}"></script>`);
    const entry = report.assets.find((asset) => asset.name === 'main.js')!;
    expect(readFileSync(join(app.root, 'build/public', entry.path), 'utf8')).toContain(main.workers.search);
  }, 60_000);

  it('inlines the stylesheet and the entry script into the page, the chunks staying files at full URLs', async () => {
    const report = await build(app, { inline: ['main'] });
    const main = report.manifest.clients.main;
    expect(main.inline).toBe(true);
    const page = readFileSync(join(app.root, 'build/public/pages/main.html'), 'utf8');
    expect(page).not.toContain('<link');
    expect(page).not.toContain('src=');
    expect(page).toMatch(/<style>\.list \.item\{color:red\}[^<]*\/\*# sourceMappingURL=\/_ss\/assets\/main\/main-[\w-]{8}\.css\.map \*\/\n<\/style><\/head>/);
    const script = /<script type="module">([\s\S]*)<\/script><\/body>/.exec(page)?.[1] ?? '';
    expect(script).toContain('hello');
    const lazy = report.assets.find((asset) => asset.name === 'chunks/lazy.js')!;
    expect(script).toContain(`"/${lazy.path}"`);
    expect(script).not.toContain('./chunks/');
    expect(script).toContain(`//# sourceMappingURL=${main.entry}.map`);
    expect(existsSync(join(app.root, 'build/public', lazy.path))).toBe(true);
  }, 60_000);

  it('fails a build with an asset over its gzip budget, naming the asset, its size and the budget', async () => {
    const failure = build(app, { budgets: { 'main.css': 20_000, '*.js': 1000 } });
    await expect(failure).rejects.toMatchObject({ code: 'SS_ERR_BUDGET' });
    const message = ((await failure.catch((err: Error) => err)) as Error).message;
    const manifest = JSON.parse(readFileSync(join(app.root, 'build/manifest.json'), 'utf8')) as BuildReport['manifest'];
    const entry = manifest.assets.find((asset) => asset.name === 'main.js')!;
    expect(message).toContain(`${entry.path} is ${entry.gzip} bytes gzip, over its budget "*.js" of 1000 bytes`);
    expect(message).not.toContain('main.css');
    expect(message).not.toContain('lazy');
  }, 60_000);

  it('rejects a syntax error with SS_ERR_BUILD naming the file and line, and leaves the previous build in place', async () => {
    await build(app);
    const before = filesUnder(join(app.root, 'build'));
    app.write('client/code/main/lazy.ts', 'export function open(): string {\n  return = 1;\n}');
    const failure = build(app);
    await expect(failure).rejects.toMatchObject({ code: 'SS_ERR_BUILD', message: expect.stringContaining('client/code/main/lazy.ts:2') });
    expect([...filesUnder(join(app.root, 'build')).keys()]).toEqual([...before.keys()]);
  }, 60_000);

  it('refuses an outDir that is the app\'s folder or above it, a relative one, an inline list naming no client and a CDN base that is no URL', async () => {
    await expect(build(app, { outDir: app.root })).rejects.toMatchObject({ code: 'SS_ERR_INVALID_OPTION' });
    await expect(build(app, { outDir: join(app.root, '..') })).rejects.toMatchObject({ code: 'SS_ERR_INVALID_OPTION' });
    await expect(build(app, { outDir: 'build' })).rejects.toMatchObject({ code: 'SS_ERR_INVALID_OPTION' });
    await expect(build(app, { inline: ['admin'] })).rejects.toMatchObject({ code: 'SS_ERR_INVALID_OPTION', message: expect.stringContaining('"admin"') });
    await expect(build(app, { cdn: 'cdn.example.com' })).rejects.toMatchObject({ code: 'SS_ERR_INVALID_OPTION' });
  });
});
