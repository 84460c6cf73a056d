/**
 * `ss new` end to end: `node bin/ss.js new <tmp>/app` writes an app, which then passes its own
 * `npm test` (Jest with the scaffold's config, createTestingApp from socketstream/testing),
 * type-checks with tsc, resolves every export of the package, and serves its page with the
 * client bundled (the @View's template compiled in).
 *
 * No registry install (slow, and flaky offline): the app's node_modules holds links to the
 * repository's packages, the same versions the scaffold asks for, and `socketstream` is a copy
 * of the package built from the current sources (scripts/build.mjs --out-dir, as
 * user-project.test.ts does), so the repository's dist/ is neither trusted (it may be stale) nor
 * rewritten under other tests.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO } from './support/build-if-stale';
import { type Finished, killAll, runToExit, succeeded } from './support/child-processes';
import { scaffoldApp } from './support/scaffolded-app';

const node = process.execPath;
let root: string;
let app: string;
/** The app's type-check, started in beforeAll beside the other steps. */
let typecheck: Promise<Finished>;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'ss-new-e2e-'));
  let printed: string;
  ({ app, printed } = await scaffoldApp(root));
  expect(printed).toContain('cd app && npm install && npx ss dev');
  typecheck = runToExit(node, [join(REPO, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', app], { cwd: app, timeoutMs: 60_000 });
}, 120_000);

afterAll(() => {
  killAll();
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('ss new <dir>, then the app on its own', () => {
  it('writes a package.json whose socketstream dependency is this framework\'s folder, and the app\'s scripts', () => {
    const pkg = JSON.parse(readFileSync(join(app, 'package.json'), 'utf8')) as { name: string; scripts: Record<string, string>; dependencies: Record<string, string> };
    expect(pkg).toMatchObject({ name: 'app', scripts: { dev: 'ss dev', build: 'ss build', start: 'ss start', test: 'jest' }, dependencies: { socketstream: `file:${REPO}` } });
  });

  it('passes its own npm test', async () => {
    // No update check: the test needs no network.
    const end = await runToExit('npm', ['test'], { cwd: app, env: { ...process.env, npm_config_update_notifier: 'false' }, timeoutMs: 60_000 });
    expect({ code: end.code, out: end.code === 0 ? '' : end.stdout + end.stderr }).toEqual({ code: 0, out: '' });
    expect(end.stderr).toMatch(/Tests:\s+3 passed, 3 total/);
  }, 60_000);

  it('type-checks with tsc and its tsconfig.json', async () => {
    const end = await typecheck;
    expect({ code: end.code, out: end.stdout + end.stderr }).toEqual({ code: 0, out: '' });
  }, 60_000);

  it('loads every export of the installed package, from require and from import', async () => {
    const names = ['socketstream', 'socketstream/decorators', 'socketstream/client', 'socketstream/testing'];
    const script = `const names = ${JSON.stringify(names)};
      for (const name of names) if (Object.keys(require(name)).length === 0) throw new Error('require(' + name + ') is empty');
      Promise.all(names.map((name) => import(name))).then((mods) => console.log(mods.map((m) => Object.keys(m).length > 0).join(',')));`;
    expect(succeeded(await runToExit(node, ['-e', script], { cwd: app }))).toBe('true,true,true,true\n');
  });

  it('serves its page with the stylesheet and the bundled code, the @View template compiled in', async () => {
    // The app's TypeScript run as ss dev will: swc with the app's tsconfig (decorator metadata).
    const probe = join(root, 'probe.js');
    writeFileSync(
      probe,
      `const app = require(${JSON.stringify(join(app, 'app.ts'))}).default;
      app.start().then(async (url) => {
        const page = await (await fetch(url)).text();
        const assets = [...page.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
        const bodies = await Promise.all(assets.map(async (path) => { const res = await fetch(new URL(path, url)); return res.status + ' ' + (await res.text()); }));
        console.log(JSON.stringify({ methods: app.methods, responders: app.responderNames, title: /<title>(.*)<\\/title>/.exec(page)[1], assets, bodies }));
        await app.close();
      });`,
    );
    const env = { ...process.env, SWC_NODE_PROJECT: join(app, 'tsconfig.json') };
    const out = JSON.parse(succeeded(await runToExit(node, ['-r', '@swc-node/register', probe], { cwd: app, env }))) as { methods: string[]; responders: string[]; title: string; assets: string[]; bodies: string[] };
    expect(out).toMatchObject({ methods: ['hello.greet'], responders: expect.arrayContaining(['ping']), title: 'app' });
    expect(out.assets).toEqual([expect.stringMatching(/\.css$/), expect.stringMatching(/\.js$/)]);
    expect(out.bodies[0]).toMatch(/^200 [^]*#status/);
    expect(out.bodies[1]).toMatch(/^200 [^]*greetings\/greeting/);
  }, 60_000);
});
