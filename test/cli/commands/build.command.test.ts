import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { buildIfStale, REPO } from '../../e2e/support/build-if-stale';
import { runToExit } from '../../e2e/support/child-processes';

const ss = join(REPO, 'bin', 'ss.js');

const APP: Record<string, string> = {
  'app.ts': [
    "import 'reflect-metadata';",
    "import { createApp } from 'socketstream';",
    "export default createApp({ root: __dirname, services: [], channels: [], responders: [], build: { budgets: { 'main.js': 100_000 } },",
    "  clients: { main: { view: 'main.html', code: 'main/entry.ts', css: ['app.css'] } } });",
  ].join('\n'),
  'client/views/main.html': '<!doctype html><html><head><title>t</title></head><body></body></html>',
  'client/code/main/entry.ts': "import ss from 'socketstream/client';\nvoid ss.rpc('x.y').catch(() => undefined);\n",
  'client/css/app.css': 'body { color: red }',
};

/** An app folder whose node_modules are the repository's, socketstream being the repository itself (dist/ built). */
function appFolder(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'ss-build-cmd-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  mkdirSync(join(root, 'node_modules'));
  for (const name of readdirSync(join(REPO, 'node_modules'))) if (!name.startsWith('.')) symlinkSync(join(REPO, 'node_modules', name), join(root, 'node_modules', name), 'dir');
  symlinkSync(REPO, join(root, 'node_modules', 'socketstream'), 'dir');
  return root;
}

describe('ss build', () => {
  const roots: string[] = [];
  const env = { ...process.env, NO_COLOR: '1' };
  beforeAll(() => buildIfStale(), 120_000);
  afterAll(() => {
    for (const root of roots) rmSync(root, { recursive: true, force: true });
  });

  it('writes build/ and prints every asset with its raw, gzip and brotli size', async () => {
    const root = appFolder(APP);
    roots.push(root);
    const end = await runToExit(process.execPath, [ss, 'build'], { cwd: root, env, timeoutMs: 60_000 });
    expect({ code: end.code, err: end.stderr }).toEqual({ code: 0, err: '' });
    expect(end.stdout).toMatch(/asset\s+raw\s+gzip\s+br/);
    expect(end.stdout).toMatch(/main\/main-[\w-]+\.js\s+[\d.]+ k?B/);
    expect(existsSync(join(root, 'build/server/app.js'))).toBe(true);
    expect(JSON.parse(readFileSync(join(root, 'build/manifest.json'), 'utf8'))).toMatchObject({ contract: expect.stringMatching(/^[\w-]{12}$/) });
  }, 60_000);

  it('fails with exit 1 naming the file and line of a syntax error in client code', async () => {
    const root = appFolder({ ...APP, 'client/code/main/entry.ts': 'const ok = 1;\nconst broken = ;\n' });
    roots.push(root);
    const end = await runToExit(process.execPath, [ss, 'build'], { cwd: root, env, timeoutMs: 60_000 });
    expect(end.code).toBe(1);
    expect(end.stderr).toMatch(/client\/code\/main\/entry\.ts:2:\d+/);
  }, 60_000);

  it('fails with exit 1 naming an asset over its budget', async () => {
    const root = appFolder({ ...APP, 'app.ts': APP['app.ts'].replace("'main.js': 100_000", "'main.js': 100") });
    roots.push(root);
    const end = await runToExit(process.execPath, [ss, 'build'], { cwd: root, env, timeoutMs: 60_000 });
    expect(end.code).toBe(1);
    expect(end.stderr).toMatch(/main-[\w-]+\.js.*100/);
    expect(end.stderr).toMatch(/SS_ERR_BUDGET/);
  }, 60_000);
});
