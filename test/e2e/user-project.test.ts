/**
 * SocketStream in a user's own project, from README.md alone (issue 10): the framework is built
 * and packed (`npm pack`), and the tarball installed into a temporary project (offline, from
 * npm's cache; see support/offline-install.ts). The project's files are the README's marked code
 * blocks, written verbatim. There it type-checks with plain tsc and the README's tsconfig
 * (CommonJS and ESM, skipLibCheck off), runs the README's Jest suite with the README's Jest
 * settings, runs the app with the README's Node client script, and runs the README's sample
 * script against the sample.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, sep } from 'node:path';
import { createRequire } from 'node:module';
import { gzipSync } from 'node:zlib';
import nodeResolve from '@rollup/plugin-node-resolve';
import { minify } from '@swc/core';
import { rollup } from 'rollup';
import sample from '../../sample/app';
import { REPO } from './support/build-if-stale';
import { type Finished, killAll, runToExit, startUntil, succeeded } from './support/child-processes';
import { installOffline } from './support/offline-install';
import { readmeFiles, readmeLinks, withJsExtensions } from './support/readme-files';

const node = process.execPath;
let root: string;
/** The CommonJS project ("type": "commonjs", as npm init writes), with the tarball installed. */
let cjs: string;
/** The ES module variant ("type": "module"), sharing cjs's node_modules. */
let esm: string;
let tarball: string;
/** tsc on each project, started in beforeAll. */
let compiled: { cjs: Promise<Finished>; esm: Promise<Finished> };

/** Writes `files` (path → content) under `dir`. */
function writeAll(dir: string, files: Map<string, string>): void {
  for (const [name, content] of files) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
}

/**
 * What the README does not show but the test checks on top, with skipLibCheck off: `app.http` is
 * Koa's application, not `any` (an `any` would make the @ts-expect-error unused), and an ioredis
 * client is accepted where the public types take one.
 */
const TYPE_PROBE = `import Redis from 'ioredis';
import { createApp, RedisSessionStore, RedisTransport } from 'socketstream';

export function probe(): void {
  const app = createApp({ root: __dirname });
  app.http.use(async (ctx, next) => { ctx.body = ctx.path; await next(); });
  // @ts-expect-error app.http is typed, so an unknown member is an error
  app.http.noSuchMember();
  const redis = new Redis({ lazyConnect: true });
  void new RedisTransport(redis);
  void new RedisSessionStore(redis);
}
`;

const PACKAGE = {
  name: 'my-app',
  version: '1.0.0',
  type: 'commonjs',   // what npm init writes
  // What the README's npm install lines add (versions from the repository's lock).
  dependencies: { socketstream: '', 'reflect-metadata': '^0.2.2', 'class-validator': '^0.15.1' },
  devDependencies: { typescript: '~6.0.3', '@types/node': '^20.19.43', jest: '^30.5.2', '@types/jest': '^30.0.0', '@swc/jest': '^0.2.39', '@swc/core': '^1.16.22', ioredis: '^6.0.0' },
};

/**
 * Packs the framework as `npm pack` in the repository would, from a copy built from the current
 * sources in `root`: the repository's dist/ is neither read (it may be stale) nor rewritten (other
 * tests may be reading it).
 */
function packFramework(into: string): void {
  const framework = join(root, 'framework');
  mkdirSync(framework);
  for (const entry of ['package.json', 'README.md', 'docs', 'bin']) cpSync(join(REPO, entry), join(framework, entry), { recursive: true });
  symlinkSync(join(REPO, 'node_modules'), join(framework, 'node_modules'), 'dir');
  execFileSync(node, [join(REPO, 'scripts', 'build.mjs'), '--out-dir', join(framework, 'dist')], { cwd: REPO, stdio: 'pipe' });
  // --ignore-scripts: prepare would build again, into the repository's dist/.
  execFileSync('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', into], { cwd: framework, stdio: 'pipe' });
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'ss-user-project-'));
  cjs = join(root, 'my-app');
  esm = join(root, 'my-esm-app');
  mkdirSync(cjs);
  mkdirSync(esm);
  packFramework(cjs);
  tarball = readdirSync(cjs).find((name) => name.endsWith('.tgz'))!;
  writeFileSync(join(cjs, 'package.json'), JSON.stringify({ ...PACKAGE, dependencies: { ...PACKAGE.dependencies, socketstream: `file:${tarball}` } }, null, 2));
  await installOffline(cjs, tarball, REPO);

  const files = readmeFiles(REPO, 'file');
  writeAll(cjs, files);
  writeFileSync(join(cjs, 'type-probe.ts'), TYPE_PROBE);

  const esmFiles = new Map([...files].filter(([name]) => name.endsWith('.ts') && !name.startsWith('test/')).map(([name, body]) => [name, withJsExtensions(body)]));
  writeAll(esm, new Map([...esmFiles, ...readmeFiles(REPO, 'esm')]));
  writeFileSync(join(esm, 'package.json'), JSON.stringify({ name: 'my-esm-app', version: '1.0.0', type: 'module' }));
  symlinkSync(join(cjs, 'node_modules'), join(esm, 'node_modules'), 'dir');
  // Both compiles (tsc is mostly one thread) run side by side; the tests that need one wait for it.
  compiled = { cjs: compile(cjs), esm: compile(esm) };
}, 120_000);

afterAll(() => {
  killAll();
  if (root) rmSync(root, { recursive: true, force: true });
});

/** Compiles the project in `dir` with its tsconfig.json (plain tsc, skipLibCheck at its default, off). */
function compile(dir: string): Promise<Finished> {
  return runToExit(node, [join(dir, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', dir], { cwd: dir, timeoutMs: 60_000 });
}

/** Fails with tsc's output unless the compile was clean. */
async function expectClean(compile: Promise<Finished>): Promise<void> {
  const end = await compile;
  expect(end.stdout + end.stderr).toBe('');
  expect(end.code).toBe(0);
}

/**
 * Runs the compiled app (`node dist/main.js` on a free port), then the README's client script
 * against it, which must exit by itself; then stops the app with SIGTERM, which must let it exit
 * by itself too (app.close() leaves nothing running).
 */
async function runAppAndClient(dir: string): Promise<string> {
  const env = { ...process.env, PORT: '0', NODE_ENV: 'development' };
  const app = await startUntil(node, ['dist/main.js'], /listening on (http:\/\/\S+)/, { cwd: dir, env });
  const client = succeeded(await runToExit(node, ['dist/client.js'], { cwd: dir, env: { ...env, URL: app.match[1] }, timeoutMs: 15_000 }));
  app.child.kill('SIGTERM');
  const end = await app.exited;
  expect({ code: end.code, signal: end.signal }).toEqual({ code: 0, signal: null });
  return client;
}

describe('a project of its own that installs the packed framework, as the README says', () => {
  it('finds every file the README links to inside the package', () => {
    const packed = execFileSync('tar', ['tzf', join(cjs, tarball)], { encoding: 'utf8' }).split('\n');
    const missing = readmeLinks(REPO).filter((target) => !packed.includes(`package/${target}`));
    expect(missing).toEqual([]);
  });

  it('type-checks and compiles the CommonJS app with the README tsconfig and skipLibCheck off', async () => {
    await expectClean(compiled.cjs);
  }, 60_000);

  it('runs the CommonJS app, and the README client script logs the todo and exits by itself', async () => {
    await compiled.cjs;
    const out = await runAppAndClient(cjs);
    expect(out).toContain("text: 'write the docs'");
    expect(out).toContain("owner: 'ada'");
  }, 30_000);

  it('passes the README Jest suite with the README Jest settings and no Node flags', async () => {
    const end = await runToExit(node, [join('node_modules', 'jest', 'bin', 'jest.js'), '--ci'], { cwd: cjs, timeoutMs: 60_000 });
    expect({ code: end.code, out: end.code === 0 ? '' : end.stderr + end.stdout }).toEqual({ code: 0, out: '' });
    expect(end.stderr).toMatch(/Tests:\s+2 passed, 2 total/);
  }, 60_000);

  it('type-checks, compiles and runs the ES module variant with import.meta.dirname as root', async () => {
    await expectClean(compiled.esm);
    expect(await runAppAndClient(esm)).toContain("text: 'write the docs'");
  }, 60_000);

  it('loads neither swc nor rollup when a production server requires the package, not even its bundler module', async () => {
    await compiled.cjs;
    const script = `
      const app = require('./dist/app.js').default;
      require('socketstream/decorators'); require('socketstream/client'); require('socketstream/testing');
      require('./node_modules/socketstream/dist/src/build/bundle-browser-code.js');   // loads the tools only to bundle
      app.start().then(() => app.close()).then(() => {
        console.log(JSON.stringify(Object.keys(require.cache).filter((path) => /[\\\\/](@swc|rollup|@rollup)[\\\\/]/.test(path))));
      });`;
    const out = succeeded(await runToExit(node, ['-e', script], { cwd: cjs, env: { ...process.env, NODE_ENV: 'production', SS_SECRET: 'a production secret' } }));
    expect(JSON.parse(out)).toEqual([]);
  });

  it("bundles socketstream/client from the installed package as a user's bundler does: the ES module build (browser condition), within 5 KiB min+gzip", async () => {
    writeFileSync(join(cjs, 'page.mjs'), "import ss from 'socketstream/client';\nglobalThis.ss = ss;\n");
    const bundle = await rollup({ input: join(cjs, 'page.mjs'), plugins: [nodeResolve({ browser: true, exportConditions: ['browser'] })] });
    const { output } = await bundle.generate({ format: 'es' });
    await bundle.close();
    const modules = Object.keys(output[0].modules);
    expect(modules.every((id) => id.includes(`${sep}dist${sep}browser${sep}`) || id === join(cjs, 'page.mjs'))).toBe(true);
    expect(output[0].code).not.toMatch(/\brequire\(|\bexports\./);
    const min = await minify(output[0].code, { module: true, compress: true, mangle: true });
    expect(gzipSync(min.code).length).toBeLessThanOrEqual(5 * 1024);
    // The framework's own page bundler, from the installed package, takes the same build.
    const framework = createRequire(__filename)(join(cjs, 'node_modules/socketstream/dist/src/build/bundler/framework-modules.js')) as { frameworkModules(): Map<string, string> };
    expect([...framework.frameworkModules().values()].every((path) => path.includes(`${sep}dist${sep}browser${sep}`))).toBe(true);
  });

  it('runs the README sample script against the sample app, and the script exits by itself', async () => {
    const url = await sample.start();
    try {
      const [[name, script]] = [...readmeFiles(REPO, 'sample')];
      writeFileSync(join(cjs, name), script.replace("'http://localhost:3000'", `'${url}'`));
      expect(succeeded(await runToExit(node, [name], { cwd: cjs, timeoutMs: 15_000 }))).toContain('hello');
    } finally {
      await sample.close();
    }
  }, 30_000);
});
