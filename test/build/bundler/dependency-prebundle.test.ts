import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { ClientBuild } from '../../../src/build/bundler';
import { fixtureApp, type FixtureApp } from './fixture-app';

/** Runs a build's entry as an ES module in a Node process (its chunks and packages beside it) and returns what it printed. */
function run(build: ClientBuild): string {
  const dir = mkdtempSync(join(tmpdir(), 'ss-prebundle-run-'));
  try {
    writeFileSync(join(dir, 'package.json'), '{"type":"module"}');
    for (const [name, file] of build.files) {
      mkdirSync(dirname(join(dir, name)), { recursive: true });
      writeFileSync(join(dir, name), file.code);
    }
    return execFileSync(process.execPath, [join(dir, build.entry)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  } catch (err) {
    throw new Error(`the build failed in Node: ${String((err as { stderr?: unknown }).stderr)}`, { cause: err });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const PACKAGES = {
  'node_modules/esm-kit/package.json': JSON.stringify({ name: 'esm-kit', version: '1.0.0', type: 'module', exports: './index.js' }),
  'node_modules/esm-kit/index.js': "export const shout = (s) => s.toUpperCase() + '!';\nexport default 'kit';\n",
  'node_modules/cjs-kit/package.json': JSON.stringify({ name: 'cjs-kit', version: '1.0.0', main: 'index.js' }),
  'node_modules/cjs-kit/index.js': "'use strict';\nmodule.exports = function twice(s) { return s + s; };\nmodule.exports.version = 'v7';\n",
};

describe('ClientBundler in development: npm packages bundled once, beside the app', () => {
  let app: FixtureApp;
  afterEach(() => app?.remove());

  it('imports each package from deps/ (ES and CommonJS, static and lazy) and the page works as bundled in', async () => {
    app = fixtureApp({
      ...PACKAGES,
      'client/code/main/entry.ts': [
        "import kit from 'esm-kit';",
        "import { version } from 'cjs-kit';",
        "void import('./later').then(async (later) => console.log(kit, version, await later.load()));",
      ].join('\n'),
      'client/code/main/later.ts': "import twice from 'cjs-kit';\nexport async function load(): Promise<string> { const { shout } = await import('esm-kit'); return twice(shout('lazy')); }\n",
    });
    const build = await app.bundler().build();
    const main = build.files.get('main.js')!.code;
    expect(main).toContain("from './deps/esm-kit.js'");
    expect(main).toContain("from './deps/cjs-kit.js'");
    expect(main).not.toContain('toUpperCase');
    // The lazy chunk alone imports the default of cjs-kit and all of esm-kit: a chunk in chunks/ reaches ../deps/.
    const lazy = [...build.files].find(([name]) => name.startsWith('chunks/later'))![1].code;
    expect(lazy).toContain("from '../deps/cjs-kit.js'");
    expect(lazy).toContain("import('../deps/esm-kit.js')");
    const expected = 'kit v7 LAZY!LAZY!';
    expect(run(build)).toBe(expected);
    expect(run(await app.bundler({ prebundle: false }).build())).toBe(expected);
  });

  it('rebuilds only the app after an edit, and the packages again only when the app imports something new of them', async () => {
    app = fixtureApp({ ...PACKAGES, 'client/code/main/entry.ts': "import { shout } from 'esm-kit';\nconsole.log(shout('a'));\n" });
    const bundler = app.bundler();
    const first = await bundler.build();
    app.write('client/code/main/entry.ts', "import { shout } from 'esm-kit';\nconsole.log(shout('b'));\n");
    const edited = await bundler.build();
    expect(edited.files.get('main.js')!.code).toContain("shout('b')");
    expect(edited.files.get('deps/esm-kit.js')).toBe(first.files.get('deps/esm-kit.js'));
    app.write('client/code/main/entry.ts', "import kit, { shout } from 'esm-kit';\nconsole.log(kit, shout('c'));\n");
    const more = await bundler.build();
    expect(more.files.get('deps/esm-kit.js')).not.toBe(first.files.get('deps/esm-kit.js'));
    expect(run(more)).toBe('kit C!');
  });

  it('fails the build naming the importing file when a package does not export a name', async () => {
    app = fixtureApp({ ...PACKAGES, 'client/code/main/entry.ts': "import { shuot } from 'esm-kit';\nconsole.log(shuot('a'));\n" });
    await expect(app.bundler().build()).rejects.toMatchObject({ code: 'SS_ERR_BUILD', message: 'client/code/main/entry.ts: "shuot" is not exported by "esm-kit"' });
  });

  it('is not used in production, where one tree-shaken bundle is smaller', async () => {
    app = fixtureApp({ ...PACKAGES, 'client/code/main/entry.ts': "import { shout } from 'esm-kit';\nconsole.log(shout('a'));\n" });
    const build = await app.bundler({ production: true }).build();
    expect([...build.files.keys()].some((name) => name.startsWith('deps/'))).toBe(false);
    expect(run(build)).toBe('A!');
  });
});
