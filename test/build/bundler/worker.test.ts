import { bundleWorker } from '../../../src/build/bundler';
import { builtinFormatters } from '../../../src/build/formatters/builtin-formatters';
import { fixtureApp, type FixtureApp } from './fixture-app';

describe('bundleWorker', () => {
  let app: FixtureApp;
  afterEach(() => app?.remove());

  const files = {
    'client/workers/crunch.ts': [
      "import { square } from '../../shared/math';",
      'self.onmessage = async (event: MessageEvent<number>) => {',
      "  const { twice } = await import('./twice');",
      '  self.postMessage(twice(square(event.data)));',
      '};',
    ].join('\n'),
    'client/workers/twice.ts': "export const twice = (n: number): number => n * 2; // TWICE-MARKER\n",
    'shared/math.ts': 'export const square = (n: number): number => n * n;\n',
  };

  it('bundles a worker and what it imports, even by import(), into one file with no imports left', async () => {
    app = fixtureApp(files);
    const file = `${app.root}/client/workers/crunch.ts`;
    const worker = await bundleWorker({ root: app.root, file, formatters: builtinFormatters() });
    expect(worker.fileName).toBe('crunch.js');
    expect(worker.code).toContain('n * 2');
    expect(worker.code).toContain('n * n');
    expect(worker.code).not.toMatch(/\bimport\s*\(|^\s*import\s|^\s*export\s/m);
    expect(worker.code).toContain('//# sourceMappingURL=crunch.js.map');
    expect(JSON.parse(worker.map!).sources).toEqual(expect.arrayContaining(['client/workers/crunch.ts', 'client/workers/twice.ts', 'shared/math.ts']));
    expect(worker.modules).toEqual([file, `${app.root}/client/workers/twice.ts`, `${app.root}/shared/math.ts`]);
  });

  it('production: minified, hashed, no map', async () => {
    app = fixtureApp(files);
    const worker = await bundleWorker({ root: app.root, file: `${app.root}/client/workers/crunch.ts`, formatters: builtinFormatters(), production: true });
    expect(worker.fileName).toMatch(/^crunch-[\w-]{6,}\.js$/);
    expect(worker.map).toBeUndefined();
    expect(worker.code).not.toContain('TWICE-MARKER');
    expect(worker.code.trim().split('\n')).toHaveLength(1);
  });

  it('a worker that imports a server file fails with the chain', async () => {
    app = fixtureApp({ 'client/workers/bad.ts': "import '../../server/db';\n", 'server/db.ts': 'export const db = 1;\n' });
    await expect(bundleWorker({ root: app.root, file: `${app.root}/client/workers/bad.ts`, formatters: builtinFormatters() })).rejects.toMatchObject({
      code: 'SS_ERR_SERVER_ONLY_IMPORT',
      message: 'client bundle imports server-only module: client/workers/bad.ts -> server/db.ts',
    });
  });

  it('a syntax error is SS_ERR_BUILD naming the file and line', async () => {
    app = fixtureApp({ 'client/workers/bad.ts': 'const a = 1;\nconst b = ;\n' });
    await expect(bundleWorker({ root: app.root, file: `${app.root}/client/workers/bad.ts`, formatters: builtinFormatters() })).rejects.toMatchObject({
      code: 'SS_ERR_BUILD',
      message: expect.stringMatching(/^client\/workers\/bad\.ts:2:\d+: /),
    });
  });
});
